import { useEffect, useState } from 'react';
import { view } from '@forge/bridge';
import { token } from '@atlaskit/tokens';
import type { AppError, BacklogLoadingDto, GadgetConfiguration } from '../../../src/contracts';
import { gadgetApi } from '../../shared/api';
import { useLoad } from '../../shared/useLoad';
import { ErrorMessage, JobProgress, Loading } from '../../shared/ui';
import { useT } from '../../shared/i18n';
import { messageText } from '../../shared/errorText';
import { GadgetEdit } from './GadgetEdit';
import { GadgetBalance } from './GadgetBalance';
import { Notice } from './Notice';

/** What Jira tells the gadget's frame: which view it opened (the edit view, or the gadget) and the saved configuration. */
interface GadgetFrame {
  edit: boolean;
  projectKey: string | null;
}

function useGadgetFrame(): GadgetFrame | null {
  const [frame, setFrame] = useState<GadgetFrame | null>(null);
  useEffect(() => {
    let current = true;
    view
      .getContext()
      .then((context) => {
        const extension = (context.extension ?? {}) as { entryPoint?: unknown; gadgetConfiguration?: Partial<GadgetConfiguration> | null };
        const projectKey = extension.gadgetConfiguration?.projectKey;
        if (current) setFrame({ edit: extension.entryPoint === 'edit', projectKey: typeof projectKey === 'string' && projectKey !== '' ? projectKey : null });
      })
      .catch(() => {
        if (current) setFrame({ edit: false, projectKey: null });
      });
    return () => {
      current = false;
    };
  }, []);
  return frame;
}

/** The dashboard gadget: Jira opens the same app as the gadget and as its edit view (`entryPoint: "edit"`). */
export function App() {
  const { t } = useT();
  const frame = useGadgetFrame();
  if (!frame) return <Loading label={t('gadget.loading')} />;
  if (frame.edit) return <GadgetEdit configured={frame.projectKey} />;
  if (!frame.projectKey) {
    return <Notice testId="gadget-not-configured" title={t('gadget.notConfigured.title')} text={t('gadget.notConfigured')} />;
  }
  return <GadgetView projectKey={frame.projectKey} />;
}

function GadgetView({ projectKey }: { projectKey: string }) {
  const { t } = useT();
  const gadget = useLoad(() => gadgetApi('getGadget', { projectKey }), [projectKey]);
  if (gadget.error) return <div style={{ padding: token('space.150') }}><ErrorMessage error={gadget.error} onRetry={gadget.reload} /></div>;
  if (!gadget.data) return <Loading label={t('gadget.loading')} />;
  if ('loading' in gadget.data) return <FirstLoad key={gadget.data.loading.jobId} projectKey={projectKey} loading={gadget.data.loading} onDone={gadget.reload} />;
  return <GadgetBalance data={gadget.data} />;
}

/** The user's backlog of this project was never loaded: the resolver started the background load the project page uses. */
function FirstLoad({ projectKey, loading, onDone }: { projectKey: string; loading: BacklogLoadingDto['loading']; onDone: () => void }) {
  const { t } = useT();
  const [failed, setFailed] = useState<AppError | null>(null);
  if (failed) return <div style={{ padding: token('space.150') }}><ErrorMessage error={failed} onRetry={onDone} /></div>;
  return (
    <div role="status" data-testid="gadget-first-load" style={{ padding: token('space.150'), display: 'grid', gap: token('space.100'), color: token('color.text') }}>
      <p style={{ margin: 0 }}>{messageText(t, loading.message, loading.i18n)}</p>
      <JobProgress
        jobId={loading.jobId}
        load={(jobId) => gadgetApi('getGadgetJob', { projectKey, jobId })}
        onFinished={(job) => (job.state === 'done' ? onDone() : setFailed(job.error ?? { code: 'INTERNAL', message: t('gadget.firstLoadFailed') }))}
      />
    </div>
  );
}

import { useState, type FormEvent } from 'react';
import { view } from '@forge/bridge';
import Button from '@atlaskit/button/new';
import { token } from '@atlaskit/tokens';
import type { AppError, GadgetConfiguration } from '../../../src/contracts';
import { gadgetApi, toAppError } from '../../shared/api';
import { LabelledSelect } from '../../shared/LabelledSelect';
import { useLoad } from '../../shared/useLoad';
import { ErrorMessage, Loading } from '../../shared/ui';
import { useT } from '../../shared/i18n';
import { Notice } from './Notice';

/**
 * The gadget's edit view: the team project, chosen among the software projects the user can browse where the
 * app is set up; saving hands the configuration to Jira (`view.submit`), which keeps it with the gadget.
 */
export function GadgetEdit({ configured }: { configured: string | null }) {
  const { t } = useT();
  const projects = useLoad(() => gadgetApi('getGadgetProjects'), []);
  const [choice, setChoice] = useState(configured ?? '');
  const [saving, setSaving] = useState(false);
  const [failed, setFailed] = useState<AppError | null>(null);
  if (projects.error) return <div style={{ padding: token('space.150') }}><ErrorMessage error={projects.error} onRetry={projects.reload} /></div>;
  if (!projects.data) return <Loading label={t('gadget.edit.loading')} />;
  const { projects: offered, truncatedAt } = projects.data;
  if (offered.length === 0) {
    return <Notice testId="gadget-no-projects" title={t('gadget.edit.noProjects.title')} text={t('gadget.edit.noProjects')} />;
  }
  const options = offered.map((p) => ({ value: p.key, label: `${p.key} · ${p.name}` }));
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!choice) return;
    setSaving(true);
    setFailed(null);
    try {
      const configuration: GadgetConfiguration = { projectKey: choice };
      await view.submit(configuration);
    } catch (error) {
      setFailed(toAppError(error));
    } finally {
      setSaving(false);
    }
  };
  return (
    <form onSubmit={(event) => void submit(event)} data-testid="gadget-edit" style={{ padding: token('space.150'), display: 'grid', gap: token('space.150'), color: token('color.text') }}>
      <LabelledSelect id="gadget-project" label={t('gadget.edit.project')} value={choice} options={options} onChange={setChoice} width="100%" isSearchable />
      <p style={{ margin: 0, fontSize: 12, color: token('color.text.subtle') }}>
        {t('gadget.edit.projectHint')} {truncatedAt === null ? null : t('gadget.edit.truncated', { count: truncatedAt })}
      </p>
      {failed ? <ErrorMessage error={failed} /> : null}
      <div>
        <Button appearance="primary" type="submit" isDisabled={!choice || saving}>{t('gadget.edit.save')}</Button>
      </div>
    </form>
  );
}

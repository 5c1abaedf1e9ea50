import type { ReactNode } from 'react';
import Button from '@atlaskit/button/new';
import { DialogFrame } from '../../shared/dialog';
import { panelApi } from '../../shared/api';
import type { PreviewThenJob } from '../../shared/usePreviewThenJob';
import { ErrorMessage, JobProgress, Loading } from '../../shared/ui';
import { useT } from '../../shared/i18n';

/**
 * The dialog around a preview-then-confirm write (trim, re-rank, commit to sprints), in its Jira modal: the
 * preview, or why it failed; once confirmed, the job's progress; Cancel until the job has finished, then Close.
 */
export function PreviewJobDialog<P>({
  title,
  danger = false,
  loadingLabel,
  flow,
  renderPreview,
  confirmLabel,
  canConfirm,
  onClose,
}: {
  title: string;
  /** The write closes issues: the title and the confirm button say so. */
  danger?: boolean;
  loadingLabel: string;
  flow: PreviewThenJob<P>;
  renderPreview: (preview: P) => ReactNode;
  confirmLabel: string;
  canConfirm: boolean;
  onClose: (done: boolean) => void;
}) {
  const { t } = useT();
  const { preview, error, jobId, finished, setFinished, retry, confirm } = flow;
  return (
    <DialogFrame
      title={title}
      danger={danger}
      onEscape={() => onClose(finished)}
      footer={
        <>
          <Button appearance="subtle" onClick={() => onClose(finished)}>
            {finished ? t('panel.close') : t('panel.cancel')}
          </Button>
          {!jobId ? (
            <Button appearance={danger ? 'danger' : 'primary'} isDisabled={!preview || !canConfirm} onClick={() => void confirm()}>
              {confirmLabel}
            </Button>
          ) : null}
        </>
      }
    >
      {error ? <ErrorMessage error={error} onRetry={retry} retryLabel={t('panel.previewAgain')} /> : null}
      {!preview && !error ? <Loading label={loadingLabel} /> : null}
      {preview && !jobId ? renderPreview(preview) : null}
      {jobId ? <JobProgress jobId={jobId} load={(id) => panelApi('getJob', { jobId: id })} onFinished={() => setFinished(true)} /> : null}
    </DialogFrame>
  );
}

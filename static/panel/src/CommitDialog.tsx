import Button from '@atlaskit/button/new';
import ModalDialog, { ModalBody, ModalFooter, ModalHeader, ModalTitle, ModalTransition } from '@atlaskit/modal-dialog';
import SectionMessage from '@atlaskit/section-message';
import { token } from '@atlaskit/tokens';
import type { CommitFillPreviewDto, FillRequest } from '../../../src/resolvers/definitions';
import { panelApi } from '../../shared/api';
import { usePreviewThenJob } from '../../shared/usePreviewThenJob';
import { issueKey } from '../../shared/keys';
import { ErrorMessage, JobProgress, Loading } from '../../shared/ui';

/** Preview which issues go into which Jira sprint, then run the commit job with progress. */
export function CommitDialog({ request, onClose }: { request: FillRequest; onClose: (done: boolean) => void }) {
  const { preview, error, jobId, finished, setFinished, retry, confirm: commit } = usePreviewThenJob(
    () => panelApi('previewCommitFill', request),
    (confirmation) => panelApi('commitFill', { token: confirmation }),
  );
  const adds = preview ? preview.sprints.reduce((n, s) => n + s.add.length, 0) : 0;

  return (
    <ModalTransition>
      <ModalDialog onClose={() => onClose(finished)} width="large">
        <ModalHeader>
          <ModalTitle>Commit the plan to Jira sprints</ModalTitle>
        </ModalHeader>
        <ModalBody>
          {error ? <ErrorMessage error={error} onRetry={retry} retryLabel="Preview again" /> : null}
          {!preview && !error ? <Loading label="Preparing the preview…" /> : null}
          {preview && !jobId ? (
            <div style={{ display: 'grid', gap: token('space.150') }}>
              {preview.missingSprints.length > 0 ? (
                <SectionMessage appearance="warning" title="Some iterations have no Jira sprint">
                  <p>
                    {preview.missingSprints.map((m) => `${m.name} (${m.items} items)`).join(', ')}: map a sprint to each in the PI calendar (project settings), or create the sprint on the board. Those items are not moved.
                  </p>
                </SectionMessage>
              ) : null}
              {preview.sprints.map((s) => (
                <section key={s.iterationId} aria-label={`Sprint ${s.sprintName}`} data-sprint-id={s.sprintId}>
                  <h3 style={{ margin: 0, fontSize: 14, color: token('color.text') }}>{s.sprintName}: {s.add.length} to add{s.alreadyIn.length ? `, ${s.alreadyIn.length} already in it` : ''}</h3>
                  <p style={{ margin: `${token('space.050')} 0`, fontSize: 13 }}>
                    {s.add.length
                      ? s.add.map((r, i) => (
                          <span key={String(r)} data-key={issueKey(r, preview.keyPrefix)}>
                            {i > 0 ? ', ' : ''}
                            {issueKey(r, preview.keyPrefix)}
                          </span>
                        ))
                      : 'Nothing new.'}
                  </p>
                </section>
              ))}
            </div>
          ) : null}
          {jobId ? <JobProgress jobId={jobId} load={(id) => panelApi('getJob', { jobId: id })} onFinished={() => setFinished(true)} /> : null}
        </ModalBody>
        <ModalFooter>
          <Button appearance="subtle" onClick={() => onClose(finished)}>
            {finished ? 'Close' : 'Cancel'}
          </Button>
          {!jobId ? (
            <Button appearance="primary" isDisabled={!preview || adds === 0} onClick={() => void commit()}>
              {`Move ${adds} issue${adds === 1 ? '' : 's'} into sprints`}
            </Button>
          ) : null}
        </ModalFooter>
      </ModalDialog>
    </ModalTransition>
  );
}

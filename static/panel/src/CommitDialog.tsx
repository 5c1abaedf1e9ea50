import SectionMessage from '@atlaskit/section-message';
import { token } from '@atlaskit/tokens';
import type { FillRequest } from '../../../src/contracts';
import { panelApi } from '../../shared/api';
import { usePreviewThenJob } from '../../shared/usePreviewThenJob';
import { issueKey } from '../../shared/keys';
import { PreviewJobDialog } from './PreviewJobDialog';

/** Preview which issues go into which Jira sprint, then run the commit job with progress. */
export function CommitDialog({ request, onClose }: { request: FillRequest; onClose: (done: boolean) => void }) {
  const flow = usePreviewThenJob(
    () => panelApi('previewCommitFill', request),
    (confirmation) => panelApi('commitFill', { token: confirmation }),
  );
  const adds = flow.preview ? flow.preview.sprints.reduce((n, s) => n + s.add.length, 0) : 0;
  const outs = flow.preview ? flow.preview.sprints.reduce((n, s) => n + s.takeOut.length, 0) : 0;
  const plural = (n: number) => (n === 1 ? '' : 's');

  return (
    <PreviewJobDialog
      title="Commit the plan to Jira sprints"
      loadingLabel="Preparing the preview…"
      flow={flow}
      renderPreview={(preview) => (
        <div style={{ display: 'grid', gap: token('space.150') }}>
          {preview.sprints.length > 0 && adds + outs === 0 ? (
            <SectionMessage appearance="success" title="Nothing to commit">
              <p>The sprints already hold this plan: nothing changes.</p>
            </SectionMessage>
          ) : null}
          {preview.missingSprints.length > 0 ? (
            <SectionMessage appearance="warning" title="Some iterations have no Jira sprint">
              <p>
                {preview.missingSprints.map((m) => `${m.name} (${m.items} items)`).join(', ')}: map a sprint to each in the PI calendar (project settings), or create the sprint on the board. Those items are not moved.
              </p>
            </SectionMessage>
          ) : null}
          {preview.sprints.map((s) => (
            <section key={s.iterationId} aria-label={`Sprint ${s.sprintName}`} data-sprint-id={s.sprintId}>
              <h3 style={{ margin: 0, fontSize: 14, color: token('color.text') }}>
                {s.sprintName}: {s.add.length} to add{s.alreadyIn.length ? `, ${s.alreadyIn.length} already in it` : ''}
                {s.takeOut.length ? `, ${s.takeOut.length} back to the backlog` : ''}
              </h3>
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
              {s.takeOut.length > 0 ? (
                <p style={{ margin: `${token('space.050')} 0`, fontSize: 13, color: token('color.text.warning') }}>
                  Back to the backlog (in the sprint now, not in the plan):{' '}
                  {s.takeOut.map((r, i) => (
                    <span key={String(r)} data-takeout-key={issueKey(r, preview.keyPrefix)}>
                      {i > 0 ? ', ' : ''}
                      {issueKey(r, preview.keyPrefix)}
                    </span>
                  ))}
                </p>
              ) : null}
            </section>
          ))}
        </div>
      )}
      confirmLabel={`Move ${adds} issue${plural(adds)} into sprints${outs ? `, ${outs} back to the backlog` : ''}`}
      canConfirm={adds + outs > 0}
      onClose={onClose}
    />
  );
}

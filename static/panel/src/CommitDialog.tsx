import SectionMessage from '@atlaskit/section-message';
import { token } from '@atlaskit/tokens';
import type { FillRequest } from '../../../src/contracts';
import { panelApi } from '../../shared/api';
import { usePreviewThenJob } from '../../shared/usePreviewThenJob';
import { issueKey } from '../../shared/keys';
import { PreviewJobDialog } from './PreviewJobDialog';
import { CommittedCallout, IssueLine, type IssueAbout } from './IssueLine';

export type { IssueAbout } from './IssueLine';

const listStyle = { margin: `${token('space.050')} 0`, paddingLeft: token('space.250'), fontSize: 13, display: 'grid', gap: 2 } as const;

/** Preview which issues go into which Jira sprint, then run the commit job with progress. */
export function CommitDialog({ request, describe, onClose }: { request: FillRequest; describe?: (key: string) => IssueAbout | undefined; onClose: (done: boolean) => void }) {
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
              {s.add.length === 0 ? <p style={{ margin: `${token('space.050')} 0`, fontSize: 13 }}>Nothing new.</p> : null}
              {s.add.length > 0 ? (
                <ul aria-label={`Into ${s.sprintName}`} style={listStyle}>
                  {s.add.map((r) => {
                    const k = issueKey(r, preview.keyPrefix);
                    return (
                      <li key={k} data-key={k}>
                        <IssueLine issueKey={k} about={describe?.(k)} why={`planned in ${s.sprintName}`} />
                      </li>
                    );
                  })}
                </ul>
              ) : null}
              {s.takeOut.length > 0 ? (
                <>
                  <p style={{ margin: `${token('space.050')} 0 0`, fontSize: 13, color: token('color.text.warning') }}>Back to the backlog (in the sprint now, not in the plan):</p>
                  <ul aria-label={`Out of ${s.sprintName}`} style={listStyle}>
                    {s.takeOut.map((r) => {
                      const k = issueKey(r, preview.keyPrefix);
                      const about = describe?.(k);
                      return (
                        <li key={k} data-takeout-key={k}>
                          <IssueLine issueKey={k} about={about} why="not in the plan" />
                          {/* A story committed at PI planning leaving its sprint needs the PO's eye. */}
                          {about?.committed ? <CommittedCallout /> : null}
                        </li>
                      );
                    })}
                  </ul>
                </>
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

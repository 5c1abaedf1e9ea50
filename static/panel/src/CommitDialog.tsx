import SectionMessage from '@atlaskit/section-message';
import { token } from '@atlaskit/tokens';
import type { FillRequest } from '../../../src/contracts';
import { panelApi } from '../../shared/api';
import { usePreviewThenJob } from '../../shared/usePreviewThenJob';
import { issueKey } from '../../shared/keys';
import { PreviewJobDialog } from './PreviewJobDialog';
import { CommittedCallout, IssueLine, type IssueAbout } from './IssueLine';
import { useT } from '../../shared/i18n';

export type { IssueAbout } from './IssueLine';

const listStyle = { margin: `${token('space.050')} 0`, paddingLeft: token('space.250'), fontSize: 13, display: 'grid', gap: 2 } as const;

/** Preview which issues go into which Jira sprint, then run the commit job with progress. */
export function CommitDialog({ request, describe, onClose }: { request: FillRequest; describe?: (key: string) => IssueAbout | undefined; onClose: (done: boolean) => void }) {
  const { t, tp, list } = useT();
  const flow = usePreviewThenJob(
    () => panelApi('previewCommitFill', request),
    (confirmation) => panelApi('commitFill', { token: confirmation }),
  );
  const adds = flow.preview ? flow.preview.sprints.reduce((n, s) => n + s.add.length, 0) : 0;
  const outs = flow.preview ? flow.preview.sprints.reduce((n, s) => n + s.takeOut.length, 0) : 0;

  return (
    <PreviewJobDialog
      title={t('panel.commitThePlanToJira')}
      loadingLabel={t('panel.preparingThePreview')}
      flow={flow}
      renderPreview={(preview) => (
        <div style={{ display: 'grid', gap: token('space.150') }}>
          {preview.sprints.length > 0 && adds + outs === 0 ? (
            <SectionMessage appearance="success" title={t('panel.nothingToCommit')}>
              <p>{t('panel.theSprintsAlreadyHoldThis')}</p>
            </SectionMessage>
          ) : null}
          {preview.missingSprints.length > 0 ? (
            <SectionMessage appearance="warning" title={t('panel.someIterationsHaveNoJira')}>
              <p>
                {t('panel.commit.missingSprints', { iterations: list(preview.missingSprints.map((m) => t('panel.commit.iterationItems', { name: m.name, items: tp('panel.balance.items', m.items) }))) })}
              </p>
            </SectionMessage>
          ) : null}
          {preview.sprints.map((s) => (
            <section key={s.iterationId} aria-label={t('panel.commit.sprintRegion', { sprint: s.sprintName })} data-sprint-id={s.sprintId}>
              <h3 style={{ margin: 0, fontSize: 14, color: token('color.text') }}>
                {t('panel.commit.sprintHeading', {
                  sprint: s.sprintName,
                  parts: [
                    t('panel.commit.toAdd', { count: s.add.length }),
                    ...(s.alreadyIn.length ? [t('panel.commit.alreadyIn', { count: s.alreadyIn.length })] : []),
                    ...(s.takeOut.length ? [t('panel.commit.backToBacklog', { count: s.takeOut.length })] : []),
                  ].join(', '),
                })}
              </h3>
              {s.add.length === 0 ? <p style={{ margin: `${token('space.050')} 0`, fontSize: 13 }}>{t('panel.nothingNew')}</p> : null}
              {s.add.length > 0 ? (
                <ul aria-label={t('panel.commit.into', { sprint: s.sprintName })} style={listStyle}>
                  {s.add.map((r) => {
                    const k = issueKey(r, preview.keyPrefix);
                    return (
                      <li key={k} data-key={k}>
                        <IssueLine issueKey={k} about={describe?.(k)} why={t('panel.commit.plannedIn', { sprint: s.sprintName })} />
                      </li>
                    );
                  })}
                </ul>
              ) : null}
              {s.takeOut.length > 0 ? (
                <>
                  <p style={{ margin: `${token('space.050')} 0 0`, fontSize: 13, color: token('color.text.warning') }}>{t('panel.backToTheBacklogIn')}</p>
                  <ul aria-label={t('panel.commit.outOf', { sprint: s.sprintName })} style={listStyle}>
                    {s.takeOut.map((r) => {
                      const k = issueKey(r, preview.keyPrefix);
                      const about = describe?.(k);
                      return (
                        <li key={k} data-takeout-key={k}>
                          <IssueLine issueKey={k} about={about} why={t('panel.notInThePlan')} />
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
      confirmLabel={outs ? tp('panel.commit.confirmWithOuts', adds, { outs }) : tp('panel.commit.confirm', adds)}
      canConfirm={adds + outs > 0}
      onClose={onClose}
    />
  );
}

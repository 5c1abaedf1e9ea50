import { token } from '@atlaskit/tokens';
import type { RankReasonCode, RerankPreviewDto } from '../../../src/contracts';
import { panelApi } from '../../shared/api';
import { usePreviewThenJob } from '../../shared/usePreviewThenJob';
import { issueKey } from '../../shared/keys';
import { numStyle, ScrollArea, tableStyle, tdStyle, thStyle } from '../../shared/ui';
import { PreviewJobDialog } from './PreviewJobDialog';
import { CommittedCallout, IssueLine } from './IssueLine';
import { useT, type Translator } from '../../shared/i18n';

/** A re-rank of a big backlog can move thousands of issues; the top of the list is what a PO checks. */
const SHOWN_MOVES = 500;

/** The rule that puts an issue where the new order has it, in the PO's words. */
export function rankReasonText(t: Translator['t'], why: RankReasonCode | undefined, pi: RerankPreviewDto['pi']): string {
  if (!why) return '';
  switch (why[0]) {
    case 't':
      return t('panel.why.tail');
    case 'b':
      return t('panel.why.blocks', { key: why[1] });
    case 'c':
      return t('panel.why.committed', { order: why[1], pi: pi.name });
    case 'w':
      // Two decimals, as the Backlog's WSJF column shows it.
      return t('panel.why.wsjf', { wsjf: why[1].toFixed(2) });
    default:
      return t('panel.why.unscored');
  }
}

/** Preview of what a re-rank moves (each issue, its work type and why), then the job that writes Jira's rank. */
export function RerankDialog({ piId, onClose }: { piId: string | undefined; onClose: (applied: boolean) => void }) {
  const { t, tp } = useT();
  const flow = usePreviewThenJob(
    () => panelApi('previewRerank', { piId }),
    (confirmation) => panelApi('applyRerank', { token: confirmation }),
  );

  return (
    <PreviewJobDialog
      title="Apply the backlog order to Jira"
      loadingLabel="Working out what moves…"
      flow={flow}
      renderPreview={(preview) => (
        preview.moves.length === 0 ? (
          <p>Jira's rank already matches the team's priority order: nothing moves.</p>
        ) : (
          <>
            <p>{tp('panel.preview.rerankIntro', preview.moves.length, { pi: preview.pi.name })}</p>
            <ScrollArea label="Issues that move" maxHeight={360}>
              <table style={tableStyle} aria-label="Issues that move">
                <thead>
                  <tr>
                    <th style={thStyle} scope="col">Issue</th>
                    <th style={{ ...thStyle, textAlign: 'right' }} scope="col">From</th>
                    <th style={{ ...thStyle, textAlign: 'right' }} scope="col">To</th>
                  </tr>
                </thead>
                <tbody>
                  {preview.moves.slice(0, SHOWN_MOVES).map(([ref, from, to, summary, workType, why, committed]) => {
                    const key = issueKey(ref, preview.keyPrefix);
                    const about = summary === undefined ? undefined : { summary, workType: preview.workTypes[workType ?? 0]?.name ?? '', committed: committed === 1 };
                    return (
                      <tr key={String(ref)} data-key={key}>
                        <td style={{ ...tdStyle, fontSize: 13 }}>
                          <IssueLine issueKey={key} about={about} why={rankReasonText(t, why, preview.pi)} />
                          {about?.committed && to > from ? <CommittedCallout pi={preview.pi.name} /> : null}
                        </td>
                        <td style={numStyle}>{from + 1}</td>
                        <td style={{ ...numStyle, color: to < from ? token('color.text.success') : token('color.text.warning') }}>
                          {to + 1} {to < from ? '↑' : '↓'}
                        </td>
                      </tr>
                    );
                  })}
                </tbody>
              </table>
            </ScrollArea>
            {preview.moves.length > SHOWN_MOVES ? (
              <p style={{ color: token('color.text.subtle') }}>…and {preview.moves.length - SHOWN_MOVES} more further down the backlog.</p>
            ) : null}
          </>
        )
      )}
      confirmLabel="Apply order"
      canConfirm={(flow.preview?.moves.length ?? 0) > 0}
      onClose={onClose}
    />
  );
}

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
export function rankReasonText({ t, num }: Translator, why: RankReasonCode | undefined, pi: RerankPreviewDto['pi']): string {
  if (!why) return '';
  switch (why[0]) {
    case 't':
      return t('panel.rerank.why.tail');
    case 'b':
      return t('panel.rerank.why.blocks', { key: String(why[1]) });
    case 'c':
      return t('panel.rerank.why.committed', { position: why[1], pi: pi.name });
    case 'w':
      return t('panel.rerank.why.wsjf', { wsjf: num(why[1], 2) });
    default:
      return t('panel.rerank.why.unscored');
  }
}

/** Preview of what a re-rank moves (each issue, its work type and why), then the job that writes Jira's rank. */
export function RerankDialog({ piId, onClose }: { piId: string | undefined; onClose: (applied: boolean) => void }) {
  const tr = useT();
  const { t, tp } = tr;
  const flow = usePreviewThenJob(
    () => panelApi('previewRerank', { piId }),
    (confirmation) => panelApi('applyRerank', { token: confirmation }),
  );

  return (
    <PreviewJobDialog
      title={t('panel.applyTheBacklogOrderTo')}
      loadingLabel={t('panel.workingOutWhatMoves')}
      flow={flow}
      renderPreview={(preview) => (
        preview.moves.length === 0 ? (
          <p>{t('panel.jiraSRankAlreadyMatches')}</p>
        ) : (
          <>
            <p>{tp('panel.rerank.willMove', preview.moves.length, { pi: preview.pi.name })}</p>
            <ScrollArea label={t('panel.issuesThatMove')} maxHeight={360}>
              <table style={tableStyle} aria-label={t('panel.issuesThatMove')}>
                <thead>
                  <tr>
                    <th style={thStyle} scope="col">{t('panel.issue')}</th>
                    <th style={{ ...thStyle, textAlign: 'right' }} scope="col">{t('panel.from')}</th>
                    <th style={{ ...thStyle, textAlign: 'right' }} scope="col">{t('panel.to')}</th>
                  </tr>
                </thead>
                <tbody>
                  {preview.moves.slice(0, SHOWN_MOVES).map(([ref, from, to, summary, workType, why, committed]) => {
                    const key = issueKey(ref, preview.keyPrefix);
                    const about = summary === undefined ? undefined : { summary, workType: preview.workTypes[workType ?? 0]?.name ?? '', committed: committed === 1 };
                    return (
                      <tr key={String(ref)} data-key={key}>
                        <td style={{ ...tdStyle, fontSize: 13 }}>
                          <IssueLine issueKey={key} about={about} why={rankReasonText(tr, why, preview.pi)} />
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
              <p style={{ color: token('color.text.subtle') }}>{t('panel.rerank.andMore', { count: preview.moves.length - SHOWN_MOVES })}</p>
            ) : null}
          </>
        )
      )}
      confirmLabel={t('panel.applyOrder')}
      canConfirm={(flow.preview?.moves.length ?? 0) > 0}
      onClose={onClose}
    />
  );
}

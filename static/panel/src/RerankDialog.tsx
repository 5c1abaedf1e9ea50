import { token } from '@atlaskit/tokens';
import { panelApi } from '../../shared/api';
import { usePreviewThenJob } from '../../shared/usePreviewThenJob';
import { issueKey } from '../../shared/keys';
import { numStyle, ScrollArea, tableStyle, tdStyle, thStyle } from '../../shared/ui';
import { PreviewJobDialog } from './PreviewJobDialog';
import { useT } from '../../shared/i18n';

/** A re-rank of a big backlog can move thousands of issues; the top of the list is what a PO checks. */
const SHOWN_MOVES = 500;

/** Preview of what a re-rank moves, then the job that writes Jira's rank. */
export function RerankDialog({ onClose }: { onClose: (applied: boolean) => void }) {
  const { t, tp } = useT();
  const flow = usePreviewThenJob(
    () => panelApi('previewRerank'),
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
            <p>{tp('panel.rerank.willMove', preview.moves.length)}</p>
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
                  {preview.moves.slice(0, SHOWN_MOVES).map(([ref, from, to]) => (
                    <tr key={String(ref)}>
                      <td style={tdStyle}>{issueKey(ref, preview.keyPrefix)}</td>
                      <td style={numStyle}>{from + 1}</td>
                      <td style={{ ...numStyle, color: to < from ? token('color.text.success') : token('color.text.warning') }}>
                        {to + 1} {to < from ? '↑' : '↓'}
                      </td>
                    </tr>
                  ))}
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

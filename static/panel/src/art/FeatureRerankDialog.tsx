/** The feature re-rank's preview (each feature that moves, from and to), then the job that writes Jira's rank. */
import { panelApi } from '../../../shared/api';
import { useT } from '../../../shared/i18n';
import { issueKey } from '../../../shared/keys';
import { numStyle, ScrollArea, tableStyle, tdStyle, thStyle } from '../../../shared/ui';
import { usePreviewThenJob } from '../../../shared/usePreviewThenJob';
import { PreviewJobDialog } from '../PreviewJobDialog';

export function FeatureRerankDialog({ onClose }: { onClose: (applied: boolean) => void }) {
  const { t } = useT();
  const flow = usePreviewThenJob(
    () => panelApi('previewFeatureRerank'),
    (confirmation) => panelApi('applyFeatureRerank', { token: confirmation }),
  );
  return (
    <PreviewJobDialog
      title={t('art.rerank.title')}
      loadingLabel={t('art.rerank.loading')}
      flow={flow}
      renderPreview={(preview) =>
        preview.moves.length === 0 ? (
          <p>{t('art.rerank.nothing')}</p>
        ) : (
          <ScrollArea label={t('art.rerank.moves')} maxHeight={360}>
            <table style={tableStyle} aria-label={t('art.rerank.moves')}>
              <thead>
                <tr>
                  <th style={thStyle} scope="col">{t('art.features.feature')}</th>
                  <th style={{ ...thStyle, textAlign: 'right' }} scope="col">{t('art.rerank.from')}</th>
                  <th style={{ ...thStyle, textAlign: 'right' }} scope="col">{t('art.rerank.to')}</th>
                </tr>
              </thead>
              <tbody>
                {preview.moves.map(([ref, from, to, summary]) => (
                  <tr key={String(ref)}>
                    <td style={tdStyle}>{issueKey(ref, preview.keyPrefix)} {summary}</td>
                    <td style={numStyle}>{from + 1}</td>
                    <td style={numStyle}>{to + 1} {to < from ? '↑' : '↓'}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </ScrollArea>
        )
      }
      confirmLabel={t('art.rerank.confirm')}
      canConfirm={(flow.preview?.moves.length ?? 0) > 0}
      onClose={onClose}
    />
  );
}

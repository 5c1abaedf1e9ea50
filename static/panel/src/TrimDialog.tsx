import { panelApi } from '../../shared/api';
import { usePreviewThenJob } from '../../shared/usePreviewThenJob';
import { numStyle, ScrollArea, tableStyle, tdStyle, thStyle } from '../../shared/ui';
import { PreviewJobDialog } from './PreviewJobDialog';
import { richText, useT } from '../../shared/i18n';

/** Trimming closes every issue in the tail: the user confirms the exact list the preview returned. */
export function TrimDialog({ onClose }: { onClose: (done: boolean) => void }) {
  const { t, tp } = useT();
  const flow = usePreviewThenJob(
    () => panelApi('previewTrim'),
    (confirmation) => panelApi('trimTail', { token: confirmation }),
  );

  const count = flow.preview?.issues.length ?? 0;
  return (
    <PreviewJobDialog
      title={t('panel.trimTheBacklogTail')}
      danger
      loadingLabel={t('panel.listingTheTail')}
      flow={flow}
      renderPreview={(preview) => (
        count === 0 ? (
          <p>{t('panel.theTailIsEmptyNothing')}</p>
        ) : (
          <>
            <p>{richText(tp('panel.trim.willMove', count), { status: <strong>{preview.targetStatus}</strong> })}</p>
            <ScrollArea label={t('panel.issuesTheTrimWillClose')} maxHeight={360}>
              <table style={tableStyle} aria-label={t('panel.issuesTheTrimWillClose')}>
                <thead>
                  <tr>
                    <th style={thStyle} scope="col">{t('panel.issue')}</th>
                    <th style={thStyle} scope="col">{t('panel.summary')}</th>
                    <th style={{ ...thStyle, textAlign: 'right' }} scope="col">{t('panel.daysUntouched')}</th>
                  </tr>
                </thead>
                <tbody>
                  {preview.issues.map((i) => (
                    <tr key={i.key}>
                      <td style={tdStyle}>{i.key}</td>
                      <td style={tdStyle}>{i.summary}</td>
                      <td style={numStyle}>{i.daysUntouched}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </ScrollArea>
          </>
        )
      )}
      confirmLabel={tp('panel.trim.confirm', count)}
      canConfirm={count > 0}
      onClose={onClose}
    />
  );
}

import SectionMessage from '@atlaskit/section-message';
import { panelApi } from '../../shared/api';
import { usePreviewThenJob } from '../../shared/usePreviewThenJob';
import { ScrollArea, tableStyle, tdStyle, thStyle } from '../../shared/ui';
import { PreviewJobDialog } from './PreviewJobDialog';
import { CommittedCallout, IssueLine } from './IssueLine';
import { richText, useT } from '../../shared/i18n';

/** Trimming closes every issue in the tail: the user confirms the exact list the preview returned. */
export function TrimDialog({ piId, piName, onClose }: { piId: string | undefined; piName: string | undefined; onClose: (done: boolean) => void }) {
  const { t, tp } = useT();
  const flow = usePreviewThenJob(
    () => panelApi('previewTrim', { piId }),
    (confirmation) => panelApi('trimTail', { token: confirmation }),
  );

  const count = flow.preview?.issues.length ?? 0;
  const committed = flow.preview?.issues.filter((i) => i.committed).length ?? 0;
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
            {committed > 0 ? (
              <SectionMessage appearance="warning" title={t('panel.aPiCommitmentWouldBe')}>
                <p>{tp('panel.trim.committed', committed, { pi: piName ?? t('panel.trim.thePi') })}</p>
              </SectionMessage>
            ) : null}
            <p>{richText(tp('panel.trim.willMove', count), { status: <strong>{preview.targetStatus}</strong> })}</p>
            <ScrollArea label={t('panel.issuesTheTrimWillClose')} maxHeight={360}>
              <table style={tableStyle} aria-label={t('panel.issuesTheTrimWillClose')}>
                <thead>
                  <tr>
                    <th style={thStyle} scope="col">{t('panel.issue')}</th>
                    <th style={thStyle} scope="col">{t('panel.whyItIsInThe')}</th>
                  </tr>
                </thead>
                <tbody>
                  {preview.issues.map((i) => (
                    <tr key={i.key} data-key={i.key}>
                      <td style={{ ...tdStyle, fontSize: 13 }}>
                        <IssueLine issueKey={i.key} about={{ summary: i.summary, workType: i.workType, committed: i.committed }} />
                        {i.committed ? <CommittedCallout pi={piName} /> : null}
                      </td>
                      <td style={{ ...tdStyle, fontSize: 13 }}>
                        {[t('panel.trim.untouched', { days: i.daysUntouched }), i.parentClosed ? t('panel.trim.parentClosed', { key: i.parentClosed }) : ''].filter(Boolean).join('; ')}
                      </td>
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

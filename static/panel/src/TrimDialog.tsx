import SectionMessage from '@atlaskit/section-message';
import { panelApi } from '../../shared/api';
import { usePreviewThenJob } from '../../shared/usePreviewThenJob';
import { ScrollArea, tableStyle, tdStyle, thStyle } from '../../shared/ui';
import { PreviewJobDialog } from './PreviewJobDialog';
import { CommittedCallout, IssueLine } from './IssueLine';
import { useT } from '../../shared/i18n';

/** Trimming closes every issue in the tail: the user confirms the exact list the preview returned. */
export function TrimDialog({ piId, piName, onClose }: { piId: string | undefined; piName: string | undefined; onClose: (done: boolean) => void }) {
  const flow = usePreviewThenJob(
    () => panelApi('previewTrim', { piId }),
    (confirmation) => panelApi('trimTail', { token: confirmation }),
  );

  const { t, tp } = useT();
  const count = flow.preview?.issues.length ?? 0;
  const committed = flow.preview?.issues.filter((i) => i.committed).length ?? 0;
  return (
    <PreviewJobDialog
      title="Trim the backlog tail"
      danger
      loadingLabel="Listing the tail…"
      flow={flow}
      renderPreview={(preview) => (
        count === 0 ? (
          <p>The tail is empty: nothing to trim.</p>
        ) : (
          <>
            {committed > 0 ? (
              <SectionMessage appearance="warning" title={t('panel.preview.commitmentDroppedTitle')}>
                <p>{tp('panel.preview.commitmentDropped', committed, { pi: piName ?? 'PI' })}</p>
              </SectionMessage>
            ) : null}
            <p>
              {count === 1 ? 'This issue' : `These ${count} issues`} will be moved to <strong>{preview.targetStatus}</strong>. Check {count === 1 ? 'it' : 'every one'}:
            </p>
            <ScrollArea label="Issues the trim will close" maxHeight={360}>
              <table style={tableStyle} aria-label="Issues the trim will close">
                <thead>
                  <tr>
                    <th style={thStyle} scope="col">Issue</th>
                    <th style={thStyle} scope="col">{t('panel.preview.whyInTail')}</th>
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
                        {[t('panel.preview.untouchedDays', { days: i.daysUntouched }), i.parentClosed ? t('panel.preview.parentClosed', { key: i.parentClosed }) : ''].filter(Boolean).join('; ')}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </ScrollArea>
          </>
        )
      )}
      confirmLabel={`Close ${count} issue${count === 1 ? '' : 's'}`}
      canConfirm={count > 0}
      onClose={onClose}
    />
  );
}

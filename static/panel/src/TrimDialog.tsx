import SectionMessage from '@atlaskit/section-message';
import { panelApi } from '../../shared/api';
import { usePreviewThenJob } from '../../shared/usePreviewThenJob';
import { ScrollArea, tableStyle, tdStyle, thStyle } from '../../shared/ui';
import { PreviewJobDialog } from './PreviewJobDialog';
import { CommittedCallout, IssueLine } from './IssueLine';

/** Trimming closes every issue in the tail: the user confirms the exact list the preview returned. */
export function TrimDialog({ piId, piName, onClose }: { piId: string | undefined; piName: string | undefined; onClose: (done: boolean) => void }) {
  const flow = usePreviewThenJob(
    () => panelApi('previewTrim', { piId }),
    (confirmation) => panelApi('trimTail', { token: confirmation }),
  );

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
              <SectionMessage appearance="warning" title="A PI commitment would be dropped">
                <p>
                  {committed} {committed === 1 ? 'story' : 'stories'} committed to {piName ?? 'the PI'} would be closed. Take {committed === 1 ? 'it' : 'them'} out of the tail on the Refinement tab to keep {committed === 1 ? 'it' : 'them'}.
                </p>
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
                    <th style={thStyle} scope="col">Why it is in the tail</th>
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
                        {[`untouched for ${i.daysUntouched} days`, i.parentClosed ? `parent ${i.parentClosed} closed` : ''].filter(Boolean).join('; ')}
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

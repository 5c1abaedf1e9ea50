import { panelApi } from '../../shared/api';
import { usePreviewThenJob } from '../../shared/usePreviewThenJob';
import { numStyle, ScrollArea, tableStyle, tdStyle, thStyle } from '../../shared/ui';
import { PreviewJobDialog } from './PreviewJobDialog';

/** Trimming closes every issue in the tail: the user confirms the exact list the preview returned. */
export function TrimDialog({ onClose }: { onClose: (done: boolean) => void }) {
  const flow = usePreviewThenJob(
    () => panelApi('previewTrim'),
    (confirmation) => panelApi('trimTail', { token: confirmation }),
  );

  const count = flow.preview?.issues.length ?? 0;
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
            <p>
              These {count} issue{count === 1 ? '' : 's'} will be moved to <strong>{preview.targetStatus}</strong>. Check every one:
            </p>
            <ScrollArea label="Issues the trim will close" maxHeight={360}>
              <table style={tableStyle} aria-label="Issues the trim will close">
                <thead>
                  <tr>
                    <th style={thStyle} scope="col">Issue</th>
                    <th style={thStyle} scope="col">Summary</th>
                    <th style={{ ...thStyle, textAlign: 'right' }} scope="col">Days untouched</th>
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
      confirmLabel={`Close ${count} issue${count === 1 ? '' : 's'}`}
      canConfirm={count > 0}
      onClose={onClose}
    />
  );
}

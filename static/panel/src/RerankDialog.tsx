import { token } from '@atlaskit/tokens';
import { panelApi } from '../../shared/api';
import { usePreviewThenJob } from '../../shared/usePreviewThenJob';
import { issueKey } from '../../shared/keys';
import { numStyle, ScrollArea, tableStyle, tdStyle, thStyle } from '../../shared/ui';
import { PreviewJobDialog } from './PreviewJobDialog';

/** A re-rank of a big backlog can move thousands of issues; the top of the list is what a PO checks. */
const SHOWN_MOVES = 500;

/** Preview of what a re-rank moves, then the job that writes Jira's rank. */
export function RerankDialog({ onClose }: { onClose: (applied: boolean) => void }) {
  const flow = usePreviewThenJob(
    () => panelApi('previewRerank'),
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
            <p>{preview.moves.length} issue{preview.moves.length === 1 ? '' : 's'} will move in the board backlog:</p>
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

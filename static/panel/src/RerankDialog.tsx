import Button from '@atlaskit/button/new';
import ModalDialog, { ModalBody, ModalFooter, ModalHeader, ModalTitle, ModalTransition } from '@atlaskit/modal-dialog';
import { token } from '@atlaskit/tokens';
import type { RerankPreviewDto } from '../../../src/resolvers/definitions';
import { panelApi } from '../../shared/api';
import { usePreviewThenJob } from '../../shared/usePreviewThenJob';
import { issueKey } from '../../shared/keys';
import { ErrorMessage, JobProgress, Loading, numStyle, tableStyle, tdStyle, thStyle } from '../../shared/ui';

/** A re-rank of a big backlog can move thousands of issues; the top of the list is what a PO checks. */
const SHOWN_MOVES = 500;

/** Preview of what a re-rank moves, then the job that writes Jira's rank. */
export function RerankDialog({ onClose }: { onClose: (applied: boolean) => void }) {
  const { preview, error, jobId, finished, setFinished, retry, confirm: apply } = usePreviewThenJob(
    () => panelApi('previewRerank'),
    (confirmation) => panelApi('applyRerank', { token: confirmation }),
  );

  return (
    <ModalTransition>
      <ModalDialog onClose={() => onClose(finished)} width="large">
        <ModalHeader>
          <ModalTitle>Apply the backlog order to Jira</ModalTitle>
        </ModalHeader>
        <ModalBody>
          {error ? <ErrorMessage error={error} onRetry={retry} retryLabel="Preview again" /> : null}
          {!preview && !error ? <Loading label="Working out what moves…" /> : null}
          {preview && !jobId ? (
            preview.moves.length === 0 ? (
              <p>Jira's rank already matches the team's priority order: nothing moves.</p>
            ) : (
              <>
                <p>{preview.moves.length} issue{preview.moves.length === 1 ? '' : 's'} will move in the board backlog:</p>
                <div style={{ maxHeight: 360, overflow: 'auto' }}>
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
                </div>
                {preview.moves.length > SHOWN_MOVES ? (
                  <p style={{ color: token('color.text.subtle') }}>…and {preview.moves.length - SHOWN_MOVES} more further down the backlog.</p>
                ) : null}
              </>
            )
          ) : null}
          {jobId ? <JobProgress jobId={jobId} load={(id) => panelApi('getJob', { jobId: id })} onFinished={() => setFinished(true)} /> : null}
        </ModalBody>
        <ModalFooter>
          <Button appearance="subtle" onClick={() => onClose(finished)}>
            {finished ? 'Close' : 'Cancel'}
          </Button>
          {!jobId ? (
            <Button appearance="primary" isDisabled={!preview || preview.moves.length === 0} onClick={() => void apply()}>
              Apply order
            </Button>
          ) : null}
        </ModalFooter>
      </ModalDialog>
    </ModalTransition>
  );
}

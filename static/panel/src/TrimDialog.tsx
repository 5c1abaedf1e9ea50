import Button from '@atlaskit/button/new';
import ModalDialog, { ModalBody, ModalFooter, ModalHeader, ModalTitle, ModalTransition } from '@atlaskit/modal-dialog';
import type { TrimPreviewDto } from '../../../src/resolvers/definitions';
import { panelApi } from '../../shared/api';
import { usePreviewThenJob } from '../../shared/usePreviewThenJob';
import { ErrorMessage, JobProgress, Loading, numStyle, tableStyle, tdStyle, thStyle } from '../../shared/ui';

/** Trimming closes every issue in the tail: the user confirms the exact list the preview returned. */
export function TrimDialog({ onClose }: { onClose: (done: boolean) => void }) {
  const { preview, error, jobId, finished, setFinished, retry, confirm } = usePreviewThenJob(
    () => panelApi('previewTrim'),
    (confirmation) => panelApi('trimTail', { token: confirmation }),
  );

  const count = preview?.issues.length ?? 0;
  return (
    <ModalTransition>
      <ModalDialog onClose={() => onClose(finished)} width="large">
        <ModalHeader>
          <ModalTitle appearance="danger">Trim the backlog tail</ModalTitle>
        </ModalHeader>
        <ModalBody>
          {error ? <ErrorMessage error={error} onRetry={retry} retryLabel="Preview again" /> : null}
          {!preview && !error ? <Loading label="Listing the tail…" /> : null}
          {preview && !jobId ? (
            count === 0 ? (
              <p>The tail is empty: nothing to trim.</p>
            ) : (
              <>
                <p>
                  These {count} issue{count === 1 ? '' : 's'} will be moved to <strong>{preview.targetStatus}</strong>. Check every one:
                </p>
                <div style={{ maxHeight: 360, overflow: 'auto' }}>
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
                </div>
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
            <Button appearance="danger" isDisabled={count === 0} onClick={() => void confirm()}>
              {`Close ${count} issue${count === 1 ? '' : 's'}`}
            </Button>
          ) : null}
        </ModalFooter>
      </ModalDialog>
    </ModalTransition>
  );
}

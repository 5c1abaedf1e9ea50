import { useState } from 'react';
import Button from '@atlaskit/button/new';
import ModalDialog, { ModalBody, ModalFooter, ModalHeader, ModalTitle, ModalTransition } from '@atlaskit/modal-dialog';
import { token } from '@atlaskit/tokens';
import type { AppError, PiRef } from '../../../src/contracts';
import { panelApi, toAppError, unwrap } from '../../shared/api';
import { ErrorMessage } from '../../shared/ui';

/** Most PIs commit a few dozen stories; the list is for recognising them, the count says how many. */
const SHOWN_STORIES = 200;

/**
 * Confirms replacing a PI's committed order (the PI-planning baseline the fill keeps) with the committed
 * stories' current Jira rank order. Closes with the number of stories re-baselined, or null when cancelled.
 */
export function RebaselineDialog({
  pi,
  taken,
  committed,
  onClose,
}: {
  pi: PiRef;
  /** "2026-11-25 14:02 UTC by you", or null when no baseline is stored yet. */
  taken: string | null;
  /** The committed stories in their current committed order: [key, summary]. */
  committed: [string, string][];
  onClose: (rebaselined: number | null) => void;
}) {
  const [running, setRunning] = useState(false);
  const [error, setError] = useState<AppError | null>(null);

  const confirm = async (): Promise<void> => {
    setRunning(true);
    setError(null);
    try {
      const done = unwrap(await panelApi('rebaselineCommittedOrder', { piId: pi.id }));
      onClose(done.committed.length);
    } catch (failure) {
      setError(toAppError(failure));
      setRunning(false);
    }
  };

  return (
    <ModalTransition>
      <ModalDialog onClose={() => (running ? undefined : onClose(null))} width="medium">
        <ModalHeader>
          <ModalTitle>Re-baseline the committed order?</ModalTitle>
        </ModalHeader>
        <ModalBody>
          {error ? <ErrorMessage error={error} /> : null}
          <div data-testid="rebaseline-explanation">
            <p>
              The fill plans the {committed.length} committed program {committed.length === 1 ? 'story' : 'stories'} of {pi.name} before anything else of
              the same work type, in their PI-planning order{taken ? `, taken ${taken}` : ''}. Re-ranking them in Jira since then has not changed that order.
            </p>
            <p>
              Re-baselining <strong>replaces that order with their current Jira rank order</strong>: from now on the fill and this backlog keep the
              committed stories in the order Jira ranks them today. Jira itself is not changed, and the earlier order is not kept.
            </p>
          </div>
          {committed.length > 0 ? (
            <>
              <p style={{ marginBottom: token('space.050'), fontWeight: 600 }}>Committed order kept now</p>
              <ol aria-label="Committed order kept now" tabIndex={0} style={{ maxHeight: 220, overflow: 'auto', margin: 0, paddingLeft: token('space.400'), color: token('color.text') }}>
                {committed.slice(0, SHOWN_STORIES).map(([key, summary]) => (
                  <li key={key}>
                    <strong>{key}</strong> <span style={{ color: token('color.text.subtle') }}>{summary}</span>
                  </li>
                ))}
              </ol>
              {committed.length > SHOWN_STORIES ? <p style={{ color: token('color.text.subtle') }}>…and {committed.length - SHOWN_STORIES} more.</p> : null}
            </>
          ) : null}
        </ModalBody>
        <ModalFooter>
          <Button appearance="subtle" isDisabled={running} onClick={() => onClose(null)}>
            Cancel
          </Button>
          <Button appearance="warning" isLoading={running} onClick={() => void confirm()}>
            Use the Jira rank order
          </Button>
        </ModalFooter>
      </ModalDialog>
    </ModalTransition>
  );
}

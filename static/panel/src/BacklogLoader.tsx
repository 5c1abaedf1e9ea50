import { useEffect, useState, type ReactNode } from 'react';
import ProgressBar from '@atlaskit/progress-bar';
import SectionMessage from '@atlaskit/section-message';
import { token } from '@atlaskit/tokens';
import type { AppError, JobDto } from '../../../src/resolvers/definitions';
import { panelApi, toAppError, unwrap } from '../../shared/api';

/**
 * Loads the team's whole backlog once in a background job, showing issues loaded of the total, before the
 * tabs read it: afterwards each tab's read only refreshes what changed, which keeps big backlogs within a
 * resolver call. If the load cannot run, the tabs still load on their own (and show their own errors).
 */
export function BacklogLoader({ children }: { children: ReactNode }) {
  const [job, setJob] = useState<JobDto | null>(null);
  const [finished, setFinished] = useState(false);
  const [error, setError] = useState<AppError | null>(null);

  useEffect(() => {
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const poll = async (jobId: string): Promise<void> => {
      const next = unwrap(await panelApi('getJob', { jobId }));
      if (stopped) return;
      setJob(next);
      if (next.state === 'done') return setFinished(true);
      if (next.state === 'failed') {
        setError(next.error ?? { code: 'INTERNAL', message: 'Loading the backlog failed.' });
        return setFinished(true);
      }
      timer = setTimeout(() => void poll(jobId).catch(fail), 300);
    };
    const fail = (failure: unknown): void => {
      if (stopped) return;
      setError(toAppError(failure));
      setFinished(true);
    };
    panelApi('loadBacklog')
      .then((result) => poll(unwrap(result).jobId))
      .catch(fail);
    return () => {
      stopped = true;
      if (timer) clearTimeout(timer);
    };
  }, []);

  if (!finished) {
    const total = job?.total ?? 0;
    const done = job?.done ?? 0;
    return (
      <div role="status" aria-live="polite" style={{ display: 'grid', gap: token('space.100'), maxWidth: 480, padding: `${token('space.300')} 0` }}>
        <div style={{ color: token('color.text') }}>
          {total > 0 ? `Loading the backlog from Jira: ${done} of about ${total} issues` : 'Loading the backlog from Jira…'}
        </div>
        <ProgressBar ariaLabel={total > 0 ? `${done} of about ${total} issues loaded` : 'Loading the backlog'} value={total > 0 ? Math.min(1, done / total) : 0} isIndeterminate={total === 0} />
      </div>
    );
  }
  return (
    <>
      {error ? (
        <div style={{ margin: `${token('space.100')} 0` }}>
          <SectionMessage appearance="warning" title="The backlog could not be preloaded">
            <p>{error.message} The tabs load it directly instead, which can be slower for a large backlog.</p>
          </SectionMessage>
        </div>
      ) : null}
      {children}
    </>
  );
}

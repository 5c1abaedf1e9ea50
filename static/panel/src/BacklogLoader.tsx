import { useEffect, useState, type ReactNode } from 'react';
import ProgressBar from '@atlaskit/progress-bar';
import SectionMessage from '@atlaskit/section-message';
import { token } from '@atlaskit/tokens';
import type { AppError, JobDto } from '../../../src/contracts';
import { panelApi, toAppError, unwrap } from '../../shared/api';
import { useT } from '../../shared/i18n';
import { errorText } from '../../shared/errorText';

/** How long this browser trusts that the user's backlog snapshot exists (reads keep it fresh meanwhile). */
const PRELOADED_TTL_MS = 24 * 60 * 60_000;

function preloadedKey(projectKey: string, accountId: string): string {
  return `backlog-balance:preloaded:${projectKey}:${accountId}`;
}

// Storage can be unavailable in a sandboxed frame: then every first open preloads again.
function wasPreloaded(key: string, now: number): boolean {
  try {
    const at = Number(window.localStorage.getItem(key));
    return Number.isFinite(at) && at > 0 && now - at < PRELOADED_TTL_MS;
  } catch {
    return false;
  }
}

function markPreloaded(key: string, now: number): void {
  try {
    window.localStorage.setItem(key, String(now));
  } catch {
    // see wasPreloaded
  }
}

/**
 * The first time a user opens a project's panel, loads the whole backlog in a background job, showing
 * issues loaded of the total, before the tabs read it: the job stores the user's snapshot, so each read
 * afterwards only refreshes what changed, which keeps big backlogs within a resolver call. Later opens go
 * straight to the tabs. If the load cannot run, the tabs still load on their own (and show their own errors).
 */
export function BacklogLoader({ projectKey, accountId, children }: { projectKey: string; accountId: string; children: ReactNode }) {
  const { t } = useT();
  const storageKey = preloadedKey(projectKey, accountId);
  const [job, setJob] = useState<JobDto | null>(null);
  const [finished, setFinished] = useState(() => wasPreloaded(storageKey, Date.now()));
  const [error, setError] = useState<AppError | null>(null);

  useEffect(() => {
    if (finished) return undefined;
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const poll = async (jobId: string): Promise<void> => {
      const next = unwrap(await panelApi('getJob', { jobId }));
      if (stopped) return;
      setJob(next);
      if (next.state === 'done') {
        markPreloaded(storageKey, Date.now());
        return setFinished(true);
      }
      if (next.state === 'failed') {
        setError(next.error ?? { code: 'INTERNAL', message: t('panel.loadingTheBacklogFailed') });
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
    // Runs once per user and project; `finished` is only the starting point.
  }, [storageKey]);

  if (!finished) {
    const total = job?.total ?? 0;
    const done = job?.done ?? 0;
    return (
      <div role="status" aria-live="polite" style={{ display: 'grid', gap: token('space.100'), maxWidth: 480, padding: `${token('space.300')} 0` }}>
        <div style={{ color: token('color.text') }}>
          {total > 0 ? t('panel.loader.progress', { done, total }) : t('panel.loadingTheBacklogFromJira')}
        </div>
        <ProgressBar ariaLabel={total > 0 ? t('panel.loader.progressLabel', { done, total }) : t('panel.loadingTheBacklog')} value={total > 0 ? Math.min(1, done / total) : 0} isIndeterminate={total === 0} />
      </div>
    );
  }
  return (
    <>
      {error && error.code !== 'FORBIDDEN' && error.code !== 'NOT_FOUND' && error.code !== 'UNLICENSED' ? (
        <div style={{ margin: `${token('space.100')} 0` }}>
          <SectionMessage appearance="warning" title={t('panel.theBacklogCouldNotBe')}>
            <p>{errorText(t, error)} {t('panel.loader.tabsLoadDirectly')}</p>
          </SectionMessage>
        </div>
      ) : null}
      {children}
    </>
  );
}

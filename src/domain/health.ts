import { DAY_MS, millisOf, NOW_LABEL, toMillis } from './dates';
import { DomainError, ref } from './errors';
import { IssueFacts } from './facts';

export interface IterationWindow {
  id: string;
  start: string | Date;
  end: string | Date;
}

export interface IterationFlow {
  id: string;
  /** Items created in [start, end). */
  arrivals: number;
  /** Items resolved in [start, end). */
  completions: number;
}

export interface AgePercentiles {
  openItems: number;
  /** Age in whole days (nearest-rank percentiles); null when nothing is open. */
  p50: number | null;
  p85: number | null;
  p95: number | null;
}

export interface BacklogHealth {
  flow: IterationFlow[];
  age: AgePercentiles;
  /** Mean completions of the last `throughputWindow` iterations that ended by `now`. */
  throughput: number;
  /** Open items / throughput; null when nothing is being completed. */
  iterationsToBurn: number | null;
}

/** Nearest-rank percentile of sorted values (p in 0..100); null for none. */
export function percentile(sortedValues: number[], p: number): number | null {
  if (sortedValues.length === 0) return null;
  const rank = Math.max(1, Math.ceil((p / 100) * sortedValues.length));
  return sortedValues[Math.min(rank, sortedValues.length) - 1];
}

/** Backlog health: arrivals vs completions per iteration, age percentiles of open items, iterations to burn the backlog. */
export function backlogHealth(
  items: readonly Pick<IssueFacts, 'key' | 'created' | 'resolved' | 'statusCategory'>[],
  iterations: IterationWindow[],
  now: string | Date,
  throughputWindow = 3,
): BacklogHealth {
  const nowMs = toMillis(now, 'Now', NOW_LABEL);
  const windows = iterations.map((it) => {
    const start = toMillis(it.start, `Start of ${it.id}`, ref('domain.what.iterationStart', { id: it.id }));
    const end = toMillis(it.end, `End of ${it.id}`, ref('domain.what.iterationEnd', { id: it.id }));
    if (end < start) throw new DomainError('invalidDate', `Iteration ${it.id} ends before it starts`, ref('domain.iterationEndsBeforeStart', { id: it.id }));
    return { id: it.id, start, end };
  });
  // Labels are built only for a date that is not one (once per issue adds up at 50k issues).
  const parsed = items.map((i) => {
    const created = millisOf(i.created);
    if (!Number.isFinite(created)) toMillis(i.created, `Creation date of ${i.key}`, ref('domain.what.created', { key: i.key }));
    const resolved = i.resolved === null ? null : millisOf(i.resolved);
    if (resolved !== null && !Number.isFinite(resolved)) toMillis(i.resolved as string, `Resolution date of ${i.key}`, ref('domain.what.resolved', { key: i.key }));
    return { created, resolved, open: i.statusCategory !== 'done' };
  });
  const flow = windows.map((w) => ({
    id: w.id,
    arrivals: parsed.filter((p) => p.created >= w.start && p.created < w.end).length,
    completions: parsed.filter((p) => p.resolved !== null && p.resolved >= w.start && p.resolved < w.end).length,
  }));
  const ages = parsed
    .filter((p) => p.open)
    .map((p) => Math.max(0, Math.floor((nowMs - p.created) / DAY_MS)))
    .sort((a, b) => a - b);
  const finished = windows
    .map((w, i) => ({ w, f: flow[i] }))
    .filter(({ w }) => w.end <= nowMs)
    .sort((a, b) => a.w.end - b.w.end)
    .slice(-throughputWindow);
  const throughput = meanThroughput(finished.map((x) => x.f.completions), throughputWindow);
  return {
    flow,
    age: { openItems: ages.length, p50: percentile(ages, 50), p85: percentile(ages, 85), p95: percentile(ages, 95) },
    throughput,
    iterationsToBurn: throughput > 0 ? ages.length / throughput : null,
  };
}

/** Mean completions of the last `window` finished iterations (oldest first); 0 when there are none. */
export function meanThroughput(completions: readonly number[], window = 3): number {
  const last = completions.slice(-window);
  return last.length ? last.reduce((s, c) => s + c, 0) / last.length : 0;
}

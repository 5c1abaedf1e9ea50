/**
 * Figures 1 and 2: Jira requests and bytes of a first panel load against the minimum, and of an
 * incremental refresh after 1% of the backlog changed against a full reload. Bytes and request counts come
 * from the demo site's own request log; the tap on the client's port says what each request asked for.
 */
import type { DemoSite } from '../test/demo-site';
import type { TeamBacklog } from '../src/jira';
import { editIssues, spreadSample } from './editIssues';
import type { Figure } from './figures';
import { bytesByGroup, minimumRequests, type MinimumReport } from './minimum';
import type { PanelBackend } from './backend';
import { formatBytes, formatCount, median, round } from './stats';
import { siteTraffic, tapRequestJira, poRequestJira } from './site';

export const CHANGED_SHARE = 0.01;

export interface LoadRun {
  requests: number;
  bytes: number;
  ms: number;
  minimum: MinimumReport;
  backlog: TeamBacklog;
}

export interface RefreshRun {
  full: { requests: number; bytes: number; ms: number };
  refresh: { requests: number; bytes: number; ms: number };
  changed: number;
  /** Where the refresh's bytes went, largest first. */
  refreshBreakdown: string;
  /** Differences between the refreshed backlog and a full reload (empty = identical). */
  mismatches: string[];
}

async function measured<T>(site: DemoSite, body: () => Promise<T>): Promise<{ result: T; requests: number; bytes: number; ms: number }> {
  site.clearRequestLog();
  const start = performance.now();
  const result = await body();
  const ms = performance.now() - start;
  return { result, ms, ...siteTraffic(site) };
}

/** One first load, its traffic and its minimum. */
export async function measureFirstLoad(site: DemoSite, backend: PanelBackend): Promise<LoadRun> {
  const tap = tapRequestJira(poRequestJira(site));
  const run = await measured(site, () => backend.firstLoad(tap.requestJira));
  return { requests: run.requests, bytes: run.bytes, ms: run.ms, minimum: minimumRequests(tap.calls), backlog: run.result };
}

/** After `previous` was loaded: change 1% of its issues, refresh, then reload in full to compare. */
export async function measureRefresh(site: DemoSite, backend: PanelBackend, previous: TeamBacklog): Promise<RefreshRun> {
  const keys = spreadSample(previous.issues.map((i) => i.key), CHANGED_SHARE);
  const summaries = await editIssues(site, keys, previous.fieldMap.storyPoints);
  const port = poRequestJira(site);
  const tap = tapRequestJira(port);
  const refresh = await measured(site, () => backend.refresh(tap.requestJira, previous));
  const full = await measured(site, () => backend.fullReload(port));
  const mismatches = compareBacklogs(refresh.result, full.result);
  for (const [key, summary] of summaries) {
    const issue = refresh.result.issues.find((i) => i.key === key);
    if (issue && issue.summary !== summary) mismatches.push(`${key} kept its old summary after the refresh`);
  }
  return {
    full: { requests: full.requests, bytes: full.bytes, ms: full.ms },
    refresh: { requests: refresh.requests, bytes: refresh.bytes, ms: refresh.ms },
    changed: keys.length,
    refreshBreakdown: bytesByGroup(tap.calls)
      .slice(0, 4)
      .map((g) => `${g.group}: ${formatBytes(g.bytes)} in ${g.requests}`)
      .join('; '),
    mismatches,
  };
}

function compareBacklogs(refreshed: TeamBacklog, reloaded: TeamBacklog): string[] {
  const problems: string[] = [];
  if (refreshed.issues.length !== reloaded.issues.length) {
    problems.push(`refresh has ${refreshed.issues.length} issues, a full reload ${reloaded.issues.length}`);
  }
  const byKey = new Map(reloaded.issues.map((i) => [i.key, i]));
  refreshed.issues.forEach((issue, index) => {
    const other = byKey.get(issue.key);
    if (!other) problems.push(`${issue.key} is in the refresh but not in a full reload`);
    else if (JSON.stringify(issue) !== JSON.stringify(other)) problems.push(`${issue.key} differs from a full reload`);
    if (reloaded.issues[index]?.key !== issue.key && problems.length < 20) problems.push(`order differs at ${index}`);
  });
  return problems.slice(0, 20);
}

export function firstLoadFigure(runs: readonly LoadRun[], backend: PanelBackend): Figure {
  const requests = median(runs.map((r) => r.requests));
  const bytes = median(runs.map((r) => r.bytes));
  const last = runs[runs.length - 1] as LoadRun;
  const ratio = requests / last.minimum.minimum;
  const backlog = last.backlog.issues.length;
  const avoidable = last.minimum.avoidable.length > 0 ? `; avoidable: ${last.minimum.avoidable.join('; ')}` : '';
  return {
    figure: 1,
    name: 'Jira requests, first panel load / minimum',
    backlog,
    value: round(ratio, 3),
    unit: 'x',
    goal: '<= 1.05',
    holds: ratio <= 1.05,
    detail:
      `${requests} requests vs minimum ${last.minimum.minimum}, ${formatBytes(bytes)} from Jira, ` +
      `${round(median(runs.map((r) => r.ms)), 0)} ms (median of ${runs.length}; ${backend.describe})${avoidable}`,
  };
}

export function refreshFigure(runs: readonly RefreshRun[], backlog: number, backend: PanelBackend): Figure {
  const fullBytes = median(runs.map((r) => r.full.bytes));
  const refreshBytes = median(runs.map((r) => r.refresh.bytes));
  const ratio = fullBytes / refreshBytes;
  const mismatches = runs.flatMap((r) => r.mismatches);
  const last = runs[runs.length - 1] as RefreshRun;
  return {
    figure: 2,
    name: `Incremental refresh after ${CHANGED_SHARE * 100}% changed: full reload bytes / refresh bytes`,
    backlog,
    value: round(ratio, 1),
    unit: 'x fewer bytes',
    goal: '>= 20',
    holds: ratio >= 20 && mismatches.length === 0,
    detail:
      `${formatCount(last.changed)} issues edited; refresh ${median(runs.map((r) => r.refresh.requests))} requests, ${formatBytes(refreshBytes)}, ` +
      `${round(median(runs.map((r) => r.refresh.ms)), 0)} ms vs full reload ${median(runs.map((r) => r.full.requests))} requests, ${formatBytes(fullBytes)}, ` +
      `${round(median(runs.map((r) => r.full.ms)), 0)} ms (median of ${runs.length}; ${backend.describe}); ` +
      (mismatches.length === 0 ? 'refreshed backlog identical to a full reload' : `MISMATCH: ${mismatches.slice(0, 3).join('; ')}`) +
      `; refresh bytes by read: ${last.refreshBreakdown}`,
  };
}

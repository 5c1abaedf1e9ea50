/**
 * What the resolver-like child process does: the panel's resolver functions on a local platform against the
 * demo site, timed without the Jira waits (figure 3), measured in bytes (figure 4) and in peak RSS (figure 8).
 * It reports as it goes, one event per line, so a read that never ends still leaves the others' numbers.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createJiraHttp, loadTeamBacklog, localRequestJira, searchAllIssues } from '../src/jira';
import { BACKLOG_ORDER, backlogWhere } from '../src/jira/backlog';
import { fieldsForBacklog } from '../src/jira/mapping';
import { domainCompute } from './compute';
import { JiraWaitClock } from './jiraWaits';
import { IssuePanelInstance, PANEL_READS, PanelInstance } from './resolvers';
import { BENCH_PROJECT } from './site';

export interface ChildSite {
  baseUrl: string;
  email: string;
  apiToken: string;
  accountId: string;
}

/** `cold`: the first read of a fresh instance (full load and mapping); `warm`: a later read (refresh). */
export type InstanceState = 'cold' | 'warm';

export type ChildEvent =
  | { kind: 'start'; read: string; instance: InstanceState }
  | { kind: 'read'; read: string; instance: InstanceState; ms: number; waitMs: number; cpuMs: number; bytes: number; issues: number }
  | { kind: 'stages'; stageMs: Record<string, number> }
  | { kind: 'rss'; read: string | null; peakBytes: number; issues: number }
  | { kind: 'issuePanel'; ms: number; cpuMs: number };

export type Emit = (event: ChildEvent) => void;

/**
 * The issue panel opened on this fresh process (figure 11): a cold instance as Forge starts one, its heap holding
 * nothing but what the call reads (the bench process also holds the demo site and a warm panel instance, whose
 * collection a cold instance would not pay). The app's storage is the folder the bench process wrote.
 */
export async function runChildIssuePanel(site: ChildSite, emit: Emit, storeDir: string, issueKey: string): Promise<void> {
  const instance = new IssuePanelInstance(site.baseUrl, site, storeDir);
  const cpu = process.cpuUsage();
  const start = performance.now();
  await instance.open(issueKey);
  const used = process.cpuUsage(cpu);
  emit({ kind: 'issuePanel', ms: performance.now() - start, cpuMs: (used.user + used.system) / 1000 });
}

/** The reads that hold the most at once: the cold load (every issue mapped) and the heaviest compute. */
export const MEMORY_READS = ['getBacklog', 'getFill'] as const;

function maxRssBytes(): number {
  // resourceUsage().maxRSS is in kilobytes.
  return process.resourceUsage().maxRSS * 1024;
}

function instanceFor(site: ChildSite, clock?: JiraWaitClock, storeDir?: string): PanelInstance {
  const panel = new PanelInstance(site.baseUrl, site, storeDir);
  if (clock) panel.port = clock.wrap(localRequestJira(site));
  return panel;
}

/**
 * Peak RSS before anything is loaded, then after each read. The app's storage is a folder, not memory:
 * Forge's KVS is outside the function's process, so the stored backlog snapshot must not count here.
 */
export async function runChildMemory(site: ChildSite, emit: Emit): Promise<void> {
  emit({ kind: 'rss', read: null, peakBytes: maxRssBytes(), issues: 0 });
  const storeDir = mkdtempSync(path.join(tmpdir(), 'bench-store-'));
  try {
    const panel = instanceFor(site, undefined, storeDir);
    for (const read of MEMORY_READS) {
      emit({ kind: 'start', read, instance: read === MEMORY_READS[0] ? 'cold' : 'warm' });
      await panel.call(read);
      emit({ kind: 'rss', read, peakBytes: maxRssBytes(), issues: panel.backlog.issues.length });
    }
  } finally {
    rmSync(storeDir, { recursive: true, force: true });
  }
}

async function timedCall(panel: PanelInstance, clock: JiraWaitClock, read: string, instance: InstanceState, emit: Emit): Promise<void> {
  emit({ kind: 'start', read, instance });
  clock.reset();
  const cpu = process.cpuUsage();
  const start = performance.now();
  const result = await panel.call(read);
  const wall = performance.now() - start;
  // CPU time the process spent (all threads, GC included): what a busy machine's waits for a core do not inflate.
  const used = process.cpuUsage(cpu);
  const cpuMs = (used.user + used.system) / 1000;
  emit({ kind: 'read', read, instance, ms: wall - clock.waitedMs, waitMs: clock.waitedMs, cpuMs, bytes: Buffer.byteLength(JSON.stringify(result)), issues: panel.backlog.issues.length });
}

/**
 * `runs` times: a fresh instance answers getBacklog cold (full load), then each of `warmReads` warm. No
 * separate warm-up run: the median of the runs absorbs the first one's JIT time. With `stages`, one direct
 * pass of the domain calls the resolvers make, by stage (where the time goes).
 */
export async function runChildCompute(site: ChildSite, emit: Emit, runs: number, warmReads: readonly string[] = PANEL_READS, stages = true): Promise<void> {
  const clock = new JiraWaitClock();
  for (let run = 0; run < runs; run++) {
    const panel = instanceFor(site, clock);
    await timedCall(panel, clock, 'getBacklog', 'cold', emit);
    for (const read of warmReads) await timedCall(panel, clock, read, 'warm', emit);
  }
  if (!stages) return;
  const http = createJiraHttp(localRequestJira(site));
  const backlog = await loadTeamBacklog(http, { projectKey: BENCH_PROJECT });
  const raw = await searchAllIssues(http, { where: backlogWhere(BENCH_PROJECT), orderBy: BACKLOG_ORDER, fields: fieldsForBacklog(backlog.fieldMap) });
  domainCompute(backlog, new Date(), raw);
  emit({ kind: 'stages', stageMs: domainCompute(backlog, new Date(), raw).stageMs });
}

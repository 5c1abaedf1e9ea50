/**
 * What the resolver-like child process does: the panel's resolver functions on a local platform against the
 * demo site, timed without the Jira waits (figure 3), measured in bytes (figure 4) and in peak RSS (figure 8).
 */
import { createJiraHttp, loadTeamBacklog, localRequestJira, searchAllIssues } from '../src/jira';
import { BACKLOG_ORDER, backlogWhere } from '../src/jira/backlog';
import { fieldsForBacklog } from '../src/jira/mapping';
import { domainCompute } from './compute';
import { JiraWaitClock } from './jiraWaits';
import { PANEL_READS, PanelInstance } from './resolvers';
import { BENCH_PROJECT } from './site';

export interface ChildSite {
  baseUrl: string;
  email: string;
  apiToken: string;
  accountId: string;
}

export interface MemoryReport {
  /** Peak RSS before the load (Node, tsx and the modules). */
  baselineBytes: number;
  peakBytes: number;
  issues: number;
}

/** Per resolver read: compute ms of each timed run (Jira waits excluded) and the response size in bytes. */
export interface ReadMeasure {
  read: string;
  /** `cold`: the first read of a fresh instance (full load and mapping); `warm`: a later read (refresh). */
  instance: 'cold' | 'warm';
  ms: number[];
  waitMs: number[];
  bytes: number;
}

export interface ComputeReport {
  issues: number;
  reads: ReadMeasure[];
  /** One direct pass of the domain calls the resolvers make, by stage (where the time goes). */
  stageMs: Record<string, number>;
}

function maxRssBytes(): number {
  // resourceUsage().maxRSS is in kilobytes.
  return process.resourceUsage().maxRSS * 1024;
}

function instanceFor(site: ChildSite, clock?: JiraWaitClock): PanelInstance {
  const panel = new PanelInstance(site.baseUrl, site);
  if (clock) panel.port = clock.wrap(localRequestJira(site));
  return panel;
}

/** The reads that hold the most at once: the cold load (every issue mapped) and the heaviest compute. */
export const MEMORY_READS = ['getBacklog', 'getFill'] as const;

export async function runChildMemory(site: ChildSite): Promise<MemoryReport> {
  const baselineBytes = maxRssBytes();
  const panel = instanceFor(site);
  for (const read of MEMORY_READS) await panel.call(read);
  return { baselineBytes, peakBytes: maxRssBytes(), issues: panel.backlog.issues.length };
}

async function timedCall(panel: PanelInstance, clock: JiraWaitClock, read: string): Promise<{ ms: number; waitMs: number; bytes: number }> {
  clock.reset();
  const start = performance.now();
  const result = await panel.call(read);
  const wall = performance.now() - start;
  return { ms: wall - clock.waitedMs, waitMs: clock.waitedMs, bytes: Buffer.byteLength(JSON.stringify(result)) };
}

/**
 * `runs` times: a fresh instance answers getBacklog cold (full load), then each of `warmReads` warm. No
 * separate warm-up run: the median of the runs absorbs the first one's JIT time.
 */
export async function runChildCompute(site: ChildSite, runs: number, warmReads: readonly string[] = PANEL_READS): Promise<ComputeReport> {
  const clock = new JiraWaitClock();
  const measures = new Map<string, ReadMeasure>();
  const record = (read: string, instance: 'cold' | 'warm', sample: { ms: number; waitMs: number; bytes: number }): void => {
    const key = `${instance} ${read}`;
    const m = measures.get(key) ?? { read, instance, ms: [], waitMs: [], bytes: 0 };
    measures.set(key, m);
    m.ms.push(sample.ms);
    m.waitMs.push(sample.waitMs);
    m.bytes = sample.bytes;
  };
  let issues = 0;
  for (let run = 0; run < runs; run++) {
    const panel = instanceFor(site, clock);
    const cold = await timedCall(panel, clock, 'getBacklog');
    const warm = [];
    for (const read of warmReads) warm.push({ read, sample: await timedCall(panel, clock, read) });
    record('getBacklog', 'cold', cold);
    warm.forEach(({ read, sample }) => record(read, 'warm', sample));
    issues = panel.backlog.issues.length;
  }

  const http = createJiraHttp(localRequestJira(site));
  const backlog = await loadTeamBacklog(http, { projectKey: BENCH_PROJECT });
  const raw = await searchAllIssues(http, { where: backlogWhere(BENCH_PROJECT), orderBy: BACKLOG_ORDER, fields: fieldsForBacklog(backlog.fieldMap) });
  domainCompute(backlog, new Date(), raw);
  const { stageMs } = domainCompute(backlog, new Date(), raw);
  return { issues, reads: [...measures.values()], stageMs };
}

/** What the resolver-like child process does: the production load, then the compute of a panel read. */
import { createJiraHttp, loadTeamBacklog, localRequestJira, searchAllIssues } from '../src/jira';
import { BACKLOG_ORDER, backlogWhere } from '../src/jira/backlog';
import { fieldsForBacklog } from '../src/jira/mapping';
import { domainCompute, type ComputeOutput } from './compute';
import { BENCH_PROJECT } from './site';
import { timeRuns } from './stats';

export interface ChildSite {
  baseUrl: string;
  email: string;
  apiToken: string;
}

export interface MemoryReport {
  /** Peak RSS before the load (Node, tsx and the modules). */
  baselineBytes: number;
  peakBytes: number;
  issues: number;
}

export interface ComputeReport {
  issues: number;
  ms: number[];
  output: ComputeOutput;
}

function maxRssBytes(): number {
  // resourceUsage().maxRSS is in kilobytes.
  return process.resourceUsage().maxRSS * 1024;
}

export async function runChildMemory(site: ChildSite): Promise<MemoryReport> {
  const baselineBytes = maxRssBytes();
  const http = createJiraHttp(localRequestJira(site));
  const backlog = await loadTeamBacklog(http, { projectKey: BENCH_PROJECT });
  domainCompute(backlog, new Date());
  return { baselineBytes, peakBytes: maxRssBytes(), issues: backlog.issues.length };
}

export async function runChildCompute(site: ChildSite, runs: number): Promise<ComputeReport> {
  const http = createJiraHttp(localRequestJira(site));
  const backlog = await loadTeamBacklog(http, { projectKey: BENCH_PROJECT });
  // The search answers themselves, so the mapping from Jira JSON is timed too.
  const raw = await searchAllIssues(http, { where: backlogWhere(BENCH_PROJECT), orderBy: BACKLOG_ORDER, fields: fieldsForBacklog(backlog.fieldMap) });
  const now = new Date();
  domainCompute(backlog, now, raw); // warm-up, as a warm Forge instance would be
  const { ms, last } = await timeRuns(runs, () => domainCompute(backlog, now, raw));
  return { issues: backlog.issues.length, ms, output: last };
}

/**
 * Figures 9-11: the panel against a Jira that takes its time, the demo site's latency model on (see
 * test/demo-site/latency.ts; the defaults and where they come from: README, "The latency model").
 * 9: first open of the panel on a cold resolver instance, against the lower bound the model allows, and the
 *    same load read in parallel and one request after another, side by side, through the Jira layer;
 * 10: the refresh after 1% of the backlog was edited (the next getBalance on the warm instance);
 * 11: the issue panel opened on a cold instance while the user's snapshot is stored.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { JIRA_CLOUD_LATENCY, serviceMs, SEARCH_PAGE_CAP_KEYS_ONLY, type DemoSite, type LatencyModel } from '../test/demo-site';
import { createJiraHttp, fieldsForBacklog, loadTeamBacklog, RequestLimiter, route, type TeamBacklog } from '../src/jira';
import { BACKLOG_ORDER, backlogWhere } from '../src/jira/backlog';
import { editIssues, spreadSample } from './editIssues';
import type { Figure } from './figures';
import { CHANGED_SHARE } from './jiraLoad';
import { FIRST_PANEL_WAVES, IssuePanelInstance, PanelInstance } from './resolvers';
import { childIssuePanel } from './childProcess';
import { BENCH_PROJECT, poRequestJira } from './site';
import { formatCount, round } from './stats';

export const FIRST_OPEN_BOUND_GOAL = 1.3;
export const SEQUENTIAL_GOAL = 5;
export const REFRESH_GOAL_MS = 3000;
export const ISSUE_PANEL_GOAL_MS = 1500;

/** The model at `scale` of its times (the smoke run uses a tenth, so it stays quick). */
export function scaledModel(scale: number, model: LatencyModel = JIRA_CLOUD_LATENCY): LatencyModel {
  return {
    ...model,
    baseMs: model.baseMs * scale,
    perIssueKeyOnlyMs: model.perIssueKeyOnlyMs * scale,
    perIssueFieldMs: model.perIssueFieldMs * scale,
    retryAfterSeconds: model.retryAfterSeconds * scale,
  };
}

interface Traffic {
  requests: number;
  throttled: number;
  /** Sum of the service times the model gave (the work Jira did). */
  workMs: number;
  bulkFetches: number;
}

function traffic(site: DemoSite): Traffic {
  const log = site.requestLog;
  return {
    requests: log.length,
    throttled: log.filter((e) => e.status === 429).length,
    workMs: log.reduce((sum, e) => sum + (e.serviceMs ?? 0), 0),
    bulkFetches: log.filter((e) => e.path === '/rest/api/3/issue/bulkfetch').length,
  };
}

interface Timed<T> {
  result: T;
  ms: number;
  /** CPU time of this process meanwhile (the app and the demo site; on a loaded machine the wall time waits for it). */
  cpuMs: number;
  traffic: Traffic;
}

async function timed<T>(site: DemoSite, body: () => Promise<T>): Promise<Timed<T>> {
  site.clearRequestLog();
  const start = performance.now();
  const cpu = process.cpuUsage();
  const result = await body();
  const used = process.cpuUsage(cpu);
  return { result, ms: performance.now() - start, cpuMs: (used.user + used.system) / 1000, traffic: traffic(site) };
}

/**
 * The longest chain of requests that must wait for each other, by the model without jitter: one round trip
 * before the backlog's search (the user and the board), the key pages one after another (each needs the last
 * one's token), one bulk fetch of the last keys, and the parents' fetch, which needs the fields.
 */
function chainMs(model: LatencyModel, backlog: TeamBacklog): number {
  const open = backlog.issues.length + backlog.nonBacklogKeys.length;
  const fields = fieldsForBacklog(backlog.fieldMap).length;
  const pages = Math.max(1, Math.ceil(open / SEARCH_PAGE_CAP_KEYS_ONLY));
  let keyPages = 0;
  for (let p = 0; p < pages; p++) keyPages += serviceMs(model, { issues: Math.min(SEARCH_PAGE_CAP_KEYS_ONLY, open - p * SEARCH_PAGE_CAP_KEYS_ONLY), fields: 0 });
  return model.baseMs + keyPages + serviceMs(model, { issues: 100, fields }) + serviceMs(model, { issues: 100, fields: 5 });
}

const seconds = (ms: number): number => round(ms / 1000, 2);

/** The issue panel opened in a fresh process over the app's storage (see runChildIssuePanel): its times, and Jira's traffic. */
async function inFreshProcess(site: DemoSite, storeDir: string, issueKey: string): Promise<{ ms: number; cpuMs: number; traffic: Traffic }> {
  site.clearRequestLog();
  const run = await childIssuePanel(site, storeDir, issueKey, 120_000);
  const opened = run.events.flatMap((e) => (e.kind === 'issuePanel' ? [e] : []))[0];
  if (!opened) throw new Error(`The issue panel of ${issueKey} did not answer in the fresh process${run.timedOut ? ' (timed out)' : ''}`);
  return { ms: opened.ms, cpuMs: opened.cpuMs, traffic: traffic(site) };
}

/**
 * One untimed search of the backlog with the model off: the demo site sorts its issues by rank on the first
 * search after seeding, CPU of this very process that would hold up the app's timers and every other answer
 * (Jira's index is always warm: this is not what the latency model stands for). The app learns nothing from it.
 */
export async function warmSite(site: DemoSite): Promise<void> {
  site.setLatency(null);
  await createJiraHttp(poRequestJira(site)).post(route`/rest/api/3/search/jql`, { jql: `${backlogWhere(BENCH_PROJECT)} ${BACKLOG_ORDER}`, fields: ['key'], maxResults: 1 });
}

export interface LatencyOptions {
  /** Scale of the model's times (1 in a full run). */
  timeScale: number;
  /** Read the same load through the Jira layer in parallel and sequentially (figure 9's second row; minutes at 50k). */
  sideBySide: boolean;
  log: (line: string) => void;
}

export async function latencyFigures(site: DemoSite, options: LatencyOptions): Promise<Figure[]> {
  const model = scaledModel(options.timeScale);
  const storeDir = mkdtempSync(path.join(tmpdir(), 'bench-latency-'));
  const scaleNote = options.timeScale === 1 ? '' : ` (model at ${options.timeScale}x its times: a smoke run)`;
  try {
    await warmSite(site);
    site.setLatency(model);
    options.log('  latency model: first open (resolvers, cold instance)');
    const panel = new PanelInstance(site.baseUrl, site.po, storeDir);
    const open = await timed(site, () => panel.callWaves(FIRST_PANEL_WAVES));
    const backlog = panel.backlog;
    const n = backlog.issues.length;
    const byWork = open.traffic.workMs / model.concurrentPerUser;
    const chain = chainMs(model, backlog);
    const bound = Math.max(byWork, chain);

    const jiraLoad = (readPool?: { initial: number; max: number }) =>
      // A cold instance's limiter, as the resolvers have (the sequential read never needs it).
      timed(site, () => loadTeamBacklog(createJiraHttp(poRequestJira(site), { limiter: new RequestLimiter() }), { projectKey: BENCH_PROJECT, readPool }));
    let sideBySide: { parallel: Timed<TeamBacklog>; sequential: Timed<TeamBacklog> } | null = null;
    if (options.sideBySide) {
      options.log('  latency model: the same load, parallel then sequential (Jira layer)');
      const parallel = await jiraLoad();
      sideBySide = { parallel, sequential: await jiraLoad({ initial: 1, max: 1 }) };
    }

    // The Balance tab asks its forecast as soon as it opens (BalanceTab.tsx): the plan that makes of the snapshot
    // just written is stored beside it, for the issue panel (figure 11). Not part of figure 9's time.
    await panel.call('getForecast');

    options.log('  latency model: refresh after 1% edited, then the issue panel');
    site.setLatency(null);
    const keys = spreadSample(backlog.issues.map((i) => i.key), CHANGED_SHARE);
    await editIssues(site, keys, backlog.fieldMap.storyPoints);
    site.setLatency(model);
    const refresh = await timed(site, () => panel.call('getBalance'));
    const issueKey = backlog.issues[Math.floor(n / 2)]?.key ?? '';
    // A cold instance is a fresh process, as Forge starts one (this one also holds the demo site and the warm
    // instance, whose garbage collection a cold instance would not pay): the figure. In this process: beside it.
    const issuePanel = await inFreshProcess(site, storeDir, issueKey);
    const inThisProcess = await timed(site, () => new IssuePanelInstance(site.baseUrl, site.po, storeDir).open(issueKey));
    // The same open where no plan was stored yet (nobody opened the Balance or Fill tab since the snapshot was
    // written): the cold instance plans the whole backlog itself.
    const kv = new IssuePanelInstance(site.baseUrl, site.po, storeDir).platform.store.kv;
    for (const { key } of await kv.listByPrefix(`proj:${BENCH_PROJECT}:snap:`)) if (/:plan(:|$)/.test(key)) await kv.delete(key);
    const unplanned = await inFreshProcess(site, storeDir, issueKey);

    const modelText =
      `model: ${round(model.baseMs, 1)} ms a request + ${round(model.perIssueFieldMs, 4)} ms per issue and field (${round(model.perIssueKeyOnlyMs, 4)} key-only), ` +
      `${model.concurrentPerUser} in flight per user, Retry-After ${model.retryAfterSeconds} s, jitter ±${model.jitter * 100}%${scaleNote}`;
    const tenK = n >= 5000 && n < 20000;
    const large = n >= 40000;
    const figures: Figure[] = [
      {
        figure: 9,
        name: 'First open under the latency model: wall time (resolvers, cold) / lower bound',
        backlog: n,
        value: seconds(open.ms),
        unit: 's',
        goal: `<= ${FIRST_OPEN_BOUND_GOAL}x lower bound`,
        holds: open.ms <= FIRST_OPEN_BOUND_GOAL * bound,
        detail:
          `${round(open.ms / bound, 2)}x the lower bound ${seconds(bound)} s = max(work ${seconds(open.traffic.workMs)} s / ${model.concurrentPerUser} in flight = ${seconds(byWork)} s, ` +
          `chain of dependent requests ${seconds(chain)} s); ${formatCount(open.traffic.requests)} requests (${open.traffic.throttled} answered 429); ` +
          `${FIRST_PANEL_WAVES.map((wave) => wave.join(' with ')).join(', then ')}; ${modelText}`,
      },
      {
        figure: 10,
        name: `Refresh after ${CHANGED_SHARE * 100}% edited under the latency model (getBalance, warm instance)`,
        backlog: n,
        value: seconds(refresh.ms),
        unit: 's',
        goal: large ? `< ${REFRESH_GOAL_MS / 1000} at 50k` : 'report',
        holds: large ? refresh.ms < REFRESH_GOAL_MS : null,
        detail:
          `${formatCount(keys.length)} issues edited; ${refresh.traffic.requests} requests (${refresh.traffic.throttled} answered 429), Jira's work ${seconds(refresh.traffic.workMs)} s; ` +
          `CPU of the bench process meanwhile (app and demo site) ${seconds(refresh.cpuMs)} s`,
      },
      {
        figure: 11,
        name: 'Issue panel open with the snapshot stored, under the latency model (cold instance)',
        backlog: n,
        value: round(issuePanel.ms, 0),
        unit: 'ms',
        goal: `< ${ISSUE_PANEL_GOAL_MS}`,
        holds: issuePanel.ms < ISSUE_PANEL_GOAL_MS,
        detail:
          `getIssueInsight of ${issueKey} (position ${formatCount(Math.floor(n / 2))}), from the stored snapshot (written by the first open, ` +
          `before the 1% edits) with the issue read again, and the plan stored beside it (made by the Balance tab's getForecast then): ` +
          `${issuePanel.traffic.requests} requests, ${issuePanel.traffic.bulkFetches} of them bulk fetches (a full load would take ${formatCount(Math.ceil(n / 100))}), ` +
          `${issuePanel.traffic.throttled} answered 429, Jira's work ${seconds(issuePanel.traffic.workMs)} s; CPU of the instance ${seconds(issuePanel.cpuMs)} s, ` +
          `in a fresh process (as Forge starts a cold instance); the same in the bench process (which also holds the demo site and the warm instance): ` +
          `${round(inThisProcess.ms, 0)} ms, CPU ${seconds(inThisProcess.cpuMs)} s; with no plan stored (the cold instance plans the backlog itself, fresh process): ` +
          `${round(unplanned.ms, 0)} ms, CPU ${seconds(unplanned.cpuMs)} s`,
      },
    ];
    if (sideBySide) {
      const { parallel, sequential } = sideBySide;
      const speedup = sequential.ms / parallel.ms;
      figures.push({
        figure: 9,
        name: 'First open under the latency model: the same load read sequentially / in parallel',
        backlog: n,
        value: round(speedup, 1),
        unit: 'x faster',
        goal: tenK ? `>= ${SEQUENTIAL_GOAL} at 10k` : 'report',
        holds: tenK ? speedup >= SEQUENTIAL_GOAL : null,
        detail:
          `side by side through the Jira layer (loadTeamBacklog): parallel ${seconds(parallel.ms)} s in ${formatCount(parallel.traffic.requests)} requests ` +
          `(${parallel.traffic.throttled} answered 429) vs one request after another ${seconds(sequential.ms)} s in ${formatCount(sequential.traffic.requests)}`,
      });
    }
    return figures;
  } finally {
    site.setLatency(null);
    rmSync(storeDir, { recursive: true, force: true });
  }
}

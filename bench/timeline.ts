/**
 * Diagnosis, not a figure: the request timeline of the panel's first open under the latency model (each
 * request's arrival and answer at the demo site, and how many were in flight meanwhile), to see where the
 * wall time goes against the lower bound: 429s, idle gaps below the cap, the tail.
 * `npx tsx bench/timeline.ts [backlog size] [out.json]`.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { JIRA_CLOUD_LATENCY, type RequestLogEntry } from '../test/demo-site';
import { warmSite } from './latency';
import { FIRST_PANEL_WAVES, PanelInstance } from './resolvers';
import { minimumRequests } from './minimum';
import { poRequestJira, startBenchSite, tapRequestJira } from './site';

/** A short name for a request: its path without ids and query. */
function kindOf(entry: RequestLogEntry): string {
  return entry.path.split('?')[0]?.replace(/\/\d+/g, '/N') ?? entry.path;
}

async function main(): Promise<void> {
  const size = Number(process.argv[2] ?? 10000);
  const out = process.argv[3] ?? '/tmp/first-open-timeline.json';
  const site = await startBenchSite(size);
  const storeDir = mkdtempSync(path.join(tmpdir(), 'bench-timeline-'));
  try {
    await warmSite(site);
    site.setLatency(JIRA_CLOUD_LATENCY);
    const panel = new PanelInstance(site.baseUrl, site.po, storeDir);
    site.clearRequestLog();
    const start = performance.now();
    // The client's side: what each request asked (the search's JQL) and when its body was read.
    const asked: { at: number; done: number; status: number; what: string }[] = [];
    const tap = tapRequestJira(poRequestJira(site));
    panel.port = async (route, init) => {
      const at = performance.now() - start;
      const response = await tap.requestJira(route, init);
      const body = init?.body ? (JSON.parse(init.body) as Record<string, unknown>) : {};
      const what = `${route.value.split('?')[0]} ${typeof body.jql === 'string' ? body.jql.slice(0, 80) : ''}${body.nextPageToken ? ' (next page)' : ''}${Array.isArray(body.fields) ? ` [${body.fields.length} fields]` : ''}`;
      const entry = { at, done: 0, status: response.status, what };
      asked.push(entry);
      const text = await response.text();
      entry.done = performance.now() - start;
      return { status: response.status, headers: response.headers, text: async () => text, json: async () => JSON.parse(text) as unknown };
    };
    const calls: { call: string; from: number; to: number }[] = [];
    for (const wave of FIRST_PANEL_WAVES) {
      await Promise.all(
        wave.map(async (call) => {
          const from = performance.now() - start;
          await panel.call(call);
          calls.push({ call, from, to: performance.now() - start });
        }),
      );
    }
    const wall = performance.now() - start;
    console.log(`started at ${Math.round(start)} ms of the process`);
    const log = site.requestLog.map((e) => ({ kind: kindOf(e), status: e.status, at: e.receivedAt - start, done: e.answeredAt - start, serviceMs: e.serviceMs ?? 0 }));
    log.sort((a, b) => a.at - b.at);
    const work = log.reduce((s, e) => s + e.serviceMs, 0);
    // In flight per 100 ms slice (time-weighted), and the time with fewer than the cap in flight.
    const cap = JIRA_CLOUD_LATENCY.concurrentPerUser;
    const slices: number[] = [];
    for (let t = 0; t < wall; t += 100) {
      let busy = 0;
      for (const e of log) busy += Math.max(0, Math.min(e.done, t + 100) - Math.max(e.at, t));
      slices.push(Math.round((busy / 100) * 10) / 10);
    }
    console.log(`wall ${Math.round(wall)} ms, ${log.length} requests, ${log.filter((e) => e.status === 429).length} x 429, work ${Math.round(work)} ms, work/${cap} ${Math.round(work / cap)} ms`);
    const minimum = minimumRequests(tap.calls);
    console.log(`requests ${minimum.actual}, minimum ${minimum.minimum}; avoidable: ${minimum.avoidable.join('; ') || 'none'}`);
    console.log('calls', calls.map((c) => `${c.call} ${Math.round(c.from)}-${Math.round(c.to)}`).join(', '));
    console.log('in flight per 100 ms:', slices.join(' '));
    for (const e of asked.sort((a, b) => a.at - b.at)) console.log(`${e.at.toFixed(0).padStart(6)} ${e.done.toFixed(0).padStart(6)} ${String(e.status)} ${e.what}`);
    writeFileSync(out, JSON.stringify({ wall, calls, log, slices }, null, 1));
  } finally {
    site.setLatency(null);
    rmSync(storeDir, { recursive: true, force: true });
    await site.close();
  }
}

void main();

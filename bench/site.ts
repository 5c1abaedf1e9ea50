/**
 * The demo Jira site sized for a team backlog, and the production Jira client against it (the local
 * adapter: fetch + basic auth, as the harness uses). A tap on the port records what each request asked for
 * (JQL, fields) and how many issues came back, so request counts can be compared with the minimum.
 */
import { startDemoSite, type DemoSite } from '../test/demo-site';
import { localRequestJira, type JiraResponse, type RequestJira } from '../src/jira';

/** The team whose backlog the benchmark loads (the PO administers it). */
export const BENCH_PROJECT = 'ORION';
/** Fixed seed, so every run measures the same site (its "today" is the real one, so sprints stay current). */
export const BENCH_SEED = 20261;
/**
 * Share of the seeded issues that end up open in ORION (measured on this seed: 947 of 3,500, 10,016 of
 * 35,000, 50,361 of 175,000); the site is seeded at backlog / share so the backlog has about that many rows.
 */
const OPEN_ORION_SHARE = 0.2862;

export function siteScaleFor(backlogSize: number): number {
  return Math.max(60, Math.round(backlogSize / OPEN_ORION_SHARE));
}

export async function startBenchSite(backlogSize: number): Promise<DemoSite> {
  return startDemoSite({ seed: BENCH_SEED, scale: siteScaleFor(backlogSize) });
}

export function poRequestJira(site: DemoSite): RequestJira {
  return localRequestJira({ baseUrl: site.baseUrl, email: site.po.email, apiToken: site.po.apiToken });
}

/** What one request asked and got, seen from the client side. */
export interface TappedCall {
  method: string;
  /** Path and query. */
  path: string;
  /** Parsed JSON request body (searches: jql, fields, maxResults, nextPageToken). */
  body: Record<string, unknown> | null;
  status: number;
  /** Issues in a search answer; 0 otherwise. */
  issues: number;
  /** Entries of an Agile list page (`values`); 0 otherwise. */
  values: number;
  /** Response body size in bytes (UTF-8). */
  bytes: number;
}

export interface Tap {
  requestJira: RequestJira;
  calls: TappedCall[];
}

/** Wraps a port to record every call; the body is read once and handed on unchanged. */
export function tapRequestJira(inner: RequestJira): Tap {
  const calls: TappedCall[] = [];
  const requestJira: RequestJira = async (path, init) => {
    const response = await inner(path, init);
    const call: TappedCall = {
      method: init?.method ?? 'GET',
      path: path.value,
      body: init?.body ? (JSON.parse(init.body) as Record<string, unknown>) : null,
      status: response.status,
      issues: 0,
      values: 0,
      bytes: 0,
    };
    calls.push(call);
    let text: Promise<string> | null = null;
    const readText = (): Promise<string> => {
      text ??= response.text().then((t) => {
        call.bytes = Buffer.byteLength(t);
        const parsed = readJson(t);
        call.issues = Array.isArray(parsed?.issues) ? parsed.issues.length : 0;
        call.values = Array.isArray(parsed?.values) ? parsed.values.length : 0;
        return t;
      });
      return text;
    };
    const tapped: JiraResponse = {
      status: response.status,
      headers: response.headers,
      text: readText,
      json: async () => JSON.parse(await readText()) as unknown,
    };
    return tapped;
  };
  return { requestJira, calls };
}

function readJson(text: string): { issues?: unknown; values?: unknown } | null {
  try {
    const parsed: unknown = JSON.parse(text);
    return typeof parsed === 'object' && parsed !== null ? (parsed as { issues?: unknown; values?: unknown }) : null;
  } catch {
    return null;
  }
}

/** Requests and response bytes the site answered since the log was last cleared. */
export function siteTraffic(site: DemoSite): { requests: number; bytes: number } {
  return { requests: site.requestLog.length, bytes: site.requestLog.reduce((sum, e) => sum + e.bytes, 0) };
}

/**
 * The fewest Jira requests that could have fetched the same data: every distinct read once, each search at
 * the largest page size the site serves for the fields it asked (5,000 for id/key only, else 100), bulk
 * fetches at 100 issues each (per set of fields asked), and the Agile lists at 50 per page. Searches of the
 * same JQL count as one read (with the union of their fields). Everything above that is listed as avoidable,
 * by endpoint.
 */
import { BULK_FETCH_LIMIT, SEARCH_PAGE_CAP, SEARCH_PAGE_CAP_KEYS_ONLY } from '../test/demo-site';
import type { TappedCall } from './site';

/** Jira's Agile lists (boards, sprints) answer at most 50 entries a page (so does the demo site). */
const AGILE_LIST_PAGE = 50;

export interface MinimumReport {
  actual: number;
  minimum: number;
  /** "2x GET /rest/api/3/myself (read 3 times, needed once)" and the like; empty when actual = minimum. */
  avoidable: string[];
}

const KEY_LIST = /\b(key|issuekey)\s+in\s*\(([^)]*)\)/gi;
const SEARCH_PATH = '/rest/api/3/search/jql';
const COUNT_PATH = '/rest/api/3/search/approximate-count';
const BULK_PATH = '/rest/api/3/issue/bulkfetch';

function pageCapFor(fields: unknown): number {
  const list = Array.isArray(fields) ? fields.filter((f): f is string => typeof f === 'string') : [];
  return list.every((f) => f === 'id' || f === 'key') ? SEARCH_PAGE_CAP_KEYS_ONLY : SEARCH_PAGE_CAP;
}

interface SearchGroup {
  label: string;
  cap: number;
  requests: number;
  /** Issues of the largest single pass (a pass starts at a request without a page token). */
  largestPass: number;
  currentPass: number;
  /** Keys named in `key in (...)` lists, when the JQL is a read by key. */
  keys: Set<string>;
}

function endpointOf(call: TappedCall): string {
  const [path, query = ''] = call.path.split('?');
  const params = new URLSearchParams(query);
  params.delete('startAt');
  params.delete('maxResults');
  const rest = params.toString();
  return `${call.method} ${path}${rest ? `?${rest}` : ''}`;
}

/** A short name for what a call read: the endpoint, or the search's JQL shape (key lists elided). */
function callGroup(call: TappedCall): string {
  const path = call.path.split('?')[0] as string;
  if (path !== SEARCH_PATH) return endpointOf(call);
  const shape = String(call.body?.jql ?? '').replace(KEY_LIST, '$1 in (…)');
  const fields = Array.isArray(call.body?.fields) ? (call.body?.fields as unknown[]).length : 0;
  return `search "${truncate(shape, 90)}" (${fields} fields)`;
}

/** Bytes per group, largest first: "search ... 210.3 KB in 3 requests". */
export function bytesByGroup(calls: readonly TappedCall[]): { group: string; bytes: number; requests: number }[] {
  const groups = new Map<string, { group: string; bytes: number; requests: number }>();
  for (const call of calls) {
    const name = callGroup(call);
    const group = groups.get(name) ?? { group: name, bytes: 0, requests: 0 };
    groups.set(name, group);
    group.bytes += call.bytes;
    group.requests++;
  }
  return [...groups.values()].sort((a, b) => b.bytes - a.bytes);
}

export function minimumRequests(calls: readonly TappedCall[]): MinimumReport {
  const searches = new Map<string, SearchGroup>();
  const reads = new Map<string, { requests: number; largestPass: number; currentPass: number }>();
  const avoidable: string[] = [];
  let progressCounts = 0;
  const bulk = new Map<string, { requests: number; refs: Set<string> }>();
  for (const call of calls) {
    const path = call.path.split('?')[0] as string;
    if (path === COUNT_PATH) {
      progressCounts++;
      continue;
    }
    if (path === BULK_PATH) {
      // A retried fetch asks the same issues again: count distinct issues per set of fields.
      const fields = JSON.stringify(call.body?.fields ?? []);
      const group = bulk.get(fields) ?? { requests: 0, refs: new Set<string>() };
      bulk.set(fields, group);
      group.requests++;
      const refs = Array.isArray(call.body?.issueIdsOrKeys) ? (call.body?.issueIdsOrKeys as unknown[]) : [];
      refs.forEach((r) => group.refs.add(String(r)));
      continue;
    }
    if (path !== SEARCH_PATH) {
      const key = endpointOf(call);
      const read = reads.get(key) ?? { requests: 0, largestPass: 0, currentPass: 0 };
      reads.set(key, read);
      read.requests++;
      const startAt = Number(new URLSearchParams(call.path.split('?')[1] ?? '').get('startAt') ?? 0);
      if (startAt === 0) read.currentPass = 0;
      read.currentPass += call.values;
      read.largestPass = Math.max(read.largestPass, read.currentPass);
      continue;
    }
    const jqlText = String(call.body?.jql ?? '');
    const keys = [...jqlText.matchAll(KEY_LIST)].flatMap((m) => (m[2] as string).split(',').map((k) => k.trim().replace(/^['"]|['"]$/g, '')));
    // One search with the union of the fields would serve every search of the same JQL: group by JQL alone.
    const label = jqlText.replace(KEY_LIST, '$1 in (…)');
    const group = searches.get(label) ?? { label, cap: SEARCH_PAGE_CAP_KEYS_ONLY, requests: 0, largestPass: 0, currentPass: 0, keys: new Set<string>() };
    searches.set(label, group);
    group.cap = Math.min(group.cap, pageCapFor(call.body?.fields));
    group.requests++;
    if (call.body?.nextPageToken === undefined) group.currentPass = 0;
    group.currentPass += call.issues;
    group.largestPass = Math.max(group.largestPass, group.currentPass);
    keys.forEach((k) => group.keys.add(k));
  }

  let minimum = 0;
  for (const [endpoint, read] of reads) {
    // Agile lists (boards, sprints) page at 50 at most; any other read is needed once.
    const needed = Math.max(1, Math.ceil(read.largestPass / AGILE_LIST_PAGE));
    minimum += needed;
    if (read.requests > needed) avoidable.push(`${read.requests - needed}x ${endpoint} (read ${read.requests} times, needed ${needed})`);
  }
  for (const group of searches.values()) {
    const issues = group.keys.size > 0 ? group.keys.size : group.largestPass;
    const needed = Math.max(1, Math.ceil(issues / group.cap));
    minimum += needed;
    if (group.requests > needed) {
      avoidable.push(`${group.requests - needed}x search ${truncate(group.label, 140)} (${group.requests} pages for ${issues} issues at ${group.cap} per page: ${needed} needed)`);
    }
  }
  for (const [fields, group] of bulk) {
    const needed = Math.max(1, Math.ceil(group.refs.size / BULK_FETCH_LIMIT));
    minimum += needed;
    if (group.requests > needed) avoidable.push(`${group.requests - needed}x POST ${BULK_PATH} of ${truncate(fields, 60)} (${group.requests} for ${group.refs.size} issues at ${BULK_FETCH_LIMIT} a call: ${needed} needed)`);
  }
  if (progressCounts > 0) avoidable.push(`${progressCounts}x POST ${COUNT_PATH} (progress estimate only)`);
  return { actual: calls.length, minimum, avoidable };
}

function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

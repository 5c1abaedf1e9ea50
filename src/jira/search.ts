/**
 * Enhanced JQL search (`POST /rest/api/3/search/jql`) with `nextPageToken` paging. The server caps the
 * page size (larger when only id/key are asked), so we always ask for the largest and take what comes.
 * A failure after the first page is a `JiraPartialDataError`: a short backlog is never returned as whole.
 */

import { JiraError, JiraPartialDataError, JiraUnexpectedResponseError } from './errors';
import type { JiraHttp } from './http';
import { asArray, asNumber, asRecord, asString } from './json';
import { route } from './route';
import type { JiraIssueJson } from './types';

/** Jira pages id/key-only searches at up to 5000; anything richer is capped lower by the server. */
export const MAX_SEARCH_PAGE = 5000;

export type ProgressCallback = (loaded: number, approxTotal: number | null) => void;

export interface SearchOptions {
  /** The JQL without ORDER BY (also used for the approximate count). */
  where: string;
  orderBy?: string;
  fields: readonly string[];
  onProgress?: ProgressCallback;
  /** Ask for an approximate total for progress (one extra request, sent alongside the first page). */
  countForProgress?: boolean;
  /**
   * Ids of issues this app just changed: Jira's search is eventually consistent, and these are
   * reconciled so the results show our own writes. Jira accepts at most 50; extra ids are ignored.
   */
  reconcileIssueIds?: readonly number[];
}

export const MAX_RECONCILE_IDS = 50;

export function searchAllIssues(http: JiraHttp, options: SearchOptions): Promise<JiraIssueJson[]> {
  return searchAllMapped(http, options, (issue) => issue);
}

/**
 * `searchAllIssues` that maps each issue as its page arrives (in order), so a page's JSON can be dropped
 * before the next one is read: a 50k-issue backlog then never holds all of Jira's answers at once.
 */
export async function searchAllMapped<T>(http: JiraHttp, options: SearchOptions, map: (issue: JiraIssueJson) => T): Promise<T[]> {
  const jqlText = options.orderBy ? `${options.where} ${options.orderBy}` : options.where;
  const countPromise: Promise<number | null> =
    options.countForProgress && options.onProgress ? approximateCount(http, options.where) : Promise.resolve(null);
  const reconcileIssues = [...new Set(options.reconcileIssueIds ?? [])].filter((id) => Number.isSafeInteger(id) && id > 0).slice(0, MAX_RECONCILE_IDS);
  const issues: T[] = [];
  const seenTokens = new Set<string>();
  let approxTotal: number | null = null;
  const readPage = async (nextPageToken: string | undefined): Promise<SearchPage> =>
    readSearchPage(
      await http.post(route`/rest/api/3/search/jql`, {
        jql: jqlText,
        fields: options.fields,
        maxResults: MAX_SEARCH_PAGE,
        ...(nextPageToken === undefined ? {} : { nextPageToken }),
        ...(reconcileIssues.length > 0 ? { reconcileIssues } : {}),
      }),
    );
  let pending = readPage(undefined);
  for (;;) {
    let page: SearchPage;
    try {
      page = await pending;
    } catch (error) {
      if (issues.length > 0 && error instanceof JiraError) throw new JiraPartialDataError(issues.length, error);
      throw error;
    }
    const token = page.isLast ? null : page.nextPageToken;
    const repeated = token !== null && seenTokens.has(token);
    if (token !== null && !repeated) {
      seenTokens.add(token);
      // The next page is asked for before this one is mapped, so mapping runs while Jira answers. A failure
      // is handled where the page is awaited; the catch only keeps it from counting as unhandled meanwhile.
      pending = readPage(token);
      pending.catch(() => undefined);
    }
    for (const issue of page.issues) issues.push(map(issue));
    if (approxTotal === null) approxTotal = await countPromise;
    options.onProgress?.(issues.length, approxTotal === null ? null : Math.max(approxTotal, issues.length));
    if (token === null) return issues;
    if (repeated) {
      throw new JiraPartialDataError(
        issues.length,
        new JiraUnexpectedResponseError('Jira repeated a page token; paging would never end.', { status: 200 }),
      );
    }
  }
}

interface SearchPage {
  issues: JiraIssueJson[];
  nextPageToken: string | null;
  isLast: boolean;
}

function readSearchPage(body: unknown): SearchPage {
  const record = asRecord(body);
  if (!record || !Array.isArray(record.issues)) {
    throw new JiraUnexpectedResponseError('Jira answered the issue search without an issue list.', { status: 200 });
  }
  const issues: JiraIssueJson[] = [];
  for (const raw of asArray(record.issues)) {
    const issue = asRecord(raw);
    const key = asString(issue?.key);
    // Skipping it would silently shorten the backlog.
    if (!issue || !key) throw new JiraUnexpectedResponseError('Jira returned an issue without a key in a search.', { status: 200 });
    issues.push({ id: asString(issue.id) ?? undefined, key, fields: asRecord(issue.fields) ?? undefined });
  }
  // Some sites end with an empty token and no isLast: that is the last page too.
  const nextPageToken = asString(record.nextPageToken) || null;
  // Jira sends isLast; when it is missing, the absence of a token is the end.
  const isLast = typeof record.isLast === 'boolean' ? record.isLast : nextPageToken === null;
  return { issues, nextPageToken, isLast };
}

/** Jira's approximate count for a JQL; null when Jira cannot give one (progress then shows no total). */
export async function approximateCount(http: JiraHttp, where: string): Promise<number | null> {
  try {
    return asNumber(asRecord(await http.post(route`/rest/api/3/search/approximate-count`, { jql: where }))?.count);
  } catch {
    return null;
  }
}

/** Splits keys into chunks small enough for one `key in (...)` clause. */
export function chunk<T>(items: readonly T[], size: number): T[][] {
  const chunks: T[][] = [];
  for (let i = 0; i < items.length; i += size) chunks.push(items.slice(i, i + size));
  return chunks;
}

/**
 * Which parents and linked issues changed since the last read, for an incremental refresh.
 *
 * Any change of their own (status, fix versions, summary) moves their `updated`, so one key-only search of
 * their projects for `updated >= since` names the changed ones (Jira pages key-only searches at up to 5000),
 * and only those are read. A deleted issue or one hidden from the user since does not show up that way: a
 * search by key (100 keys a search, where Jira names the keys that no longer exist or are hidden) notices
 * those, and runs when the last one is older than `RELATED_MAX_AGE_MS`, or when Jira refuses the project
 * search (a project hidden from the user meanwhile).
 */

import { JiraValidationError } from './errors';
import { FEATURE_FIELDS, readIssuesByKey, type RelatedIssues } from './features';
import type { JiraHttp } from './http';
import { jql, jqlProjectIn, projectOfIssueKey } from './jql';
import { chunk, searchAllIssues } from './search';

/** Related issues are checked by key (noticing deleted or hidden ones) at least this often. */
export const RELATED_MAX_AGE_MS = 15 * 60_000;

/** Searches by key sent at once: with `updated >= since` most answers are empty, so waiting is what costs. */
const RELATED_READS_AT_ONCE = 4;

/** Reads the given issues by key (with their commitments), `onlyWhere` narrowing what comes back. */
export async function readRelated(http: JiraHttp, keys: readonly string[], onlyWhere?: string): Promise<RelatedIssues> {
  const sorted = [...new Set(keys)].sort();
  const share = Math.ceil(sorted.length / RELATED_READS_AT_ONCE / 100) * 100;
  const slices = share === 0 ? [] : chunk(sorted, share);
  const parts = await Promise.all(slices.map((slice) => readIssuesByKey(http, slice, FEATURE_FIELDS, onlyWhere)));
  return {
    issues: parts.flatMap((p) => p.issues),
    missing: parts.flatMap((p) => p.missing),
    warnings: parts.flatMap((p) => p.warnings),
  };
}

export interface UpdatedRelated extends RelatedIssues {
  /** True when this check went by key, so `missing` is complete as of now. */
  checkedByKey: boolean;
}

/**
 * The related issues among `keys` updated since `updatedSince` (a validated `updated >= ...` clause), by
 * key when `byKey` says the periodic check is due, else through one search of their projects.
 */
export async function readUpdatedRelated(http: JiraHttp, keys: readonly string[], updatedSince: string, byKey: boolean): Promise<UpdatedRelated> {
  const byKeyCheck = async (): Promise<UpdatedRelated> => ({ ...(await readRelated(http, keys, updatedSince)), checkedByKey: true });
  if (byKey || keys.length === 0) return byKeyCheck();
  const projects = [...new Set(keys.map(projectOfIssueKey))].sort();
  let updated: string[];
  try {
    updated = (await searchAllIssues(http, { where: jql([jqlProjectIn(projects), updatedSince]), fields: ['key'] })).map((i) => i.key);
  } catch (error) {
    if (error instanceof JiraValidationError) return byKeyCheck();
    throw error;
  }
  const wanted = new Set(keys);
  const changed = updated.filter((key) => wanted.has(key));
  return { ...(await readRelated(http, changed)), checkedByKey: false };
}

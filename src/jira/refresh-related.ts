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

/** The keys of the given projects' issues updated since (a validated `updated >= ...` clause), from one key-only search. */
export interface UpdatedInProjects {
  projects: readonly string[];
  /** Rejects as the search does (a `JiraValidationError` when Jira refuses one of the projects). */
  keys: Promise<string[]>;
}

/**
 * Starts the key-only search of those projects now, so a refresh can run it beside its other first reads
 * (the related issues' projects are mostly known from the last load). Failures wait for whoever awaits `keys`.
 */
export function searchUpdatedInProjects(http: JiraHttp, projects: readonly string[], updatedSince: string): UpdatedInProjects {
  const sorted = [...new Set(projects)].sort();
  const keys = searchAllIssues(http, { where: jql([jqlProjectIn(sorted), updatedSince]), fields: ['key'] }).then((issues) => issues.map((i) => i.key));
  keys.catch(() => undefined);
  return { projects: sorted, keys };
}

/**
 * The related issues among `keys` updated since `updatedSince` (a validated `updated >= ...` clause), by
 * key when `byKey` says the periodic check is due, else through one search of their projects (`early`'s, when
 * it was started beforehand for projects that cover them).
 */
export async function readUpdatedRelated(
  http: JiraHttp,
  keys: readonly string[],
  updatedSince: string,
  byKey: boolean,
  early?: UpdatedInProjects,
): Promise<UpdatedRelated> {
  const byKeyCheck = async (): Promise<UpdatedRelated> => ({ ...(await readRelated(http, keys, updatedSince)), checkedByKey: true });
  if (byKey || keys.length === 0) return byKeyCheck();
  const projects = [...new Set(keys.map(projectOfIssueKey))].sort();
  const covered = early !== undefined && projects.every((p) => early.projects.includes(p));
  let updated: string[];
  try {
    updated = covered ? await early.keys : await searchUpdatedInProjects(http, projects, updatedSince).keys;
  } catch (error) {
    if (error instanceof JiraValidationError) return byKeyCheck();
    throw error;
  }
  const wanted = new Set(keys);
  const changed = updated.filter((key) => wanted.has(key));
  return { ...(await readRelated(http, changed)), checkedByKey: false };
}

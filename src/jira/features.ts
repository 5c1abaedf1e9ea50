/** Reads parent issues (program features, epics) with their PI commitments: one search per 100 keys. */

import { JiraValidationError } from './errors';
import type { JiraHttp } from './http';
import { jql, jqlKeyIn } from './jql';
import { mapFeature } from './mapping';
import { fetchIssuesInOrder } from './ordered-read';
import { chunk, searchAllIssues } from './search';
import type { FeatureFacts, JiraIssueJson } from './types';
import { unreadableRelatedWarning, type JiraWarning } from './warnings';

const KEYS_PER_SEARCH = 100;
export const FEATURE_FIELDS = ['summary', 'issuetype', 'status', 'fixVersions', 'labels'] as const;

export interface RelatedIssues {
  issues: JiraIssueJson[];
  /** Keys Jira says do not exist (deleted, or hidden from this user since the last read). */
  missing: string[];
  warnings: JiraWarning[];
}

const QUOTED_KEY = /'([A-Z][A-Z0-9_]*-[1-9][0-9]*)'/g;

/** Keys a JQL error names (Jira: "An issue with key 'X-1' does not exist for field 'key'."). */
function keysNamedIn(error: JiraValidationError, asked: readonly string[]): string[] {
  const text = [...error.errorMessages, ...Object.values(error.errors)].join(' ');
  return [...text.matchAll(QUOTED_KEY)].map((m) => m[1] as string).filter((k) => asked.includes(k));
}

/**
 * Reads issues by key. When Jira rejects a chunk because some keys no longer exist or are now hidden,
 * those keys are dropped (and reported as missing) and the rest are read again; a rejection that names
 * no key skips the chunk with a warning. Either way the load goes on with what the user may see.
 * `onlyWhere` (a validated JQL clause, e.g. `updated >= ...`) narrows what is returned; Jira still names
 * keys that no longer exist or are hidden, so `missing` stays complete.
 */
export async function readIssuesByKey(
  http: JiraHttp,
  keys: readonly string[],
  fields: readonly string[],
  onlyWhere?: string,
): Promise<RelatedIssues> {
  const unique = [...new Set(keys)].sort();
  const result: RelatedIssues = { issues: [], missing: [], warnings: [] };
  for (const keysChunk of chunk(unique, KEYS_PER_SEARCH)) {
    let remaining = keysChunk;
    while (remaining.length > 0) {
      try {
        result.issues.push(...(await searchAllIssues(http, { where: onlyWhere ? jql([jqlKeyIn(remaining), onlyWhere]) : jqlKeyIn(remaining), fields })));
        break;
      } catch (error) {
        if (!(error instanceof JiraValidationError)) throw error;
        const named = keysNamedIn(error, remaining);
        if (named.length === 0) {
          result.warnings.push(unreadableRelatedWarning(remaining.length, error));
          break;
        }
        result.missing.push(...named);
        remaining = remaining.filter((k) => !named.includes(k));
      }
    }
  }
  return result;
}

/** Parents by key, fetched in parallel (bulk fetch); one Jira no longer has or shows is left out. */
export async function readFeatures(http: JiraHttp, parentKeys: readonly string[]): Promise<{ features: FeatureFacts[]; warnings: JiraWarning[] }> {
  const keys = [...new Set(parentKeys)].sort();
  return { features: await fetchIssuesInOrder(http, keys.map((key) => ({ key })), FEATURE_FIELDS, mapFeature), warnings: [] };
}

/** Reads parent issues (program features, epics) with their PI commitments: one search per 100 keys. */

import { JiraValidationError } from './errors';
import type { JiraHttp } from './http';
import { jqlKeyIn } from './jql';
import { mapFeature } from './mapping';
import { chunk, searchAllIssues } from './search';
import type { FeatureFacts, JiraIssueJson } from './types';

const KEYS_PER_SEARCH = 100;
export const FEATURE_FIELDS = ['summary', 'issuetype', 'status', 'fixVersions', 'labels'] as const;

export interface RelatedIssues {
  issues: JiraIssueJson[];
  /** Keys Jira refused to search for (deleted, or hidden from this user since the last read). */
  warnings: string[];
}

/**
 * Reads issues by key. A chunk Jira rejects (a key that no longer exists or is now hidden) is skipped with a
 * warning rather than failing the whole load: those parents/links then keep what the issue itself says.
 */
export async function readIssuesByKey(
  http: JiraHttp,
  keys: readonly string[],
  fields: readonly string[],
): Promise<RelatedIssues> {
  const unique = [...new Set(keys)].sort();
  const result: RelatedIssues = { issues: [], warnings: [] };
  for (const keysChunk of chunk(unique, KEYS_PER_SEARCH)) {
    try {
      result.issues.push(...(await searchAllIssues(http, { where: jqlKeyIn(keysChunk), fields })));
    } catch (error) {
      if (!(error instanceof JiraValidationError)) throw error;
      result.warnings.push(`Could not read ${keysChunk.length} related issues (${error.jiraText || error.message}).`);
    }
  }
  return result;
}

export async function readFeatures(http: JiraHttp, parentKeys: readonly string[]): Promise<{ features: FeatureFacts[]; warnings: string[] }> {
  const { issues, warnings } = await readIssuesByKey(http, parentKeys, FEATURE_FIELDS);
  return { features: issues.map(mapFeature), warnings };
}

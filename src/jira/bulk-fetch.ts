/**
 * `POST /rest/api/3/issue/bulkfetch`: up to 100 issues by id or key in one call. Jira answers them in
 * ascending id order and leaves out, without a word, issues that no longer exist or that the user may not
 * see; issues it could not return this time are listed under `issueErrors` and are asked again here.
 */

import { JiraServerError, JiraUnexpectedResponseError } from './errors';
import type { JiraHttp } from './http';
import { asArray, asRecord, asString } from './json';
import { route } from './route';
import type { JiraIssueJson } from './types';
import { ref } from '../domain/errors';

/** Jira's limit per bulk fetch. */
export const BULK_FETCH_MAX = 100;
/** Calls per batch when Jira keeps listing some issues under `issueErrors`. */
const ISSUE_ERROR_ROUNDS = 3;

/** An issue to fetch: by id when known (an id survives a move to another project), else by key. */
export interface IssueRef {
  id?: string;
  key: string;
}

interface BulkAnswer {
  issues: JiraIssueJson[];
  errorIds: string[];
  errorText: string;
}

function readBulkAnswer(body: unknown): BulkAnswer {
  const record = asRecord(body);
  if (!record || !Array.isArray(record.issues)) {
    throw new JiraUnexpectedResponseError('Jira answered the bulk issue fetch without an issue list.', { status: 200 });
  }
  const issues: JiraIssueJson[] = [];
  for (const raw of asArray(record.issues)) {
    const issue = asRecord(raw);
    const key = asString(issue?.key);
    if (!issue || !key) throw new JiraUnexpectedResponseError('Jira returned an issue without a key in a bulk fetch.', { status: 200 });
    issues.push({ id: asString(issue.id) ?? undefined, key, fields: asRecord(issue.fields) ?? undefined });
  }
  const errors = asArray(record.issueErrors).map(asRecord);
  return {
    issues,
    errorIds: errors.map((e) => asString(e?.id)).filter((id): id is string => id !== null),
    errorText: errors.map((e) => asString(e?.errorMessage)).find((m) => m !== null) ?? 'no reason given',
  };
}

/**
 * The issues of `refs` (at most 100) in the order asked, without those Jira no longer has or shows. Issues
 * Jira lists under `issueErrors` are asked again; still missing after a few calls, the read fails.
 */
export async function bulkFetchIssues(http: JiraHttp, refs: readonly IssueRef[], fields: readonly string[]): Promise<JiraIssueJson[]> {
  if (refs.length > BULK_FETCH_MAX) throw new RangeError(`A bulk fetch takes at most ${BULK_FETCH_MAX} issues.`);
  const found = new Map<string, JiraIssueJson>();
  let asking = [...refs];
  for (let round = 1; asking.length > 0; round++) {
    const answer = readBulkAnswer(
      await http.post(route`/rest/api/3/issue/bulkfetch`, { issueIdsOrKeys: asking.map((r) => r.id ?? r.key), fields }),
    );
    for (const issue of answer.issues) {
      if (issue.id !== undefined) found.set(`id:${issue.id}`, issue);
      found.set(`key:${issue.key.toUpperCase()}`, issue);
    }
    if (answer.errorIds.length === 0) break;
    if (round >= ISSUE_ERROR_ROUNDS) {
      throw new JiraServerError(`Jira could not return ${answer.errorIds.length} issues (${answer.errorText}): try again later.`, {
        status: 200,
        i18n: ref('jira.error.bulkFetch', { count: answer.errorIds.length, said: answer.errorText }),
        method: 'POST',
        path: '/rest/api/3/issue/bulkfetch',
        errorMessages: [answer.errorText],
      });
    }
    // Jira names erring issues by id; an issue asked by key is asked again unless it came back.
    const erring = new Set(answer.errorIds);
    asking = asking.filter((r) => (r.id !== undefined ? erring.has(r.id) : !found.has(`key:${r.key.toUpperCase()}`)));
  }
  const ordered: JiraIssueJson[] = [];
  for (const ref of refs) {
    const issue = (ref.id !== undefined ? found.get(`id:${ref.id}`) : undefined) ?? found.get(`key:${ref.key.toUpperCase()}`);
    if (issue) ordered.push(issue);
  }
  return ordered;
}

/** Writes WSJF components, job size and story points to the mapped fields, one issue per request. */

import { InvalidWriteError } from '../errors';
import type { JiraHttp } from '../http';
import { assertIssueKey } from '../jql';
import { route } from '../route';
import type { FieldMap } from '../types';
import { writeEach, type WriteOutcome } from './outcome';

export type WritableNumberRole = 'storyPoints' | 'businessValue' | 'timeCriticality' | 'riskReduction' | 'jobSize';

export interface IssueNumberUpdate {
  key: string;
  /** Only the roles present are written; null clears the field. */
  values: Partial<Record<WritableNumberRole, number | null>>;
}

/**
 * Pure: the `fields` body for one update; refuses unmapped fields and negative or non-finite numbers. A field that
 * is a single-select list (`selectFields`) is written by option, as Jira takes it: `{ value: "5" }`.
 */
export function fieldsBody(fieldMap: FieldMap, values: IssueNumberUpdate['values'], selectFields: ReadonlySet<string> = new Set()): Record<string, number | null | { value: string }> {
  const body: Record<string, number | null | { value: string }> = {};
  for (const [role, value] of Object.entries(values) as [WritableNumberRole, number | null | undefined][]) {
    if (value === undefined) continue;
    const fieldId = fieldMap[role];
    if (fieldId === null) throw new InvalidWriteError(`No ${role} field is mapped: map it in Settings before scoring.`);
    if (value !== null && (!Number.isFinite(value) || value < 0)) {
      throw new InvalidWriteError(`${role} must be a number of 0 or more (got ${value}).`);
    }
    body[fieldId] = value !== null && selectFields.has(fieldId) ? { value: String(value) } : value;
  }
  if (Object.keys(body).length === 0) throw new InvalidWriteError('Nothing to write.');
  return body;
}

export async function setIssueNumbers(
  http: JiraHttp,
  fieldMap: FieldMap,
  updates: readonly IssueNumberUpdate[],
  selectFields: ReadonlySet<string> = new Set(),
): Promise<WriteOutcome> {
  const bodies = new Map(updates.map((u) => [assertIssueKey(u.key), fieldsBody(fieldMap, u.values, selectFields)]));
  if (bodies.size !== updates.length) throw new InvalidWriteError('The same issue is listed twice.');
  return writeEach([...bodies.keys()], async (key) => {
    await http.put(route`/rest/api/3/issue/${key}`, { fields: bodies.get(key) });
  });
}

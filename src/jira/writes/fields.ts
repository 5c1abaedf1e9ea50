/** Writes WSJF components, job size and story points to the mapped fields, one issue per request. */

import { InvalidWriteError } from '../errors';
import type { JiraHttp } from '../http';
import { assertIssueKey } from '../jql';
import { route } from '../route';
import type { OptionScores } from '../mapping';
import type { FieldMap } from '../types';
import { writeEach, type WriteOutcome } from './outcome';
import { ref } from '../../domain/errors';

export type WritableNumberRole = 'storyPoints' | 'businessValue' | 'timeCriticality' | 'riskReduction' | 'jobSize';

export interface IssueNumberUpdate {
  key: string;
  /** Only the roles present are written; null clears the field. */
  values: Partial<Record<WritableNumberRole, number | null>>;
}

const ROLE_LABELS: Record<WritableNumberRole, string> = {
  storyPoints: 'story points',
  businessValue: 'business value',
  timeCriticality: 'time criticality',
  riskReduction: 'risk reduction',
  jobSize: 'job size',
};

/** How select-list fields are written: which mapped fields are select lists, the PO's option mapping, and which hold named options. */
export interface SelectWrites {
  fields: ReadonlySet<string>;
  optionScores?: OptionScores;
  /** Select fields seen holding options that are words ("High"), which only the PO's mapping can write. */
  namedFields?: ReadonlySet<string>;
}

/** The option to write for a number: its own text on numeric lists, else the option the PO mapped to it. */
function optionFor(role: WritableNumberRole, fieldId: string, value: number, select: SelectWrites): { value: string } {
  const mapping = Object.entries(select.optionScores?.[fieldId] ?? {});
  const label = ROLE_LABELS[role];
  if (mapping.length > 0) {
    const option = mapping.find(([, n]) => n === value)?.[0];
    if (option !== undefined) return { value: option };
    const mapped = mapping.map(([o, n]) => `${o} = ${n}`).join(', ');
    throw new InvalidWriteError(
      `No option of the ${label} field is mapped to ${value} (mapped: ${mapped}): pick one of those numbers, or map an option to ${value} in Settings.`,
      ref('jira.write.noOptionFor', { role: ref(`settings.role.${role}`), value, mapped }),
    );
  }
  if (select.namedFields?.has(fieldId)) {
    throw new InvalidWriteError(
      `The ${label} field's options are words, not numbers: map each option to a number in Settings before scoring it here.`,
      ref('jira.write.optionsAreWords', { role: ref(`settings.role.${role}`) }),
    );
  }
  return { value: String(value) };
}

/**
 * Pure: the `fields` body for one update; refuses unmapped fields and negative or non-finite numbers. A field that
 * is a single-select list is written by option, as Jira takes it: `{ value: "5" }`, or the option the PO mapped to 5.
 */
export function fieldsBody(fieldMap: FieldMap, values: IssueNumberUpdate['values'], select: SelectWrites = { fields: new Set() }): Record<string, number | null | { value: string }> {
  const body: Record<string, number | null | { value: string }> = {};
  for (const [role, value] of Object.entries(values) as [WritableNumberRole, number | null | undefined][]) {
    if (value === undefined) continue;
    const fieldId = fieldMap[role];
    if (fieldId === null) throw new InvalidWriteError(`No ${role} field is mapped: map it in Settings before scoring.`, ref('jira.write.notMapped', { role: ref(`settings.role.${role}`) }));
    if (value !== null && (!Number.isFinite(value) || value < 0)) {
      throw new InvalidWriteError(`${role} must be a number of 0 or more (got ${value}).`, ref('jira.write.notANumber', { role: ref(`settings.role.${role}`), value }));
    }
    body[fieldId] = value !== null && select.fields.has(fieldId) ? optionFor(role, fieldId, value, select) : value;
  }
  if (Object.keys(body).length === 0) throw new InvalidWriteError('Nothing to write.', ref('jira.write.nothing'));
  return body;
}

export async function setIssueNumbers(
  http: JiraHttp,
  fieldMap: FieldMap,
  updates: readonly IssueNumberUpdate[],
  select: SelectWrites = { fields: new Set() },
): Promise<WriteOutcome> {
  const bodies = new Map(updates.map((u) => [assertIssueKey(u.key), fieldsBody(fieldMap, u.values, select)]));
  if (bodies.size !== updates.length) throw new InvalidWriteError('The same issue is listed twice.', ref('jira.write.issueTwice'));
  return writeEach([...bodies.keys()], async (key) => {
    await http.put(route`/rest/api/3/issue/${key}`, { fields: bodies.get(key) });
  });
}

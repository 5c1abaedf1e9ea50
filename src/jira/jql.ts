/**
 * JQL built only from validated keys and our own constants: user text never becomes JQL.
 * Keys are checked against Jira's key syntax and still quoted, so a key that happens to be a JQL
 * reserved word ("AND", "OR") cannot change the query.
 */

import { InvalidJiraKeyError } from './errors';
import { ref } from '../domain/errors';

const PROJECT_KEY = /^[A-Z][A-Z0-9_]{0,254}$/;
const ISSUE_KEY = /^[A-Z][A-Z0-9_]{0,254}-[1-9][0-9]{0,17}$/;
const FIELD_ID = /^[A-Za-z][A-Za-z0-9_]{0,99}$/;
const LABEL = /^[A-Za-z0-9][A-Za-z0-9_.:-]{0,99}$/;

export function assertProjectKey(key: string): string {
  if (!PROJECT_KEY.test(key)) throw new InvalidJiraKeyError(`"${key.slice(0, 40)}" is not a Jira project key.`, ref('jira.key.notProject', { key: key.slice(0, 40) }));
  return key;
}

export function assertIssueKey(key: string): string {
  if (!ISSUE_KEY.test(key)) throw new InvalidJiraKeyError(`"${key.slice(0, 40)}" is not a Jira issue key.`, ref('jira.key.notIssue', { key: key.slice(0, 40) }));
  return key;
}

export function assertFieldId(id: string): string {
  if (!FIELD_ID.test(id)) throw new InvalidJiraKeyError(`"${id.slice(0, 40)}" is not a Jira field id.`, ref('jira.key.notField', { key: id.slice(0, 40) }));
  return id;
}

/** Labels we generate ourselves (tail, split markers); Jira labels cannot contain spaces. */
export function assertLabel(label: string): string {
  if (!LABEL.test(label)) throw new InvalidJiraKeyError(`"${label.slice(0, 40)}" is not a label this app writes.`, ref('jira.key.notLabel', { key: label.slice(0, 40) }));
  return label;
}

/** The project of an issue key ("ABC-12" -> "ABC"). */
export function projectOfIssueKey(key: string): string {
  const dash = key.lastIndexOf('-');
  return dash > 0 ? key.slice(0, dash) : key;
}

function quote(value: string): string {
  return `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

export function jqlProjectIn(projectKeys: readonly string[]): string {
  if (projectKeys.length === 0) throw new InvalidJiraKeyError('At least one project key is needed.', ref('jira.key.needProject'));
  return `project in (${projectKeys.map((k) => quote(assertProjectKey(k))).join(', ')})`;
}

export function jqlKeyIn(issueKeys: readonly string[]): string {
  if (issueKeys.length === 0) throw new InvalidJiraKeyError('At least one issue key is needed.', ref('jira.key.needIssue'));
  return `key in (${issueKeys.map((k) => quote(assertIssueKey(k))).join(', ')})`;
}

/** Issues whose parent is one of these (stories of features, children of epics). */
export function jqlParentIn(issueKeys: readonly string[]): string {
  if (issueKeys.length === 0) throw new InvalidJiraKeyError('At least one issue key is needed.', ref('jira.key.needIssue'));
  return `parent in (${issueKeys.map((k) => quote(assertIssueKey(k))).join(', ')})`;
}

export function jqlProjectNotIn(projectKeys: readonly string[]): string {
  if (projectKeys.length === 0) throw new InvalidJiraKeyError('At least one project key is needed.', ref('jira.key.needProject'));
  return `project not in (${projectKeys.map((k) => quote(assertProjectKey(k))).join(', ')})`;
}

export function jqlLabelIs(label: string): string {
  return `labels = ${quote(assertLabel(label))}`;
}

export const JQL_NOT_DONE = 'statusCategory != Done';
export const JQL_IN_CLOSED_SPRINTS = 'sprint in closedSprints()';
export const JQL_ORDER_BY_RANK = 'ORDER BY Rank ASC';

/** `updated >= "yyyy-MM-dd HH:mm"` in the user's time zone (JQL reads dates in the searching user's zone). */
export function jqlUpdatedSince(instant: Date, timeZone: string): string {
  return `updated >= ${quote(formatJqlDateTime(instant, timeZone))}`;
}

/** `created >= "yyyy-MM-dd HH:mm"` in the user's time zone (the minute it falls in, so nothing is missed). */
export function jqlCreatedSince(instant: Date, timeZone: string): string {
  return `created >= ${quote(formatJqlDateTime(instant, timeZone))}`;
}

/** "yyyy-MM-dd HH:mm" of an instant in a time zone. */
export function formatJqlDateTime(instant: Date, timeZone: string): string {
  const parts = new Intl.DateTimeFormat('en-GB', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(instant);
  const part = (type: Intl.DateTimeFormatPartTypes): string => parts.find((p) => p.type === type)?.value ?? '00';
  return `${part('year')}-${part('month')}-${part('day')} ${part('hour')}:${part('minute')}`;
}

/** Joins clauses with AND and appends an ORDER BY when given. */
export function jql(clauses: readonly string[], orderBy?: string): string {
  const where = clauses.join(' AND ');
  return orderBy ? `${where} ${orderBy}` : where;
}

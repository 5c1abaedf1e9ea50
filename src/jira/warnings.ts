/**
 * What could not be read from Jira, as catalog messages (key and params) so each reader sees it in their own
 * language: a backlog stores these, the use cases send them on beside their English text. Jira's own words
 * and the values it sent are params, never translated. Every warning the Jira layer builds comes from here
 * (`test/i18n/warning-keys.test.ts` refuses an English-built one elsewhere).
 */

import { ref, type MessageRef } from '../domain/errors';
import type { JiraError } from './errors';

/**
 * A Jira data warning as a backlog holds it: a catalog message, or English text in a snapshot stored before
 * warnings had keys (such a snapshot still loads; its old warnings are shown as they were until re-read).
 */
export type JiraWarning = MessageRef | string;

/** The fields a per-issue warning can name, by the id `reportUnreadable` reads them under. */
export type WarnedField = 'created' | 'updated' | 'resolutiondate' | 'storyPoints' | 'businessValue' | 'timeCriticality' | 'riskReduction' | 'jobSize';

const FIELD_KEYS: Readonly<Record<WarnedField, string>> = {
  created: 'jira.warning.field.created',
  updated: 'jira.warning.field.updated',
  resolutiondate: 'jira.warning.field.resolutiondate',
  storyPoints: 'jira.warning.field.storyPoints',
  businessValue: 'jira.warning.field.businessValue',
  timeCriticality: 'jira.warning.field.timeCriticality',
  riskReduction: 'jira.warning.field.riskReduction',
  jobSize: 'jira.warning.field.jobSize',
};

const VALUE_SHOWN_MAX = 40;

/** A value Jira sent, quoted and cut at 40 characters, or "missing". */
export function valueAsRead(value: unknown): MessageRef {
  if (value === undefined || value === null) return ref('jira.warning.missing');
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  return ref('jira.warning.value', { value: text.length > VALUE_SHOWN_MAX ? `${text.slice(0, VALUE_SHOWN_MAX)}...` : text });
}

/** An issue without a readable created or updated date, which is left out of the backlog. */
export function unusableWarning(created: unknown, updated: unknown): MessageRef {
  return ref('jira.warning.unusable', { created: valueAsRead(created), updated: valueAsRead(updated) });
}

/** A date field holding something that is not a date. */
export function notADateWarning(field: WarnedField, value: unknown): MessageRef {
  return ref('jira.warning.notADate', { field: ref(FIELD_KEYS[field]), value: valueAsRead(value) });
}

/** A number field holding something that is not a number. */
export function notANumberWarning(field: WarnedField, value: unknown): MessageRef {
  return ref('jira.warning.notANumber', { field: ref(FIELD_KEYS[field]), value: valueAsRead(value) });
}

/** A select-list WSJF field holding an option the PO has not mapped to a number. */
export function unmappedOptionWarning(field: WarnedField, option: string): MessageRef {
  return ref('jira.warning.optionUnmapped', { field: ref(FIELD_KEYS[field]), option });
}

/** Sprint field values that cannot be read (e.g. Jira Server's old text form). */
export function unreadableSprintsWarning(count: number): MessageRef {
  return ref(`jira.warning.sprintUnreadable.${count === 1 ? 'one' : 'other'}`, { count });
}

/** Issue links without a type or a linked issue. */
export function unreadableLinksWarning(count: number): MessageRef {
  return ref(`jira.warning.linksUnreadable.${count === 1 ? 'one' : 'other'}`, { count });
}

/** A search for related issues Jira refused without naming a key: Jira's words as they are, else our message of the error. */
export function unreadableRelatedWarning(count: number, error: JiraError): MessageRef {
  const said: NonNullable<MessageRef['params']>[string] = error.jiraText || error.i18n || error.message;
  return ref(`jira.warning.relatedUnreadable.${count === 1 ? 'one' : 'other'}`, { count, said });
}

/** A dependent in a sprint whose start neither Jira nor its board's cadence can tell. */
export function undatedSprintWarning(key: string, sprint: string): MessageRef {
  return ref('jira.warning.undatedSprint', { key, sprint });
}

/** No link type counts as blocking, so dependencies are not checked. */
export const NO_BLOCKING_LINK_WARNING: MessageRef = ref('jira.warning.noBlockingLink');

/** Several problems as one param, in order ("a; b; c"); one problem as itself. */
export function problemList(problems: readonly JiraWarning[]): JiraWarning {
  const [first, ...rest] = problems;
  if (first === undefined) return '';
  return rest.length === 0 ? first : ref('jira.warning.and', { first, rest: problemList(rest) });
}

/** One line for an issue that could not be read in full: its key and what was wrong. */
export function issueWarning(key: string, problems: readonly JiraWarning[]): MessageRef {
  return ref('jira.warning.issue', { key, problems: problemList(problems) });
}

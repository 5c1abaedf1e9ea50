/**
 * Jira issue JSON -> `IssueFacts` (pure). Anything missing or oddly shaped degrades to null/empty so one
 * broken issue never stops a backlog from loading.
 */

import type { IssueFacts, IssueLink, ParentFacts, SprintRef, StatusCategory } from '../domain/facts';
import { asArray, asNumber, asRecord, asString, stringAt, type JsonRecord } from './json';
import { projectOfIssueKey } from './jql';
import { DEFAULT_BLOCKING_RULES, type BlockingLinkRule } from './links';
import type { FeatureFacts, FieldMap, JiraIssueJson } from './types';
import {
  notADateWarning,
  notANumberWarning,
  unmappedOptionWarning,
  unreadableLinksWarning,
  unreadableSprintsWarning,
  unusableWarning,
  type WarnedField,
} from './warnings';
import type { MessageRef } from '../domain/errors';

export interface MappingContext {
  fieldMap: FieldMap;
  /** Parents read with one search, by key; a parent missing here keeps what the issue itself says. */
  features: ReadonlyMap<string, FeatureFacts>;
  /** Link types counted as blocking (default: Jira's "Blocks"). */
  blocking?: readonly BlockingLinkRule[];
  /** Told about each part of an issue that could not be read (and was left out), for a per-issue warning. */
  onProblem?: (key: string, problem: MessageRef) => void;
  /** Per select-list field, the number each named option stands for (the PO's mapping in Settings). */
  optionScores?: OptionScores;
}

/** Per field id, option value -> number ("High" -> 8). */
export type OptionScores = Readonly<Record<string, Readonly<Record<string, number>>>>;

/** The standard fields the mapping reads. */
export const MAPPED_STANDARD_FIELDS = [
  'summary',
  'issuetype',
  'labels',
  'components',
  'status',
  'created',
  'updated',
  'resolutiondate',
  'resolution',
  'statuscategorychangedate',
  'parent',
  'issuelinks',
  'assignee',
] as const;

/** Every field id a backlog search must ask for with this field map. */
export function fieldsForBacklog(fieldMap: FieldMap): string[] {
  const custom = [
    fieldMap.storyPoints,
    fieldMap.sprint,
    fieldMap.businessValue,
    fieldMap.timeCriticality,
    fieldMap.riskReduction,
    fieldMap.jobSize,
    fieldMap.acceptanceCriteria,
  ].filter((id): id is string => id !== null);
  // The description is large; read it only when there is no acceptance-criteria field to look at.
  const description = fieldMap.acceptanceCriteria === null ? ['description'] : [];
  return [...new Set([...MAPPED_STANDARD_FIELDS, ...description, ...custom])];
}

export function mapIssueToFacts(issue: JiraIssueJson, rank: number, context: MappingContext): IssueFacts {
  const fields = asRecord(issue.fields) ?? {};
  const status = asRecord(fields.status);
  const { fieldMap } = context;
  const problem = (what: MessageRef): void => context.onProblem?.(issue.key, what);
  const statusCategory = readStatusCategory(status);
  const scores = context.optionScores ?? {};
  if (context.onProblem) reportUnreadable(fields, fieldMap, problem, scores);
  return {
    key: issue.key,
    projectKey: projectOfIssueKey(issue.key),
    summary: asString(fields.summary) ?? '',
    issueType: stringAt(asRecord(fields.issuetype), 'name') ?? '',
    labels: asArray(fields.labels).filter((l): l is string => typeof l === 'string'),
    components: asArray(fields.components)
      .map((c) => stringAt(asRecord(c), 'name'))
      .filter((n): n is string => n !== null),
    status: stringAt(status, 'name') ?? '',
    statusCategory,
    created: normalizeTimestamp(fields.created) ?? normalizeTimestamp(fields.updated) ?? '',
    updated: normalizeTimestamp(fields.updated) ?? normalizeTimestamp(fields.created) ?? '',
    resolved: readResolved(fields, statusCategory),
    resolution: stringAt(asRecord(fields.resolution), 'name'),
    points: readPoints(fields[fieldMap.storyPoints]),
    rank,
    wsjfParts: {
      businessValue: readFieldNumber(fields, fieldMap.businessValue, scores),
      timeCriticality: readFieldNumber(fields, fieldMap.timeCriticality, scores),
      riskReduction: readFieldNumber(fields, fieldMap.riskReduction, scores),
      jobSize: readFieldNumber(fields, fieldMap.jobSize, scores),
    },
    hasAcceptanceCriteria:
      fieldMap.acceptanceCriteria !== null
        ? hasContent(fields[fieldMap.acceptanceCriteria]) || descriptionHasAcceptanceCriteria(fields.description)
        : descriptionHasAcceptanceCriteria(fields.description),
    parent: readParent(fields.parent, context.features),
    links: readBlockLinks(fields.issuelinks, context.blocking, problem),
    sprint: readCurrentSprint(fieldMap.sprint === null ? undefined : fields[fieldMap.sprint], statusCategory),
    assignee: stringAt(asRecord(fields.assignee), 'accountId'),
  };
}

/**
 * When done work was finished: the resolution date, or, on workflows whose Done sets no resolution, when the
 * status category last changed (to Done).
 */
function readResolved(fields: JsonRecord, statusCategory: StatusCategory): string | null {
  const resolved = normalizeTimestamp(fields.resolutiondate);
  if (resolved !== null || statusCategory !== 'done') return resolved;
  return normalizeTimestamp(fields.statuscategorychangedate);
}

/**
 * Why an issue cannot be used at all (null when it can): without a readable creation or update date its age,
 * staleness and flow are unknown, so it is left out of the backlog with a warning rather than guessed.
 */
export function unusableReason(issue: JiraIssueJson): MessageRef | null {
  const fields = asRecord(issue.fields) ?? {};
  if (normalizeTimestamp(fields.created) !== null || normalizeTimestamp(fields.updated) !== null) return null;
  return unusableWarning(fields.created, fields.updated);
}

/** Values present but unreadable (a date that is not a date, text in a number field, an old-style sprint value). */
function reportUnreadable(fields: JsonRecord, fieldMap: FieldMap, problem: (what: MessageRef) => void, scores: OptionScores): void {
  for (const id of ['created', 'updated', 'resolutiondate'] as const) {
    const value = fields[id];
    if (value !== undefined && value !== null && normalizeTimestamp(value) === null) problem(notADateWarning(id, value));
  }
  const numbers: [string | null, WarnedField][] = [
    [fieldMap.storyPoints, 'storyPoints'],
    [fieldMap.businessValue, 'businessValue'],
    [fieldMap.timeCriticality, 'timeCriticality'],
    [fieldMap.riskReduction, 'riskReduction'],
    [fieldMap.jobSize, 'jobSize'],
  ];
  for (const [id, role] of numbers) {
    if (id === null) continue;
    const value = fields[id];
    if (value === undefined || value === null || readNumberish(value, scores[id]) !== null) continue;
    const option = asString(asRecord(value)?.value);
    problem(option !== null ? unmappedOptionWarning(role, option) : notANumberWarning(role, value));
  }
  if (fieldMap.sprint !== null) {
    const raw = asArray(fields[fieldMap.sprint]);
    const unreadable = raw.length - readSprints(raw).length;
    if (unreadable > 0) problem(unreadableSprintsWarning(unreadable));
  }
}

/**
 * True for items a board backlog lists: standard issue types. Epics/features (hierarchy level 1 and up)
 * and sub-tasks are not backlog items, as on a Jira Scrum board. An unknown level counts as an item.
 */
export function isBacklogItem(issue: JiraIssueJson): boolean {
  const type = asRecord(asRecord(issue.fields)?.issuetype);
  if (type?.subtask === true) return false;
  const level = asNumber(type?.hierarchyLevel);
  return level === null || level === 0;
}

export function readStatusCategory(status: JsonRecord | null): StatusCategory {
  const key = stringAt(asRecord(status?.statusCategory), 'key');
  return key === 'done' || key === 'indeterminate' ? key : 'new';
}

/** ISO 8601 in UTC; Jira's "+0000" offsets are accepted. Null when absent or unreadable. */
export function normalizeTimestamp(value: unknown): string | null {
  const text = asString(value);
  if (!text) return null;
  const utc = alreadyUtcTimestamp(text);
  if (utc !== null) return utc;
  const time = Date.parse(text.replace(/([+-]\d{2})(\d{2})$/, '$1:$2'));
  return Number.isNaN(time) ? null : new Date(time).toISOString();
}

const UTC_TIMESTAMP = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})\.\d{3}(?:Z|\+0000|\+00:00)$/;
const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/**
 * Jira's usual `2026-11-25T15:04:38.000+0000`, already what toISOString would write, without parsing a Date
 * (3-4 timestamps an issue made this a large part of mapping). Only for certainly valid fields; anything
 * else (other offsets, 24:00, 30 February) goes through Date.parse as before.
 */
function alreadyUtcTimestamp(text: string): string | null {
  const m = UTC_TIMESTAMP.exec(text);
  if (!m) return null;
  const [year, month, day, hour, minute, second] = m.slice(1, 7).map(Number) as [number, number, number, number, number, number];
  if (month < 1 || month > 12 || day < 1 || hour > 23 || minute > 59 || second > 59) return null;
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  if (day > (month === 2 && leap ? 29 : DAYS_IN_MONTH[month - 1]!)) return null;
  return `${text.slice(0, 23)}Z`;
}

/** The WSJF fields of an issue holding a select option that is a word ("High"), not a number. */
export function namedOptionFieldsOf(issue: JiraIssueJson, fieldMap: FieldMap): string[] {
  const fields = asRecord(issue.fields) ?? {};
  return [fieldMap.businessValue, fieldMap.timeCriticality, fieldMap.riskReduction, fieldMap.jobSize].filter((id): id is string => {
    const option = id === null ? null : asString(asRecord(fields[id])?.value);
    return option !== null && asNumber(option) === null;
  });
}

export function readPoints(value: unknown): number | null {
  const points = readNumberish(value);
  return points !== null && points >= 0 ? points : null;
}

export function readFieldNumber(fields: JsonRecord, fieldId: string | null, scores: OptionScores): number | null {
  return fieldId === null ? null : readNumberish(fields[fieldId], scores[fieldId]);
}

/** Number fields arrive as numbers; select-list WSJF fields as `{value: "8"}`, or `{value: "High"}` read through the PO's mapping. */
function readNumberish(value: unknown, optionScores?: Readonly<Record<string, number>>): number | null {
  const direct = asNumber(value);
  if (direct !== null) return direct;
  const option = asString(asRecord(value)?.value);
  if (option === null) return null;
  return asNumber(option) ?? (Object.hasOwn(optionScores ?? {}, option) ? optionScores?.[option] ?? null : null);
}

function hasContent(value: unknown): boolean {
  if (typeof value === 'string') return value.trim() !== '';
  const record = asRecord(value);
  if (record && record.type === 'doc') return adfText(record).trim() !== '';
  return false;
}

function adfText(node: unknown): string {
  const record = asRecord(node);
  if (!record) return '';
  const own = asString(record.text) ?? '';
  return own + asArray(record.content).map(adfText).join(' ');
}

const ACCEPTANCE_HEADING = /^\s*acceptance\s+criteria\b/i;

/** True when the ADF description has a heading, or a paragraph that opens with, "Acceptance criteria". */
export function descriptionHasAcceptanceCriteria(description: unknown): boolean {
  const doc = asRecord(description);
  if (!doc) return typeof description === 'string' && /(^|\n)\s*(h\d\.\s*)?acceptance\s+criteria\b/i.test(description);
  const stack: unknown[] = [...asArray(doc.content)];
  while (stack.length > 0) {
    const node = asRecord(stack.pop());
    if (!node) continue;
    if ((node.type === 'heading' || node.type === 'paragraph') && ACCEPTANCE_HEADING.test(adfText(node))) return true;
    stack.push(...asArray(node.content));
  }
  return false;
}

function readParent(value: unknown, features: ReadonlyMap<string, FeatureFacts>): ParentFacts | null {
  const parent = asRecord(value);
  const key = stringAt(parent, 'key');
  if (!parent || !key) return null;
  const known = features.get(key);
  if (known) return parentFromFeature(known);
  const parentFields = asRecord(parent.fields);
  return {
    key,
    projectKey: projectOfIssueKey(key),
    summary: stringAt(parentFields, 'summary') ?? '',
    statusCategory: readStatusCategory(asRecord(parentFields?.status)),
    commitments: [],
  };
}

/** The parent as its own read says (project, summary, status, PI commitments), rather than as the child embeds it. */
export function parentFromFeature(feature: FeatureFacts): ParentFacts {
  return {
    key: feature.key,
    projectKey: feature.projectKey,
    summary: feature.summary,
    statusCategory: feature.statusCategory,
    commitments: [...feature.commitments],
  };
}

function blockingRule(type: JsonRecord | null, rules: readonly BlockingLinkRule[]): BlockingLinkRule | undefined {
  const name = stringAt(type, 'name');
  return rules.find((r) => r.name === name);
}

/**
 * The blocking links of an issue, by the link types counted as blocking. A link with no type or no other issue
 * is left out (and reported). With the default rules, any type worded "blocks" outward counts too, as before.
 */
export function readBlockLinks(value: unknown, rules: readonly BlockingLinkRule[] = DEFAULT_BLOCKING_RULES, problem?: (what: MessageRef) => void): IssueLink[] {
  const links: IssueLink[] = [];
  let unreadable = 0;
  for (const raw of asArray(value)) {
    const link = asRecord(raw);
    const type = asRecord(link?.type);
    const outward = asRecord(link?.outwardIssue);
    const inward = asRecord(link?.inwardIssue);
    const other = outward ?? inward;
    const key = stringAt(other, 'key');
    if (!link || !type || !other || !key) {
      unreadable++;
      continue;
    }
    const rule = blockingRule(type, rules) ?? (rules === DEFAULT_BLOCKING_RULES && stringAt(type, 'outward') === 'blocks' ? DEFAULT_BLOCKING_RULES[0] : undefined);
    if (!rule) continue;
    // outwardIssue: "this <outward> other"; inwardIssue: "other <outward> this". With "Blocks", outward = this blocks it.
    const thisBlocks = outward ? rule.outwardBlocks : !rule.outwardBlocks;
    links.push({
      direction: thisBlocks ? 'blocks' : 'blockedBy',
      key,
      projectKey: projectOfIssueKey(key),
      statusCategory: readStatusCategory(asRecord(asRecord(other.fields)?.status)),
    });
  }
  if (unreadable > 0) problem?.(unreadableLinksWarning(unreadable));
  return links;
}

const SPRINT_STATES = new Set(['active', 'future', 'closed']);

export function readSprints(value: unknown): (SprintRef & { boardId: number | null })[] {
  const sprints: (SprintRef & { boardId: number | null })[] = [];
  for (const raw of asArray(value)) {
    const sprint = asRecord(raw);
    const id = asNumber(sprint?.id);
    const state = asString(sprint?.state)?.toLowerCase();
    if (!sprint || id === null || !state || !SPRINT_STATES.has(state)) continue;
    sprints.push({
      id,
      name: asString(sprint.name) ?? `Sprint ${id}`,
      state: state as SprintRef['state'],
      boardId: asNumber(sprint.boardId),
    });
  }
  return sprints;
}

/**
 * The sprint the issue is in now: the active one, else the future one, else (for a done issue) the
 * latest closed one. An open issue whose sprints are all closed is back in the backlog: null.
 */
export function readCurrentSprint(value: unknown, statusCategory: StatusCategory): SprintRef | null {
  const sprints = readSprints(value).sort((a, b) => b.id - a.id);
  const pick =
    sprints.find((s) => s.state === 'active') ??
    sprints.find((s) => s.state === 'future') ??
    (statusCategory === 'done' ? sprints.find((s) => s.state === 'closed') : undefined);
  return pick ? { id: pick.id, name: pick.name, state: pick.state } : null;
}

/** A parent issue read by the features search -> `FeatureFacts`. */
export function mapFeature(issue: JiraIssueJson): FeatureFacts {
  const fields = asRecord(issue.fields) ?? {};
  const versions = asArray(fields.fixVersions)
    .map((v) => stringAt(asRecord(v), 'name'))
    .filter((n): n is string => n !== null);
  const labels = asArray(fields.labels).filter((l): l is string => typeof l === 'string');
  return {
    key: issue.key,
    projectKey: projectOfIssueKey(issue.key),
    summary: asString(fields.summary) ?? '',
    issueType: stringAt(asRecord(fields.issuetype), 'name') ?? '',
    statusCategory: readStatusCategory(asRecord(fields.status)),
    commitments: [...new Set([...versions, ...labels])],
  };
}

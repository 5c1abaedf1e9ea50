/**
 * Jira issue JSON -> `IssueFacts` (pure). Anything missing or oddly shaped degrades to null/empty so one
 * broken issue never stops a backlog from loading.
 */

import type { IssueFacts, IssueLink, ParentFacts, SprintRef, StatusCategory } from '../domain/facts';
import { asArray, asNumber, asRecord, asString, stringAt, type JsonRecord } from './json';
import { projectOfIssueKey } from './jql';
import type { FeatureFacts, FieldMap, JiraIssueJson } from './types';

export interface MappingContext {
  fieldMap: FieldMap;
  /** Parents read with one search, by key; a parent missing here keeps what the issue itself says. */
  features: ReadonlyMap<string, FeatureFacts>;
}

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
  'parent',
  'issuelinks',
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
    statusCategory: readStatusCategory(status),
    created: normalizeTimestamp(fields.created) ?? normalizeTimestamp(fields.updated) ?? '',
    updated: normalizeTimestamp(fields.updated) ?? normalizeTimestamp(fields.created) ?? '',
    resolved: normalizeTimestamp(fields.resolutiondate),
    points: readPoints(fields[fieldMap.storyPoints]),
    rank,
    wsjfParts: {
      businessValue: readFieldNumber(fields, fieldMap.businessValue),
      timeCriticality: readFieldNumber(fields, fieldMap.timeCriticality),
      riskReduction: readFieldNumber(fields, fieldMap.riskReduction),
      jobSize: readFieldNumber(fields, fieldMap.jobSize),
    },
    hasAcceptanceCriteria:
      fieldMap.acceptanceCriteria !== null
        ? hasContent(fields[fieldMap.acceptanceCriteria]) || descriptionHasAcceptanceCriteria(fields.description)
        : descriptionHasAcceptanceCriteria(fields.description),
    parent: readParent(fields.parent, context.features),
    links: readBlockLinks(fields.issuelinks),
    sprint: readCurrentSprint(fieldMap.sprint === null ? undefined : fields[fieldMap.sprint], readStatusCategory(status)),
  };
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

function readPoints(value: unknown): number | null {
  const points = readNumberish(value);
  return points !== null && points >= 0 ? points : null;
}

function readFieldNumber(fields: JsonRecord, fieldId: string | null): number | null {
  return fieldId === null ? null : readNumberish(fields[fieldId]);
}

/** Number fields arrive as numbers; select-list WSJF fields arrive as `{value: "8"}`. */
function readNumberish(value: unknown): number | null {
  const direct = asNumber(value);
  if (direct !== null) return direct;
  const option = asRecord(value);
  return option ? asNumber(option.value) : null;
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

function isBlocksType(type: JsonRecord | null): boolean {
  return stringAt(type, 'name') === 'Blocks' || stringAt(type, 'outward') === 'blocks';
}

export function readBlockLinks(value: unknown): IssueLink[] {
  const links: IssueLink[] = [];
  for (const raw of asArray(value)) {
    const link = asRecord(raw);
    if (!link || !isBlocksType(asRecord(link.type))) continue;
    // outwardIssue: this issue "blocks" it; inwardIssue: it "is blocked by"... i.e. it blocks this issue.
    const outward = asRecord(link.outwardIssue);
    const inward = asRecord(link.inwardIssue);
    const other = outward ?? inward;
    const key = stringAt(other, 'key');
    if (!other || !key) continue;
    links.push({
      direction: outward ? 'blocks' : 'blockedBy',
      key,
      projectKey: projectOfIssueKey(key),
      statusCategory: readStatusCategory(asRecord(asRecord(other.fields)?.status)),
    });
  }
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

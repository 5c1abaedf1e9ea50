/**
 * Field discovery: which custom field holds story points, sprint, WSJF components, job size and acceptance
 * criteria. Order of preference: an admin override from Settings, then (for points) the board's own
 * estimation field, then Jira's field list by name.
 */

import { EstimatesInTimeError, MappedFieldMissingError, StoryPointsFieldNotFoundError } from './errors';
import type { JiraHttp } from './http';
import { asArray, asRecord, asString } from './json';
import { jql, jqlProjectIn } from './jql';
import { route } from './route';
import type { FieldMap } from './types';
import { ref } from '../domain/errors';

export interface JiraFieldInfo {
  id: string;
  name: string;
  custom: boolean;
  schemaType: string | null;
  schemaCustom: string | null;
}

/** Admin overrides by role: a field id (or exact field name) chosen in Settings. */
export type FieldOverrides = Partial<Record<keyof FieldMap, string>>;

const NAME_RULES: Record<keyof FieldMap, RegExp[]> = {
  // When both exist, "Story point estimate" is what Jira Cloud's boards use by default.
  storyPoints: [/^story point estimate$/i, /^story points$/i],
  sprint: [/^sprint$/i],
  businessValue: [/^(user[- ])?business value$/i],
  timeCriticality: [/^time criticality$/i],
  riskReduction: [/^risk reduction/i, /^rr\s*[|/]\s*oe$/i],
  jobSize: [/^job size$/i],
  acceptanceCriteria: [/^acceptance criteria$/i],
};

const ROLE_LABELS: Record<keyof FieldMap, string> = {
  storyPoints: 'story points',
  sprint: 'sprint',
  businessValue: 'business value',
  timeCriticality: 'time criticality',
  riskReduction: 'risk reduction',
  jobSize: 'job size',
  acceptanceCriteria: 'acceptance criteria',
};

export async function listFields(http: JiraHttp): Promise<JiraFieldInfo[]> {
  const fields: JiraFieldInfo[] = [];
  for (const raw of asArray(await http.get(route`/rest/api/3/field`))) {
    const record = asRecord(raw);
    const id = asString(record?.id);
    const name = asString(record?.name);
    if (!record || !id || !name) continue;
    const schema = asRecord(record.schema);
    fields.push({
      id,
      name,
      custom: record.custom === true,
      schemaType: asString(schema?.type),
      schemaCustom: asString(schema?.custom),
    });
  }
  return fields;
}

function findOverride(fields: readonly JiraFieldInfo[], role: keyof FieldMap, wanted: string): JiraFieldInfo {
  const found = fields.find((f) => f.id === wanted) ?? fields.find((f) => f.name === wanted);
  if (!found) throw new MappedFieldMissingError(ROLE_LABELS[role], wanted, ref(`settings.role.${role}`));
  return found;
}

function findByName(fields: readonly JiraFieldInfo[], role: keyof FieldMap): JiraFieldInfo | null {
  for (const rule of NAME_RULES[role]) {
    const matches = fields.filter((f) => rule.test(f.name.trim()));
    // Prefer a number field when a site has look-alike text fields with the same name.
    const best = matches.find((f) => f.schemaType === 'number') ?? matches[0];
    if (best) return best;
  }
  return null;
}

/** Jira's time-tracking fields (seconds): a board estimating with one of them does not estimate in points. */
const TIME_FIELD_IDS = new Set(['timeoriginalestimate', 'timeestimate', 'aggregatetimeoriginalestimate', 'aggregatetimeestimate', 'timespent', 'aggregatetimespent']);

/** True when a board's estimation field is a time field (Original estimate and the like, in seconds). */
export function isTimeEstimate(fieldId: string, fields: readonly JiraFieldInfo[]): boolean {
  const field = fields.find((f) => f.id === fieldId);
  return TIME_FIELD_IDS.has(fieldId) || /timetracking|timeestimate/i.test(field?.schemaCustom ?? '') || field?.schemaType === 'timetracking';
}

/** Pure: the field map from Jira's field list, the overrides and the board's estimation field. */
export function resolveFieldMap(
  fields: readonly JiraFieldInfo[],
  overrides: FieldOverrides = {},
  boardEstimationFieldId: string | null = null,
): FieldMap {
  const pick = (role: keyof FieldMap): string | null => {
    const override = overrides[role];
    if (override) return findOverride(fields, role, override).id;
    return findByName(fields, role)?.id ?? null;
  };
  let storyPoints: string | null = null;
  if (overrides.storyPoints) storyPoints = findOverride(fields, 'storyPoints', overrides.storyPoints).id;
  else {
    // Seconds read as points gave "18000 pts": refuse until the PO maps the field that holds points.
    if (boardEstimationFieldId && isTimeEstimate(boardEstimationFieldId, fields)) {
      throw new EstimatesInTimeError(fields.find((f) => f.id === boardEstimationFieldId)?.name ?? boardEstimationFieldId);
    }
    const boardField = boardEstimationFieldId ? fields.find((f) => f.id === boardEstimationFieldId) : undefined;
    storyPoints = boardField?.schemaType === 'number' ? boardField.id : (findByName(fields, 'storyPoints')?.id ?? null);
  }
  if (storyPoints === null) {
    throw new StoryPointsFieldNotFoundError(
      'No field named "Story Points" or "Story point estimate" exists and the board does not estimate with a field.',
      ref('jira.error.storyPointsNotFound.noField'),
    );
  }
  return {
    storyPoints,
    sprint: pick('sprint'),
    businessValue: pick('businessValue'),
    timeCriticality: pick('timeCriticality'),
    riskReduction: pick('riskReduction'),
    jobSize: pick('jobSize'),
    acceptanceCriteria: pick('acceptanceCriteria'),
  };
}

export async function discoverFields(
  http: JiraHttp,
  overrides: FieldOverrides = {},
  boardEstimationFieldId: string | null = null,
): Promise<FieldMap> {
  return resolveFieldMap(await listFields(http), overrides, boardEstimationFieldId);
}

/** One field of several with the same name, chosen by which holds values for the project's issues. */
export interface FieldChoice {
  chosen: string;
  alternatives: { id: string; name: string; hasValues: boolean }[];
}
export type FieldChoices = Partial<Record<keyof FieldMap, FieldChoice>>;

const NUMBER_ROLES = ['storyPoints', 'businessValue', 'timeCriticality', 'riskReduction', 'jobSize'] as const;

/** Pure: the look-alike fields a role could be read from (same name, same kind), when there is more than one. */
export function lookalikeCandidates(fields: readonly JiraFieldInfo[], role: keyof FieldMap): JiraFieldInfo[] {
  for (const rule of NAME_RULES[role]) {
    const matches = fields.filter((f) => rule.test(f.name.trim()));
    if (matches.length === 0) continue;
    const numbers = matches.filter((f) => f.schemaType === 'number');
    return numbers.length > 1 ? numbers : [];
  }
  return [];
}

const CUSTOM_FIELD_ID = /^customfield_(\d{1,18})$/;

/** One key-only search of at most one issue: does any issue of the project have a value in this field? */
async function holdsValues(http: JiraHttp, projectKey: string, fieldId: string): Promise<boolean> {
  const match = CUSTOM_FIELD_ID.exec(fieldId);
  if (!match) return false;
  const body = asRecord(
    await http.post(route`/rest/api/3/search/jql`, { jql: jql([jqlProjectIn([projectKey]), `cf[${match[1]}] is not EMPTY`]), fields: ['key'], maxResults: 1 }),
  );
  return asArray(body?.issues).length > 0;
}

/**
 * The field map for a project when the site has look-alike fields (three number fields called "Story Points"):
 * for each role without an override (and, for points, without the board's own field), one key-only search per
 * candidate finds the one that holds values for this project's issues; the choices say which and what else there was.
 */
export async function resolveFieldMapForProject(
  http: JiraHttp,
  projectKey: string,
  fields: readonly JiraFieldInfo[],
  overrides: FieldOverrides = {},
  boardEstimationFieldId: string | null = null,
): Promise<{ fieldMap: FieldMap; choices: FieldChoices }> {
  const boardField = boardEstimationFieldId ? fields.find((f) => f.id === boardEstimationFieldId) : undefined;
  const boardDecides = boardField !== undefined && (boardField.schemaType === 'number' || isTimeEstimate(boardField.id, fields));
  const roles = NUMBER_ROLES.filter((role) => !overrides[role] && !(role === 'storyPoints' && boardDecides));
  const choices: FieldChoices = {};
  await Promise.all(
    roles.map(async (role) => {
      const candidates = lookalikeCandidates(fields, role);
      if (candidates.length === 0) return;
      const found = await Promise.all(candidates.map((f) => holdsValues(http, projectKey, f.id)));
      const alternatives = candidates.map((f, i) => ({ id: f.id, name: f.name, hasValues: found[i] as boolean }));
      choices[role] = { chosen: (alternatives.find((a) => a.hasValues) ?? alternatives[0] as { id: string }).id, alternatives };
    }),
  );
  const picked: FieldOverrides = {};
  for (const role of NUMBER_ROLES) if (choices[role]) picked[role] = choices[role]?.chosen;
  return { fieldMap: resolveFieldMap(fields, { ...picked, ...overrides }, boardEstimationFieldId), choices };
}

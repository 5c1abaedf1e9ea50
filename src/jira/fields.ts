/**
 * Field discovery: which custom field holds story points, sprint, WSJF components, job size and acceptance
 * criteria. Order of preference: an admin override from Settings, then (for points) the board's own
 * estimation field, then Jira's field list by name.
 */

import { MappedFieldMissingError, StoryPointsFieldNotFoundError } from './errors';
import type { JiraHttp } from './http';
import { asArray, asRecord, asString } from './json';
import { route } from './route';
import type { FieldMap } from './types';

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
  if (!found) throw new MappedFieldMissingError(ROLE_LABELS[role], wanted);
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
    const boardField = boardEstimationFieldId ? fields.find((f) => f.id === boardEstimationFieldId) : undefined;
    storyPoints = boardField?.schemaType === 'number' ? boardField.id : (findByName(fields, 'storyPoints')?.id ?? null);
  }
  if (storyPoints === null) {
    throw new StoryPointsFieldNotFoundError(
      'No field named "Story Points" or "Story point estimate" exists and the board does not estimate with a field.',
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

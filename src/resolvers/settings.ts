import { makeResolver } from '@forge/resolver';
import { classifyWorkType, validateWorkTypeConfig } from '../domain';
import { getBoardConfiguration, listFields, listScrumBoards, listSprints, resolveFieldMap, type JiraFieldInfo } from '../jira';
import { derivePis, teamBacklog } from '../usecases/team-data';
import type { Host } from '../platform/types';
import type { DetectedFieldDto, FieldOverrides, PreviewWorkTypesRequest, ProjectSettingsDefinitions, ProjectSettingsDto, WorkTypePreviewDto } from '../contracts';
import { requireProject, resolverFunction, type CallContext } from './context';
import { issueRef, truncate, workTypeIndexOf } from '../usecases/dto';
import { AppFailure } from '../contracts/errors';
import { projectAccess, projectWhoAmI, requirePlan, requireRead, requireWritable } from '../usecases/access';
import * as s from '../contracts/payloads';

const ROLE_NAMES: Record<keyof FieldOverrides, string> = {
  storyPoints: 'story points',
  businessValue: 'business value',
  timeCriticality: 'time criticality',
  riskReduction: 'risk reduction',
  jobSize: 'job size',
  acceptanceCriteria: 'acceptance criteria',
};

async function requireConfigurer(ctx: CallContext): Promise<string> {
  const projectKey = requireProject(ctx);
  requireWritable(ctx, 'settings');
  const { settings } = await ctx.platform.store.effectiveSettings(projectKey);
  const access = await projectAccess(ctx.http, projectKey, settings.editors);
  requireRead(access, projectKey);
  if (!access.configure) requirePlan(access);
  return projectKey;
}

async function readSettings(ctx: CallContext): Promise<ProjectSettingsDto> {
  const projectKey = requireProject(ctx);
  const effective = await ctx.platform.store.effectiveSettings(projectKey);
  requireRead(await projectAccess(ctx.http, projectKey, effective.settings.editors), projectKey);
  const [boards, fields] = await Promise.all([listScrumBoards(ctx.http, projectKey), listFields(ctx.http)]);
  const boardId = effective.settings.boardId ?? boards[0]?.id ?? null;
  const [estimationFieldId, sprints] =
    boardId === null
      ? [null, []]
      : await Promise.all([getBoardConfiguration(ctx.http, boardId).then((c) => c.estimationFieldId), listSprints(ctx.http, boardId)]);
  return {
    settings: effective.settings,
    version: effective.version,
    boards: boards.map((b) => ({ id: b.id, name: b.name })),
    fields: detectFields(fields, effective.settings.fieldOverrides, estimationFieldId),
    availableFields: fields.filter((f) => f.custom).map((f) => ({ id: f.id, name: f.name })),
    derivedPis: derivePis(sprints),
  };
}

function detectFields(fields: JiraFieldInfo[], overrides: FieldOverrides, estimationFieldId: string | null): DetectedFieldDto[] {
  const nameOf = (id: string | null) => (id === null ? null : fields.find((f) => f.id === id)?.name ?? null);
  let resolved: Partial<Record<keyof FieldOverrides, string | null>> = {};
  try {
    const jiraOverrides = Object.fromEntries(Object.entries(overrides).filter(([, v]) => v !== null)) as Record<string, string>;
    resolved = resolveFieldMap(fields, jiraOverrides, estimationFieldId);
  } catch {
    // The map is incomplete (e.g. no story points field): show what is missing instead of failing the page.
  }
  return (Object.keys(ROLE_NAMES) as (keyof FieldOverrides)[]).map((role) => {
    const fieldId = resolved[role] ?? null;
    const how: DetectedFieldDto['how'] =
      fieldId === null ? 'missing' : overrides[role] === fieldId ? 'override' : role === 'storyPoints' && fieldId === estimationFieldId ? 'board' : 'name';
    return { role, fieldId, fieldName: nameOf(fieldId), how };
  });
}

async function previewWorkTypes(ctx: CallContext, p: PreviewWorkTypesRequest): Promise<WorkTypePreviewDto> {
  const projectKey = requireProject(ctx);
  const effective = await ctx.platform.store.effectiveSettings(projectKey);
  requireRead(await projectAccess(ctx.http, projectKey, effective.settings.editors), projectKey);
  const config = { workTypes: p.workTypes, rules: p.rules, defaultWorkType: p.defaultWorkType };
  try {
    validateWorkTypeConfig(config);
  } catch (error) {
    throw new AppFailure('INVALID_INPUT', error instanceof Error ? error.message : 'The work-type rules are not valid.', 'rules');
  }
  const backlog = await teamBacklog(ctx, projectKey, effective);
  const index = workTypeIndexOf(p.workTypes);
  const counts: Record<string, number> = Object.fromEntries(p.workTypes.map((w) => [w.id, 0]));
  const sample: WorkTypePreviewDto['sample'] = [];
  for (const issue of backlog.issues) {
    const type = classifyWorkType(issue, config);
    counts[type] = (counts[type] ?? 0) + 1;
    if (sample.length < 200) sample.push([issueRef(issue.key, projectKey), truncate(issue.summary), issue.issueType, index.get(type) ?? 0]);
  }
  return { keyPrefix: projectKey, workTypes: p.workTypes, counts, sample };
}

export function settingsHandlers(host: Host) {
  const fn = resolverFunction;
  return {
    whoAmI: fn(host, s.none, projectWhoAmI),
    getProjectSettings: fn(host, s.none, readSettings),
    saveProjectSettings: fn(host, s.saveProjectSettingsSchema, async (ctx, p) => {
      const projectKey = await requireConfigurer(ctx);
      const saved = await ctx.platform.store.projectSettings(projectKey).save(p.settings, p.baseVersion, ctx.accountId, ctx.platform.now());
      ctx.platform.backlogCache.forget(`${projectKey}|`);
      return { version: saved.version };
    }),
    previewWorkTypes: fn(host, s.previewWorkTypesSchema, previewWorkTypes),
  } satisfies { [K in keyof ProjectSettingsDefinitions]: unknown };
}

export function createSettingsResolver(host: Host) {
  const handlers = settingsHandlers(host);
  return { getDefinitions: () => makeResolver<ProjectSettingsDefinitions>(handlers) };
}

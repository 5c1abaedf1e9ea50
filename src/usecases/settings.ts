import { classifyWorkType, dayInZone, derivePis, pisAfterCalendar, validateWorkTypeConfig } from '../domain';
import { EstimatesInTimeError, getBoardConfiguration, getProject, JiraError, JiraNotFoundError, listFields, listScrumBoards, listSprints, type JiraFieldInfo } from '../jira';
import { resolveFieldMapForProject, type FieldChoices } from '../jira/fields';
import { blockingRulesFor, guessBlockingLinkTypes, listLinkTypes, type LinkTypeInfo } from '../jira/links';
import { listResolutions } from '../jira/resolutions';
import { listFieldOptions } from '../jira/field-options';
import { isDroppedWork } from '../jira/statuses';
import { isoDay, teamBacklog } from './team-data';
import { teamTimeZone } from './access';
import type { I18nMessage, DetectedFieldDto, FieldOverrides, LinkTypeDto, PreviewWorkTypesRequest, ProjectSettings, ProjectSettingsDto, SaveProjectSettingsRequest, WorkTypePreviewDto, WsjfOptionsDto } from '../contracts';
import type { CallContext } from './context';
import { fieldSyncStatus, isAppField, requestFieldSyncAfterWrite } from './published-fields';
import { issueRef, truncate, workTypeIndexOf } from './dto';
import { AppFailure } from '../contracts/errors';
import { message } from '../contracts/messages';
import { DomainError } from '../domain/errors';
import { i18nOf } from './failures';

const ROLE_NAMES: Record<keyof FieldOverrides, string> = {
  storyPoints: 'story points',
  businessValue: 'business value',
  timeCriticality: 'time criticality',
  riskReduction: 'risk reduction',
  jobSize: 'job size',
  acceptanceCriteria: 'acceptance criteria',
};

/** The settings page: the effective settings, the boards, fields, link types and resolutions to map, the PIs derived from the board. */
export async function readSettings(ctx: CallContext, projectKey: string): Promise<ProjectSettingsDto> {
  const effective = await ctx.platform.store.effectiveSettings(projectKey);
  const [boards, fields, linkTypes, resolutions] = await Promise.all([
    listScrumBoards(ctx.http, projectKey),
    listFields(ctx.http),
    listLinkTypes(ctx.http),
    listResolutions(ctx.http),
  ]);
  const boardId = effective.settings.boardId ?? boards[0]?.id ?? null;
  const [estimationFieldId, sprints] =
    boardId === null
      ? [null, []]
      : await Promise.all([getBoardConfiguration(ctx.http, boardId).then((c) => c.estimationFieldId), listSprints(ctx.http, boardId)]);
  const detected = await detectFields(ctx, projectKey, fields, effective.settings.fieldOverrides, estimationFieldId);
  const timeZone = await teamTimeZone(ctx, effective.settings);
  return {
    settings: effective.settings,
    version: effective.version,
    boards: boards.map((b) => ({ id: b.id, name: b.type === 'simple' ? `${b.name} (team-managed)` : b.name })),
    fields: detected,
    wsjfOptions: await wsjfOptionDtos(ctx, detected, fields),
    // The app's own WSJF and Readiness fields are its output, never an input to map.
    availableFields: fields.filter((f) => f.custom && !isAppField(f)).map((f) => ({ id: f.id, name: f.name })),
    derivedPis: derivePis(sprints, ctx.platform.now(), timeZone.zone),
    nextPis: pisAfterCalendar(effective.settings.pis, sprints, ctx.platform.now(), timeZone.zone),
    sprints: sprints.map((sp) => ({ id: sp.id, name: sp.name, state: sp.state, start: sprintDay(sp.startDate, timeZone.zone), end: sprintDay(sp.endDate, timeZone.zone) })),
    timeZone,
    linkTypes: linkTypeDtos(linkTypes, effective.settings),
    resolutions: resolutions.map((name) => ({
      name,
      dropped: isDroppedWork('', name, effective.settings.droppedResolutions ?? []),
      byDefault: isDroppedWork('', name, []),
    })),
    fieldSync: await fieldSyncStatus(ctx.platform, projectKey),
  };
}

const WSJF_ROLES: readonly WsjfOptionsDto['role'][] = ['businessValue', 'timeCriticality', 'riskReduction', 'jobSize'];

/** The mapped WSJF fields that are single-select lists, with their options (read one field after another: at most four). */
async function wsjfOptionDtos(ctx: CallContext, detected: readonly DetectedFieldDto[], fields: readonly JiraFieldInfo[]): Promise<WsjfOptionsDto[]> {
  const out: WsjfOptionsDto[] = [];
  for (const role of WSJF_ROLES) {
    const fieldId = detected.find((d) => d.role === role)?.fieldId ?? null;
    const field = fields.find((f) => f.id === fieldId);
    if (!field || field.schemaType !== 'option') continue;
    const { options, problem, problemRef } = await listFieldOptions(ctx.http, field.id);
    const problemI18n = i18nOf(problemRef);
    out.push({ role, fieldId: field.id, fieldName: field.name, options, ...(problem ? { problem } : {}), ...(problemI18n ? { problemI18n } : {}) });
  }
  return out;
}

/** The site's link types: which count as blocking (the PO's choice, else the guess) and what the guess is. */
function linkTypeDtos(types: readonly LinkTypeInfo[], settings: ProjectSettings): LinkTypeDto[] {
  const guessed = new Set(guessBlockingLinkTypes(types).map((r) => r.name));
  const counted = new Set(blockingRulesFor(types, settings.blockingLinkTypes ?? undefined).map((r) => r.name));
  return types.map((t) => ({ name: t.name, inward: t.inward, outward: t.outward, counted: counted.has(t.name), guessed: guessed.has(t.name) }));
}

async function detectFields(
  ctx: CallContext,
  projectKey: string,
  fields: JiraFieldInfo[],
  overrides: FieldOverrides,
  estimationFieldId: string | null,
): Promise<DetectedFieldDto[]> {
  const nameOf = (id: string | null) => (id === null ? null : fields.find((f) => f.id === id)?.name ?? null);
  const jiraOverrides = Object.fromEntries(Object.entries(overrides).filter(([, v]) => v !== null)) as Record<string, string>;
  let resolved: Partial<Record<keyof FieldOverrides, string | null>> = {};
  let choices: FieldChoices = {};
  let pointsProblem: { text: string; i18n: I18nMessage | undefined } | undefined;
  try {
    ({ fieldMap: resolved, choices } = await resolveFieldMapForProject(ctx.http, projectKey, fields, jiraOverrides, estimationFieldId));
  } catch (error) {
    // The map is incomplete (e.g. no story points field): show what is missing instead of failing the page.
    if (!(error instanceof JiraError)) throw error;
    if (error instanceof EstimatesInTimeError) pointsProblem = { text: error.message, i18n: i18nOf(error.i18n) };
  }
  return (Object.keys(ROLE_NAMES) as (keyof FieldOverrides)[]).map((role) => {
    const fieldId = resolved[role] ?? null;
    const choice = choices[role as keyof FieldChoices];
    const how: DetectedFieldDto['how'] =
      fieldId === null
        ? 'missing'
        : overrides[role] === fieldId
          ? 'override'
          : choice
            ? 'values'
            : role === 'storyPoints' && fieldId === estimationFieldId
              ? 'board'
              : 'name';
    return {
      role,
      fieldId,
      fieldName: nameOf(fieldId),
      how,
      ...(choice ? { alternatives: choice.alternatives } : {}),
      ...(role === 'storyPoints' && pointsProblem ? { problem: pointsProblem.text, ...(pointsProblem.i18n ? { problemI18n: pointsProblem.i18n } : {}) } : {}),
    };
  });
}

/** How the current issues classify under (unsaved) work-type rules: counts and a sample. */
export async function previewWorkTypes(ctx: CallContext, projectKey: string, p: PreviewWorkTypesRequest): Promise<WorkTypePreviewDto> {
  const effective = await ctx.platform.store.effectiveSettings(projectKey);
  const config = { workTypes: p.workTypes, rules: p.rules, defaultWorkType: p.defaultWorkType };
  try {
    validateWorkTypeConfig(config);
  } catch (error) {
    const named = error instanceof DomainError ? i18nOf(error.i18n) : undefined;
    throw named ? AppFailure.of('INVALID_INPUT', named.key, named.params, 'rules') : AppFailure.of('INVALID_INPUT', 'settings.refusal.rulesInvalid', undefined, 'rules');
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

/** Saves the project's settings on top of the version the edit started from; the project's cached reads go. */
export async function saveProjectSettings(ctx: CallContext, projectKey: string, p: SaveProjectSettingsRequest): Promise<{ version: number }> {
  await refuseOrphanedShares(ctx, projectKey, p);
  await refuseUnknownProgramProjects(ctx, p.settings.programProjects);
  await refuseSharedWsjfFields(ctx, projectKey, p.settings);
  const saved = await ctx.platform.store.projectSettings(projectKey).save(p.settings, p.baseVersion, ctx.accountId, ctx.platform.now());
  ctx.platform.backlogCache.forget(`${projectKey}|`);
  // A new Definition of Ready, split limit or field mapping changes what the fields hold.
  await requestFieldSyncAfterWrite(ctx, projectKey);
  return { version: saved.version };
}

/** A program project the user cannot find in Jira would feed no features: refused, naming the key. */
async function refuseUnknownProgramProjects(ctx: CallContext, keys: readonly string[]): Promise<void> {
  const found = await Promise.all(
    keys.map((key) =>
      getProject(ctx.http, key).then(
        () => true,
        (error: unknown) => {
          if (error instanceof JiraNotFoundError) return false;
          throw error;
        },
      ),
    ),
  );
  const missing = found.indexOf(false);
  if (missing === -1) return;
  throw AppFailure.of('INVALID_INPUT', 'settings.refusal.unknownProgramProject', { key: keys[missing] ?? '' }, `settings.programProjects.${missing}`);
}

/** Each WSJF component as the Backlog tab names it: capitalised (long) and inside a sentence (inline). */
const WSJF_ROLE_WORDS: Record<WsjfOptionsDto['role'], 'bv' | 'tc' | 'rr' | 'size'> = { businessValue: 'bv', timeCriticality: 'tc', riskReduction: 'rr', jobSize: 'size' };

/**
 * Two WSJF components read from one field (an override naming the field another component is found in by name)
 * would always score alike: refused, naming both. Overrides among themselves are refused by the payload schema.
 */
async function refuseSharedWsjfFields(ctx: CallContext, projectKey: string, settings: ProjectSettings): Promise<void> {
  const overrides = Object.fromEntries(Object.entries(settings.fieldOverrides).filter(([, v]) => v !== null)) as Record<string, string>;
  if (!WSJF_ROLES.some((role) => overrides[role])) return;
  const fields = await listFields(ctx.http);
  let fieldMap: Partial<Record<WsjfOptionsDto['role'], string | null>>;
  try {
    ({ fieldMap } = await resolveFieldMapForProject(ctx.http, projectKey, fields, overrides));
  } catch (error) {
    // An incomplete map (no story points field) is shown on the page; it does not stop the save.
    if (error instanceof JiraError) return;
    throw error;
  }
  for (const role of WSJF_ROLES) {
    const fieldId = overrides[role];
    if (!fieldId) continue;
    const other = WSJF_ROLES.find((r) => r !== role && fieldMap[r] === fieldId && !overrides[r]);
    if (!other) continue;
    const name = fields.find((f) => f.id === fieldId)?.name ?? fieldId;
    throw AppFailure.of(
      'INVALID_INPUT',
      'settings.refusal.sharedWsjfField',
      { role: message(`panel.wsjf.${WSJF_ROLE_WORDS[role]}.long`), name, other: message(`panel.wsjf.${WSJF_ROLE_WORDS[other]}.inline`) },
      `settings.fieldOverrides.${role}`,
    );
  }
}

/**
 * A work type whose id goes away (renamed or removed) while a saved allocation of a PI that has not ended gives
 * it a share would leave that share to a type that no longer exists (the Balance shows it nowhere, the fill
 * reserves points for it): refused, naming the type, the PI and the share to move first. Renaming only the
 * display name keeps the id and is never refused.
 */
async function refuseOrphanedShares(ctx: CallContext, projectKey: string, p: SaveProjectSettingsRequest): Promise<void> {
  const before = await ctx.platform.store.effectiveSettings(projectKey);
  const kept = new Set(p.settings.workTypes.map((w) => w.id));
  const dropped = before.settings.workTypes.filter((w) => !kept.has(w.id));
  if (dropped.length === 0) return;
  const today = isoDay(ctx.platform.now(), (await teamTimeZone(ctx, p.settings)).zone);
  const endOf = (piId: string): string | null => {
    const set = [...before.settings.pis, ...p.settings.pis].find((pi) => pi.id === piId);
    if (set) return set.end;
    // A PI derived from the board is named PI-<year>.<quarter>.
    const derived = /^PI-(\d{4})\.([1-4])$/.exec(piId);
    return derived ? new Date(Date.UTC(Number(derived[1]), Number(derived[2]) * 3, 0)).toISOString().slice(0, 10) : null;
  };
  const latestPerPi = new Map<string, Record<string, number>>();
  for (const save of await ctx.platform.store.allocationHistory(projectKey)) if (!latestPerPi.has(save.piId)) latestPerPi.set(save.piId, save.value);
  for (const type of dropped) {
    for (const [piId, percents] of latestPerPi) {
      const share = percents[type.id] ?? 0;
      const end = endOf(piId);
      if (share <= 0 || (end !== null && end < today)) continue;
      const piName = [...before.settings.pis, ...p.settings.pis].find((pi) => pi.id === piId)?.name ?? piId.replace(/^PI-/, 'PI ');
      throw AppFailure.of('INVALID_INPUT', 'settings.refusal.orphanedShare', { type: type.name, share, pi: piName }, 'workTypes');
    }
  }
}

/** A sprint's date as a day in the team's zone (null when Jira has none or it is unreadable). */
function sprintDay(instant: string | null, timeZone: string): string | null {
  const ms = instant === null ? NaN : Date.parse(instant);
  return Number.isFinite(ms) ? dayInZone(ms, timeZone) : null;
}

/**
 * The ART view's reads (issue 17): the train as the asking user may see it, and each team from its saved
 * snapshot and plan, the very ones its PO sees. One team per call, so no call reads a whole train inside
 * Forge's 25 s; the UI joins them with the domain's rules (`composeArt`).
 */
import { detectArtTeams, type BacklogItem } from '../domain';
import { listFields, resolveFieldMap, searchAllIssues, type FieldMap, type JiraIssueJson } from '../jira';
import { jql, jqlParentIn, jqlProjectIn, jqlProjectNotIn, JQL_NOT_DONE, JQL_ORDER_BY_RANK, projectOfIssueKey } from '../jira/jql';
import { chunk } from '../jira/search';
import { FEATURE_FIELDS } from '../jira/features';
import type { I18nMessage, WhoAmIDto, ArtFeatureRow, ArtIterationDto, ArtLinkRow, ArtSettingsDto, ArtStoryRow, ArtTeamDto, ArtTrainDto } from '../contracts';
import { AppFailure } from '../contracts/errors';
import { englishText, message } from '../contracts/messages';
import type { ArtSettingsValue } from '../storage';
import { panelWhoAmI, readAccess, readProjectHeader } from './access';
import type { CallContext } from './context';
import { balance } from './balance';
import { piRef } from './dto';
import { planFill, type FillComputation } from './fill-plan';
import { DerivedCache } from './derived';
import { forecastOfFill, storiesOfFeatures } from './forecast';
import { BacklogNotLoaded, isoDay, loadTeamData, type IterationPlan, type TeamData } from './team-data';

/** How long one instance reuses a user's detected team list (two Jira searches per 100 features). */
const DETECTED_MAX_AGE_MS = 10 * 60_000;
const NO_ART_SETTINGS: ArtSettingsValue = { teams: null, guardrails: {} };

export async function artSettings(ctx: CallContext, programKey: string): Promise<ArtSettingsDto> {
  const saved = await ctx.platform.store.artSettings(programKey).latest();
  return { ...(saved?.value ?? NO_ART_SETTINGS), version: saved?.version ?? 0 };
}

/** Open issues of the program project (its features) in rank order, with the fields the feature backlog shows. */
async function programFeatures(ctx: CallContext, programKey: string, fieldMap: FieldMap): Promise<JiraIssueJson[]> {
  const wsjf = [fieldMap.businessValue, fieldMap.timeCriticality, fieldMap.riskReduction, fieldMap.jobSize].filter((f): f is string => f !== null);
  return searchAllIssues(ctx.http, { where: jql([jqlProjectIn([programKey]), JQL_NOT_DONE]), orderBy: JQL_ORDER_BY_RANK, fields: [...FEATURE_FIELDS, ...wsjf] });
}

/** The program's WSJF fields: the site's fields by name, as a team's are found (same site, same custom fields). */
export async function programFieldMap(ctx: CallContext, programKey: string): Promise<FieldMap> {
  const fields = await ctx.platform.backlogCache.recall(`${programKey}|${ctx.accountId}|art-fields`, DETECTED_MAX_AGE_MS, () => listFields(ctx.http));
  return resolveFieldMap(fields);
}

/** Team projects holding stories under the program's open features, as far as this user can see them. */
async function detectTeams(ctx: CallContext, programKey: string): Promise<string[]> {
  return ctx.platform.backlogCache.recall(`${programKey}|${ctx.accountId}|art-teams`, DETECTED_MAX_AGE_MS, async () => {
    const features = await searchAllIssues(ctx.http, { where: jql([jqlProjectIn([programKey]), JQL_NOT_DONE]), fields: ['key'] });
    const children: { projectKey: string; parentProjectKey: string }[] = [];
    for (const keys of chunk(features.map((f) => f.key), 100)) {
      const stories = await searchAllIssues(ctx.http, { where: jql([jqlParentIn(keys), jqlProjectNotIn([programKey])]), fields: ['key'] });
      children.push(...stories.map((s) => ({ projectKey: projectOfIssueKey(s.key), parentProjectKey: programKey })));
    }
    return detectArtTeams(programKey, children).map((t) => t.projectKey);
  });
}

function numberAt(fields: Record<string, unknown>, id: string | null): number | null {
  if (id === null) return null;
  const value = fields[id];
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  // A select list scored with numeric options ("5").
  const option = value !== null && typeof value === 'object' ? (value as { value?: unknown }).value : undefined;
  const parsed = typeof option === 'string' ? Number(option) : NaN;
  return Number.isFinite(parsed) ? parsed : null;
}

function featureRow(issue: JiraIssueJson, rank: number, fieldMap: FieldMap): ArtFeatureRow {
  const fields = (issue.fields ?? {}) as Record<string, unknown>;
  const status = (fields.status as { statusCategory?: { key?: string } } | undefined)?.statusCategory?.key;
  const category = status === 'done' ? 'done' : status === 'indeterminate' ? 'indeterminate' : 'new';
  return [
    issue.key,
    typeof fields.summary === 'string' ? fields.summary : '',
    category,
    rank,
    numberAt(fields, fieldMap.businessValue),
    numberAt(fields, fieldMap.timeCriticality),
    numberAt(fields, fieldMap.riskReduction),
    numberAt(fields, fieldMap.jobSize),
  ];
}

/**
 * The teams of the train for this user: the confirmed list, else those detected from the features' stories.
 * A team the user cannot browse is left out and counted; teams anyone ever detected are remembered (keys
 * only, never shown) so a user who sees fewer is told how many are hidden.
 */
export async function artTeamsFor(ctx: CallContext, programKey: string, settings: ArtSettingsValue): Promise<{ visible: string[]; hidden: number }> {
  const store = ctx.platform.store;
  let candidates: string[];
  if (settings.teams !== null) candidates = settings.teams;
  else {
    const detected = await detectTeams(ctx, programKey);
    await store.addArtTeamsSeen(programKey, detected).catch(() => undefined);
    const seen = await store.artTeamsSeen(programKey);
    candidates = [...detected, ...seen.filter((t) => !detected.includes(t))];
  }
  const visible: string[] = [];
  let hidden = 0;
  await Promise.all(
    candidates.map(async (team) => {
      const { settings: teamSettings } = await store.effectiveSettings(team);
      if ((await readAccess(ctx, team, teamSettings.editors)).read) visible.push(team);
      else hidden += 1;
    }),
  );
  return { visible: candidates.filter((t) => visible.includes(t)), hidden };
}

/** The ART view's first read: the train's teams (hidden ones counted), the program's features, the guardrails. */
export async function getArtTrain(ctx: CallContext, programKey: string): Promise<ArtTrainDto> {
  const [settings, fieldMap, header, effective] = await Promise.all([
    artSettings(ctx, programKey),
    programFieldMap(ctx, programKey),
    readProjectHeader(ctx.http, programKey),
    ctx.platform.store.effectiveSettings(programKey),
  ]);
  const [features, { visible, hidden }] = await Promise.all([programFeatures(ctx, programKey, fieldMap), artTeamsFor(ctx, programKey, settings)]);
  const teams = await Promise.all(
    visible.map(async (key) => {
      // A team's name, as this user reads it, remembered as long as the detected list (one request per team otherwise).
      const [team, teamSettings] = await Promise.all([
        ctx.platform.backlogCache.recall(`${key}|${ctx.accountId}|art-name`, DETECTED_MAX_AGE_MS, () => readProjectHeader(ctx.http, key)),
        ctx.platform.store.effectiveSettings(key),
      ]);
      const loaded = ctx.platform.backlogCache.get(`${key}|${ctx.accountId}|${teamSettings.version}`) !== undefined || (await ctx.platform.store.hasBacklogSnapshot(key, ctx.accountId, teamSettings.version));
      return { key, name: team.name, loaded };
    }),
  );
  return {
    programKey,
    programName: header.name,
    teams,
    hiddenTeams: hidden,
    detected: settings.teams === null,
    settings,
    workTypes: effective.settings.workTypes.map((w) => ({ id: w.id, name: w.name })),
    features: features.map((f, i) => featureRow(f, i, fieldMap)),
    hasJobSizeField: fieldMap.jobSize !== null,
  };
}

/**
 * How long the ART view takes a team's backlog as this instance last refreshed it. Opening the page reads every
 * team at once; reopened within this time it answers from memory, after it each team's read refreshes what
 * changed in Jira (the team's own panel refreshes on every read, as before).
 */
export const ART_TEAM_REFRESH_MS = 60_000;
/**
 * A team's answer is derived afresh at least this often (in windows of this length) even when nothing it is
 * keyed by changed: done work of closed sprints edited after the fact (Balance's done points, read by its own
 * search) shows within it.
 */
const ART_ANSWER_MAX_AGE_MS = 15 * 60_000;

/**
 * Team answers per backlog version (kept on the plan's chosen fill, which lives as long as its items; see
 * derived.ts): the inputs name the site and user, and an answer is only looked up after the user's access to
 * the team was checked.
 */
const answers = new DerivedCache<ArtTeamDto>(2);

/**
 * One team of the train from its saved snapshot (refreshed incrementally when due) and its plan as its PO sees
 * it: an item's iteration is its open sprint's, else where the team's fill plans it, else none. Derived once per
 * backlog version, plan and inputs: a warm reopen only checks access and versions.
 */
export async function getArtTeam(ctx: CallContext, programKey: string, team: string): Promise<ArtTeamDto> {
  const { visible } = await artTeamsFor(ctx, programKey, await artSettings(ctx, programKey));
  // Hidden and foreign teams alike: nothing of a project the user cannot browse, not even that it exists.
  if (!visible.includes(team)) throw AppFailure.of('NOT_FOUND', 'error.art.notYourTeam', { team }, 'team');
  let data: TeamData;
  try {
    data = await loadTeamData(ctx, team, undefined, { refreshedWithinMs: ART_TEAM_REFRESH_MS });
  } catch (error) {
    if (error instanceof BacklogNotLoaded) throw AppFailure.of('NOT_CONFIGURED', 'error.art.notLoaded', { team }, 'team');
    throw error;
  }
  const notes: I18nMessage[] = [];
  let plan: FillComputation | null = null;
  try {
    plan = await planFill(ctx, data, {});
  } catch (error) {
    if (!(error instanceof AppFailure)) throw error;
    notes.push(message('art.note.noPlan', { team, why: error.i18n ?? error.message }));
  }
  const inputs = {
    site: ctx.platform.site,
    accountId: ctx.accountId,
    programKey,
    settingsVersion: data.settingsVersion,
    allocation: data.allocation,
    // Its iterations with their sprints' states and capacities (velocity, so a sprint closing gives a new answer).
    pi: data.pi,
    today: isoDay(data.now, data.timeZone),
    notes,
    derivedIn: Math.floor(ctx.platform.now().getTime() / ART_ANSWER_MAX_AGE_MS),
  };
  const answer = await answers.getAsync(plan?.chosen ?? data.items, inputs, async () => artTeamDto(data, plan, programKey, notes, (await balance(ctx, data)).rows));
  return answer.loadedAt === data.backlog.loadedAt ? answer : { ...answer, loadedAt: data.backlog.loadedAt };
}

/** The team's chance per program feature it carries, done by its PI's end (null: no closed sprint to learn from). */
function teamFeatureOdds(data: TeamData, plan: FillComputation | null, programKey: string): ArtTeamDto['forecast'] {
  if (!plan) return null;
  const featureKeys = [...new Set(data.items.flatMap((i) => (i.parent?.projectKey === programKey ? [i.parent.key] : [])))];
  const storiesOf = storiesOfFeatures(data.items, featureKeys);
  const features = featureKeys.map((key) => ({ key, stories: storiesOf.get(key) ?? [] }));
  const forecast = forecastOfFill(data, plan, features, plan.chosen.iterations.reduce((sum, it) => sum + it.points, 0));
  if (!forecast) return null;
  return { lowConfidence: forecast.lowConfidence, trials: forecast.trials, sprints: forecast.samples, features: featureKeys.map((key) => [key, forecast.features[key] ?? null]) };
}

/** Where a team plans each item: its open sprint's iteration, else the plan's, else null. */
export function itemIterations(data: Pick<TeamData, 'items' | 'pis'>, plan: Pick<FillComputation, 'iterations' | 'chosen'> | null): Map<string, IterationPlan | null> {
  const bySprint = new Map<number, IterationPlan>();
  for (const pi of data.pis) for (const it of pi.iterations) if (it.sprintId !== null) bySprint.set(it.sprintId, it);
  const planned = new Map<string, IterationPlan>();
  plan?.chosen.iterations.forEach((it, i) => {
    const iteration = plan.iterations[i];
    if (iteration) for (const key of it.keys) planned.set(key, iteration);
  });
  const out = new Map<string, IterationPlan | null>();
  for (const item of data.items) {
    const sprint = item.sprint && item.sprint.state !== 'closed' ? bySprint.get(item.sprint.id) : undefined;
    out.set(item.key, sprint ?? planned.get(item.key) ?? null);
  }
  return out;
}

function artTeamDto(data: TeamData, plan: FillComputation | null, programKey: string, notes: I18nMessage[], rows: ArtTeamDto['allocation']['rows']): ArtTeamDto {
  const where = itemIterations(data, plan);
  // The PI's iterations from the running one on (what is done has left the backlog), then later ones the plan reaches into.
  const today = isoDay(data.now, data.timeZone);
  const iterations: IterationPlan[] = data.pi.iterations.filter((it) => it.end >= today);
  for (const it of plan?.iterations ?? []) if (!iterations.some((known) => known.id === it.id)) iterations.push(it);
  const planned = new Map<string, number>();
  for (const item of data.items) {
    const it = where.get(item.key);
    if (it) planned.set(it.id, (planned.get(it.id) ?? 0) + (item.points ?? 0));
  }
  const iterationDto = (it: IterationPlan): ArtIterationDto => ({ id: it.id, name: it.name, start: it.start, end: it.end, capacity: it.capacity, planned: planned.get(it.id) ?? 0 });
  const stories: ArtStoryRow[] = data.items
    .filter((i: BacklogItem) => i.parent?.projectKey === programKey)
    .map((i) => [i.key, i.parent?.key as string, i.points, where.get(i.key)?.id ?? null, i.summary]);
  const links: ArtLinkRow[] = data.items.flatMap((i) =>
    i.links.filter((l) => l.projectKey !== data.projectKey && l.statusCategory !== 'done').map((l): ArtLinkRow => [i.key, where.get(i.key)?.id ?? null, l.key, l.direction]),
  );
  return {
    team: data.projectKey,
    pi: piRef(data.pi),
    iterations: iterations.map(iterationDto),
    stories,
    links,
    allocation: { percents: data.allocation.percents, isDefault: data.allocation.isDefault, rows },
    workTypes: data.settings.workTypes.map((w) => ({ id: w.id, name: w.name })),
    notes: notes.map((note) => englishText(note.key, note.params)),
    notesI18n: notes,
    loadedAt: data.backlog.loadedAt,
    forecast: teamFeatureOdds(data, plan, programKey),
  };
}

/**
 * whoAmI of the project page: the panel's, and in a project that holds no team backlog but is a train's
 * program project (teams confirmed, or detected from its features' stories) the ART view instead of the
 * one line saying what the app needs.
 */
export async function projectPageWhoAmI(ctx: CallContext): Promise<WhoAmIDto> {
  const who = await panelWhoAmI(ctx);
  if (who.setupNeeded === null || !who.can.read || who.projectKey === null) return who;
  const { visible, hidden } = await artTeamsFor(ctx, who.projectKey, (await ctx.platform.store.artSettings(who.projectKey).latest())?.value ?? NO_ART_SETTINGS);
  return visible.length + hidden > 0 ? { ...who, setupNeeded: null, setupNeededI18n: null, art: { teams: visible.length } } : who;
}

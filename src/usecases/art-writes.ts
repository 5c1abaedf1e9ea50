/**
 * The ART view's writes (issue 17), with the permission model of a team's writes applied to the program
 * project (its administrators, or a group named in its settings; checked by the resolver's guard, server-side):
 * the train's team list and guardrails, feature WSJF scores, a feature re-rank confirmed from a preview.
 * Also the background loads of teams never loaded for this user.
 */
import { featureRerankOrder, rankRuns, rerankPlan, validateGuardrails, type FeatureScoreInput } from '../domain';
import { searchAllIssues, setIssueNumbers, type FieldMap } from '../jira';
import { jql, jqlParentIn, jqlProjectNotIn } from '../jira/jql';
import { chunk } from '../jira/search';
import type { ArtJobDto, ArtLoadDto, ArtSettingsDto, JobRef, FeatureRerankPreviewDto, SaveArtSettingsRequest, ScoreWsjfRequest, WriteOutcomeDto } from '../contracts';
import { AppFailure } from '../contracts/errors';
import { message } from '../contracts/messages';
import type { RerankInput } from '../jobs/types';
import { requireTeamProject, requireWritable } from './access';
import { artSettings, artTeamsFor, getArtTrain, programFieldMap } from './art';
import { changedSincePreview, sameInput, takeToken, type Confirmation } from './confirmation';
import type { CallContext } from './context';
import { issueRef } from './dto';
import { jobStatus, newToken, startBackgroundLoad, startJob, TOKEN_TTL_MS } from './jobs';
import { afterWrite, toOutcome } from './writes';

/** Saves the train's confirmed team list (null: detect) and guardrails on top of the version the edit started from. */
export async function saveArtSettings(ctx: CallContext, programKey: string, p: SaveArtSettingsRequest): Promise<ArtSettingsDto> {
  requireWritable(ctx, 'settings');
  if (p.detectTeams && p.teams.length > 0) throw AppFailure.of('INVALID_INPUT', 'error.art.detectOrName', undefined, 'teams');
  if (p.teams.includes(programKey)) throw AppFailure.of('INVALID_INPUT', 'error.art.programNotTeam', { project: programKey }, 'teams');
  if (new Set(p.teams).size !== p.teams.length) throw AppFailure.of('INVALID_INPUT', 'error.art.teamTwice', undefined, 'teams');
  validateGuardrails(p.guardrails);
  const saved = await ctx.platform.store.artSettings(programKey).save({ teams: p.detectTeams ? null : p.teams, guardrails: p.guardrails }, p.baseVersion, ctx.accountId, ctx.platform.now());
  return { ...saved.value, version: saved.version };
}

function requireWsjfFields(fieldMap: FieldMap): void {
  const missing = (['businessValue', 'timeCriticality', 'riskReduction'] as const).filter((role) => fieldMap[role] === null);
  if (missing.length > 0) {
    const [first] = missing;
    if (missing.length > 1 || !first) throw AppFailure.of('NOT_CONFIGURED', 'error.art.noWsjfFields');
    throw AppFailure.of('NOT_CONFIGURED', 'error.art.noWsjfField', { field: message(`settings.role.${first}`) });
  }
}

/** Writes WSJF parts of program features to Jira, as the user. */
export async function scoreFeatures(ctx: CallContext, programKey: string, p: ScoreWsjfRequest): Promise<WriteOutcomeDto> {
  const fieldMap = await programFieldMap(ctx, programKey);
  requireWsjfFields(fieldMap);
  const outcome = await setIssueNumbers(ctx.http, fieldMap, p.items.map(({ key, ...values }) => ({ key, values })));
  afterWrite(ctx, programKey);
  return toOutcome(outcome);
}

/** The open features as scored now: their own WSJF fields, the job size else from their stories' points (read as the user). */
async function featureScores(ctx: CallContext, programKey: string): Promise<(FeatureScoreInput & { summary: string })[]> {
  const train = await getArtTrain(ctx, programKey);
  const fieldMap = await programFieldMap(ctx, programKey);
  const points = new Map<string, (number | null)[]>();
  // A feature without a size of its own is sized by its stories' points (docs/domain.md), as the view shows it.
  const unsized = train.features.filter((f) => f[7] === null).map((f) => f[0]);
  if (unsized.length > 0) {
    for (const keys of chunk(unsized, 100)) {
      const stories = await searchAllIssues(ctx.http, { where: jql([jqlParentIn(keys), jqlProjectNotIn([programKey])]), fields: ['parent', fieldMap.storyPoints] });
      for (const story of stories) {
        const fields = (story.fields ?? {}) as Record<string, unknown>;
        const parent = (fields.parent as { key?: string } | undefined)?.key;
        const value = fields[fieldMap.storyPoints];
        if (parent) points.set(parent, [...(points.get(parent) ?? []), typeof value === 'number' ? value : null]);
      }
    }
  }
  return train.features.map(([key, summary, , rank, businessValue, timeCriticality, riskReduction, jobSize]) => ({
    key,
    summary,
    rank,
    wsjfParts: { businessValue, timeCriticality, riskReduction, jobSize },
    storyPoints: points.get(key) ?? [],
  }));
}

async function featureRerankInput(ctx: CallContext, programKey: string): Promise<{ input: RerankInput; current: string[]; target: string[]; moving: Set<string>; summaries: Map<string, string> }> {
  const features = await featureScores(ctx, programKey);
  const summaries = new Map(features.map((f) => [f.key, f.summary]));
  const current = [...features].sort((a, b) => a.rank - b.rank).map((f) => f.key);
  const target = featureRerankOrder(features);
  const moves = rerankPlan(current, target);
  return { input: { runs: rankRuns(moves), currentTopKey: current[0] ?? '' }, current, target, moving: new Set(moves.map((m) => m.key)), summaries };
}

/** Every move a re-rank of the features by WSJF would make, and the token that confirms exactly these. */
export async function previewFeatureRerank(ctx: CallContext, programKey: string): Promise<FeatureRerankPreviewDto> {
  const { input, current, target, moving, summaries } = await featureRerankInput(ctx, programKey);
  const from = new Map(current.map((k, i) => [k, i]));
  const token = newToken();
  await ctx.platform.store.putToken<Confirmation<RerankInput>>(token, { kind: 'featureRerank', projectKey: programKey, accountId: ctx.accountId, payload: { input } }, TOKEN_TTL_MS);
  return {
    keyPrefix: programKey,
    moves: target.flatMap((key, to): FeatureRerankPreviewDto['moves'] => (moving.has(key) ? [[issueRef(key, programKey), from.get(key) ?? to, to, summaries.get(key) ?? '']] : [])),
    token,
  };
}

/** The confirmed re-rank as the team re-rank's job (same writes, same checks), refused when anything moved since the preview. */
export function applyFeatureRerank(ctx: CallContext, programKey: string, token: string): Promise<JobRef> {
  return startJob(ctx, programKey, 'rerank', async () => {
    const { input } = await takeToken<RerankInput>(ctx, programKey, token, 'featureRerank');
    if (!sameInput((await featureRerankInput(ctx, programKey)).input, input)) throw changedSincePreview(message('error.changed.featureOrder'));
    afterWrite(ctx, programKey);
    return input;
  });
}

/** The teams of the train this user may see (hidden ones never named). */
async function visibleTeams(ctx: CallContext, programKey: string): Promise<string[]> {
  return (await artTeamsFor(ctx, programKey, await artSettings(ctx, programKey))).visible;
}

/**
 * Loads of one user at once: each reads its team with up to 16 requests in flight, and Jira caps a user's
 * requests (the latency model: 10 in flight), so eight teams loading together mostly wait out 429s.
 */
export const ART_LOADS_AT_ONCE = 2;

/** Starts (or joins) the background loads of the visible teams not yet loaded for this user, a few at a time. */
export async function loadArtTeams(ctx: CallContext, programKey: string): Promise<ArtLoadDto> {
  const train = await getArtTrain(ctx, programKey);
  const unloaded = train.teams.filter((t) => !t.loaded).map((t) => t.key);
  const store = ctx.platform.store;
  const running: ArtLoadDto['jobs'] = [];
  for (const team of unloaded) {
    const latest = await store.latestLoadJob(team, ctx.accountId);
    const job = latest ? await store.getJob(latest) : undefined;
    if (job && store.isJobAlive(job)) running.push({ team, jobId: job.jobId });
  }
  const waiting = unloaded.filter((t) => !running.some((r) => r.team === t));
  while (running.length < ART_LOADS_AT_ONCE && waiting.length > 0) {
    const team = waiting.shift() as string;
    await requireTeamProject(ctx.http, team);
    running.push({ team, jobId: (await startBackgroundLoad(ctx, team)).jobId });
  }
  return { jobs: running, waiting };
}

/** Progress of those loads, per team; a team the user may not see (any more) is refused, not reported. */
export async function artJobs(ctx: CallContext, programKey: string, jobs: readonly { team: string; jobId: string }[]): Promise<ArtJobDto[]> {
  const visible = await visibleTeams(ctx, programKey);
  return Promise.all(
    jobs.map(async ({ team, jobId }) => {
      if (!visible.includes(team)) throw AppFailure.of('NOT_FOUND', 'error.art.notYourTeam', { team }, 'jobs');
      return { ...(await jobStatus(ctx, team, jobId)), team };
    }),
  );
}

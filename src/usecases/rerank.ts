import { rankRuns, rerankPlan } from '../domain';
import type { JobRef, RerankPreviewDto } from '../contracts';
import type { RerankInput } from '../jobs/types';
import type { CallContext } from './context';
import { changedSincePreview, sameInput, takeToken, type Confirmation } from './confirmation';
import { issueRef } from './dto';
import { newToken, startJob, TOKEN_TTL_MS } from './jobs';
import { loadTeamData, type TeamData } from './team-data';

/** "Apply order to Jira", step 1: every move a re-rank by the team's priority rule would make, and its token. */
export async function previewRerank(ctx: CallContext, projectKey: string): Promise<RerankPreviewDto> {
  return rerankPreview(ctx, await loadTeamData(ctx, projectKey, undefined));
}

/** Step 2: the confirmed re-rank as a job, refused when the order changed since the preview. */
export function applyRerank(ctx: CallContext, projectKey: string, token: string): Promise<JobRef> {
  return startJob(ctx, projectKey, 'rerank', () => confirmRerank(ctx, projectKey, token));
}

/** What a re-rank would send now: only the issues that move, in runs (see RerankInput). */
function rerankInput(data: TeamData): { input: RerankInput; current: string[]; target: string[]; moving: Set<string> } {
  const current = [...data.items].sort((a, b) => a.rank - b.rank).map((i) => i.key);
  const target = data.items.map((i) => i.key);
  const movesPlan = rerankPlan(current, target);
  return { input: { runs: rankRuns(movesPlan), currentTopKey: current[0] ?? '' }, current, target, moving: new Set(movesPlan.map((m) => m.key)) };
}

async function rerankPreview(ctx: CallContext, data: TeamData): Promise<RerankPreviewDto> {
  const { input, current, target, moving } = rerankInput(data);
  const from = new Map(current.map((k, i) => [k, i]));
  const token = newToken();
  await ctx.platform.store.putToken<Confirmation<RerankInput>>(token, { kind: 'rerank', projectKey: data.projectKey, accountId: ctx.accountId, payload: { input } }, TOKEN_TTL_MS);
  return {
    keyPrefix: data.projectKey,
    moves: target.flatMap((key, to) => (moving.has(key) ? [[issueRef(key, data.projectKey), from.get(key) ?? to, to] as [number | string, number, number]] : [])),
    token,
  };
}

async function confirmRerank(ctx: CallContext, projectKey: string, token: string): Promise<RerankInput> {
  const { input } = await takeToken<RerankInput>(ctx, projectKey, token, 'rerank');
  if (!sameInput(rerankInput(await loadTeamData(ctx, projectKey, undefined)).input, input)) throw changedSincePreview("The backlog's order");
  return input;
}

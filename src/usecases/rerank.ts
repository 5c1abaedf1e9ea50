import { committedToPi, rankRuns, rerankPlan, rerankWithReasons, type RankReason } from '../domain';
import { RERANK_DESCRIBED, type JobRef, type MoveRow, type PiRequest, type RankReasonCode, type RerankPreviewDto } from '../contracts';
import { message } from '../contracts/messages';
import type { RerankInput } from '../jobs/types';
import type { CallContext } from './context';
import { changedSincePreview, sameInput, takeToken, type Confirmation } from './confirmation';
import { issueRef, piRef, truncate, workTypeIndexOf } from './dto';
import { newToken, startJob, TOKEN_TTL_MS } from './jobs';
import { loadTeamData, type TeamData } from './team-data';

/** "Apply order to Jira", step 1: every move a re-rank by the team's priority rule would make, and its token. */
export async function previewRerank(ctx: CallContext, projectKey: string, request: PiRequest = {}): Promise<RerankPreviewDto> {
  // The ranking of the PI the Backlog shows: its committed stories are the ones kept first.
  return rerankPreview(ctx, await loadTeamData(ctx, projectKey, request.piId), request.piId);
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

function reasonCode(reason: RankReason | undefined): RankReasonCode {
  switch (reason?.kind) {
    case 'tail':
      return ['t'];
    case 'blocks':
      return ['b', reason.key];
    case 'committed':
      return ['c', reason.order];
    case 'wsjf':
      return ['w', Math.round(reason.wsjf * 100) / 100];
    default:
      return ['u'];
  }
}

async function rerankPreview(ctx: CallContext, data: TeamData, piId: string | undefined): Promise<RerankPreviewDto> {
  const { input, current, target, moving } = rerankInput(data);
  const from = new Map(current.map((k, i) => [k, i]));
  const token = newToken();
  await ctx.platform.store.putToken<Confirmation<RerankInput>>(
    token,
    { kind: 'rerank', projectKey: data.projectKey, accountId: ctx.accountId, payload: { input, request: { piId } } },
    TOKEN_TTL_MS,
  );
  const byKey = new Map(data.items.map((i) => [i.key, i]));
  const { reasons } = rerankWithReasons(data.items);
  const workTypeIndex = workTypeIndexOf(data.settings.workTypes);
  const moves: MoveRow[] = [];
  target.forEach((key, to) => {
    if (!moving.has(key)) return;
    const ref = issueRef(key, data.projectKey);
    const item = byKey.get(key);
    if (!item || moves.length >= RERANK_DESCRIBED) {
      moves.push([ref, from.get(key) ?? to, to]);
      return;
    }
    const committed = item.committedOrder !== null || committedToPi(item, data.pi.name);
    moves.push([ref, from.get(key) ?? to, to, truncate(item.summary), workTypeIndex.get(item.workType) ?? 0, reasonCode(reasons.get(key)), committed ? 1 : 0]);
  });
  return { keyPrefix: data.projectKey, pi: piRef(data.pi), workTypes: data.settings.workTypes, moves, token };
}

async function confirmRerank(ctx: CallContext, projectKey: string, token: string): Promise<RerankInput> {
  const { input, request } = await takeToken<RerankInput>(ctx, projectKey, token, 'rerank');
  if (!sameInput(rerankInput(await loadTeamData(ctx, projectKey, request?.piId)).input, input)) throw changedSincePreview(message('error.changed.backlogOrder'));
  return input;
}

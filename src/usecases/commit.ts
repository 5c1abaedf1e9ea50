import type { CommitFillPreviewDto, FillRequest, JobRef } from '../contracts';
import { message } from '../contracts/messages';
import type { CommitFillInput } from '../jobs/types';
import type { CallContext } from './context';
import { changedSincePreview, sameInput, takeToken, type Confirmation } from './confirmation';
import { issueRef } from './dto';
import { planFill } from './fill-plan';
import { newToken, startJob, TOKEN_TTL_MS } from './jobs';
import { loadTeamData, type TeamData } from './team-data';

/** "Commit to sprints", step 1: which issues go into which sprint and which go back to the backlog. */
export async function previewCommitFill(ctx: CallContext, projectKey: string, request: FillRequest): Promise<CommitFillPreviewDto> {
  return commitPreview(ctx, await loadTeamData(ctx, projectKey, request.piId), request);
}

/** Step 2: the confirmed commit as a job, refused when the sprints or the plan changed since the preview. */
export function commitFill(ctx: CallContext, projectKey: string, token: string): Promise<JobRef> {
  return startJob(ctx, projectKey, 'commitFill', () => confirmCommit(ctx, projectKey, token));
}

/** The commit preview's sprints and what the job would send, for a fill request on the current backlog. */
async function commitPlan(ctx: CallContext, data: TeamData, request: FillRequest): Promise<Omit<CommitFillPreviewDto, 'token'> & { input: CommitFillInput }> {
  const fill = await planFill(ctx, data, request);
  const ref = (key: string) => issueRef(key, data.projectKey);
  const byKey = new Map(data.items.map((i) => [i.key, i]));
  const sprints: CommitFillPreviewDto['sprints'] = [];
  const missingSprints: CommitFillPreviewDto['missingSprints'] = [];
  const input: CommitFillInput = { sprints: [], toBacklog: [] };
  const plannedAnywhere = new Set(fill.chosen.iterations.flatMap((it) => it.keys));
  fill.iterations.forEach((it, i) => {
    const keys = fill.chosen.iterations[i]?.keys ?? [];
    const sprint = it.sprintId === null ? undefined : data.backlog.sprints.find((sp) => sp.id === it.sprintId && sp.state !== 'closed');
    if (!sprint) {
      if (keys.length > 0) missingSprints.push({ iterationId: it.id, name: it.name, items: keys.length });
      return;
    }
    const add = keys.filter((k) => byKey.get(k)?.sprint?.id !== sprint.id);
    const alreadyIn = keys.filter((k) => byKey.get(k)?.sprint?.id === sprint.id);
    // The sprint should hold the plan and nothing else: what the plan puts nowhere goes back to the backlog.
    const takeOut = data.items.filter((item) => item.sprint?.id === sprint.id && !plannedAnywhere.has(item.key)).map((item) => item.key);
    sprints.push({ iterationId: it.id, sprintId: sprint.id, sprintName: sprint.name, add: add.map(ref), alreadyIn: alreadyIn.map(ref), takeOut: takeOut.map(ref) });
    if (add.length > 0) input.sprints.push({ sprintId: sprint.id, sprintName: sprint.name, keys: add });
    input.toBacklog?.push(...takeOut);
  });
  input.plan = { sprintIds: sprints.map((sp) => sp.sprintId), exclude: fill.exclude };
  return { keyPrefix: data.projectKey, sprints, missingSprints, input };
}

async function commitPreview(ctx: CallContext, data: TeamData, request: FillRequest): Promise<CommitFillPreviewDto> {
  const { input, ...preview } = await commitPlan(ctx, data, request);
  const token = newToken();
  await ctx.platform.store.putToken<Confirmation<CommitFillInput>>(
    token,
    { kind: 'commitFill', projectKey: data.projectKey, accountId: ctx.accountId, payload: { input, request } },
    TOKEN_TTL_MS,
  );
  return { ...preview, token };
}

async function confirmCommit(ctx: CallContext, projectKey: string, token: string): Promise<CommitFillInput> {
  const { input, request } = await takeToken<CommitFillInput>(ctx, projectKey, token, 'commitFill');
  if (!request) throw changedSincePreview(message('error.changed.plan'));
  const now = await commitPlan(ctx, await loadTeamData(ctx, projectKey, request.piId), request);
  if (!sameInput(now.input, input)) throw changedSincePreview(message('error.changed.sprintsOrPlan'));
  return input;
}

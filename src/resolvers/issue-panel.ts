import { makeResolver } from '@forge/resolver';
import type { Host } from '../platform/types';
import type { BacklogLoadingDto, IssueInsightDto, IssuePanelDefinitions } from '../contracts';
import { requireProject, resolverFunction, type CallContext } from './context';
import { dorGapBits, rowFlags, sourceCode } from '../usecases/dto';
import { AppFailure } from '../contracts/errors';
import { piOfIteration, planFill } from '../usecases/fill-plan';
import { leftOutDetail, leftOutLookup } from '../usecases/left-out';
import { projectAccess, projectWhoAmI, requireRead } from '../usecases/access';
import * as s from '../contracts/payloads';
import { BacklogNotLoaded, loadTeamData, upcomingIterations, type TeamData } from '../usecases/team-data';
import { jobStatus, startBackgroundLoad } from '../usecases/jobs';

/**
 * One issue's place in the team's backlog and plan. Never a full backlog load inside the resolver (Forge stops
 * it at 25 s, and a large backlog takes longer): the user's loaded backlog, refreshed incrementally; without
 * one, the background load is started as the project page does, and the panel says so.
 */
async function insight(ctx: CallContext): Promise<IssueInsightDto | BacklogLoadingDto> {
  const projectKey = requireProject(ctx);
  const issueKey = ctx.issueKey;
  if (!issueKey) throw new AppFailure('NOT_FOUND', 'Open this panel from a Jira issue.');
  const { settings } = await ctx.platform.store.effectiveSettings(projectKey);
  requireRead(await projectAccess(ctx.http, projectKey, settings.editors), projectKey);
  let data: TeamData;
  try {
    data = await loadTeamData(ctx, projectKey, undefined, 'loadedOnly');
  } catch (error) {
    if (!(error instanceof BacklogNotLoaded)) throw error;
    const { jobId } = await startBackgroundLoad(ctx, projectKey);
    return {
      loading: {
        jobId,
        message: `Backlog balance is reading ${projectKey}'s backlog from Jira for the first time for you. This issue's place in it shows as soon as that is done; the project page's Backlog balance uses the same load.`,
      },
    };
  }
  const position = data.items.findIndex((i) => i.key === issueKey);
  const item = data.items[position];
  if (!item) throw new AppFailure('NOT_FOUND', `${issueKey} is not in ${projectKey}'s open backlog (done, or in another project).`);
  const iterations = upcomingIterations(data.pis, data.pi, data.now, data.settings.planIterations);
  let plan: IssueInsightDto['plan'] = null;
  if (item.sprint?.state === 'active') {
    // Work of the running sprint is not the fill's to plan: it is already in an iteration.
    plan = { iteration: `${item.sprint.name} (running now)`, piId: data.pi.id };
  } else if (iterations.length > 0 && item.inTail) {
    const lookup = leftOutLookup(data, Math.max(...iterations.map((it) => it.capacity)));
    plan = { leftOut: 'inTail', detail: leftOutDetail(data, lookup, issueKey, 'inTail', true) };
  } else if (iterations.some((it) => it.source !== 'none')) {
    // The same plan the Iteration fill tab proposes: each iteration sliced by its own PI's allocation.
    const fill = (await planFill(ctx, data, {})).optimal;
    const planned = fill.iterations.find((it) => it.keys.includes(issueKey));
    const left = fill.leftOut.find((l) => l.key === issueKey);
    const plannedIn = planned ? iterations.find((it) => it.id === planned.id) : undefined;
    if (planned) plan = { iteration: plannedIn?.name ?? planned.id, piId: plannedIn ? piOfIteration(data, plannedIn).id : data.pi.id };
    else if (left) {
      const lookup = leftOutLookup(data, Math.max(...iterations.map((it) => it.capacity)));
      plan = { leftOut: left.reason, detail: leftOutDetail(data, lookup, issueKey, left.reason, true) };
    }
  }
  const workType = data.settings.workTypes.find((w) => w.id === item.workType) ?? { id: item.workType, name: item.workType };
  return {
    key: item.key,
    summary: item.summary,
    workType,
    source: sourceCode(item.source),
    points: item.points,
    wsjf: { ...item.wsjfParts, costOfDelay: item.costOfDelay, value: item.wsjf },
    dorGaps: dorGapBits(data, item),
    flags: rowFlags(item, new Set(), new Set()),
    position,
    backlogSize: data.items.length,
    plan,
  };
}

export function issuePanelHandlers(host: Host) {
  const fn = resolverFunction;
  return {
    whoAmI: fn(host, s.none, projectWhoAmI),
    getIssueInsight: fn(host, s.none, insight),
    getJob: fn(host, s.jobIdSchema, async (ctx, p) => {
      const projectKey = requireProject(ctx);
      const { settings } = await ctx.platform.store.effectiveSettings(projectKey);
      requireRead(await projectAccess(ctx.http, projectKey, settings.editors), projectKey);
      return jobStatus(ctx, projectKey, p.jobId);
    }),
  } satisfies { [K in keyof IssuePanelDefinitions]: unknown };
}

export function createIssuePanelResolver(host: Host) {
  const handlers = issuePanelHandlers(host);
  return { getDefinitions: () => makeResolver<IssuePanelDefinitions>(handlers) };
}

import { upcomingIterations } from '../domain';
import type { BacklogLoadingDto, IssueInsightDto } from '../contracts';
import type { CallContext } from './context';
import { dorGapBits, rowFlags, sourceCode } from './dto';
import { AppFailure } from '../contracts/errors';
import { piOfIteration, planFill } from './fill-plan';
import { startBackgroundLoad } from './jobs';
import { leftOutDetail, leftOutLookup } from './left-out';
import { BacklogNotLoaded, isoDay, loadTeamData, type TeamData } from './team-data';

/**
 * The issue panel: one issue's WSJF, readiness, place in the backlog and in the plan the fill proposes.
 * Never a full backlog load inside the resolver (Forge stops it at 25 s, and a large backlog takes longer):
 * the user's loaded backlog, refreshed incrementally; without one, the background load is started as the
 * project page does, and the panel says so.
 */
export async function issueInsight(ctx: CallContext, projectKey: string): Promise<IssueInsightDto | BacklogLoadingDto> {
  const issueKey = ctx.issueKey;
  if (!issueKey) throw new AppFailure('NOT_FOUND', 'Open this panel from a Jira issue.');
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
  const iterations = upcomingIterations(data.pis, data.pi, isoDay(data.now), data.settings.planIterations);
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

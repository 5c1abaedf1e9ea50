/**
 * The dashboard gadget (issue 19.2): one team's balance at a glance, from the same loaded backlog and plan the
 * project page shows. Like the issue panel it never loads a whole backlog inside the resolver: without the
 * user's loaded backlog it starts the background load the project page uses, and says so.
 */
import { listSoftwareProjects } from '../jira';
import type { BacklogLoadingDto, GadgetDto, GadgetProjectsDto } from '../contracts';
import { AppFailure } from '../contracts/errors';
import { englishText } from '../contracts/messages';
import { readOnlyFields, readOnlyReason, readProjectName, requireTeamProject } from './access';
import { balance } from './balance';
import type { CallContext } from './context';
import { piRef } from './dto';
import { tailItems } from './fill-items';
import { planFill, type FillComputation } from './fill-plan';
import { startBackgroundLoad } from './jobs';
import { refinement } from './refinement';
import { BacklogNotLoaded, loadTeamData, type TeamData } from './team-data';

/** Software projects the edit view looks at (Jira's first pages in key order), each looked up in the app's index of projects set up. */
export const GADGET_PROJECTS_LOOKED_AT = 200;

/** The edit view's choice: the software projects this user can browse (as Jira lists them to them) where the app is set up. */
export async function gadgetProjects(ctx: CallContext): Promise<GadgetProjectsDto> {
  const { projects, truncated } = await listSoftwareProjects(ctx.http, GADGET_PROJECTS_LOOKED_AT);
  const inUse = new Set(await ctx.platform.store.projectsInUse(projects.map((p) => p.key)));
  return { projects: projects.filter((p) => inUse.has(p.key)).map((p) => ({ key: p.key, name: p.name })), truncatedAt: truncated ? GADGET_PROJECTS_LOOKED_AT : null };
}

/** The gadget's figures for a project the user may browse (checked by the resolver), or the load it started. */
export async function gadgetBalance(ctx: CallContext, projectKey: string): Promise<GadgetDto | BacklogLoadingDto> {
  let data: TeamData;
  try {
    data = await loadTeamData(ctx, projectKey, undefined, 'loadedOnly');
  } catch (error) {
    if (!(error instanceof BacklogNotLoaded)) throw error;
    // Only a project that holds a team backlog is loaded (as the project page's first open).
    await requireTeamProject(ctx.http, projectKey);
    const { jobId } = await startBackgroundLoad(ctx, projectKey);
    const params = { project: projectKey };
    return { loading: { jobId, message: englishText('gadget.firstLoad', params), i18n: { key: 'gadget.firstLoad', params } } };
  }
  const [rows, projectName, plan] = await Promise.all([balance(ctx, data).then((b) => b.rows), readProjectName(ctx.http, projectKey), fillOrWhyNot(ctx, data)]);
  const workTypes = new Map(data.settings.workTypes.map((w) => [w.id, { id: w.id, name: w.name }]));
  const runway = refinement(data).runway;
  const next = plan.fill ? nextIteration(plan.fill) : null;
  return {
    projectKey,
    projectName,
    pi: piRef(data.pi),
    allocation: rows.map((r) => ({
      workType: workTypes.get(r.workType) ?? { id: r.workType, name: r.workType },
      targetPct: r.targetPct,
      targetPoints: r.targetPoints,
      plannedPoints: r.plannedPoints,
    })),
    runway: { readyPoints: runway.readyPoints, velocity: runway.velocity, iterations: runway.iterations, target: runway.target },
    next,
    // Counted as the Iteration fill tab lists them: the plan's left-out items and the tail.
    leftOut: plan.fill ? plan.fill.chosen.leftOut.length + tailItems(data).length : null,
    noPlan: plan.why,
    readAt: data.backlog.loadedAt,
    ...readOnlyFields(readOnlyReason(ctx)),
  };
}

/** The Iteration fill tab's plan (no pins of the moment: the last commit's content and exclusions hold), or why there is none. */
async function fillOrWhyNot(ctx: CallContext, data: TeamData): Promise<{ fill: FillComputation | null; why: GadgetDto['noPlan'] }> {
  try {
    return { fill: await planFill(ctx, data, {}), why: null };
  } catch (error) {
    if (!(error instanceof AppFailure)) throw error;
    return { fill: null, why: { message: error.message, ...(error.i18n ? { i18n: error.i18n } : {}) } };
  }
}

function nextIteration(fill: FillComputation): GadgetDto['next'] {
  const iteration = fill.iterations[0];
  if (!iteration) return null;
  return {
    name: iteration.name,
    start: iteration.start,
    end: iteration.end,
    capacity: fill.capacities[0] as number,
    planned: fill.chosen.iterations[0]?.points ?? 0,
  };
}

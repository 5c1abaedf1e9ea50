import { upcomingIterations } from '../domain';
import type { BacklogItem, PlanFlag } from '../domain';
import { readIssueBrief } from '../jira/issue-brief';
import type { BacklogLoadingDto, HierarchyInsightDto, IssueInsightDto, IssuePlanDto, LeftOutReason } from '../contracts';
import type { CallContext } from './context';
import { dorGapBits, rowFlags, sourceCode } from './dto';
import { AppFailure } from '../contracts/errors';
import { piOfIteration, planFill, type FillComputation } from './fill-plan';
import { startBackgroundLoad } from './jobs';
import { leftOutLookup, leftOutMessage } from './left-out';
import { flagMessage } from './plan-messages';
import { sentMessage, type SentMessage } from '../contracts/messages';
import { BacklogNotLoaded, isoDay, loadTeamData, type IterationPlan, type TeamData } from './team-data';
import { problemList } from '../jira/warnings';
import { warningParam } from './warnings';

/** Where the plan puts an item: in the running sprint, in a planned iteration, or left out (and why). */
function placeFinder(
  ctx: CallContext,
  data: TeamData,
  iterations: IterationPlan[],
): ((item: BacklogItem) => Promise<IssuePlanDto>) & { flags: () => Promise<PlanFlag[]> } {
  // The same plan the Iteration fill tab proposes (each iteration sliced by its own PI's allocation), computed once.
  let computed: Promise<FillComputation> | null = null;
  let fill: Promise<FillComputation['optimal']> | null = null;
  const computeOnce = (): Promise<FillComputation> => (computed ??= planFill(ctx, data, {}));
  const placeOf = async (item: BacklogItem): Promise<IssuePlanDto> => {
    if (item.sprint?.state === 'active') {
      // Work of the running sprint is not the fill's to plan: it is already in an iteration.
      const running = sentMessage('issuePanel.runningNow', { sprint: item.sprint.name });
      return { iteration: running.text, iterationI18n: running.i18n, piId: data.pi.id };
    }
    if (iterations.length > 0 && item.inTail) {
      const lookup = leftOutLookup(data, Math.max(...iterations.map((it) => it.capacity)));
      return leftOutPlace(leftOutMessage(data, lookup, item.key, 'inTail', true), 'inTail');
    }
    if (!iterations.some((it) => it.source !== 'none')) return null;
    fill ??= computeOnce().then((f) => f.optimal);
    const plan = await fill;
    const planned = plan.iterations.find((it) => it.keys.includes(item.key));
    const left = plan.leftOut.find((l) => l.key === item.key);
    const plannedIn = planned ? iterations.find((it) => it.id === planned.id) : undefined;
    if (planned) return { iteration: plannedIn?.name ?? planned.id, piId: plannedIn ? piOfIteration(data, plannedIn).id : data.pi.id };
    if (left) {
      const lookup = leftOutLookup(data, Math.max(...iterations.map((it) => it.capacity)));
      return leftOutPlace(leftOutMessage(data, lookup, item.key, left.reason, true), left.reason);
    }
    return null;
  };
  // What the PO should decide about items in that plan (pins breaking a rule, late for another team).
  const flags = async (): Promise<PlanFlag[]> => (iterations.some((it) => it.source !== 'none') ? (await computeOnce()).flags : []);
  return Object.assign(placeOf, { flags });
}

/**
 * The issue panel: one issue's WSJF, readiness, place in the backlog and in the plan the fill proposes.
 * Never a full backlog load inside the resolver (Forge stops it at 25 s, and a large backlog takes longer):
 * the user's loaded backlog, refreshed incrementally; without one, the background load is started as the
 * project page does, and the panel says so.
 */
export async function issueInsight(ctx: CallContext, projectKey: string): Promise<IssueInsightDto | HierarchyInsightDto | BacklogLoadingDto> {
  const issueKey = ctx.issueKey;
  if (!issueKey) throw AppFailure.of('NOT_FOUND', 'error.noIssue');
  let data: TeamData;
  try {
    // Without the backlog in this instance's memory, a recent snapshot with this issue read again answers:
    // refreshing the whole snapshot first took seconds at 50k issues (see teamBacklog).
    data = await loadTeamData(ctx, projectKey, undefined, { issueKey });
  } catch (error) {
    if (!(error instanceof BacklogNotLoaded)) throw error;
    const { jobId } = await startBackgroundLoad(ctx, projectKey);
    const reading = sentMessage('issuePanel.firstLoad', { project: projectKey });
    return { loading: { jobId, message: reading.text, i18n: reading.i18n } };
  }
  const iterations = upcomingIterations(data.pis, data.pi, isoDay(data.now, data.timeZone), data.settings.planIterations);
  const placeOf = placeFinder(ctx, data, iterations);
  const position = data.items.findIndex((i) => i.key === issueKey);
  const item = data.items[position];
  if (!item) return hierarchyInsight(ctx, data, issueKey, placeOf);
  const plan = await placeOf(item);
  // A closed parent shows as the row flag PARENT_CLOSED; the plan's own flags for this item go here.
  const notes = (await placeOf.flags()).filter((f) => f.key === item.key && f.kind !== 'parentClosed').map(flagMessage);
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
    notes: notes.map((n) => n.text),
    notesI18n: notes.map((n) => n.i18n),
    backlogReadAt: data.backlog.loadedAt,
    sprint: item.sprint && item.sprint.state !== 'closed' ? item.sprint.name : null,
    parent: item.parent ? { key: item.parent.key, summary: item.parent.summary } : null,
  };
}

/**
 * An open issue that is not a backlog item: an epic shows its children's places, a sub-task its parent's.
 * Anything else (done, another project's, unreadable) says why it is not in the backlog.
 */
async function hierarchyInsight(
  ctx: CallContext,
  data: TeamData,
  issueKey: string,
  placeOf: (item: BacklogItem) => Promise<IssuePlanDto>,
): Promise<HierarchyInsightDto> {
  const unreadable = data.backlog.issueWarnings?.[issueKey];
  if (unreadable) throw AppFailure.of('NOT_FOUND', 'error.issueUnreadable', { key: issueKey, reasons: warningParam(problemList(unreadable)) });
  const brief = await readIssueBrief(ctx.http, issueKey);
  const open = brief.statusCategory !== 'done';
  const kind = brief.subtask || brief.hierarchyLevel < 0 ? 'subtask' : brief.hierarchyLevel >= 1 ? 'epic' : null;
  if (!open || kind === null) {
    throw AppFailure.of('NOT_FOUND', open ? 'error.issueInOtherProject' : 'error.issueDone', { key: issueKey, project: data.projectKey });
  }
  const members = kind === 'epic' ? data.items.filter((i) => i.parent?.key === issueKey) : data.items.filter((i) => i.key === brief.parentKey);
  const related = await Promise.all(
    members.map(async (m) => ({ key: m.key, summary: m.summary, points: m.points, position: data.items.indexOf(m), plan: await placeOf(m) })),
  );
  return { kind, key: brief.key, summary: brief.summary, issueType: brief.issueType, related, backlogSize: data.items.length };
}

/** A left-out place in the plan, with its detail in English and by key. */
function leftOutPlace(detail: SentMessage | null, reason: LeftOutReason): IssuePlanDto {
  return detail ? { leftOut: reason, detail: detail.text, detailI18n: detail.i18n } : { leftOut: reason, detail: '' };
}

import { upcomingIterations } from '../domain';
import type { BacklogItem, PlanFlag } from '../domain';
import { readIssueBrief } from '../jira/issue-brief';
import type { BacklogLoadingDto, HierarchyInsightDto, IssueInsightDto, IssuePlanDto, LeftOutReason } from '../contracts';
import type { CallContext } from './context';
import { dorGapBits, rowFlags, sourceCode } from './dto';
import { AppFailure } from '../contracts/errors';
import { panelPlan, piOfIteration } from './fill-plan';
import { startBackgroundLoad } from './jobs';
import { leftOutMessage, type LeftOutLookup } from './left-out';
import { placeIn, type PanelPlan } from './stored-plan';
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
  // The same plan the Iteration fill tab proposes (each iteration sliced by its own PI's allocation), computed
  // once, or as stored beside the snapshot a cold instance answers from (stored-plan.ts).
  let computed: Promise<PanelPlan> | null = null;
  const computeOnce = (): Promise<PanelPlan> => (computed ??= panelPlan(ctx, data));
  let running: ReadonlySet<string> | null = null;
  // What explaining one item's place needs: that item and the running sprint's keys (not a lookup of the whole
  // backlog, which a cold instance would build for one item).
  const lookupFor = (item: BacklogItem): LeftOutLookup => {
    running ??= new Set(data.items.filter((i) => i.sprint?.state === 'active').map((i) => i.key));
    return { byKey: new Map([[item.key, item]]), running, maxCapacity: Math.max(...iterations.map((it) => it.capacity)) };
  };
  const placeOf = async (item: BacklogItem): Promise<IssuePlanDto> => {
    if (item.sprint?.state === 'active') {
      // Work of the running sprint is not the fill's to plan: it is already in an iteration.
      const inSprint = sentMessage('issuePanel.runningNow', { sprint: item.sprint.name });
      return { iteration: inSprint.text, iterationI18n: inSprint.i18n, piId: data.pi.id };
    }
    if (iterations.length > 0 && item.inTail) {
      return leftOutPlace(leftOutMessage(data, lookupFor(item), item.key, 'inTail', true), 'inTail');
    }
    if (!iterations.some((it) => it.source !== 'none')) return null;
    const place = placeIn(await computeOnce(), item.key);
    if (place && 'iteration' in place) {
      const plannedIn = iterations.find((it) => it.id === place.iteration);
      return { iteration: plannedIn?.name ?? place.iteration, piId: plannedIn ? piOfIteration(data, plannedIn).id : data.pi.id };
    }
    if (place) return leftOutPlace(leftOutMessage(data, lookupFor(item), item.key, place.leftOut, true), place.leftOut);
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

import { allocationInEffect, allocationView, donePointsByType, sliceCapacity, toBacklogItems, type Allocation, type BacklogItem } from '../domain';
import { fieldsForBacklog, isBacklogItem, mapIssueToFacts, searchAllIssues, type JiraIssueJson } from '../jira';
import { JQL_IN_CLOSED_SPRINTS, jql, jqlProjectIn, jqlUpdatedSince } from '../jira/jql';
import { isDroppedWork } from '../jira/statuses';
import type { BalanceDto, PiRequest } from '../contracts';
import { capacityMessage } from './plan-messages';
import type { CallContext } from './context';
import { bufferPoints } from './fill-plan';
import { displayNames, savedByFields, SOMEONE } from './people';
import { iterationRef, piRef } from './dto';
import { backlogContext, completeAllocation, isoDay, loadTeamData, type PiKnown, type TeamData } from './team-data';
import { sentWarning } from './warnings';

/** The Balance tab: target vs planned vs done per work type, capacity per iteration, the input-source mix. */
export async function getBalance(ctx: CallContext, projectKey: string, request: PiRequest): Promise<BalanceDto> {
  // The closed sprints' search starts as soon as the PI is known: on a first open while the backlog's issues are
  // still being read, else while the items are derived (at 50k that compute is as long as the search's round trip).
  let search: Promise<JiraIssueJson[]> | undefined;
  const data = await loadTeamData(ctx, projectKey, request.piId, 'any', (known) => {
    search = closedSprintSearch(ctx, known);
    search.catch(() => undefined);
  });
  return balance(ctx, data, search);
}

/** Warnings sent to the panel at most (a site with thousands of broken issues must not fill the answer). */
const MAX_WARNINGS = 200;

/**
 * Done issues of the project's closed sprints touched since the PI began (work finished in the PI was updated
 * then at the latest); older history is not read.
 */
function closedSprintSearch(ctx: CallContext, known: PiKnown): Promise<JiraIssueJson[]> {
  const since = new Date(Date.parse(`${known.pi.start}T00:00:00Z`) - 86_400_000);
  const where = jql([jqlProjectIn([known.projectKey]), JQL_IN_CLOSED_SPRINTS, jqlUpdatedSince(since, known.timeZone)]);
  return searchAllIssues(ctx.http, { where, fields: fieldsForBacklog(known.fieldMap) });
}

/** The closed sprints' done issues (`search`'s, or searched now) as backlog items for planned/done points per work type. */
async function closedSprintItems(ctx: CallContext, data: TeamData, search?: Promise<JiraIssueJson[]>): Promise<BacklogItem[]> {
  const fieldMap = data.backlog.fieldMap;
  const raw = await (search ?? closedSprintSearch(ctx, { projectKey: data.projectKey, pi: data.pi, fieldMap, timeZone: data.backlog.timeZone }));
  const features = new Map(data.backlog.features.map((f) => [f.key, f]));
  // Backlog items only, as velocity counts them: not the epics and sub-tasks that were in those sprints too.
  const facts = raw
    .filter(isBacklogItem)
    .map((issue, i) => mapIssueToFacts(issue, i, { fieldMap, features, blocking: data.backlog.blockingLinkTypes }))
    // Delivered work only: not what was resolved as dropped (Won't Do, Duplicate... or marked so in Settings).
    .filter((f) => f.statusCategory === 'done' && !isDroppedWork(f.status, f.resolution, data.settings.droppedResolutions ?? []));
  return toBacklogItems(facts, backlogContext(data));
}

/**
 * The Balance tab of a loaded team (also one team of the ART view); `search`: the closed sprints' search for
 * this data's PI, when already started.
 */
export async function balance(ctx: CallContext, data: TeamData, search?: Promise<JiraIssueJson[]>): Promise<BalanceDto> {
  const percents = completeAllocation(data.allocation.percents, data.settings);
  const [done, perIteration] = await Promise.all([closedSprintItems(ctx, data, search), iterationAllocations(ctx, data, percents)]);
  const piSprints = new Set(data.pi.iterations.map((it) => it.sprintId).filter((id): id is number => id !== null));
  const planned: Record<string, number> = {};
  // Per sprint too: the exports list planned points per iteration (its sprint) and work type.
  const plannedBySprint = new Map<number, Record<string, number>>();
  for (const item of [...data.items, ...done]) {
    if (!item.sprint || !piSprints.has(item.sprint.id)) continue;
    planned[item.workType] = (planned[item.workType] ?? 0) + (item.points ?? 0);
    const inSprint = plannedBySprint.get(item.sprint.id) ?? {};
    inSprint[item.workType] = (inSprint[item.workType] ?? 0) + (item.points ?? 0);
    plannedBySprint.set(item.sprint.id, inSprint);
  }
  const actual = donePointsByType(done, { start: `${data.pi.start}T00:00:00Z`, end: dayAfter(data.pi.end) });
  const donePerIteration = doneByIteration(done, data.pi.iterations, data.pi, data.timeZone);
  // The unplanned buffer comes off before the slices are cut; a closed iteration keeps what it had (the setting keeps no history).
  const today = isoDay(data.now, data.timeZone);
  const buffers = data.pi.iterations.map((it) => (it.end < today ? 0 : bufferPoints(it.capacity, data.settings)));
  const plannable = data.pi.iterations.map((it, i) => it.capacity - (buffers[i] as number));
  const capacity = plannable.reduce((sum, c) => sum + c, 0);
  const rows = allocationView({ allocation: percents, capacity, iterationCapacities: plannable, iterationAllocations: perIteration, actual });
  const mix = { program: { count: 0, points: 0 }, otherTeam: { count: 0, points: 0 }, local: { count: 0, points: 0 } };
  for (const item of data.items) {
    mix[item.source].count += 1;
    mix[item.source].points += item.points ?? 0;
  }
  const savedBy = data.allocation.savedBy;
  const who = savedBy === null ? { savedByName: null } : savedByFields((await displayNames(ctx, [savedBy])).get(savedBy) ?? SOMEONE);
  return {
    pi: piRef(data.pi),
    pis: data.pis.map(piRef),
    workTypes: data.settings.workTypes,
    allocation: { piId: data.pi.id, ...data.allocation, ...who, percents },
    rows: rows.map((r) => ({
      workType: r.workType,
      targetPct: r.targetPercent,
      targetPoints: r.targetPoints,
      plannedPoints: planned[r.workType] ?? 0,
      donePoints: r.actualPoints,
    })),
    iterations: data.pi.iterations.map((it, i) => ({
      ...iterationRef(it),
      capacity: it.capacity,
      buffer: buffers[i] as number,
      source: it.source,
      detail: it.detail,
      detailI18n: capacityMessage(it.detailText).i18n,
      slices: sliceCapacity(plannable[i] as number, perIteration[i] as Allocation),
      closed: it.end < today,
      percents: perIteration[i] as Allocation,
      planned: (it.sprintId === null ? undefined : plannedBySprint.get(it.sprintId)) ?? {},
      done: donePerIteration[i] ?? {},
    })),
    sourceMix: mix,
    unplanned: {
      bufferPct: data.settings.unplannedBufferPct ?? 0,
      sprints: data.backlog.closedSprintPoints.map((c) => ({
        name: c.name,
        completedPoints: c.completedPoints,
        unplannedPoints: c.unplannedPoints ?? 0,
        unplannedIssues: c.unplannedIssues ?? 0,
      })),
    },
    ...jiraWarnings(data),
  };
}

/** The backlog's Jira data warnings (at most `MAX_WARNINGS`), in English and by key; nothing when there are none. */
function jiraWarnings(data: TeamData): Pick<BalanceDto, 'warnings' | 'warningsI18n'> {
  if (data.backlog.warnings.length === 0) return {};
  const sent = data.backlog.warnings.slice(0, MAX_WARNINGS).map(sentWarning);
  return { warnings: sent.map((w) => w.text), warningsI18n: sent.map((w) => w.i18n) };
}

/**
 * The PI's done points (as `donePointsByType` counts them) per iteration and work type: each item in the
 * iteration whose dates hold its resolution day (the team's zone), one resolved between two iterations in the
 * earlier one (before the first: the first), so the iterations add up to the PI's total.
 */
function doneByIteration(done: BacklogItem[], iterations: readonly { start: string }[], pi: { start: string; end: string }, timeZone: string): Record<string, number>[] {
  const groups: BacklogItem[][] = iterations.map(() => []);
  for (const item of done) {
    if (item.resolved === null || groups.length === 0) continue;
    const day = isoDay(new Date(item.resolved), timeZone);
    let index = 0;
    iterations.forEach((it, i) => {
      if (it.start <= day) index = i;
    });
    groups[index]?.push(item);
  }
  return groups.map((items) => donePointsByType(items, { start: `${pi.start}T00:00:00Z`, end: dayAfter(pi.end) }));
}

/** The start of the day after an ISO date: the exclusive end of a period ending that day. */
function dayAfter(day: string): Date {
  return new Date(Date.parse(`${day}T00:00:00Z`) + 86_400_000);
}

/**
 * The allocation each of the PI's iterations is sliced by: a closed one keeps the one in effect when it ended
 * (docs/domain.md: the past is not rewritten), the others the PI's current one.
 */
async function iterationAllocations(ctx: CallContext, data: TeamData, current: Allocation): Promise<Allocation[]> {
  const today = isoDay(data.now, data.timeZone);
  if (!data.pi.iterations.some((it) => it.end < today)) return data.pi.iterations.map(() => current);
  const saves = await ctx.platform.store.allocationHistory(data.projectKey, data.pi.id);
  return data.pi.iterations.map((it) =>
    it.end < today ? completeAllocation(allocationInEffect(saves, it.end, data.settings.defaultAllocation), data.settings) : current,
  );
}

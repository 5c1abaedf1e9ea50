import { DomainError, isNonNegativeNumber, ref, requireNonNegative } from './errors';
import { InputSource, IssueFacts } from './facts';
import { PlanItem } from './fill';
import { TeamContext, inputSourceClassifier } from './sources';
import { DEFAULT_WORK_TYPE_CONFIG, WorkTypeConfig, validateWorkTypeConfig, workTypeClassifier } from './workTypes';
import { comparePriority } from './wsjf';

/** An issue of the team backlog with everything the rules derive from it. */
export interface BacklogItem extends IssueFacts {
  workType: string;
  source: InputSource;
  /** Sum of the three WSJF components; null unless all three are scored. */
  costOfDelay: number | null;
  /** The job-size field, else the story points; null when neither is set. */
  jobSize: number | null;
  /** costOfDelay / jobSize; null = unscored (never silently 0). */
  wsjf: number | null;
  /** For program stories whose parent is committed to the PI: 1-based order by Jira rank among them. */
  committedOrder: number | null;
  /** In the tail: no longer relevant, waiting for the PO to confirm the trim; never planned, ranked last. */
  inTail: boolean;
}

export interface BacklogContext extends TeamContext {
  /** The PI being planned; a parent committed to it carries this name in `commitments`. */
  piName: string | null;
  workTypes?: WorkTypeConfig;
  /**
   * The PI-planning order of the committed stories as first seen (or re-baselined): those keep it whatever
   * their Jira rank says now; committed stories not in it follow, in rank order. Absent = rank order.
   */
  committedBaseline?: readonly string[];
  /** The label that puts an item in the tail (see `BacklogItem.inTail`); absent = no tail. */
  tailLabel?: string;
  /**
   * The team scores job size in a field of its own: an item without it has no job size (and no WSJF) rather
   * than falling back to its story points, so one ranking never mixes the two scales.
   */
  separateJobSize?: boolean;
}

/** Classifies and scores issues: work type, input source, cost of delay, job size, WSJF, committed order. */
export function toBacklogItems(issues: IssueFacts[], ctx: BacklogContext): BacklogItem[] {
  const config = ctx.workTypes ?? DEFAULT_WORK_TYPE_CONFIG;
  validateWorkTypeConfig(config);
  const workTypeOf = workTypeClassifier(config);
  const sourceOf = inputSourceClassifier(ctx);
  const tailLabel = ctx.tailLabel;
  const seen = new Set<string>();
  const items = issues.map((issue): BacklogItem => {
    if (seen.has(issue.key)) throw new DomainError('duplicateKey', `${issue.key} appears twice in the backlog`, ref('domain.invariant.backlogTwice', { key: issue.key }));
    seen.add(issue.key);
    const { businessValue, timeCriticality, riskReduction, jobSize: sizeField } = issue.wsjfParts;
    // The messages are built only for a bad number: building five for every issue was a large allocation.
    // A bad number read from Jira stops the load: named as the panel names the field (by key, for the UI's language).
    const of = (field: string) => ref('domain.fieldOfIssue', { field: ref(field), key: issue.key });
    if (!isNonNegativeOrNull(issue.points)) requireNonNegative(issue.points, `Story points of ${issue.key}`, 'invalidNumber', of('settings.role.storyPoints'));
    if (!isNonNegativeOrNull(businessValue)) requireNonNegative(businessValue, `Business value of ${issue.key}`, 'invalidNumber', of('panel.wsjf.bv.long'));
    if (!isNonNegativeOrNull(timeCriticality)) requireNonNegative(timeCriticality, `Time criticality of ${issue.key}`, 'invalidNumber', of('panel.wsjf.tc.long'));
    if (!isNonNegativeOrNull(riskReduction)) requireNonNegative(riskReduction, `Risk reduction of ${issue.key}`, 'invalidNumber', of('panel.wsjf.rr.long'));
    if (!isNonNegativeOrNull(sizeField)) requireNonNegative(sizeField, `Job size of ${issue.key}`, 'invalidNumber', of('panel.wsjf.size.long'));
    const costOfDelay =
      businessValue !== null && timeCriticality !== null && riskReduction !== null ? businessValue + timeCriticality + riskReduction : null;
    const jobSize = ctx.separateJobSize ? sizeField : (sizeField ?? issue.points);
    const source = sourceOf(issue);
    // Field by field rather than `...issue`: spreading 18 fields then adding 6 took ~8 µs an item in V8
    // (80 ms at 10k, the largest cost of a warm read); TypeScript still flags a field left out here.
    return {
      key: issue.key,
      projectKey: issue.projectKey,
      summary: issue.summary,
      issueType: issue.issueType,
      labels: issue.labels,
      components: issue.components,
      status: issue.status,
      statusCategory: issue.statusCategory,
      created: issue.created,
      updated: issue.updated,
      resolved: issue.resolved,
      points: issue.points,
      rank: issue.rank,
      wsjfParts: issue.wsjfParts,
      hasAcceptanceCriteria: issue.hasAcceptanceCriteria,
      parent: issue.parent,
      links: issue.links,
      sprint: issue.sprint,
      assignee: issue.assignee ?? null,
      hidden: issue.hidden,
      workType: workTypeOf(issue),
      source,
      costOfDelay,
      jobSize,
      wsjf: costOfDelay !== null && jobSize !== null && jobSize > 0 ? costOfDelay / jobSize : null,
      committedOrder: null,
      inTail: tailLabel !== undefined && issue.labels.includes(tailLabel),
    };
  });
  const piName = ctx.piName;
  if (piName) {
    const baseline = new Map((ctx.committedBaseline ?? []).map((key, i) => [key, i]));
    const place = (i: BacklogItem) => baseline.get(i.key) ?? Infinity;
    items
      .filter((i) => !i.inTail && committedToPi(i, piName))
      .sort((a, b) => place(a) - place(b) || a.rank - b.rank || (a.key < b.key ? -1 : 1))
      .forEach((item, order) => (item.committedOrder = order + 1));
  }
  return items;
}

/** A program story whose parent feature carries the PI's name: committed at that PI's planning (in the tail or not). */
export function committedToPi(item: Pick<BacklogItem, 'source' | 'parent'>, piName: string | null): boolean {
  return piName !== null && item.source === 'program' && item.parent !== null && item.parent.commitments.includes(piName);
}

function isNonNegativeOrNull(value: number | null): boolean {
  return value === null || isNonNegativeNumber(value);
}

/**
 * Backlog items in priority order: committed order, then WSJF descending with docs/domain.md tie-breaks, unscored
 * last by rank; the tail after everything, in rank order.
 */
export function sortByPriority<T extends BacklogItem>(items: T[]): T[] {
  const kept = items.filter((i) => !i.inTail).sort(comparePriority);
  const tail = items.filter((i) => i.inTail).sort((a, b) => a.rank - b.rank || (a.key < b.key ? -1 : 1));
  return tail.length === 0 ? kept : [...kept, ...tail];
}

/**
 * The fill's view of a backlog item; `ready` comes from the Definition of Ready. Done blockers do not count.
 * A story another team needs is marked so (placed before local items) and inherits its dependent's priority.
 */
export function toPlanItem(item: BacklogItem, ready: boolean): PlanItem {
  const otherTeam = item.source === 'otherTeam';
  const priority = otherTeam ? fillPriority(item) : item;
  return {
    key: item.key,
    workType: item.workType,
    points: item.points,
    ready,
    rank: item.rank,
    costOfDelay: priority.costOfDelay,
    committedOrder: item.committedOrder,
    jobSize: priority.jobSize,
    blockedBy: openBlockerKeys(item),
    ...(otherTeam ? { otherTeam } : {}),
  };
}

/**
 * Stands for a blocker the user cannot see in `PlanItem.blockedBy`: never an issue key, so never in a request,
 * the item waits as it does for someone who can see the blocker.
 */
export const HIDDEN_BLOCKER = '(an issue you cannot see)';

/** Keys of the open blockers of an item, `HIDDEN_BLOCKER` for those the user cannot see. */
function openBlockerKeys(item: Pick<BacklogItem, 'links' | 'hidden'>): string[] {
  const keys = item.links.filter((l) => l.direction === 'blockedBy' && l.statusCategory !== 'done').map((l) => l.key);
  return (item.hidden?.blockers ?? 0) > 0 ? [...keys, HIDDEN_BLOCKER] : keys;
}

/**
 * DOMAIN.md, Stories other teams need: the priority a story another team needs is planned with, its own or,
 * when its open dependent's WSJF is higher (or it has none), the dependent's cost of delay and job size:
 * delaying it delays the dependent by as much. Several dependents: the one with the highest WSJF.
 */
export function fillPriority(item: Pick<BacklogItem, 'source' | 'projectKey' | 'links' | 'costOfDelay' | 'jobSize'>): { costOfDelay: number | null; jobSize: number | null } {
  if (item.source !== 'otherTeam') return item;
  let best: { costOfDelay: number; jobSize: number | null } | null = null;
  let bestWsjf = ratio(item.costOfDelay, item.jobSize) ?? -Infinity;
  for (const link of item.links) {
    if (link.direction !== 'blocks' || link.statusCategory === 'done' || link.projectKey === item.projectKey || !link.priority) continue;
    const wsjf = ratio(link.priority.costOfDelay, link.priority.jobSize);
    if (wsjf === null) continue;
    if (wsjf > bestWsjf || (best !== null && wsjf === bestWsjf && link.priority.costOfDelay > best.costOfDelay)) {
      best = link.priority;
      bestWsjf = wsjf;
    }
  }
  return best ?? item;
}

/** WSJF from its two parts; null when unscored (as `wsjfOf`). */
function ratio(costOfDelay: number | null, jobSize: number | null): number | null {
  return costOfDelay !== null && jobSize !== null && jobSize > 0 ? costOfDelay / jobSize : null;
}

/**
 * The plan the issue panel shows, stored beside the user's backlog snapshot (issue 16, figure 11). A cold
 * instance answers the issue panel from that snapshot with the issue read again; planning the whole backlog
 * there (the fill, both modes) took most of a second at 50k. The plan computed on a snapshot's very content is
 * stored with a key naming everything it was computed from, so another cold instance takes it when its inputs
 * are the same and plans afresh (and stores that) when any differs.
 *
 * What names the backlog: the snapshot's generation (one write's content), tracked in memory on the issues
 * array read or written as that snapshot; the hidden-link counts the user's read put on the items; the context
 * the items were derived with (PI, work types, committed baseline...). The rest of the key is the plan's own
 * inputs (settings, allocations, iterations of the day, committed fill, the site). The record lives in the
 * user's own snapshot scope: another user never reads it, and nothing of it reaches anyone else.
 */
import { createHash } from 'node:crypto';
import type { BacklogItem, FillResult, IssueFacts, LeftOutReason, PlanFlag } from '../domain';

/** What the issue panel reads of a plan: the optimal fill's places and the chosen plan's flags. */
export interface PanelPlan {
  /** Keys planned per upcoming iteration (by iteration id), in the fill's order. */
  iterations: { id: string; keys: string[] }[];
  /** Keys left out, by reason (grouped: a 50k backlog leaves out most of it, and the record stays small). */
  leftOut: Partial<Record<LeftOutReason, string[]>>;
  flags: PlanFlag[];
}

/** The record as stored: the plan and the key of what it was computed from. */
export interface StoredPanelPlan {
  key: string;
  plan: PanelPlan;
}

/** Issues arrays exactly as a stored snapshot holds them, by that snapshot's generation. */
const snapshotGenerations = new WeakMap<readonly IssueFacts[], string>();

/** Items derived from a snapshot's issues, by what names them (see `keepItemsVersion`). */
const itemsVersions = new WeakMap<readonly BacklogItem[], string>();

/** Records that `issues` is the content of the snapshot written or read as `generation`. */
export function markSnapshotIssues(issues: readonly IssueFacts[], generation: string): void {
  snapshotGenerations.set(issues, generation);
}

/**
 * Records what names `items`: derived from `issues` (a snapshot's, else nothing is recorded) with the user's
 * hidden-link counts (`counted`, as withHiddenLinks returned them) and the derivation `context` (JSON).
 */
export function keepItemsVersion(items: readonly BacklogItem[], issues: readonly IssueFacts[], counted: readonly IssueFacts[], context: string): void {
  const generation = snapshotGenerations.get(issues);
  if (generation === undefined) return;
  itemsVersions.set(items, JSON.stringify([generation, hiddenCounts(issues, counted), context]));
}

/** The key of a plan of `items` with these inputs; null when the items are not a stored snapshot's. */
export function storedPlanKey(items: readonly BacklogItem[], inputs: unknown): string | null {
  const version = itemsVersions.get(items);
  if (version === undefined) return null;
  return createHash('sha256').update(JSON.stringify([version, inputs])).digest('base64url');
}

/** The panel's part of a computed plan. */
export function panelPlanOf(optimal: FillResult, flags: readonly PlanFlag[]): PanelPlan {
  const leftOut: PanelPlan['leftOut'] = {};
  for (const { key, reason } of optimal.leftOut) (leftOut[reason] ??= []).push(key);
  return { iterations: optimal.iterations.map((it) => ({ id: it.id, keys: it.keys })), leftOut, flags: [...flags] };
}

/** Where a plan puts `key`: an iteration id, a left-out reason, or neither (not among the plan's items). */
export function placeIn(plan: PanelPlan, key: string): { iteration: string } | { leftOut: LeftOutReason } | null {
  const planned = plan.iterations.find((it) => it.keys.includes(key));
  if (planned) return { iteration: planned.id };
  for (const [reason, keys] of Object.entries(plan.leftOut) as [LeftOutReason, string[]][]) if (keys.includes(key)) return { leftOut: reason };
  return null;
}

/** The items whose hidden-link counts this read set (few: only items with links to other projects). */
function hiddenCounts(issues: readonly IssueFacts[], counted: readonly IssueFacts[]): [string, number, number][] {
  if (counted === issues) return [];
  const out: [string, number, number][] = [];
  counted.forEach((issue, i) => {
    if (issue !== issues[i]) out.push([issue.key, issue.hidden?.dependents ?? 0, issue.hidden?.blockers ?? 0]);
  });
  return out;
}

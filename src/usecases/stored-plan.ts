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

/** What items were derived from (see `keepItemsVersion`). */
const itemsSources = new WeakMap<readonly BacklogItem[], { issues: readonly IssueFacts[]; hidden: string; context: string }>();

/** Records that `issues` is the content of the snapshot written or read as `generation`. */
export function markSnapshotIssues(issues: readonly IssueFacts[], generation: string): void {
  snapshotGenerations.set(issues, generation);
}

/**
 * Records what `items` were derived from: `issues` with the user's hidden-link counts (`counted`, as
 * withHiddenLinks returned them) and the derivation `context` (JSON). Whether `issues` are a snapshot's is asked
 * when a key is made: the snapshot may still be being written while the items are derived.
 */
export function keepItemsVersion(items: readonly BacklogItem[], issues: readonly IssueFacts[], counted: readonly IssueFacts[], context: string): void {
  itemsSources.set(items, { issues, hidden: JSON.stringify(hiddenCounts(issues, counted)), context });
}

/** The key of a plan of `items` with these inputs; null when the items are not a stored snapshot's. */
export function storedPlanKey(items: readonly BacklogItem[], inputs: unknown): string | null {
  const source = itemsSources.get(items);
  const generation = source && snapshotGenerations.get(source.issues);
  if (!source || generation === undefined) return null;
  return createHash('sha256').update(JSON.stringify([generation, source.hidden, source.context, inputs])).digest('base64url');
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

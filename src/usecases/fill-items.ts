import { checkReady, neededBy, toPlanItem, type BacklogItem, type PlanItem } from '../domain';
import type { TeamData } from './team-data';

/** A PO's pin: the item goes into the upcoming iteration at this index (0 = the next one). */
export interface FillPin {
  key: string;
  iteration: number;
}

/**
 * The fill request's items: every open item that is not in the running sprint, not in the tail (see
 * `tailItems`), not pinned and not left out by the PO. Blockers in the running sprint no longer constrain the next iterations (that sprint is done
 * before them), so they are dropped from `blockedBy`; a pinned blocker counts as planned in its pinned
 * iteration, so its dependents may go there or later (`earliestIteration`) instead of being left out as
 * waiting on something missing from the request.
 */
export function fillPlanItems(
  data: TeamData,
  options: { pins?: readonly FillPin[]; exclude?: ReadonlySet<string>; iterations?: readonly { end: string }[] } = {},
): PlanItem[] {
  const running = new Set(data.items.filter((i) => i.sprint?.state === 'active').map((i) => i.key));
  const pinnedAt = new Map((options.pins ?? []).map((p) => [p.key, p.iteration]));
  const exclude = options.exclude ?? new Set<string>();
  const out: PlanItem[] = [];
  for (const item of data.items) {
    if (item.inTail || running.has(item.key) || pinnedAt.has(item.key) || exclude.has(item.key)) continue;
    // Ready but for the split limit's share of an iteration: that share is taken per iteration by the fill
    // (readiness per iteration, DOMAIN.md), so an item too big for a small iteration may go into a larger one.
    const plan = toPlanItem(item, checkReady(item, data.readyPolicy, null).ready);
    // A story another team needs by a sprint of theirs is placed before local ones (DOMAIN.md).
    const needed = options.iterations ? neededBy(item, options.iterations) : null;
    out.push(withPlannedBlockers(needed ? { ...plan, neededBy: needed.iteration } : plan, running, pinnedAt));
  }
  return out;
}

/** Items in the tail the fill leaves out (those of the running sprint are not the fill's to plan). */
export function tailItems(data: Pick<TeamData, 'items'>): BacklogItem[] {
  return data.items.filter((i) => i.inTail && i.sprint?.state !== 'active');
}

/** The blockers of `item` the fill still has to respect (see fillPlanItems), for the "waits on" detail too. */
export function openBlockers(item: BacklogItem, running: ReadonlySet<string>): string[] {
  return item.links.filter((l) => l.direction === 'blockedBy' && l.statusCategory !== 'done' && !running.has(l.key)).map((l) => l.key);
}

function withPlannedBlockers(plan: PlanItem, running: ReadonlySet<string>, pinnedAt: ReadonlyMap<string, number>): PlanItem {
  const blockers = plan.blockedBy ?? [];
  if (!blockers.some((k) => running.has(k) || pinnedAt.has(k))) return plan;
  let earliest = plan.earliestIteration ?? 0;
  const blockedBy: string[] = [];
  for (const key of blockers) {
    if (running.has(key)) continue;
    const pinned = pinnedAt.get(key);
    if (pinned === undefined) blockedBy.push(key);
    else earliest = Math.max(earliest, pinned);
  }
  return { ...plan, blockedBy, ...(earliest > 0 ? { earliestIteration: earliest } : {}) };
}

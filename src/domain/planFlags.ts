import { sliceCapacity, type Allocation } from './allocation';
import type { FillResult } from './fill';
import type { BacklogItem } from './backlog';

/** A rule a plan keeps only with the PO's say-so, flagged on the item it concerns. */
export interface PlanFlag {
  key: string;
  kind: 'pinBlocker' | 'pinOverCapacity' | 'pinOverSlice' | 'late' | 'parentClosed' | 'hidden';
  message: string;
  /** The same message by id and params, for the UI to say in the reader's language (`plan.flag.<id>` in locales/). */
  text: PlanFlagText;
}

/** A flag's message by catalog id; dates are ISO days and numbers plain, for the UI to format. */
export type PlanFlagText =
  | { id: 'blockerNotPlanned'; params: { blocker: string } }
  | { id: 'blockerLater'; params: { blocker: string; iteration: string } }
  | { id: 'overCapacity'; params: { iteration: string; planned: number; capacity: number } }
  | { id: 'overSlice'; params: { workType: string; iteration: string; planned: number; slice: number } }
  | { id: 'late'; params: { dependent: string; sprint: string; date: string } }
  | { id: 'parentClosed'; params: { parent: string } }
  | { id: 'hiddenNeededBy' | 'hiddenDependsOn'; params: { count: number } }
  | { id: 'hiddenBoth'; params: { count: number; dependents: number; blockers: number } };

/** A PO's pin as the plan holds it: the item, its iteration (index) and its open blockers. */
export interface PinnedItem {
  key: string;
  iteration: number;
  workType: string;
  blockedBy: readonly string[];
}

export interface PlanIteration {
  name: string;
  capacity: number;
  allocation: Allocation;
}

/**
 * DOMAIN.md, Pins: a pin is kept even where it breaks a hard rule, and the plan flags each rule it breaks
 * on the item: a blocker planned later or not at all, the iteration over its capacity, its work type over
 * its slice (when types may not borrow). `plan` holds the pins in their iterations.
 */
export function pinFlags(
  pins: readonly PinnedItem[],
  plan: FillResult,
  iterations: readonly PlanIteration[],
  options: { borrowUnused: boolean; workTypeName?: (id: string) => string },
): PlanFlag[] {
  const name = options.workTypeName ?? ((id: string) => id);
  const at = new Map<string, number>();
  plan.iterations.forEach((it, t) => it.keys.forEach((k) => at.set(k, t)));
  const flags: PlanFlag[] = [];
  for (const pin of pins) {
    const it = iterations[pin.iteration];
    const planned = plan.iterations[pin.iteration];
    if (!it || !planned) continue;
    for (const blocker of pin.blockedBy) {
      const t = at.get(blocker);
      if (t === undefined) flags.push({ key: pin.key, kind: 'pinBlocker', message: `blocker ${blocker} not planned`, text: { id: 'blockerNotPlanned', params: { blocker } } });
      else if (t > pin.iteration) {
        const later = iterations[t]?.name ?? `#${t + 1}`;
        flags.push({ key: pin.key, kind: 'pinBlocker', message: `blocker ${blocker} planned later (${later})`, text: { id: 'blockerLater', params: { blocker, iteration: later } } });
      }
    }
    if (planned.points > it.capacity + 1e-9) {
      const [points, capacity] = [round(planned.points), round(it.capacity)];
      flags.push({
        key: pin.key,
        kind: 'pinOverCapacity',
        message: `${it.name} over capacity: ${points} of ${capacity} points`,
        text: { id: 'overCapacity', params: { iteration: it.name, planned: points, capacity } },
      });
    }
    if (!options.borrowUnused) {
      const slice = sliceCapacity(it.capacity, it.allocation)[pin.workType] ?? 0;
      const used = planned.pointsByType[pin.workType] ?? 0;
      if (used > slice + 1e-9) {
        const workType = name(pin.workType);
        flags.push({
          key: pin.key,
          kind: 'pinOverSlice',
          message: `over the ${workType} slice of ${it.name}: ${round(used)} of ${slice} points`,
          text: { id: 'overSlice', params: { workType, iteration: it.name, planned: round(used), slice } },
        });
      }
    }
  }
  return flags;
}

/**
 * DOMAIN.md, Tail and plan never disagree: a committed story whose parent is closed is the PO's to decide
 * ("parent closed: keep or trim?"), flagged wherever it appears instead of planned silently.
 */
export function parentClosedFlag(item: Pick<BacklogItem, 'key' | 'committedOrder' | 'parent'>): PlanFlag | null {
  if (item.parent === null || item.parent.statusCategory !== 'done') return null;
  if (item.committedOrder === null) return null;
  return { key: item.key, kind: 'parentClosed', message: `parent ${item.parent.key} closed: keep or trim?`, text: { id: 'parentClosed', params: { parent: item.parent.key } } };
}

/**
 * DOMAIN.md, Hidden dependents: an item with open blocking links to issues the user cannot see says so,
 * counted, and names nothing of them ("needed by an issue you cannot see").
 */
export function hiddenLinksFlag(item: Pick<BacklogItem, 'key' | 'hidden'>): PlanFlag | null {
  const dependents = item.hidden?.dependents ?? 0;
  const blockers = item.hidden?.blockers ?? 0;
  if (dependents === 0 && blockers === 0) return null;
  const issues = (n: number): string => (n === 1 ? 'an issue' : `${n} issues`);
  if (dependents > 0 && blockers > 0) {
    // With both, the issues are counted together and each side by number: one sentence a translator can reorder.
    const count = dependents + blockers;
    return {
      key: item.key,
      kind: 'hidden',
      message: `linked to ${count} issues you cannot see: needed by ${dependents}, depends on ${blockers}`,
      text: { id: 'hiddenBoth', params: { count, dependents, blockers } },
    };
  }
  if (dependents > 0) return { key: item.key, kind: 'hidden', message: `needed by ${issues(dependents)} you cannot see`, text: { id: 'hiddenNeededBy', params: { count: dependents } } };
  return { key: item.key, kind: 'hidden', message: `depends on ${issues(blockers)} you cannot see`, text: { id: 'hiddenDependsOn', params: { count: blockers } } };
}

/** Points as a flag shows them: whole, or to one decimal. */
function round(p: number): number {
  return Math.round(p * 10) / 10;
}

/** What another team needs a story by: the dependent, its sprint, and the last of our iterations that ends before it starts. */
export interface NeededBy {
  /** Index into the iterations given (0 when none of them ends before the dependent's sprint starts). */
  iteration: number;
  dependent: string;
  sprint: string;
  start: string;
}

/**
 * DOMAIN.md, Stories other teams need: when an issue our item blocks sits in a sprint of its team, the item
 * is needed by the last of our iterations that ends on or before that sprint starts (the earliest such
 * sprint when several wait on it). Null when no dependent sits in a sprint we know of.
 */
export function neededBy(item: Pick<BacklogItem, 'source' | 'links'>, iterations: readonly { end: string }[]): NeededBy | null {
  if (item.source !== 'otherTeam') return null;
  let best: NeededBy | null = null;
  for (const link of item.links) {
    if (link.direction !== 'blocks' || link.statusCategory === 'done' || !link.sprint) continue;
    const start = link.sprint.start.slice(0, 10);
    if (best !== null && best.start <= start) continue;
    let iteration = 0;
    iterations.forEach((it, t) => {
      if (it.end.slice(0, 10) <= start) iteration = t;
    });
    best = { iteration, dependent: link.key, sprint: link.sprint.name, start };
  }
  return best;
}

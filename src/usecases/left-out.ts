import { checkReady, workTypeName, type BacklogItem } from '../domain';
import type { LeftOutReason } from '../contracts';
import { openBlockers } from './fill-items';
import type { TeamData } from './team-data';

/** What explaining left-out items needs, built once per fill (a lookup per item would be quadratic at 50k). */
export interface LeftOutLookup {
  byKey: ReadonlyMap<string, BacklogItem>;
  /** Items in the running sprint: as blockers they no longer hold anything back (see fillPlanItems). */
  running: ReadonlySet<string>;
  maxCapacity: number;
}

/** Built once per reads' items (one backlog version, see team-data.ts). */
const lookups = new WeakMap<readonly BacklogItem[], Omit<LeftOutLookup, 'maxCapacity'>>();

export function leftOutLookup(data: Pick<TeamData, 'items'>, maxCapacity: number): LeftOutLookup {
  const known = lookups.get(data.items);
  if (known) return { ...known, maxCapacity };
  const byKey = new Map<string, BacklogItem>();
  const running = new Set<string>();
  for (const item of data.items) {
    byKey.set(item.key, item);
    if (item.sprint?.state === 'active') running.add(item.key);
  }
  lookups.set(data.items, { byKey, running });
  return { byKey, running, maxCapacity };
}

/** Why an item was left out, for the user; `verbose` spells out readiness gaps (one item, not a list of 10,000). */
export function leftOutDetail(data: Pick<TeamData, 'readyPolicy' | 'iterationCapacity'> & { settings?: Pick<TeamData['settings'], 'workTypes'> }, lookup: LeftOutLookup, key: string, reason: LeftOutReason, verbose: boolean): string {
  const item = lookup.byKey.get(key);
  if (!item) return '';
  switch (reason) {
    case 'notReady':
      // Empty in lists so 10,000 left-out rows stay small: the backlog row's DorGap bits say what is missing.
      return verbose ? checkReady(item, data.readyPolicy, data.iterationCapacity).gaps.map((g) => g.message).join('; ') : '';
    case 'unestimated':
      return 'no estimate: size it in refinement';
    case 'tooBig':
      return `${item.points} points is more than an iteration holds (${lookup.maxCapacity}): split it`;
    case 'blocked':
      return `waits on ${[...openBlockers(item, lookup.running), ...((item.hidden?.blockers ?? 0) > 0 ? ['an issue you cannot see'] : [])].join(', ')}`;
    case 'tooBigForSlice':
      return `${item.points} points is more than the ${workTypeName(data.settings, item.workType)} slice of any of these iterations holds: split it`;
    case 'noCapacity':
      return `no room left for ${item.points ?? 0} points of ${workTypeName(data.settings, item.workType)} in these iterations`;
    case 'inTail':
      // Empty in lists: a large tail would repeat one sentence thousands of times; the reason's label says it.
      return verbose ? 'in the tail as no longer relevant: trim it, or take it out of the tail to plan it' : '';
  }
}

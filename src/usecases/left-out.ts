import { checkReady, workTypeName, type BacklogItem } from '../domain';
import type { LeftOutReason } from '../contracts';
import { sentMessage, type SentMessage } from '../contracts/messages';
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

/** Why an item was left out, for the user, in English; `verbose` spells out readiness gaps (one item, not a list of 10,000). */
export function leftOutDetail(data: LeftOutData, lookup: LeftOutLookup, key: string, reason: LeftOutReason, verbose: boolean): string {
  return leftOutMessage(data, lookup, key, reason, verbose)?.text ?? '';
}

type LeftOutData = Pick<TeamData, 'readyPolicy' | 'iterationCapacity'> & { settings?: Pick<TeamData['settings'], 'workTypes'> };

/**
 * Why an item was left out, in English and by catalog key (`leftOut.detail.*`); null when a list says it
 * otherwise (readiness gaps by the row's DorGap bits, the tail by its label). Readiness gaps spelled out
 * (`verbose`) stay English: the issue panel lists them translated from the gap bits beside it.
 */
export function leftOutMessage(data: LeftOutData, lookup: LeftOutLookup, key: string, reason: LeftOutReason, verbose: boolean): SentMessage | null {
  const item = lookup.byKey.get(key);
  if (!item) return null;
  switch (reason) {
    case 'notReady': {
      // Empty in lists so 10,000 left-out rows stay small: the backlog row's DorGap bits say what is missing.
      const gaps = verbose ? checkReady(item, data.readyPolicy, data.iterationCapacity).gaps.map((g) => g.message).join('; ') : '';
      return gaps ? { text: gaps, i18n: { key: 'leftOut.detail.notReady' } } : null;
    }
    case 'unestimated':
      return sentMessage('leftOut.detail.unestimated');
    case 'tooBig':
      return sentMessage('leftOut.detail.tooBig', { points: item.points ?? 0, capacity: lookup.maxCapacity });
    case 'blocked': {
      const blockers = openBlockers(item, lookup.running);
      const hidden = (item.hidden?.blockers ?? 0) > 0;
      if (blockers.length === 0) return sentMessage('leftOut.detail.blockedHidden');
      return sentMessage(hidden ? 'leftOut.detail.blockedAndHidden' : 'leftOut.detail.blocked', { blockers: blockers.join(', ') });
    }
    case 'tooBigForSlice':
      return sentMessage('leftOut.detail.tooBigForSlice', { points: item.points ?? 0, workType: workTypeName(data.settings, item.workType) });
    case 'noCapacity':
      return sentMessage('leftOut.detail.noCapacity', { points: item.points ?? 0, workType: workTypeName(data.settings, item.workType) });
    case 'inTail':
      // Empty in lists: a large tail would repeat one sentence thousands of times; the reason's label says it.
      return verbose ? sentMessage('leftOut.detail.inTail') : null;
  }
}

import { checkReady } from '../domain';
import type { LeftOutReason } from './definitions';
import type { TeamData } from './team-data';

/** Why an item was left out, for the user; `verbose` spells out readiness gaps (one item, not a list of 10,000). */
export function leftOutDetail(data: TeamData, key: string, reason: LeftOutReason, maxCapacity: number, verbose: boolean): string {
  const item = data.items.find((i) => i.key === key);
  if (!item) return '';
  switch (reason) {
    case 'notReady':
      // Empty in lists so 10,000 left-out rows stay small: the backlog row's DorGap bits say what is missing.
      return verbose ? checkReady(item, data.readyPolicy, data.iterationCapacity).gaps.map((g) => g.message).join('; ') : '';
    case 'unestimated':
      return 'no estimate: size it in refinement';
    case 'tooBig':
      return `${item.points} points is more than an iteration holds (${maxCapacity}): split it`;
    case 'blocked':
      return `waits on ${item.links.filter((l) => l.direction === 'blockedBy' && l.statusCategory !== 'done').map((l) => l.key).join(', ')}`;
    case 'noCapacity':
      return `no room left for ${item.points ?? 0} points of ${item.workType} in these iterations`;
  }
}


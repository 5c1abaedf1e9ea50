import { BacklogItem, toPlanItem } from './backlog';
import { PlanItem } from './fill';

export type ReadyGapType = 'noEstimate' | 'overSplitLimit' | 'noAcceptanceCriteria' | 'externalBlocker' | 'noWsjf';

export interface ReadyGap {
  type: ReadyGapType;
  /** What the team should do about it. */
  message: string;
}

export interface ReadyCheck {
  key: string;
  ready: boolean;
  gaps: ReadyGap[];
}

/** The team's Definition of Ready; every check can be switched off. */
export interface ReadyPolicy {
  requireEstimate: boolean;
  /** Largest estimate a ready item may have (points); null = no fixed limit. */
  splitLimit: number | null;
  /** Also treat more than half the iteration capacity as over the split limit (when the capacity is known). */
  splitAtHalfIteration: boolean;
  /** The share of the iteration capacity that `splitAtHalfIteration` uses; default 0.5 (docs/domain.md). */
  splitFractionOfCapacity?: number;
  requireAcceptanceCriteria: boolean;
  /** No unresolved blocker in another project. */
  noExternalBlockers: boolean;
  /** Local items need cost-of-delay components and a job size. */
  requireWsjfForLocal: boolean;
}

/** The split-limit settings alone: when an item is a split candidate. */
export type SplitPolicy = Pick<ReadyPolicy, 'splitLimit' | 'splitAtHalfIteration' | 'splitFractionOfCapacity'>;

/** docs/domain.md's default Definition of Ready. */
export const DEFAULT_READY_POLICY: ReadyPolicy = {
  requireEstimate: true,
  splitLimit: 13,
  splitAtHalfIteration: true,
  requireAcceptanceCriteria: true,
  noExternalBlockers: true,
  requireWsjfForLocal: true,
};

/** Points above which an item is a split candidate: the size limit, or the capacity share (default half) if smaller. */
export function splitThreshold(
  policy: Pick<ReadyPolicy, 'splitLimit' | 'splitAtHalfIteration' | 'splitFractionOfCapacity'>,
  iterationCapacity?: number | null,
): number {
  let limit = policy.splitLimit ?? Infinity;
  const share = capacityShare(policy, iterationCapacity);
  if (share !== null) limit = Math.min(limit, share);
  return limit;
}

/** The capacity-based split limit (half the iteration by default), or null when it does not apply. */
export function capacityShare(
  policy: Pick<ReadyPolicy, 'splitAtHalfIteration' | 'splitFractionOfCapacity'>,
  iterationCapacity?: number | null,
): number | null {
  if (!policy.splitAtHalfIteration || iterationCapacity == null || !(iterationCapacity > 0)) return null;
  return iterationCapacity * (policy.splitFractionOfCapacity ?? 0.5);
}

/** Definition-of-Ready check of one item: ready or not, and each gap with a message. */
export function checkReady(item: BacklogItem, policy: ReadyPolicy = DEFAULT_READY_POLICY, iterationCapacity?: number | null): ReadyCheck {
  const types = readyGapTypes(item, policy, iterationCapacity);
  return { key: item.key, ready: types.length === 0, gaps: types.map((type) => ({ type, message: gapMessage(type, item, policy, iterationCapacity) })) };
}

/**
 * The Definition-of-Ready gaps of one item, as `checkReady` finds them, without their messages: what a Backlog
 * row (the gaps' bits) and the fill (ready or not) need, for 10,000 items on a read.
 */
export function readyGapTypes(item: BacklogItem, policy: ReadyPolicy = DEFAULT_READY_POLICY, iterationCapacity?: number | null): ReadyGapType[] {
  const gaps: ReadyGapType[] = [];
  if (policy.requireEstimate && item.points === null) gaps.push('noEstimate');
  if (item.points !== null && item.points > splitThreshold(policy, iterationCapacity)) gaps.push('overSplitLimit');
  if (policy.requireAcceptanceCriteria && !item.hasAcceptanceCriteria) gaps.push('noAcceptanceCriteria');
  if (policy.noExternalBlockers && (item.links.some((l) => isExternalBlocker(item, l)) || (item.hidden?.blockers ?? 0) > 0)) gaps.push('externalBlocker');
  if (policy.requireWsjfForLocal && item.source === 'local' && item.wsjf === null) gaps.push('noWsjf');
  return gaps;
}

function isExternalBlocker(item: BacklogItem, link: BacklogItem['links'][number]): boolean {
  return link.direction === 'blockedBy' && link.statusCategory !== 'done' && link.projectKey !== item.projectKey;
}

function externalBlockers(item: BacklogItem): BacklogItem['links'] {
  return item.links.filter((l) => isExternalBlocker(item, l));
}

function gapMessage(type: ReadyGapType, item: BacklogItem, policy: ReadyPolicy, iterationCapacity: number | null | undefined): string {
  switch (type) {
    case 'noEstimate':
      return `${item.key} has no estimate: size it in refinement`;
    case 'overSplitLimit':
      return `${item.key} is ${item.points} points, over the split limit of ${formatPoints(splitThreshold(policy, iterationCapacity))}: split it`;
    case 'noAcceptanceCriteria':
      return `${item.key} has no acceptance criteria: add them`;
    case 'externalBlocker': {
      const external = externalBlockers(item);
      // Nothing of a hidden issue is named (docs/decisions/hidden-links.md).
      return external.length > 0
        ? `${item.key} waits on ${external.map((l) => l.key).join(', ')} from another team: agree a date with them`
        : `${item.key} waits on an issue you cannot see, from another team: ask someone who can see it for a date`;
    }
    case 'noWsjf':
      return `${item.key} is a local item without WSJF: score value, time criticality, risk reduction and size`;
  }
}

function formatPoints(p: number): string {
  return Number.isInteger(p) ? String(p) : p.toFixed(1);
}

/** Plan items for the fill: each backlog item with `ready` from the Definition of Ready. */
export function toPlanItems(items: BacklogItem[], policy: ReadyPolicy = DEFAULT_READY_POLICY, iterationCapacity?: number | null): PlanItem[] {
  return items.filter((i) => i.statusCategory !== 'done').map((i) => toPlanItem(i, readyGapTypes(i, policy, iterationCapacity).length === 0));
}

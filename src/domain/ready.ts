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
  const gaps: ReadyGap[] = [];
  if (policy.requireEstimate && item.points === null) {
    gaps.push({ type: 'noEstimate', message: `${item.key} has no estimate: size it in refinement` });
  }
  const limit = splitThreshold(policy, iterationCapacity);
  if (item.points !== null && item.points > limit) {
    gaps.push({ type: 'overSplitLimit', message: `${item.key} is ${item.points} points, over the split limit of ${formatPoints(limit)}: split it` });
  }
  if (policy.requireAcceptanceCriteria && !item.hasAcceptanceCriteria) {
    gaps.push({ type: 'noAcceptanceCriteria', message: `${item.key} has no acceptance criteria: add them` });
  }
  if (policy.noExternalBlockers) {
    const external = item.links.filter((l) => l.direction === 'blockedBy' && l.statusCategory !== 'done' && l.projectKey !== item.projectKey);
    if (external.length > 0) {
      gaps.push({
        type: 'externalBlocker',
        message: `${item.key} waits on ${external.map((l) => l.key).join(', ')} from another team: agree a date with them`,
      });
    } else if ((item.hidden?.blockers ?? 0) > 0) {
      // Nothing of the hidden issue is named (docs/decisions/hidden-links.md).
      gaps.push({ type: 'externalBlocker', message: `${item.key} waits on an issue you cannot see, from another team: ask someone who can see it for a date` });
    }
  }
  if (policy.requireWsjfForLocal && item.source === 'local' && item.wsjf === null) {
    gaps.push({ type: 'noWsjf', message: `${item.key} is a local item without WSJF: score value, time criticality, risk reduction and size` });
  }
  return { key: item.key, ready: gaps.length === 0, gaps };
}

function formatPoints(p: number): string {
  return Number.isInteger(p) ? String(p) : p.toFixed(1);
}

/** Plan items for the fill: each backlog item with `ready` from the Definition of Ready. */
export function toPlanItems(items: BacklogItem[], policy: ReadyPolicy = DEFAULT_READY_POLICY, iterationCapacity?: number | null): PlanItem[] {
  return items.filter((i) => i.statusCategory !== 'done').map((i) => toPlanItem(i, checkReady(i, policy, iterationCapacity).ready));
}

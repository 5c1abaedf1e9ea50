import type { ReadyPolicy, SplitPolicy } from './ready';

/** The Definition of Ready as a team sets it (Settings): which checks apply. */
export interface DorSettings {
  requireEstimate: boolean;
  requireWithinSplitLimit: boolean;
  requireAcceptanceCriteria: boolean;
  requireNoExternalBlocker: boolean;
  requireWsjfForLocal: boolean;
}

/** The split limit as a team sets it: a share of the iteration's capacity, and optionally a size in points. */
export interface SplitLimitSettings {
  fractionOfCapacity: number;
  maxPoints: number | null;
}

/** The readiness policy of a team's DoR; with "within split limit" off, no size limit makes an item not ready. */
export function readyPolicyFrom(dor: DorSettings, splitLimit: SplitLimitSettings): ReadyPolicy {
  const withinSplitLimit = dor.requireWithinSplitLimit;
  return {
    requireEstimate: dor.requireEstimate,
    splitLimit: withinSplitLimit ? splitLimit.maxPoints : null,
    splitAtHalfIteration: withinSplitLimit,
    splitFractionOfCapacity: splitLimit.fractionOfCapacity,
    requireAcceptanceCriteria: dor.requireAcceptanceCriteria,
    noExternalBlockers: dor.requireNoExternalBlocker,
    requireWsjfForLocal: dor.requireWsjfForLocal,
  };
}

/** When an item is a split candidate (refinement), whether or not the DoR checks the size. */
export function splitPolicyFrom(splitLimit: SplitLimitSettings): SplitPolicy {
  return { splitLimit: splitLimit.maxPoints, splitAtHalfIteration: true, splitFractionOfCapacity: splitLimit.fractionOfCapacity };
}

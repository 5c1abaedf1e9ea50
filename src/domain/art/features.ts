import type { WsjfInputs } from '../facts';
import { comparePriority, wsjfOf } from '../wsjf';

/** A program feature as scored: its own WSJF fields and its stories' points. */
export interface FeatureScoreInput {
  key: string;
  /** Position in Jira's rank order, 0 = top. */
  rank: number;
  wsjfParts: WsjfInputs;
  /** Points of its stories (null: unestimated), for the job size when the feature has no size of its own. */
  storyPoints: readonly (number | null)[];
}

export interface RankedFeature {
  key: string;
  rank: number;
  costOfDelay: number | null;
  jobSize: number | null;
  wsjf: number | null;
}

/** Job size of a feature (docs/domain.md): its own size field, else the sum of its stories' points (null when none is estimated). */
export function featureJobSize(feature: Pick<FeatureScoreInput, 'wsjfParts' | 'storyPoints'>): number | null {
  if (feature.wsjfParts.jobSize !== null) return feature.wsjfParts.jobSize;
  const estimated = feature.storyPoints.filter((p): p is number => p !== null);
  if (estimated.length === 0) return null;
  const total = estimated.reduce((a, b) => a + b, 0);
  return total > 0 ? total : null;
}

/** Features in WSJF order exactly as stories are ranked (same ties; unscored features keep rank order after the scored). */
export function rankFeatures(features: readonly FeatureScoreInput[]): RankedFeature[] {
  const keyed = features.map((f): RankedFeature => {
    const { businessValue, timeCriticality, riskReduction } = f.wsjfParts;
    const costOfDelay = businessValue === null || timeCriticality === null || riskReduction === null ? null : businessValue + timeCriticality + riskReduction;
    const jobSize = featureJobSize(f);
    return { key: f.key, rank: f.rank, costOfDelay, jobSize, wsjf: null };
  });
  return keyed.map((k) => ({ ...k, wsjf: wsjfOf(k) })).sort(comparePriority);
}

/** The order a feature re-rank writes (as stories': unscored features keep their slots in rank order, the scored are sorted by WSJF into the others). */
export function featureRerankOrder(features: readonly FeatureScoreInput[]): string[] {
  const ranked = rankFeatures(features);
  const byRank = [...ranked].sort((a, b) => a.rank - b.rank);
  const scored = ranked.filter((f) => f.wsjf !== null);
  let next = 0;
  return byRank.map((f) => (f.wsjf === null ? f.key : (scored[next++] as RankedFeature).key));
}

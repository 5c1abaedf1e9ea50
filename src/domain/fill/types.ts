/** The fill's public contract: what a request holds and what a plan says. */
import { Allocation } from '../allocation';

export interface PlanItem {
  key: string;
  workType: string;
  points: number | null;
  ready: boolean;
  /** Position in the Jira backlog, 0 = top. */
  rank: number;
  /** null/absent = unscored. */
  costOfDelay?: number | null;
  /** Committed program story: its PI-planning order. */
  committedOrder?: number | null;
  /** Keys of blockers that are not Done. */
  blockedBy?: string[];
  /** Job size for the WSJF order when the team keeps one apart from points; absent = points. */
  jobSize?: number | null;
  /**
   * Index of the first iteration the item may take (0 = any; absent = 0): a blocker planned outside the
   * request, such as one the PO pinned, constrains its dependents this way.
   */
  earliestIteration?: number;
  /**
   * A story another team needs (source `otherTeam`): the index of the last iteration that ends on or before
   * the dependent's sprint starts. Such items are placed after committed stories and before local ones,
   * earliest needed-by first; one planned later (or left out) is reported in `FillResult.late`.
   */
  neededBy?: number | null;
  /**
   * A story another team needs (source `otherTeam`), with or without a needed-by: placed after committed
   * stories and before local ones, like those with a needed-by (its `costOfDelay` and `jobSize` may be its
   * dependent's: see `toPlanItem`).
   */
  otherTeam?: boolean;
}

export interface FillRequest {
  items: PlanItem[];
  /**
   * `reserved`: points already placed in the iteration, by work type (the PO's pins). They take from its
   * capacity and from their own type's slice; an item is still `tooBig` only against the whole capacity.
   * `allocation`: the iteration's own, when it belongs to another PI than `allocation` (same work types).
   * `splitLimit`: the Definition of Ready's split limit against this iteration (e.g. half its capacity):
   * an item above it is not ready for this iteration, and may still be for a larger one (absent = none).
   */
  iterations: { id: string; capacity: number; reserved?: Record<string, number>; allocation?: Allocation; splitLimit?: number }[];
  allocation: Allocation;
  /** Default true: capacity a type cannot use flows to other types. */
  borrowUnused?: boolean;
  /** Default 'optimal'. */
  mode?: 'greedy' | 'optimal';
  /** The PO's name of each work type id, for messages (absent: the id). */
  workTypeNames?: Readonly<Record<string, string>>;
}

/**
 * `tooBig`: bigger than every iteration; `tooBigForSlice`: bigger than its work type's slice of every
 * iteration while types may not borrow (a split candidate either way); `notReady` includes over the split
 * limit of every iteration.
 */
export type LeftOutReason = 'notReady' | 'unestimated' | 'tooBig' | 'tooBigForSlice' | 'blocked' | 'noCapacity';

export interface FillResult {
  iterations: { id: string; keys: string[]; points: number; pointsByType: Record<string, number> }[];
  leftOut: { key: string; reason: LeftOutReason }[];
  /** Sum over items of CoD x (1-based iteration index, or N+1 when left out); unscored items count 0. */
  costOfDelay: number;
  /** Stories other teams need that are planned after their needed-by iteration or left out, in priority order. */
  late: { key: string; neededBy: number }[];
}

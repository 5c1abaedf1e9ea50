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
}

export interface FillRequest {
  items: PlanItem[];
  /**
   * `reserved`: points already placed in the iteration, by work type (the PO's pins). They take from its
   * capacity and from their own type's slice; an item is still `tooBig` only against the whole capacity.
   * `allocation`: the iteration's own, when it belongs to another PI than `allocation` (same work types).
   */
  iterations: { id: string; capacity: number; reserved?: Record<string, number>; allocation?: Allocation }[];
  allocation: Allocation;
  /** Default true: capacity a type cannot use flows to other types. */
  borrowUnused?: boolean;
  /** Default 'optimal'. */
  mode?: 'greedy' | 'optimal';
}

export type LeftOutReason = 'notReady' | 'unestimated' | 'tooBig' | 'blocked' | 'noCapacity';

export interface FillResult {
  iterations: { id: string; keys: string[]; points: number; pointsByType: Record<string, number> }[];
  leftOut: { key: string; reason: LeftOutReason }[];
  /** Sum over items of CoD x (1-based iteration index, or N+1 when left out); unscored items count 0. */
  costOfDelay: number;
}

/**
 * The compact encodings of the UI contract (see definitions.ts): the values both sides read the same way.
 */

/** Longest summary sent in list rows; the issue panel and previews send full summaries. */
export const SUMMARY_MAX = 48;

/** Definition-of-Ready gaps as bits; 0 = Ready. */
export const DorGap = {
  NO_ESTIMATE: 1,
  OVER_SPLIT_LIMIT: 2,
  NO_ACCEPTANCE_CRITERIA: 4,
  EXTERNAL_BLOCKER: 8,
  NO_WSJF: 16,
} as const;

/** Markers on a backlog row (bits). */
export const RowFlag = {
  /** A committed program story: kept in its PI-planning order, not sorted by WSJF. */
  COMMITTED: 1,
  /** Labelled `backlog-tail` (trim candidate). */
  IN_TAIL: 2,
  /** Suggested for the tail (stale or closed parent) but not yet there. */
  TAIL_CANDIDATE: 4,
  /** Too big for an iteration: split candidate. */
  SPLIT_CANDIDATE: 8,
  /** Has an unresolved blocker. */
  BLOCKED: 16,
  /** In an active or future sprint already. */
  IN_SPRINT: 32,
} as const;


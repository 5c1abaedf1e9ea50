/**
 * The compact encodings of the UI contract (see definitions.ts): the values both sides read the same way.
 */

import type { BacklogRow, IssueRef, SourceCode } from './definitions';

/** Longest summary sent in list rows; the issue panel and previews send full summaries. */
export const SUMMARY_MAX = 48;

/** How many moves of a re-rank preview carry their summary, work type and reason (the top of the list). */
export const RERANK_DESCRIBED = 500;

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
  /** A committed story whose parent feature is closed: the PO decides, keep or trim (DOMAIN.md). */
  PARENT_CLOSED: 64,
  /** Depends on or is needed by an issue the user cannot see (counted, never named: DOMAIN.md, Hidden dependents). */
  HIDDEN_LINK: 128,
} as const;


/** A backlog row's fields by name: what `decodeBacklogRow` gives and `encodeBacklogRow` takes. */
export interface BacklogRowFields {
  key: IssueRef;
  summary: string;
  /** Index into the DTO's `workTypes`. */
  workType: number;
  source: SourceCode;
  points: number | null;
  businessValue: number | null;
  timeCriticality: number | null;
  riskReduction: number | null;
  /** The separate job-size field; null = points stand in. */
  jobSize: number | null;
  wsjf: number | null;
  /** DorGap bits; 0 = Ready. */
  dorGaps: number;
  /** RowFlag bits. */
  flags: number;
  /** Index into BacklogDto.parents; null when the row has no parent (or the row came without it). */
  parent: number | null;
  /** Index into BacklogDto.sprints: the open sprint the item is in; null when none. */
  sprint: number | null;
}

/** The one decoder of `BacklogRow` (sent as a tuple to keep 10,000 rows small): read fields by name, not by index. */
export function decodeBacklogRow(row: BacklogRow): BacklogRowFields {
  const [key, summary, workType, source, points, businessValue, timeCriticality, riskReduction, jobSize, wsjf, dorGaps, flags, parent, sprint] = row;
  return { key, summary, workType, source, points, businessValue, timeCriticality, riskReduction, jobSize, wsjf, dorGaps, flags, parent: parent ?? null, sprint: sprint ?? null };
}

/** Its counterpart on the backend: the trailing parent and sprint are left off when null (most rows). */
export function encodeBacklogRow(f: BacklogRowFields): BacklogRow {
  const row: BacklogRow = [f.key, f.summary, f.workType, f.source, f.points, f.businessValue, f.timeCriticality, f.riskReduction, f.jobSize, f.wsjf, f.dorGaps, f.flags];
  if (f.sprint !== null) row.push(f.parent, f.sprint);
  else if (f.parent !== null) row.push(f.parent);
  return row;
}

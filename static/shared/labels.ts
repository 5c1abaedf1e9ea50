import { DorGap, RowFlag, type LeftOutReason, type SourceCode, type CapacitySource } from '../../src/contracts';

export const SOURCE_LABELS: Record<SourceCode, string> = { p: 'Program', o: 'Other team', l: 'Local' };

export const CAPACITY_SOURCE_LABELS: Record<CapacitySource, string> = {
  manual: 'Manual',
  velocity: 'Velocity',
  normalized: 'Normalized',
  none: 'Unknown',
};

const GAP_LABELS: [number, string][] = [
  [DorGap.NO_ESTIMATE, 'No estimate'],
  [DorGap.OVER_SPLIT_LIMIT, 'Too big'],
  [DorGap.NO_ACCEPTANCE_CRITERIA, 'No acceptance criteria'],
  [DorGap.EXTERNAL_BLOCKER, 'Blocked by another team'],
  [DorGap.NO_WSJF, 'No WSJF'],
];

/** The readiness gaps in a DorGap bit mask, as words. */
export function gapLabels(bits: number): string[] {
  return GAP_LABELS.filter(([bit]) => (bits & bit) !== 0).map(([, label]) => label);
}

const FLAG_LABELS: [number, string][] = [
  [RowFlag.COMMITTED, 'Committed'],
  [RowFlag.IN_SPRINT, 'In sprint'],
  [RowFlag.IN_TAIL, 'In tail'],
  [RowFlag.TAIL_CANDIDATE, 'Stale'],
  [RowFlag.SPLIT_CANDIDATE, 'Split'],
  [RowFlag.BLOCKED, 'Blocked'],
  [RowFlag.PARENT_CLOSED, 'Parent closed: keep or trim?'],
  [RowFlag.HIDDEN_LINK, 'Depends on or is needed by an issue you cannot see'],
];

export function flagLabels(bits: number): string[] {
  return FLAG_LABELS.filter(([bit]) => (bits & bit) !== 0).map(([, label]) => label);
}

export const LEFT_OUT_LABELS: Record<LeftOutReason, string> = {
  notReady: 'Not ready',
  unestimated: 'No estimate',
  tooBig: 'Too big: split it',
  tooBigForSlice: 'Too big for its slice: split it',
  blocked: 'Blocked',
  noCapacity: 'No room left',
  inTail: 'In the tail',
};

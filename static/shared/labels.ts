import { DorGap, RowFlag, type LeftOutReason, type SourceCode, type CapacitySource } from '../../src/contracts';
import type { MessageKey, Translator } from './format';

/** Message keys of each input source: show with `t(SOURCE_LABELS[source])`. */
export const SOURCE_LABELS: Record<SourceCode, MessageKey> = { p: 'label.source.program', o: 'label.source.otherTeam', l: 'label.source.local' };

export const CAPACITY_SOURCE_LABELS: Record<CapacitySource, MessageKey> = {
  manual: 'label.capacity.manual',
  velocity: 'label.capacity.velocity',
  normalized: 'label.capacity.normalized',
  none: 'label.capacity.none',
};

const GAP_LABELS: [number, MessageKey][] = [
  [DorGap.NO_ESTIMATE, 'label.gap.noEstimate'],
  [DorGap.OVER_SPLIT_LIMIT, 'label.gap.tooBig'],
  [DorGap.NO_ACCEPTANCE_CRITERIA, 'label.gap.noAcceptanceCriteria'],
  [DorGap.EXTERNAL_BLOCKER, 'label.gap.externalBlocker'],
  [DorGap.NO_WSJF, 'label.gap.noWsjf'],
];

/** The readiness gaps in a DorGap bit mask, as words. */
export function gapLabels(t: Translator['t'], bits: number): string[] {
  return GAP_LABELS.filter(([bit]) => (bits & bit) !== 0).map(([, label]) => t(label));
}

const FLAG_LABELS: [number, MessageKey][] = [
  [RowFlag.COMMITTED, 'label.flag.committed'],
  [RowFlag.IN_SPRINT, 'label.flag.inSprint'],
  [RowFlag.IN_TAIL, 'label.flag.inTail'],
  [RowFlag.TAIL_CANDIDATE, 'label.flag.stale'],
  [RowFlag.SPLIT_CANDIDATE, 'label.flag.split'],
  [RowFlag.BLOCKED, 'label.flag.blocked'],
  [RowFlag.PARENT_CLOSED, 'label.flag.parentClosed'],
  [RowFlag.HIDDEN_LINK, 'label.flag.hiddenLink'],
];

/** The row flags in a RowFlag bit mask, as words; "In sprint" names the sprint when it is known. */
export function flagLabels(t: Translator['t'], bits: number, sprint?: string | null): string[] {
  return FLAG_LABELS.filter(([bit]) => (bits & bit) !== 0).map(([bit, label]) =>
    bit === RowFlag.IN_SPRINT && sprint ? t('label.flag.inNamedSprint', { sprint }) : t(label),
  );
}

export const LEFT_OUT_LABELS: Record<LeftOutReason, MessageKey> = {
  notReady: 'label.leftOut.notReady',
  unestimated: 'label.leftOut.unestimated',
  tooBig: 'label.leftOut.tooBig',
  tooBigForSlice: 'label.leftOut.tooBigForSlice',
  blocked: 'label.leftOut.blocked',
  noCapacity: 'label.leftOut.noCapacity',
  inTail: 'label.leftOut.inTail',
};

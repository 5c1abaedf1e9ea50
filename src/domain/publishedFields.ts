import type { ReadyGapType } from './ready';

/**
 * What the app publishes on an issue in its two Jira custom fields (WSJF and Readiness), so that Jira users
 * can search, filter and sort by them in JQL. The values are data in Jira, the same for every reader, so the
 * Readiness text is in one language (English), as JQL compares it literally.
 */
export interface PublishedValues {
  /** WSJF as the panel shows it (two decimals); null while the item is unscored. */
  wsjf: number | null;
  /** "Ready", or "Not ready: " and what is missing; null where nothing was published yet. */
  readiness: string | null;
}

export const READY_TEXT = 'Ready';

/** The gaps in the words the panel's readiness labels use, in the order the Definition of Ready checks them. */
const GAP_WORDS: Readonly<Record<ReadyGapType, string>> = {
  noEstimate: 'no estimate',
  overSplitLimit: 'too big',
  noAcceptanceCriteria: 'no acceptance criteria',
  externalBlocker: 'blocked by another team',
  noWsjf: 'no WSJF',
};
const GAP_ORDER: readonly ReadyGapType[] = ['noEstimate', 'overSplitLimit', 'noAcceptanceCriteria', 'externalBlocker', 'noWsjf'];

/** The Readiness field's text: "Ready", or "Not ready: no estimate, too big" (gaps in the Definition of Ready's order). */
export function readinessText(gaps: readonly { type: ReadyGapType }[]): string {
  if (gaps.length === 0) return READY_TEXT;
  const present = new Set(gaps.map((g) => g.type));
  return `Not ready: ${GAP_ORDER.filter((g) => present.has(g)).map((g) => GAP_WORDS[g]).join(', ')}`;
}

/** The WSJF field's number: rounded to two decimals as the panel shows it; null for an unscored item. */
export function publishedWsjf(wsjf: number | null): number | null {
  if (wsjf === null || !Number.isFinite(wsjf)) return null;
  return Math.round(wsjf * 100) / 100;
}

/** One value to write: the field, the issue and its new value (null clears the field). */
export interface PublishedChange {
  key: string;
  field: keyof PublishedValues;
  value: number | string | null;
}

/**
 * The writes that bring Jira's published values (`current`, by issue key; an issue missing there holds none)
 * to `desired`: only values that differ, so an unchanged backlog writes nothing.
 */
export function changedValues(desired: ReadonlyMap<string, PublishedValues>, current: ReadonlyMap<string, PublishedValues>): PublishedChange[] {
  const changes: PublishedChange[] = [];
  for (const [key, want] of desired) {
    const have = current.get(key) ?? { wsjf: null, readiness: null };
    if (want.wsjf !== have.wsjf) changes.push({ key, field: 'wsjf', value: want.wsjf });
    if (want.readiness !== have.readiness) changes.push({ key, field: 'readiness', value: want.readiness });
  }
  return changes;
}

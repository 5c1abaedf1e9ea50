import type { Platform } from '../platform/types';
import { eraseAccounts, storedAccounts } from '../storage';

/** Forge's personal data reporting (`privacy.reportPersonalData` from `@forge/api`): at most 90 accounts a call. */
export type ReportPersonalData = (accounts: { accountId: string; updatedAt: string }[]) => Promise<{ accountId: string; status: 'updated' | 'closed' }[]>;

export const REPORT_BATCH = 90;

export interface PrivacyOutcome {
  reported: number;
  closed: string[];
  /** Keys deleted or rewritten to erase the closed accounts. */
  erased: number;
}

/**
 * Reports every account id this installation stores to Atlassian and erases what it keeps about the accounts
 * Atlassian answers are closed (run by the scheduled trigger; Atlassian asks apps to report at least weekly).
 * `updated` (the profile changed) needs nothing: the app keeps no profile data, display names are looked up
 * when shown.
 */
export async function reportAndErasePersonalData(platform: Platform, report: ReportPersonalData): Promise<PrivacyOutcome> {
  const accounts = await storedAccounts(platform.store.kv, platform.now());
  const closed = new Set<string>();
  for (let i = 0; i < accounts.length; i += REPORT_BATCH) {
    const answers = await report(accounts.slice(i, i + REPORT_BATCH));
    for (const answer of answers ?? []) if (answer.status === 'closed') closed.add(answer.accountId);
  }
  const erased = await eraseAccounts(platform.store.kv, closed);
  // What this instance remembers about a closed account goes too (its loaded backlogs, its /myself).
  if (closed.size > 0) platform.backlogCache.forget('');
  return { reported: accounts.length, closed: [...closed].sort(), erased };
}

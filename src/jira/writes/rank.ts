/**
 * Re-rank (`PUT /rest/agile/1.0/issue/rank`) in batches of at most 50 that keep the intended order: the
 * first batch goes before/after the anchor, each next batch right after the last key of the previous one.
 * Jira applies a batch in the order its keys are listed. A failed or partial (207) batch stops the run,
 * since every later batch is anchored on it.
 */

import { InvalidWriteError } from '../errors';
import type { JiraHttp } from '../http';
import { asArray, asNumber, asRecord, asString } from '../json';
import { assertIssueKey } from '../jql';
import { route } from '../route';
import { chunk } from '../search';
import { goneFromBatch } from './gone';
import { OutcomeBuilder, whyOf, type WriteOutcome, type WriteReason } from './outcome';
import { ref } from '../../domain/errors';

export const RANK_BATCH = 50;

export type RankAnchor = { before: string } | { after: string };

export interface RankOptions {
  /** The board's rank field (board configuration `ranking.rankCustomFieldId`). */
  rankFieldId?: number | null;
}

function uniqueKeys(keys: readonly string[]): string[] {
  keys.forEach(assertIssueKey);
  if (new Set(keys).size !== keys.length) throw new InvalidWriteError('The new order lists an issue twice.', ref('jira.write.rankTwice'));
  return [...keys];
}

/** Places `orderedKeys`, in that order, before or after the anchor issue. */
export async function rankIssues(
  http: JiraHttp,
  orderedKeys: readonly string[],
  anchor: RankAnchor,
  options: RankOptions = {},
): Promise<WriteOutcome> {
  const keys = uniqueKeys(orderedKeys);
  const anchorKey = assertIssueKey('before' in anchor ? anchor.before : anchor.after);
  if (keys.includes(anchorKey)) throw new InvalidWriteError(`${anchorKey} cannot be ranked relative to itself.`, ref('jira.write.rankSelf', { key: anchorKey }));
  const outcome = new OutcomeBuilder();
  const batches = chunk(keys, RANK_BATCH);
  let position: RankAnchor = anchor;
  for (let b = 0; b < batches.length; b++) {
    let batch = batches[b] as string[];
    let failedInBatch = await rankBatch(http, batch, position, options, outcome, true);
    if (failedInBatch instanceof Map) {
      // One deleted or moved issue fails the whole batch: rank the rest without it, and name it.
      const gone = failedInBatch;
      gone.forEach((reason, key) => outcome.markFailed([key], reason));
      batch = batch.filter((k) => !gone.has(k));
      failedInBatch = batch.length > 0 ? await rankBatch(http, batch, position, options, outcome, false) : false;
    }
    if (failedInBatch) {
      outcome.markNotAttempted(batches.slice(b + 1).flat());
      break;
    }
    if (batch.length > 0) position = { after: batch[batch.length - 1] as string };
  }
  return outcome.build();
}

/**
 * Makes `desiredOrder` the top of the backlog, in that order. `currentTopKey` is the issue at the top now;
 * when it is itself part of the new order, the first issue is first moved above it.
 */
export async function rankAsTop(
  http: JiraHttp,
  desiredOrder: readonly string[],
  currentTopKey: string,
  options: RankOptions = {},
): Promise<WriteOutcome> {
  const keys = uniqueKeys(desiredOrder);
  if (keys.length === 0) return new OutcomeBuilder().build();
  if (!keys.includes(currentTopKey)) return rankIssues(http, keys, { before: currentTopKey }, options);
  const [first, ...rest] = keys as [string, ...string[]];
  const head =
    first === currentTopKey ? { changed: [first], notChanged: [], complete: true } : await rankIssues(http, [first], { before: currentTopKey }, options);
  if (!head.complete) {
    const outcome = new OutcomeBuilder();
    head.notChanged.forEach((n) => outcome.markFailed([n.key], n));
    outcome.markNotAttempted(rest);
    return outcome.build();
  }
  if (rest.length === 0) return head;
  const tail = await rankIssues(http, rest, { after: first }, options);
  return { changed: [...head.changed, ...tail.changed], notChanged: tail.notChanged, complete: tail.complete };
}

/**
 * What to send to finish an interrupted re-rank: every key from the first one not changed onwards,
 * anchored after the last key before it that did move (or at the original anchor). Null when done.
 */
export function resumeRank(
  orderedKeys: readonly string[],
  anchor: RankAnchor,
  outcome: WriteOutcome,
): { keys: string[]; anchor: RankAnchor } | null {
  const changed = new Set(outcome.changed);
  const firstMissing = orderedKeys.findIndex((k) => !changed.has(k));
  if (firstMissing === -1) return null;
  return {
    keys: orderedKeys.slice(firstMissing),
    anchor: firstMissing === 0 ? anchor : { after: orderedKeys[firstMissing - 1] as string },
  };
}

/**
 * Sends one batch; records what happened; true when anything in it failed. With `findGone`, a refusal caused
 * by issues that no longer exist is not recorded: their reasons come back instead, for the caller to resend.
 */
async function rankBatch(
  http: JiraHttp,
  batch: string[],
  position: RankAnchor,
  options: RankOptions,
  outcome: OutcomeBuilder,
  findGone: boolean,
): Promise<boolean | Map<string, WriteReason>> {
  const body = {
    issues: batch,
    ...('before' in position ? { rankBeforeIssue: position.before } : { rankAfterIssue: position.after }),
    ...(options.rankFieldId ? { rankCustomFieldId: options.rankFieldId } : {}),
  };
  try {
    const reply = await http.send('PUT', route`/rest/agile/1.0/issue/rank`, body);
    if (reply.status !== 207) {
      outcome.markChanged(batch);
      return false;
    }
    return recordPartial(batch, reply.body, outcome);
  } catch (error) {
    const gone = findGone ? await goneFromBatch(http, batch, error) : new Map<string, WriteReason>();
    if (gone.size > 0) return gone;
    outcome.markFailed(batch, whyOf(error));
    return true;
  }
}

/** 207: per-issue entries; an issue without a success entry counts as not changed. */
function recordPartial(batch: string[], body: unknown, outcome: OutcomeBuilder): boolean {
  const results = new Map<string, { ok: boolean; reason: string }>();
  for (const raw of asArray(asRecord(body)?.entries)) {
    const entry = asRecord(raw);
    const key = asString(entry?.issueKey);
    if (!entry || !key) continue;
    const status = asNumber(entry.status) ?? 0;
    const messages = asArray(asRecord(entry.errors)?.errorMessages ?? entry.errors).filter((m): m is string => typeof m === 'string');
    results.set(key, { ok: status >= 200 && status < 300, reason: messages.join('; ') || `Jira answered ${status} for this issue.` });
  }
  let failed = false;
  for (const key of batch) {
    const result = results.get(key);
    if (result?.ok) outcome.markChanged([key]);
    else {
      failed = true;
      outcome.markFailed(
        [key],
        result
          ? { reason: `Jira did not re-rank it: ${result.reason}`, text: { key: 'job.failure.notRanked', params: { reason: result.reason } } }
          : { reason: 'Jira did not confirm re-ranking it.', text: { key: 'job.failure.rankUnconfirmed' } },
      );
    }
  }
  return failed;
}

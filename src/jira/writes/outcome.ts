/**
 * The result of a write that touches many issues: exactly which were changed and which were not, and why,
 * so the caller can report it and resume. Nothing is silently half-done.
 */

import {
  JiraAuthenticationError,
  JiraError,
  JiraNetworkError,
  JiraRateLimitError,
  JiraServerError,
} from '../errors';
import type { MessageRef } from '../../domain/errors';

/**
 * A reason in the app's words (not Jira's) by catalog key (locales/), for the UI to say in the reader's
 * language; `reason` stays its English. Its own keys (`job.failure.*`) or a Jira error's (`jira.error.*`).
 */
export type ReasonText = MessageRef;

/** A reason with its English and, when it is the app's own, its catalog key. */
export interface WriteReason {
  reason: string;
  text?: ReasonText;
}

export interface NotChanged {
  key: string;
  reason: string;
  text?: ReasonText;
  /** True when the issue was never sent because an earlier failure stopped the write. */
  notAttempted: boolean;
}

export interface WriteOutcome {
  changed: string[];
  notChanged: NotChanged[];
  /** True when every requested issue was changed. */
  complete: boolean;
}

export const NOT_ATTEMPTED = 'Not attempted: an earlier part of this change failed. Run it again to finish.';

export class OutcomeBuilder {
  private readonly changed: string[] = [];
  private readonly notChanged: NotChanged[] = [];

  markChanged(keys: readonly string[]): void {
    this.changed.push(...keys);
  }

  markFailed(keys: readonly string[], reason: string | WriteReason): void {
    const why = typeof reason === 'string' ? { reason } : reason;
    keys.forEach((key) => this.notChanged.push({ key, ...why, notAttempted: false }));
  }

  markNotAttempted(keys: readonly string[]): void {
    keys.forEach((key) => this.notChanged.push({ key, reason: NOT_ATTEMPTED, text: { key: 'job.failure.notAttempted' }, notAttempted: true }));
  }

  build(): WriteOutcome {
    return { changed: [...this.changed], notChanged: [...this.notChanged], complete: this.notChanged.length === 0 };
  }
}

/** Errors that will fail every following request too: stop instead of hammering Jira. */
export function stopsTheWrite(error: unknown): boolean {
  return (
    !(error instanceof JiraError) ||
    error instanceof JiraRateLimitError ||
    error instanceof JiraServerError ||
    error instanceof JiraNetworkError ||
    error instanceof JiraAuthenticationError
  );
}

export function reasonOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Why a write failed: its English and, for a Jira error in the app's words, the same by key. */
export function whyOf(error: unknown): WriteReason {
  const reason = reasonOf(error);
  return error instanceof JiraError && error.i18n ? { reason, text: error.i18n } : { reason };
}

/**
 * Runs `write` for each key in turn. A per-issue refusal (403, 404, 400) is recorded and the rest go on;
 * an error that would fail everything (429/5xx after retries, network, auth) stops the run.
 */
export async function writeEach(keys: readonly string[], write: (key: string) => Promise<void>): Promise<WriteOutcome> {
  const outcome = new OutcomeBuilder();
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i] as string;
    try {
      await write(key);
      outcome.markChanged([key]);
    } catch (error) {
      outcome.markFailed([key], whyOf(error));
      if (stopsTheWrite(error)) {
        outcome.markNotAttempted(keys.slice(i + 1));
        break;
      }
    }
  }
  return outcome.build();
}

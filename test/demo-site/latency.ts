/**
 * A latency model for the demo site, so timings mean something against a Jira that answers in hundreds of
 * milliseconds rather than microseconds: each request takes a base time plus a cost per issue returned (that
 * grows with the fields asked: a key-only search is cheap), with seeded jitter; a user may have only so many
 * requests in flight, and one more is answered 429 with `Retry-After` at once, as Jira does when throttling.
 * Off unless a test or the benchmark turns it on. The defaults and where they come from: README.md.
 */
import { createPrng, type Prng } from './prng';

export interface LatencyModel {
  /** Time of any request before the issues it returns (network round trip and Jira's fixed cost). */
  baseMs: number;
  /** Per issue returned by a search that asks only for `id`/`key`. */
  perIssueKeyOnlyMs: number;
  /** Per issue returned, per field asked (other than id/key), by a search or a bulk fetch. */
  perIssueFieldMs: number;
  /** Requests one user may have in flight; one more answers 429 at once. */
  concurrentPerUser: number;
  /** What the 429 asks the client to wait, in seconds (Jira sends whole seconds; tests use fractions). */
  retryAfterSeconds: number;
  /** Each service time is multiplied by a factor drawn uniformly from [1 - jitter, 1 + jitter]. */
  jitter: number;
  seed: number;
}

/** The defaults (assumptions where nothing is published; see README.md, "The latency model"). */
export const JIRA_CLOUD_LATENCY: LatencyModel = {
  baseMs: 150,
  perIssueKeyOnlyMs: 0.02,
  perIssueFieldMs: 0.2,
  concurrentPerUser: 10,
  retryAfterSeconds: 1,
  jitter: 0.2,
  seed: 1,
};

/** What a request asked for and got, as far as its cost goes. */
export interface RequestCost {
  /** Issues in the answer. */
  issues: number;
  /** Fields asked per issue other than id/key (0: key-only). */
  fields: number;
}

/** The service time the model gives a request, without jitter. */
export function serviceMs(model: LatencyModel, cost: RequestCost): number {
  const perIssue = cost.fields === 0 ? model.perIssueKeyOnlyMs : model.perIssueFieldMs * cost.fields;
  return model.baseMs + cost.issues * perIssue;
}

/** The model's state on a running site: who has how many requests in flight, and the jitter's stream. */
export class LatencyState {
  private readonly inFlight = new Map<string, number>();
  private random: Prng;

  constructor(readonly model: LatencyModel) {
    this.random = createPrng(model.seed);
  }

  /** Takes a slot for the user, or answers false when the user is at the cap. */
  admit(user: string): boolean {
    const current = this.inFlight.get(user) ?? 0;
    if (current >= this.model.concurrentPerUser) return false;
    this.inFlight.set(user, current + 1);
    return true;
  }

  release(user: string): void {
    const current = this.inFlight.get(user) ?? 0;
    if (current <= 1) this.inFlight.delete(user);
    else this.inFlight.set(user, current - 1);
  }

  /** The jittered service time of one request. */
  drawMs(cost: RequestCost): number {
    const factor = 1 + this.model.jitter * (2 * this.random.next() - 1);
    return serviceMs(this.model, cost) * factor;
  }
}

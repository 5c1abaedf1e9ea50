import { BacklogItem, sortByPriority } from './backlog';
import { DAY_MS, millisOf, NOW_LABEL, toMillis } from './dates';
import { DomainError, ref } from './errors';
import { StatusCategory } from './facts';
import { DEFAULT_READY_POLICY, ReadyCheck, ReadyPolicy, SplitPolicy, capacityShare, checkReady, splitThreshold } from './ready';
import { TeamContext } from './sources';

export type TailReason = 'stale' | 'parentClosed';

export interface TailCandidate {
  key: string;
  reasons: TailReason[];
  /** Days since the last update. */
  idleDays: number;
  message: string;
}

export type SplitReason = 'overHalfIteration' | 'overSizeLimit';

export interface SplitCandidate {
  key: string;
  points: number;
  /** The lowest threshold that applies (size limit or half the iteration). */
  limit: number;
  reasons: SplitReason[];
}

export interface Dependency {
  key: string;
  /** `blocks`: another team waits on this item; `blockedBy`: this item waits on another team. */
  direction: 'blocks' | 'blockedBy';
  otherKey: string;
  otherProjectKey: string;
  otherStatusCategory: StatusCategory;
}

export interface ReadyRunway {
  readyPoints: number;
  velocity: number;
  /** readyPoints / velocity; null when there is no velocity to divide by. */
  iterations: number | null;
  target: number;
  enough: boolean;
}

export interface RefinementReport {
  tail: TailCandidate[];
  splitCandidates: SplitCandidate[];
  /** Unestimated items among the top of the backlog (Jira rank order) the next two iterations will draw on. */
  unestimatedAtTop: string[];
  /** Items failing the Definition of Ready, in priority order. */
  notReady: ReadyCheck[];
  dependencies: Dependency[];
  runway: ReadyRunway;
}

export interface RefinementOptions {
  /** The clock is a parameter so the report is deterministic. */
  now: string | Date;
  iterationCapacity: number;
  velocity: number;
  team: TeamContext;
  staleDays?: number;
  readyPolicy?: ReadyPolicy;
  /** When an item is a split candidate; default: the ready policy's split limit (a DoR without it still lists them). */
  splitPolicy?: SplitPolicy;
  /** Iterations the ready runway and the estimated top should cover (default 2). */
  runwayTarget?: number;
}

/** The tail and split candidates a Backlog row is marked with: the first two checks of `refinementReport`. */
export interface RowCandidates {
  tail: TailCandidate[];
  splitCandidates: SplitCandidate[];
}

type CandidateOptions = Pick<RefinementOptions, 'now' | 'iterationCapacity' | 'staleDays' | 'readyPolicy' | 'splitPolicy'>;

/** Items still to be checked: in the tail already, an item waits for the PO's trim and no other check applies. */
function openItems(items: readonly BacklogItem[]): BacklogItem[] {
  return items.filter((i) => i.statusCategory !== 'done' && !i.inTail);
}

/** The tail and split candidates alone, as `refinementReport` finds them (without its readiness checks). */
export function rowCandidates(items: readonly BacklogItem[], opts: CandidateOptions): RowCandidates {
  return candidatesOf(openItems(items), opts);
}

function candidatesOf(open: readonly BacklogItem[], opts: CandidateOptions): RowCandidates {
  const now = toMillis(opts.now, 'Now', NOW_LABEL);
  const staleDays = opts.staleDays ?? 180;
  if (!(staleDays >= 0)) throw new DomainError('invalidConfig', `Stale days must be 0 or more, got ${staleDays}`, ref('domain.staleDays', { value: staleDays }));
  const policy = opts.readyPolicy ?? DEFAULT_READY_POLICY;

  const tail: TailCandidate[] = [];
  for (const item of open) {
    // Work the team has taken into the running sprint is settled at the sprint review, not trimmed from the backlog.
    if (item.sprint?.state === 'active') continue;
    // The label is built only for a date that is not one (once per item adds up at 50k items).
    const updated = millisOf(item.updated);
    if (!Number.isFinite(updated)) toMillis(item.updated, `Last update of ${item.key}`, ref('domain.what.lastUpdate', { key: item.key }));
    const idleDays = Math.floor((now - updated) / DAY_MS);
    const reasons: TailReason[] = [];
    if (idleDays >= staleDays) reasons.push('stale');
    if (item.parent && item.parent.statusCategory === 'done') reasons.push('parentClosed');
    if (reasons.length === 0) continue;
    const why = reasons.map((r) => (r === 'stale' ? `untouched for ${idleDays} days` : `its parent ${item.parent?.key} is closed`));
    tail.push({ key: item.key, reasons, idleDays, message: `${item.key}: ${why.join(' and ')}; move it to the tail or drop it` });
  }

  const split = opts.splitPolicy ?? policy;
  const half = capacityShare(split, opts.iterationCapacity) ?? Infinity;
  const sizeLimit = split.splitLimit ?? Infinity;
  const splitCandidates: SplitCandidate[] = [];
  for (const item of open) {
    if (item.points === null) continue;
    const reasons: SplitReason[] = [];
    if (item.points > half) reasons.push('overHalfIteration');
    if (item.points > sizeLimit) reasons.push('overSizeLimit');
    if (reasons.length > 0) splitCandidates.push({ key: item.key, points: item.points, limit: splitThreshold(split, opts.iterationCapacity), reasons });
  }
  return { tail, splitCandidates };
}

/** The refinement checklist over the open backlog: tail, split, estimate, readiness, dependencies, runway. */
export function refinementReport(items: readonly BacklogItem[], opts: RefinementOptions): RefinementReport {
  const policy = opts.readyPolicy ?? DEFAULT_READY_POLICY;
  const target = opts.runwayTarget ?? 2;
  const open = openItems(items);
  const { tail, splitCandidates } = candidatesOf(open, opts);

  const unestimatedAtTop = unestimatedAtTopOf(open, target * opts.iterationCapacity);

  const checks = sortByPriority(open).map((i) => ({ item: i, check: checkReady(i, policy, opts.iterationCapacity) }));
  const program = new Set(opts.team.programProjectKeys);
  const dependencies: Dependency[] = [];
  for (const item of open) {
    for (const l of item.links) {
      if (l.projectKey === opts.team.teamProjectKey || program.has(l.projectKey)) continue;
      dependencies.push({ key: item.key, direction: l.direction, otherKey: l.key, otherProjectKey: l.projectKey, otherStatusCategory: l.statusCategory });
    }
  }

  // Runway: ready work not yet in a running or closed sprint.
  const readyPoints = checks
    .filter(({ item, check }) => check.ready && item.points !== null && (item.sprint === null || item.sprint.state === 'future'))
    .reduce((s, { item }) => s + (item.points as number), 0);
  const iterations = opts.velocity > 0 ? readyPoints / opts.velocity : null;
  return {
    tail,
    splitCandidates,
    unestimatedAtTop,
    notReady: checks.filter(({ check }) => !check.ready).map(({ check }) => check),
    dependencies,
    runway: { readyPoints, velocity: opts.velocity, iterations, target, enough: iterations !== null && iterations >= target },
  };
}

/**
 * Unestimated items among the top of the backlog that the next iterations will draw on. The top is Jira's
 * rank order: without an estimate an item has no job size, so priority order would always put it last.
 * What the running sprint holds is already planned, and an unestimated item counts as the backlog's median
 * estimate (1 point when nothing is estimated yet), so the walk stops where `needed` points are likely covered.
 */
function unestimatedAtTopOf(open: readonly BacklogItem[], needed: number): string[] {
  const upcoming = open.filter((i) => i.sprint?.state !== 'active').sort((a, b) => a.rank - b.rank);
  const estimates = upcoming.flatMap((i) => (i.points !== null && i.points > 0 ? [i.points] : [])).sort((a, b) => a - b);
  const typical = estimates.length === 0 ? 1 : (estimates[Math.floor((estimates.length - 1) / 2)] as number);
  const found: string[] = [];
  let covered = 0;
  for (const item of upcoming) {
    if (covered >= needed) break;
    if (item.points === null) found.push(item.key);
    covered += item.points ?? typical;
  }
  return found;
}

export interface RankMove {
  key: string;
  /** Put `key` right after this key; null = to the top of the backlog. */
  after: string | null;
}

/** Moves placed as one block: consecutive places of the new order, right after `after` (null = the top). */
export interface RankRun {
  keys: string[];
  after: string | null;
}

/**
 * `rerankPlan`'s moves grouped into runs: a move anchored right after the previous move joins its run, so
 * only what moves is written, in as few anchored batches as the order allows. Applied in order, every
 * anchor already stands where the new order puts it.
 */
export function rankRuns(moves: readonly RankMove[]): RankRun[] {
  const runs: RankRun[] = [];
  for (const move of moves) {
    const last = runs[runs.length - 1];
    if (last && move.after === last.keys[last.keys.length - 1]) last.keys.push(move.key);
    else runs.push({ keys: [move.key], after: move.after });
  }
  return runs;
}

/**
 * The backlog order "Apply order to Jira" writes (DOMAIN.md, Sort): unscored items (no WSJF, not committed)
 * keep their slots in the current rank order, so an unestimated item at the top stays there until someone
 * estimates it; committed stories (in committed order) and scored items are sorted by priority into the
 * other slots; a blocker that would come after an item it blocks ranks right before the first one; the
 * tail goes last, in rank order.
 */
export function rerankOrder(items: readonly BacklogItem[]): string[] {
  return rerankWalk(items).order;
}

/**
 * The rule that puts an item where "Apply order to Jira" puts it (DOMAIN.md, Sort), for the preview:
 * in the tail (last), pulled right before an item it blocks, its committed order, its WSJF, or unscored
 * (it keeps its slot in the rank order while others move around it).
 */
export type RankReason =
  | { kind: 'tail' }
  | { kind: 'blocks'; key: string }
  | { kind: 'committed'; order: number }
  | { kind: 'wsjf'; wsjf: number }
  | { kind: 'unscored' };

/** `rerankOrder` with the reason each item lands where it does. */
export function rerankWithReasons(items: readonly BacklogItem[]): { order: string[]; reasons: Map<string, RankReason> } {
  const { order, pulledBefore } = rerankWalk(items);
  const reasons = new Map<string, RankReason>();
  for (const item of items) {
    const blocked = pulledBefore.get(item.key);
    reasons.set(
      item.key,
      item.inTail
        ? { kind: 'tail' }
        : blocked !== undefined
          ? { kind: 'blocks', key: blocked }
          : item.committedOrder !== null
            ? { kind: 'committed', order: item.committedOrder }
            : item.wsjf !== null
              ? { kind: 'wsjf', wsjf: item.wsjf }
              : { kind: 'unscored' },
    );
  }
  return { order, reasons };
}

/** The walk behind `rerankOrder`; `pulledBefore`: blockers placed ahead of their turn, and the item that pulled each. */
function rerankWalk(items: readonly BacklogItem[]): { order: string[]; pulledBefore: Map<string, string> } {
  const byRank = (a: BacklogItem, b: BacklogItem) => a.rank - b.rank || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0);
  const kept = items.filter((i) => !i.inTail).sort(byRank);
  const unscored = (i: BacklogItem) => i.wsjf === null && i.committedOrder === null;
  const sorted = sortByPriority(kept.filter((i) => !unscored(i)));
  let next = 0;
  const slotted = kept.map((i) => (unscored(i) ? i : (sorted[next++] as BacklogItem)));
  const byKey = new Map(kept.map((i) => [i.key, i]));
  const order: string[] = [];
  const placed = new Set<string>();
  // One guard for the whole walk: every key a finished walk visited is placed by then, so sharing it changes
  // nothing but the 10k short-lived Sets a per-item guard would allocate on every read.
  const visiting = new Set<string>();
  const pulledBefore = new Map<string, string>();
  const place = (item: BacklogItem, pulledBy: string | null): void => {
    if (placed.has(item.key) || visiting.has(item.key)) return;
    visiting.add(item.key);
    if (pulledBy !== null) pulledBefore.set(item.key, pulledBy);
    for (const l of item.links) {
      const blocker = l.direction === 'blockedBy' && l.statusCategory !== 'done' ? byKey.get(l.key) : undefined;
      if (blocker) place(blocker, item.key);
    }
    placed.add(item.key);
    order.push(item.key);
  };
  for (const item of slotted) place(item, null);
  for (const item of items.filter((i) => i.inTail).sort(byRank)) order.push(item.key);
  return { order, pulledBefore };
}

/** The fewest single-item moves (keep a longest increasing run in place) that turn `current` into `target` order. */
export function rerankPlan(current: string[], target: string[]): RankMove[] {
  const position = new Map(current.map((k, i) => [k, i]));
  if (position.size !== current.length || new Set(target).size !== target.length) {
    throw new DomainError('duplicateKey', 'An issue appears twice in the backlog order', ref('domain.invariant.orderTwice'));
  }
  if (target.length !== current.length || target.some((k) => !position.has(k))) {
    throw new DomainError('invalidRequest', 'The new order must hold exactly the issues of the current backlog', ref('domain.invariant.orderOtherIssues'));
  }
  const seq = target.map((k) => position.get(k) as number);
  const keep = longestIncreasingSubsequence(seq);
  const moves: RankMove[] = [];
  target.forEach((key, i) => {
    if (!keep.has(i)) moves.push({ key, after: i === 0 ? null : target[i - 1] });
  });
  return moves;
}

/** Applies rank moves in order (what Jira's rank-after calls do), for previews and checks. */
export function applyRankMoves(order: string[], moves: RankMove[]): string[] {
  const result = [...order];
  for (const m of moves) {
    const from = result.indexOf(m.key);
    if (from < 0) throw new DomainError('invalidRequest', `${m.key} is not in the backlog`, ref('domain.invariant.notInBacklog', { key: m.key }));
    result.splice(from, 1);
    const at = m.after === null ? 0 : result.indexOf(m.after) + 1;
    if (m.after !== null && at === 0) throw new DomainError('invalidRequest', `${m.after} is not in the backlog`, ref('domain.invariant.notInBacklog', { key: m.after }));
    result.splice(at, 0, m.key);
  }
  return result;
}

/** Indices (into seq) of one longest strictly increasing subsequence, O(n log n). */
function longestIncreasingSubsequence(seq: number[]): Set<number> {
  const tails: number[] = [];
  const prev = new Array<number>(seq.length).fill(-1);
  for (let i = 0; i < seq.length; i++) {
    let lo = 0;
    let hi = tails.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (seq[tails[mid]] < seq[i]) lo = mid + 1;
      else hi = mid;
    }
    if (lo > 0) prev[i] = tails[lo - 1];
    tails[lo] = i;
  }
  const keep = new Set<number>();
  for (let i = tails.length ? tails[tails.length - 1] : -1; i >= 0; i = prev[i]) keep.add(i);
  return keep;
}

export interface SplitCheck {
  valid: boolean;
  originalPoints: number;
  sum: number;
  problems: string[];
}

/** Checks a split plan: at least two new stories, each with a positive estimate, summing to the original's points. */
export function checkSplitPlan(originalKey: string, originalPoints: number, newPoints: number[]): SplitCheck {
  const problems: string[] = [];
  if (!Number.isFinite(originalPoints) || originalPoints < 0) problems.push(`${originalKey} has no valid estimate to split`);
  if (newPoints.length < 2) problems.push('A split needs at least two new stories');
  newPoints.forEach((p, i) => {
    if (!Number.isFinite(p) || p <= 0) problems.push(`New story #${i + 1} needs an estimate above 0, got ${String(p)}`);
  });
  const sum = newPoints.reduce((s, p) => s + (Number.isFinite(p) ? p : 0), 0);
  if (Math.abs(sum - originalPoints) > 1e-9) {
    problems.push(`The new stories add up to ${sum} points, ${originalKey} has ${originalPoints}: they must sum up`);
  }
  return { valid: problems.length === 0, originalPoints, sum, problems };
}

const SPLIT_SIZES = [1, 2, 3, 5, 8, 13, 20, 40, 100];

/**
 * A proposed split of `points` into parts within `limit` (DOMAIN.md: never two halves that are still
 * candidates): while what is left is over the limit, a part of the largest scale size within it, then the
 * rest; at least two parts (halves when the item is within the limit), at most `maxParts` (then as even as
 * they can be). 34 with a limit of 16.5: 13 + 13 + 8.
 */
export function proposeSplit(points: number, limit: number, maxParts = 10): number[] {
  if (!Number.isInteger(points) || points < 2) return [points];
  const half = [points - Math.floor(points / 2), Math.floor(points / 2)];
  if (!(limit >= 1) || points <= limit) return half;
  const size = [...SPLIT_SIZES].reverse().find((s) => s <= limit) ?? 1;
  if (Math.ceil(points / size) > maxParts) {
    // More parts than a split takes: as even as they can be (the PO splits the biggest again later).
    return Array.from({ length: maxParts }, (_, i) => Math.floor(points / maxParts) + (i < points % maxParts ? 1 : 0));
  }
  const parts: number[] = [];
  let left = points;
  while (left > limit) {
    parts.push(size);
    left -= size;
  }
  if (left > 0) parts.push(left);
  return parts;
}

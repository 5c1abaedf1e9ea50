/**
 * Guarantee: a batched write interrupted anywhere (refusal, 5xx after retries, throttling, a timeout, an answer
 * lost after Jira applied it, a partial 207) reports exactly which issues changed, and running it again on what
 * is left finishes the job with nothing duplicated: every issue moved/labelled/closed once, a split's stories
 * created once and linked once. Each property interrupts a random request of a real write against the demo
 * site, checks the outcome against the site's own state, resumes, and checks the end state.
 */

import fc from 'fast-check';
import {
  createJiraHttp,
  labelAsTail,
  moveIssuesToSprint,
  rankIssues,
  resumeRank,
  setIssueNumbers,
  splitIssue,
  splitPartLabel,
  TAIL_LABEL,
  trimTail,
  type FieldMap,
  type JiraHttp,
  type RankAnchor,
  type WriteOutcome,
} from '../../src/jira';
import { startDemoSite, type DemoSite } from '../demo-site';
import { demoClient, demoPort, fakeClock, isWrite, PASS, SITE_NOW, Tally, type FaultAction, type FaultRule, type SentRequest } from './helpers';

let site: DemoSite;
const tally = new Tally();
const PROJECT = 'ORION';

beforeAll(async () => {
  site = await startDemoSite({ seed: 11, now: SITE_NOW });
});
afterAll(async () => {
  tally.write('write-faults');
  await site.close();
});

type WriteFault =
  | { kind: 'refused'; status: 400 | 403 | 404 | 500 }
  /** 503 on that request and on every retry of it: the retry budget runs out. */
  | { kind: 'unavailable' }
  /** One 429 or 503: the retry rides it out and the write completes. */
  | { kind: 'throttledOnce'; status: 429 | 503 }
  | { kind: 'timeout' }
  /** Jira applied the request but the answer never arrived. */
  | { kind: 'lostAnswer' }
  /** Rank only: Jira's 207, the last `lastN` issues of the batch not moved. */
  | { kind: 'partial207'; lastN: number };

const writeFault = (withPartial: boolean): fc.Arbitrary<WriteFault> =>
  fc.oneof(
    fc.record({ kind: fc.constant('refused' as const), status: fc.constantFrom(400 as const, 403 as const, 404 as const, 500 as const) }),
    fc.constant({ kind: 'unavailable' as const }),
    fc.record({ kind: fc.constant('throttledOnce' as const), status: fc.constantFrom(429 as const, 503 as const) }),
    fc.constant({ kind: 'timeout' as const }),
    fc.constant({ kind: 'lostAnswer' as const }),
    ...(withPartial ? [fc.record({ kind: fc.constant('partial207' as const), lastN: fc.integer({ min: 1, max: 49 }) })] : []),
  );

interface Interruption {
  rule: FaultRule;
  /** The request the fault hit, once it did. */
  hit(): SentRequest | null;
}

/** Injects `fault` at the `at`-th request (0-based) that `counts`. */
function interruptAt(at: number, fault: WriteFault, counts: (r: SentRequest) => boolean): Interruption {
  let seen = 0;
  let hit: SentRequest | null = null;
  const same = (a: SentRequest, b: SentRequest) => a.method === b.method && a.path === b.path && JSON.stringify(a.body) === JSON.stringify(b.body);
  const rule = (request: SentRequest): FaultAction => {
    if (hit && fault.kind === 'unavailable' && same(request, hit)) return { kind: 'answer', status: 503 };
    if (!counts(request) || hit) return PASS;
    if (seen++ !== at) return PASS;
    hit = request;
    switch (fault.kind) {
      case 'refused':
        return { kind: 'answer', status: fault.status };
      case 'unavailable':
        return { kind: 'answer', status: 503 };
      case 'throttledOnce':
        return { kind: 'answer', status: fault.status, retryAfterSeconds: fault.status === 429 ? 3 : undefined };
      case 'timeout':
        return { kind: 'throwBefore', message: 'The operation was aborted due to timeout' };
      case 'lostAnswer':
        return { kind: 'throwAfter', message: 'socket hang up' };
      case 'partial207':
        site.faults.failRankPartially({ lastN: fault.lastN });
        return PASS;
    }
  };
  return { rule, hit: () => hit };
}

/** Keys a request was about: an Agile batch body's `issues`, or the issue in the path. */
function keysOf(request: SentRequest | null): string[] {
  if (!request) return [];
  const issues = (request.body as { issues?: unknown } | undefined)?.issues;
  if (Array.isArray(issues)) return issues.filter((k): k is string => typeof k === 'string');
  const inPath = /\/issue\/([A-Z][A-Z0-9_]*-\d+)/.exec(request.path);
  return inPath ? [inPath[1] as string] : [];
}

/** Keys Jira may have changed without the outcome knowing: only those of a request whose answer was lost. */
function maybeChanged(fault: WriteFault, interruption: Interruption): Set<string> {
  return new Set(fault.kind === 'lostAnswer' ? keysOf(interruption.hit()) : []);
}

function cleanClient(): JiraHttp {
  return createJiraHttp(demoPort(site, site.po), { retry: fakeClock() });
}

function openKeys(): string[] {
  return site.view.rankOrder(PROJECT).filter((k) => site.view.statusCategory(k) !== 'done');
}

function notChangedKeys(outcome: WriteOutcome): string[] {
  return outcome.notChanged.map((n) => n.key);
}

/** The outcome partitions the request: every key exactly once, in `changed` or in `notChanged`. */
function expectPartition(outcome: WriteOutcome, keys: readonly string[]): void {
  expect([...outcome.changed, ...notChangedKeys(outcome)].sort()).toEqual([...keys].sort());
  expect(outcome.complete).toBe(outcome.notChanged.length === 0);
  // A not-attempted key was never sent.
  outcome.notChanged.filter((n) => n.notAttempted).forEach((n) => expect(n.reason).toMatch(/Run it again/));
}

function countRun(fault: WriteFault, port: { injected: number }, outcome: { complete: boolean }): void {
  tally.add('writesRun');
  tally.add('faultsInjected', port.injected);
  if (!outcome.complete) tally.add('writesInterrupted');
  tally.add(`fault.${fault.kind}`);
}

describe('batched writes interrupted anywhere report exactly what changed and resume without duplicates', () => {
  afterEach(() => site.reset());

  it('re-rank of 120 issues (batches of 50, each anchored on the last)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: 2 }), writeFault(true), fc.integer({ min: 0, max: 200 }), async (at, fault, anchorPick) => {
        site.reset();
        const before = site.view.rankOrder(PROJECT);
        const desired = openKeys().slice(5, 125).reverse();
        const inDesired = new Set(desired);
        const others = before.filter((k) => !inDesired.has(k));
        const anchorKey = others[anchorPick % others.length] as string;
        const anchor: RankAnchor = { before: anchorKey };
        const interruption = interruptAt(at, fault, isWrite);
        const { http, port } = demoClient(site, site.po, fakeClock(), interruption.rule);

        const outcome = await rankIssues(http, desired, anchor);
        countRun(fault, port, outcome);
        expectPartition(outcome, desired);
        if (fault.kind === 'throttledOnce') expect(outcome.complete).toBe(true);

        // Exactly what the outcome says moved has moved: everything else kept its relative order...
        const after = site.view.rankOrder(PROJECT);
        const moved = new Set([...outcome.changed, ...maybeChanged(fault, interruption)]);
        expect(after.filter((k) => !moved.has(k))).toEqual(before.filter((k) => !moved.has(k)));
        // ...and the changed ones sit in the intended order, the first ones right before the anchor.
        const changed = new Set(outcome.changed);
        expect(after.filter((k) => changed.has(k))).toEqual(desired.filter((k) => changed.has(k)));

        const plan = resumeRank(desired, anchor, outcome);
        if (plan) {
          const resumed = await rankIssues(cleanClient(), plan.keys, plan.anchor);
          expect(resumed.complete).toBe(true);
          tally.add('writesResumed');
        }
        const anchorAt = others.indexOf(anchorKey);
        const expected = [...others.slice(0, anchorAt), ...desired, ...others.slice(anchorAt)];
        expect(site.view.rankOrder(PROJECT)).toEqual(expected);
        tally.add('issuesVerified', desired.length);
      }),
      { numRuns: 14, seed: 7001, examples: [[1, { kind: 'partial207', lastN: 3 }, 10], [2, { kind: 'lostAnswer' }, 0], [0, { kind: 'unavailable' }, 3]] },
    );
  }, 60_000);

  it('sprint moves of 120 issues (batches of 50)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: 2 }), writeFault(false), async (at, fault) => {
        site.reset();
        const board = site.view.boards().find((b) => b.projectKey === PROJECT);
        const sprint = site.view.sprints(board?.id).find((s) => s.state === 'future');
        expect(sprint).toBeDefined();
        const sprintId = sprint?.id as number;
        const keys = openKeys()
          .filter((k) => !site.view.sprintIssueKeys(sprintId).includes(k))
          .slice(-120);
        expect(keys).toHaveLength(120);
        const sprintsBefore = new Map(keys.map((k) => [k, site.view.issue(k)?.sprintIds ?? []]));
        const interruption = interruptAt(at, fault, isWrite);
        const { http, port } = demoClient(site, site.po, fakeClock(), interruption.rule);

        const outcome = await moveIssuesToSprint(http, sprintId, keys);
        countRun(fault, port, outcome);
        expectPartition(outcome, keys);
        if (fault.kind === 'throttledOnce') expect(outcome.complete).toBe(true);
        const inSprint = new Set(site.view.sprintIssueKeys(sprintId));
        const uncertain = maybeChanged(fault, interruption);
        outcome.changed.forEach((k) => expect(inSprint.has(k)).toBe(true));
        notChangedKeys(outcome)
          .filter((k) => !uncertain.has(k))
          .forEach((k) => expect(site.view.issue(k)?.sprintIds).toEqual(sprintsBefore.get(k)));

        if (!outcome.complete) {
          const resumed = await moveIssuesToSprint(cleanClient(), sprintId, notChangedKeys(outcome));
          expect(resumed.complete).toBe(true);
          tally.add('writesResumed');
        }
        for (const key of keys) {
          const ids = site.view.issue(key)?.sprintIds ?? [];
          expect(ids.filter((id) => id === sprintId)).toHaveLength(1);
        }
        tally.add('issuesVerified', keys.length);
      }),
      { numRuns: 12, seed: 7002, examples: [[1, { kind: 'lostAnswer' }], [2, { kind: 'unavailable' }]] },
    );
  }, 60_000);

  it('moving 25 issues to the tail (one label write each; a per-issue refusal does not stop the rest)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: 24 }), writeFault(false), async (at, fault) => {
        site.reset();
        const keys = openKeys().filter((k) => !site.view.issue(k)?.labels.includes(TAIL_LABEL)).slice(-25);
        const labelsBefore = new Map(keys.map((k) => [k, site.view.issue(k)?.labels ?? []]));
        const interruption = interruptAt(at, fault, isWrite);
        const { http, port } = demoClient(site, site.po, fakeClock(), interruption.rule);

        const outcome = await labelAsTail(http, keys);
        countRun(fault, port, outcome);
        expectPartition(outcome, keys);
        if (fault.kind === 'refused' && fault.status !== 500) {
          // A per-issue refusal: only that issue is left out.
          expect(notChangedKeys(outcome)).toEqual(keysOf(interruption.hit()));
        }
        const uncertain = maybeChanged(fault, interruption);
        outcome.changed.forEach((k) => expect(site.view.issue(k)?.labels).toContain(TAIL_LABEL));
        notChangedKeys(outcome)
          .filter((k) => !uncertain.has(k))
          .forEach((k) => expect(site.view.issue(k)?.labels).toEqual(labelsBefore.get(k)));

        if (!outcome.complete) {
          expect((await labelAsTail(cleanClient(), notChangedKeys(outcome))).complete).toBe(true);
          tally.add('writesResumed');
        }
        for (const key of keys) {
          const labels = site.view.issue(key)?.labels ?? [];
          expect(labels.filter((l) => l === TAIL_LABEL)).toHaveLength(1);
          expect(labels.filter((l) => l !== TAIL_LABEL)).toEqual(labelsBefore.get(key));
        }
        tally.add('issuesVerified', keys.length);
      }),
      { numRuns: 12, seed: 7003, examples: [[4, { kind: 'refused', status: 403 }], [10, { kind: 'lostAnswer' }]] },
    );
  }, 60_000);

  it('trimming 15 tail issues to Won\'t Do (read transitions, then transition; nothing deleted)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: 29 }), writeFault(false), async (at, fault) => {
        site.reset();
        const keys = openKeys().slice(-15);
        const count = site.view.issues().length;
        const interruption = interruptAt(at, fault, () => true);
        const { http, port } = demoClient(site, site.po, fakeClock(), interruption.rule);

        const outcome = await trimTail(http, keys);
        countRun(fault, port, outcome);
        expectPartition(outcome, keys);
        const uncertain = maybeChanged(fault, interruption);
        outcome.changed.forEach((k) => expect(site.view.statusCategory(k)).toBe('done'));
        notChangedKeys(outcome)
          .filter((k) => !uncertain.has(k))
          .forEach((k) => expect(site.view.statusCategory(k)).not.toBe('done'));

        if (!outcome.complete) {
          const resumed = await trimTail(cleanClient(), notChangedKeys(outcome));
          expect(resumed.notChanged).toEqual([]);
          tally.add('writesResumed');
        }
        expect(keys.map((k) => site.view.statusCategory(k))).toEqual(keys.map(() => 'done'));
        expect(site.view.issues().length).toBe(count);
        tally.add('issuesVerified', keys.length);
      }),
      { numRuns: 12, seed: 7004, examples: [[1, { kind: 'lostAnswer' }], [7, { kind: 'unavailable' }]] },
    );
  }, 60_000);

  it('writing WSJF scores for 20 issues', async () => {
    const fieldMap: FieldMap = {
      storyPoints: 'customfield_10016',
      sprint: 'customfield_10020',
      businessValue: 'customfield_10030',
      timeCriticality: 'customfield_10031',
      riskReduction: 'customfield_10032',
      jobSize: 'customfield_10033',
      acceptanceCriteria: 'customfield_10034',
    };
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: 19 }), writeFault(false), async (at, fault) => {
        site.reset();
        const keys = openKeys().filter((k) => site.view.issue(k)?.businessValue !== 20).slice(0, 20);
        const before = new Map(keys.map((k) => [k, site.view.issue(k)?.businessValue ?? null]));
        const updates = keys.map((key) => ({ key, values: { businessValue: 20 } }));
        const interruption = interruptAt(at, fault, isWrite);
        const { http, port } = demoClient(site, site.po, fakeClock(), interruption.rule);

        const outcome = await setIssueNumbers(http, fieldMap, updates);
        countRun(fault, port, outcome);
        expectPartition(outcome, keys);
        const uncertain = maybeChanged(fault, interruption);
        outcome.changed.forEach((k) => expect(site.view.issue(k)?.businessValue).toBe(20));
        notChangedKeys(outcome)
          .filter((k) => !uncertain.has(k))
          .forEach((k) => expect(site.view.issue(k)?.businessValue ?? null).toBe(before.get(k)));
        if (!outcome.complete) {
          const rest = new Set(notChangedKeys(outcome));
          expect((await setIssueNumbers(cleanClient(), fieldMap, updates.filter((u) => rest.has(u.key)))).complete).toBe(true);
          tally.add('writesResumed');
        }
        expect(keys.map((k) => site.view.issue(k)?.businessValue)).toEqual(keys.map(() => 20));
        tally.add('issuesVerified', keys.length);
      }),
      { numRuns: 10, seed: 7005 },
    );
  }, 60_000);

  it('a split interrupted at any request never creates a story twice, and a retry with the same id finishes it', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: 9 }), writeFault(false), fc.integer({ min: 2, max: 4 }), async (at, fault, partCount) => {
        site.reset();
        const original = openKeys()
          .map((k) => site.view.issue(k))
          .find((i) => i !== undefined && (i.points ?? 0) >= 8 && i.issueType === 'Story');
        expect(original).toBeDefined();
        const points = original?.points as number;
        const share = Math.floor(points / partCount);
        const parts = Array.from({ length: partCount }, (_, i) => ({
          summary: `Slice ${i + 1}`,
          points: i === partCount - 1 ? points - share * (partCount - 1) : share,
        }));
        const request = { originalKey: original?.key as string, splitId: `rel-${at}-${partCount}`, parts };
        const countBefore = site.view.issues().length;
        const linksBefore = site.view.links().length;
        const fieldMap = { storyPoints: site.view.pointsFieldId() } as FieldMap;
        const interruption = interruptAt(at, fault, () => true);
        const { http, port } = demoClient(site, site.po, fakeClock(), interruption.rule);

        const first = await splitIssue(http, fieldMap, request).catch((error: unknown) => ({ error }));
        tally.add('writesRun');
        tally.add('faultsInjected', port.injected);
        tally.add(`fault.${fault.kind}`);
        const labelled = (i: number) => site.view.issues().filter((issue) => issue.labels.includes(splitPartLabel(request.splitId, i)));
        if ('parts' in first) {
          // The outcome names exactly the stories that exist.
          for (const part of first.parts) {
            const onSite = labelled(part.index).map((i) => i.key);
            if (part.key !== null) expect(onSite).toEqual([part.key]);
            else if (fault.kind !== 'lostAnswer') expect(onSite).toEqual([]);
          }
          if (!first.complete) tally.add('writesInterrupted');
        } else {
          // Refused before creating anything (the original or the existing-part search could not be read).
          tally.add('writesInterrupted');
          expect(site.view.issues().length).toBe(countBefore);
        }

        const interrupted = !('parts' in first) || !first.complete;
        const again = await splitIssue(cleanClient(), fieldMap, request);
        if (interrupted) tally.add('writesResumed');
        expect(again.complete).toBe(true);
        expect(site.view.issues().length).toBe(countBefore + partCount);
        expect(site.view.links().length).toBe(linksBefore + partCount);
        for (const part of again.parts) {
          expect(labelled(part.index).map((i) => i.key)).toEqual([part.key]);
          expect(site.view.issue(part.key as string)?.points).toBe(parts[part.index]?.points);
          const links = site.view.links().filter((l) => l.sourceKey === request.originalKey && l.destinationKey === part.key);
          expect(links).toHaveLength(1);
        }
        // A third run changes nothing.
        const third = await splitIssue(cleanClient(), fieldMap, request);
        expect(third.parts.every((p) => !p.createdNow)).toBe(true);
        expect(site.view.issues().length).toBe(countBefore + partCount);
        expect(site.view.links().length).toBe(linksBefore + partCount);
        tally.add('issuesVerified', partCount);
      }),
      { numRuns: 16, seed: 7006, examples: [[2, { kind: 'lostAnswer' }, 3], [3, { kind: 'lostAnswer' }, 2], [6, { kind: 'timeout' }, 3], [5, { kind: 'unavailable' }, 4]] },
    );
  }, 60_000);
});

/**
 * Guarantee, end to end through the resolvers and the queue jobs that do the app's long writes: a trim, a
 * re-rank or a sprint commit interrupted at any request reports in the job exactly which issues changed, and
 * "preview again, confirm" finishes the rest with nothing done twice and nothing lost.
 */

import fc from 'fast-check';
import type { BacklogDto, CommitFillPreviewDto, IssueRef, JobDto, JobRef, RefinementDto, RerankPreviewDto, Result, TrimPreviewDto } from '../../src/contracts';
import { startApp, type App } from './app';
import { faultyPort, isWrite, PASS, Tally, type FaultAction, type FaultRule, type SentRequest } from './helpers';

const tally = new Tally();
afterAll(() => tally.write('job-faults'));

type JobFault = { kind: 'unavailable' } | { kind: 'refused'; status: 400 | 403 | 500 } | { kind: 'timeout' } | { kind: 'lostAnswer' };

const jobFault: fc.Arbitrary<JobFault> = fc.oneof(
  fc.constant({ kind: 'unavailable' as const }),
  fc.record({ kind: fc.constant('refused' as const), status: fc.constantFrom(400 as const, 403 as const, 500 as const) }),
  fc.constant({ kind: 'timeout' as const }),
  fc.constant({ kind: 'lostAnswer' as const }),
);

/** An app whose Jira port applies `current.rule` to every request (the PO's and everyone's). */
async function appWithFaults(): Promise<{ app: App; current: { rule: FaultRule } }> {
  const current: { rule: FaultRule } = { rule: () => PASS };
  const app = await startApp({ site: { scale: 300 }, platform: { wrapJira: (port) => faultyPort(port, (r) => current.rule(r)) } });
  return { app, current };
}

/** Fails the `at`-th write request (0-based); `unavailable` keeps failing the retries of that same request. */
function interruptWriteAt(at: number, fault: JobFault): { rule: FaultRule; injected: () => number } {
  let seen = 0;
  let injected = 0;
  let hit: SentRequest | null = null;
  const rule = (request: SentRequest): FaultAction => {
    if (!isWrite(request)) return PASS;
    if (hit && fault.kind === 'unavailable' && request.path === hit.path && JSON.stringify(request.body) === JSON.stringify(hit.body)) {
      injected += 1;
      return { kind: 'answer', status: 503 };
    }
    if (hit || seen++ !== at) return PASS;
    hit = request;
    injected += 1;
    if (fault.kind === 'unavailable') return { kind: 'answer', status: 503 };
    if (fault.kind === 'refused') return { kind: 'answer', status: fault.status };
    if (fault.kind === 'timeout') return { kind: 'throwBefore', message: 'The operation was aborted due to timeout' };
    return { kind: 'throwAfter', message: 'socket hang up' };
  };
  return { rule, injected: () => injected };
}

function ok<T>(result: Result<T>): T {
  if (!result.ok) throw new Error(`${result.error.code}: ${result.error.message}`);
  return result.data;
}

async function runJob(app: App, started: Result<JobRef>): Promise<JobDto> {
  const { jobId } = ok(started);
  await app.platform.idle();
  return ok(await app.call<JobDto>('panel', app.site.po, 'getJob', { jobId }));
}

const keyOf = (ref: IssueRef) => (typeof ref === 'number' ? `ORION-${ref}` : ref);

describe('long writes interrupted anywhere finish on "preview again, confirm", nothing done twice', () => {
  it('trimming the tail', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: 11 }), jobFault, async (at, fault) => {
        const { app, current } = await appWithFaults();
        try {
          const po = app.site.po;
          const refinement = ok(await app.call<RefinementDto>('panel', po, 'getRefinement', {}));
          const tail = refinement.tailCandidates.slice(0, 12).map((t) => keyOf(t[0]));
          expect(tail.length).toBeGreaterThan(at);
          ok(await app.call('panel', po, 'moveToTail', { keys: tail }));
          const count = app.site.view.issues().length;
          const preview = ok(await app.call<TrimPreviewDto>('panel', po, 'previewTrim', {}));
          const listed = preview.issues.map((i) => i.key);
          expect(listed.sort()).toEqual([...tail].sort());

          const interruption = interruptWriteAt(at, fault);
          current.rule = interruption.rule;
          const job = await runJob(app, await app.call<JobRef>('panel', po, 'trimTail', { token: preview.token }));
          current.rule = () => PASS;
          tally.add('jobsRun');
          tally.add('faultsInjected', interruption.injected());
          // The job names exactly what it closed (a lost answer may have closed one more it could not know of).
          job.changed.forEach((k) => expect(app.site.view.statusCategory(k)).toBe('done'));
          const closedNow = listed.filter((k) => app.site.view.statusCategory(k) === 'done');
          expect(closedNow.length - job.changed.length).toBeLessThanOrEqual(fault.kind === 'lostAnswer' ? 1 : 0);
          expect(job.changed.length + job.failed.length).toBeLessThanOrEqual(listed.length);

          if (job.state !== 'done' || job.failed.length > 0) {
            tally.add('jobsInterrupted');
            const again = ok(await app.call<TrimPreviewDto>('panel', po, 'previewTrim', {}));
            // Only what is still open is listed again.
            expect(again.issues.map((i) => i.key).sort()).toEqual(listed.filter((k) => app.site.view.statusCategory(k) !== 'done').sort());
            if (again.issues.length > 0) {
              const finished = await runJob(app, await app.call<JobRef>('panel', po, 'trimTail', { token: again.token }));
              expect(finished).toMatchObject({ state: 'done', failed: [] });
              tally.add('jobsResumed');
            }
          }
          expect(listed.map((k) => app.site.view.statusCategory(k))).toEqual(listed.map(() => 'done'));
          expect(app.site.view.issues().length).toBe(count);
        } finally {
          await app.close();
        }
      }),
      { numRuns: 8, seed: 31, examples: [[3, { kind: 'lostAnswer' }], [5, { kind: 'unavailable' }]] },
    );
  }, 90_000);

  it('applying the WSJF order to Jira rank', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: 3 }), jobFault, async (at, fault) => {
        const { app, current } = await appWithFaults();
        try {
          const po = app.site.po;
          const preview = ok(await app.call<RerankPreviewDto>('panel', po, 'previewRerank', {}));
          expect(preview.moves.length).toBeGreaterThan(0);
          const count = app.site.view.issues().length;
          const interruption = interruptWriteAt(at, fault);
          current.rule = interruption.rule;
          const job = await runJob(app, await app.call<JobRef>('panel', po, 'applyRerank', { token: preview.token }));
          current.rule = () => PASS;
          tally.add('jobsRun');
          tally.add('faultsInjected', interruption.injected());
          if (job.state !== 'done' || job.failed.length > 0) {
            tally.add('jobsInterrupted');
            const again = ok(await app.call<RerankPreviewDto>('panel', po, 'previewRerank', {}));
            if (again.moves.length > 0) {
              expect((await runJob(app, await app.call<JobRef>('panel', po, 'applyRerank', { token: again.token }))).state).toBe('done');
              tally.add('jobsResumed');
            }
          }
          // Jira's rank now is exactly the backlog's priority order; nothing created or lost.
          const backlog = ok(await app.call<BacklogDto>('panel', po, 'getBacklog', {}));
          const order = backlog.rows.map((r) => keyOf(r[0]));
          const inBacklog = new Set(order);
          expect(app.site.view.rankOrder('ORION').filter((k) => inBacklog.has(k))).toEqual(order);
          expect(ok(await app.call<RerankPreviewDto>('panel', po, 'previewRerank', {})).moves).toEqual([]);
          expect(app.site.view.issues().length).toBe(count);
        } finally {
          await app.close();
        }
      }),
      { numRuns: 6, seed: 32, examples: [[1, { kind: 'lostAnswer' }]] },
    );
  }, 90_000);

  it('committing the fill to sprints', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: 2 }), jobFault, async (at, fault) => {
        const { app, current } = await appWithFaults();
        try {
          const po = app.site.po;
          const preview = ok(await app.call<CommitFillPreviewDto>('panel', po, 'previewCommitFill', {}));
          const planned = preview.sprints.flatMap((s) => s.add.map((ref) => [s.sprintId, keyOf(ref)] as const));
          const takenOut = preview.sprints.flatMap((s) => s.takeOut.map((ref) => [s.sprintId, keyOf(ref)] as const));
          expect(planned.length).toBeGreaterThan(1);
          const interruption = interruptWriteAt(at, fault);
          current.rule = interruption.rule;
          const job = await runJob(app, await app.call<JobRef>('panel', po, 'commitFill', { token: preview.token }));
          current.rule = () => PASS;
          tally.add('jobsRun');
          tally.add('faultsInjected', interruption.injected());
          const sprintOf = new Map(planned.map(([sprint, key]) => [key, sprint]));
          const leftSprintOf = new Map(takenOut.map(([sprint, key]) => [key, sprint]));
          // What the job says it changed did change: moved into its sprint, or out of the one it was in.
          job.changed.forEach((k) => {
            if (sprintOf.has(k)) expect(app.site.view.issue(k)?.sprintIds).toContain(sprintOf.get(k));
            else expect(app.site.view.issue(k)?.sprintIds).not.toContain(leftSprintOf.get(k));
          });
          if (job.state !== 'done' || job.failed.length > 0) {
            tally.add('jobsInterrupted');
            const again = ok(await app.call<CommitFillPreviewDto>('panel', po, 'previewCommitFill', {}));
            if (again.sprints.some((s) => s.add.length > 0 || s.takeOut.length > 0)) {
              expect((await runJob(app, await app.call<JobRef>('panel', po, 'commitFill', { token: again.token }))).state).toBe('done');
              tally.add('jobsResumed');
            }
          }
          // Every planned issue sits in its sprint exactly once.
          for (const [sprint, key] of planned) expect(app.site.view.issue(key)?.sprintIds.filter((id) => id === sprint)).toHaveLength(1);
          for (const [sprint, key] of takenOut) expect(app.site.view.issue(key)?.sprintIds).not.toContain(sprint);
        } finally {
          await app.close();
        }
      }),
      { numRuns: 6, seed: 33, examples: [[0, { kind: 'lostAnswer' }]] },
    );
  }, 90_000);
});

/**
 * Figures 3 and 4: the compute of each panel read in the resolver (mapping + WSJF + allocation + refinement
 * + fill, Jira waits excluded) per backlog size, median of 5, how it grows; and the size of each response.
 * The numbers come from the resolver-like child (`childWork.ts`). `domainCompute` makes the resolvers'
 * domain calls directly, to show which stage the time goes to.
 */
import {
  checkReady,
  fillBothModes,
  refinementReport,
  sliceCapacity,
  sortByPriority,
  toBacklogItems,
  toPlanItems,
  velocity,
  type ReadyPolicy,
} from '../src/domain';
import { mapIssueToFacts, type JiraIssueJson, type TeamBacklog } from '../src/jira';
import { defaultSiteDefaults } from '../src/storage/settings';
import { piName } from '../test/demo-site';
import { notMeasured, type Figure } from './figures';
import { BENCH_PROJECT } from './site';
import type { ChildRun } from './childProcess';
import type { InstanceState } from './childWork';
import { formatBytes, formatCount, median, round } from './stats';

export const COMPUTE_RUNS = 5;
export const COMPUTE_GOAL_MS = 200;

/** The numbers one compute pass produced (so the work cannot be optimised away, and for sanity checks). */
export interface ComputeOutput {
  items: number;
  ready: number;
  planned: number;
  refinementFindings: number;
  /** Milliseconds per stage of this pass, to show where the time goes. */
  stageMs: Record<string, number>;
}

/**
 * Everything a panel read derives from a loaded backlog, through the domain calls the resolvers make.
 * With `raw` (the search answers), the mapping from Jira JSON is part of the pass; without, the facts the
 * load already mapped are used.
 */
export function domainCompute(backlog: TeamBacklog, now: Date, raw?: readonly JiraIssueJson[]): ComputeOutput {
  const stageMs: Record<string, number> = {};
  let mark = performance.now();
  const lap = (stage: string): void => {
    const at = performance.now();
    stageMs[stage] = round(at - mark, 1);
    mark = at;
  };
  const settings = defaultSiteDefaults();
  const features = new Map(backlog.features.map((f) => [f.key, f]));
  const facts = raw ? raw.map((issue, rank) => mapIssueToFacts(issue, rank, { fieldMap: backlog.fieldMap, features })) : backlog.issues;
  lap('mapping');
  const programProjectKeys = [...new Set(backlog.features.map((f) => f.projectKey).filter((k) => k !== BENCH_PROJECT))];
  const team = { teamProjectKey: BENCH_PROJECT, programProjectKeys };
  const items = sortByPriority(
    toBacklogItems(facts, {
      ...team,
      piName: piName(now),
      workTypes: { workTypes: settings.workTypes, rules: settings.workTypeRules, defaultWorkType: settings.defaultWorkType },
    }),
  );
  lap('items+WSJF+sort');
  const closed = backlog.closedSprintPoints.map((c) => c.completedPoints);
  const capacity = closed.length > 0 ? velocity(closed) : 0;
  const policy: ReadyPolicy = {
    requireEstimate: settings.dor.requireEstimate,
    splitLimit: settings.splitLimit.maxPoints,
    splitAtHalfIteration: settings.dor.requireWithinSplitLimit,
    splitFractionOfCapacity: settings.splitLimit.fractionOfCapacity,
    requireAcceptanceCriteria: settings.dor.requireAcceptanceCriteria,
    noExternalBlockers: settings.dor.requireNoExternalBlocker,
    requireWsjfForLocal: settings.dor.requireWsjfForLocal,
  };
  const ready = items.filter((i) => checkReady(i, policy, capacity).ready).length;
  const iterations = Array.from({ length: settings.planIterations }, (_, t) => ({ id: `I${t + 1}`, capacity }));
  iterations.forEach((it) => sliceCapacity(it.capacity, settings.defaultAllocation));
  lap('ready+allocation');
  const report = refinementReport(items, { now, iterationCapacity: capacity, velocity: capacity, team, staleDays: settings.staleDays, readyPolicy: policy });
  lap('refinement');
  const planItems = toPlanItems(items, policy, capacity);
  const request = { items: planItems, iterations, allocation: settings.defaultAllocation, borrowUnused: settings.flowUnusedSlice };
  const { optimal } = fillBothModes(request);
  lap('fill (optimal + greedy)');
  return {
    items: items.length,
    ready,
    planned: optimal.iterations.reduce((sum, it) => sum + it.keys.length, 0),
    refinementFindings: report.tail.length + report.splitCandidates.length + report.notReady.length + report.dependencies.length,
    stageMs,
  };
}

export interface ComputeSample {
  backlog: number;
  run: ChildRun;
}

interface ReadMeasure {
  label: string;
  read: string;
  instance: InstanceState;
  ms: number[];
  waitMs: number[];
  cpuMs: number[];
  bytes: number;
}

/** The child's read events, gathered per read (cold and warm apart). */
export function readMeasures(run: ChildRun): ReadMeasure[] {
  const byLabel = new Map<string, ReadMeasure>();
  for (const event of run.events) {
    if (event.kind !== 'read') continue;
    const label = `${event.instance} ${event.read}`;
    const m = byLabel.get(label) ?? { label, read: event.read, instance: event.instance, ms: [], waitMs: [], cpuMs: [], bytes: 0 };
    byLabel.set(label, m);
    m.ms.push(event.ms);
    m.waitMs.push(event.waitMs);
    m.cpuMs.push(event.cpuMs);
    m.bytes = event.bytes;
  }
  return [...byLabel.values()];
}

function timeoutNote(run: ChildRun): string {
  const t = run.timedOut;
  return t ? `${t.instance} ${t.read} did not answer within ${round(t.afterMs / 1000, 0)} s (the value is that lower bound); ` : '';
}

/** One figure per size: the slowest panel read's own compute, and its growth against the previous size. */
/** At ~50k, the slowest read's compute against the ~10k one: linear means under 5x for 5x the issues. */
export const LINEAR_GOAL = 5;

export function computeFigures(samples: readonly ComputeSample[]): Figure[] {
  const slowestMs = (sample: ComputeSample): number =>
    sample.run.timedOut ? sample.run.timedOut.afterMs : Math.max(0, ...readMeasures(sample.run).map((r) => median(r.ms)));
  const isTenK = (backlog: number): boolean => backlog >= 9000 && backlog <= 11000;
  const tenKSample = samples.find((s) => isTenK(s.backlog));
  return samples.map((sample, index) => {
    const reads = readMeasures(sample.run);
    const worstMs = slowestMs(sample);
    const worst = sample.run.timedOut ? `${sample.run.timedOut.instance} ${sample.run.timedOut.read}` : reads.find((r) => median(r.ms) === worstMs)?.label ?? 'none';
    const previous = index > 0 ? samples[index - 1] : undefined;
    const growth = previous
      ? `; growth vs ${formatCount(previous.backlog)}: ${round(worstMs / slowestMs(previous), 1)}x time for ${round(sample.backlog / previous.backlog, 1)}x issues`
      : '';
    const tenK = isTenK(sample.backlog);
    // At 50k (five times the issues) the slowest read must take under five times the 10k one: linear.
    const linearCheck = sample.backlog >= 40000 && tenKSample !== undefined;
    const list = reads.map((r) => `${r.label} ${round(median(r.ms), 0)} (Jira waits ${round(median(r.waitMs), 0)}, CPU ${round(median(r.cpuMs), 0)})`).join(', ');
    const stageEvent = sample.run.events.find((e) => e.kind === 'stages');
    const stages = stageEvent?.kind === 'stages' ? `; the domain calls alone, by stage (ms): ${Object.entries(stageEvent.stageMs).map(([k, v]) => `${k} ${v}`).join(', ')}` : '';
    return {
      figure: 3,
      name: 'Compute in the resolver, slowest panel read (Jira waits excluded)',
      backlog: sample.backlog,
      value: round(worstMs, 1),
      atLeast: sample.run.timedOut !== null,
      unit: 'ms',
      goal: tenK ? `< ${COMPUTE_GOAL_MS} at 10k` : linearCheck ? `< ${LINEAR_GOAL}x the 10k figure` : 'near-linear',
      holds: tenK ? worstMs < COMPUTE_GOAL_MS : sample.run.timedOut ? false : linearCheck ? worstMs < LINEAR_GOAL * slowestMs(tenKSample as ComputeSample) : null,
      detail: `${timeoutNote(sample.run)}slowest: ${worst}; median of ${reads[0]?.ms.length ?? 0} per read, ms (CPU: the process's CPU time in the read, which a busy machine does not inflate): ${list}${stages}${growth}`,
    };
  });
}

/**
 * Forge answers a resolver invocation through its GraphQL gateway, which refuses bodies over 5,242,880 bytes
 * (5 MB): Atlassian's invocation limits (https://developer.atlassian.com/platform/forge/limits-invocation)
 * and the Forge team on the developer community ("the GraphQL 5242880 byte size limit",
 * https://community.developer.atlassian.com/t/improving-support-for-long-running-tasks-in-forge/69646).
 */
export const FORGE_INVOKE_LIMIT_BYTES = 5_242_880;
export const PAYLOAD_GOAL_BYTES = 1_000_000;

/** Figure 4: the largest panel response per size, against the 1 MB goal and Forge's 5 MB limit. */
export function payloadFigures(samples: readonly ComputeSample[]): Figure[] {
  return samples.map((sample) => {
    const measured = readMeasures(sample.run);
    const warm = measured.filter((r) => r.instance === 'warm');
    const all = warm.length > 0 ? warm : measured;
    if (all.length === 0) return notMeasured(4, "Resolver response size, largest panel read (Forge's invoke limit 5 MB)", 'MB', '< 1 MB at 10k', timeoutNote(sample.run) || 'no read answered', sample.backlog);
    const largest = all.reduce((a, b) => (b.bytes > a.bytes ? b : a));
    const tenK = sample.backlog >= 9000 && sample.backlog <= 11000;
    const under = largest.bytes < PAYLOAD_GOAL_BYTES;
    return {
      figure: 4,
      name: "Resolver response size, largest panel read (Forge's invoke limit 5 MB)",
      backlog: sample.backlog,
      value: round(largest.bytes / 1e6, 3),
      unit: 'MB',
      goal: tenK ? '< 1 MB at 10k' : `< ${round(FORGE_INVOKE_LIMIT_BYTES / 1e6, 2)} MB (Forge)`,
      holds: tenK ? under : largest.bytes < FORGE_INVOKE_LIMIT_BYTES,
      detail:
        `${timeoutNote(sample.run)}${largest.read} is the largest (${round((100 * largest.bytes) / FORGE_INVOKE_LIMIT_BYTES, 1)}% of Forge's ${formatCount(FORGE_INVOKE_LIMIT_BYTES)} bytes); ` +
        all.map((r) => `${r.read} ${formatBytes(r.bytes)}`).join(', '),
    };
  });
}

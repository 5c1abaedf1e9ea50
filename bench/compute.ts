/**
 * Figure 3: the compute of a panel read (mapping + WSJF + allocation + refinement + fill) per backlog size,
 * median of 5, and how it grows. Before the resolvers existed this drove the same domain calls they make;
 * `resolverCompute` (in `resolverBackend.ts`) replaces it with the resolver functions themselves.
 */
import {
  checkReady,
  fillIterations,
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
import type { Figure } from './figures';
import { BENCH_PROJECT } from './site';
import { formatCount, median, round } from './stats';

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
  const optimal = fillIterations({ ...request, mode: 'optimal' });
  fillIterations({ ...request, mode: 'greedy' });
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
  ms: number[];
  output: ComputeOutput;
}

/** One figure per size, each with its growth against the previous size (per issue, so 1.0 = linear). */
export function computeFigures(samples: readonly ComputeSample[], describe: string): Figure[] {
  return samples.map((sample, index) => {
    const ms = median(sample.ms);
    const previous = index > 0 ? samples[index - 1] : undefined;
    const growth = previous ? ` ; growth vs ${formatCount(previous.backlog)}: ${round(ms / median(previous.ms), 1)}x time for ${round(sample.backlog / previous.backlog, 1)}x issues (${round(ms / median(previous.ms) / (sample.backlog / previous.backlog), 2)} per issue, 1 = linear)` : '';
    const tenK = sample.backlog >= 9000 && sample.backlog <= 11000;
    return {
      figure: 3,
      name: 'Compute per panel read (mapping + WSJF + allocation + refinement + fill)',
      backlog: sample.backlog,
      value: round(ms, 1),
      unit: 'ms',
      goal: tenK ? `< ${COMPUTE_GOAL_MS} at 10k` : 'near-linear',
      holds: tenK ? ms < COMPUTE_GOAL_MS : null,
      detail: `median of ${sample.ms.length} (runs ${sample.ms.map((m) => round(m, 0)).join(', ')} ms); ${sample.output.items} items, ${sample.output.ready} ready, ${sample.output.planned} planned; last run by stage: ${Object.entries(sample.output.stageMs).map(([k, v]) => `${k} ${v}`).join(', ')} ms; ${describe}${growth}`,
    };
  });
}

import { refinementReport, rerankPlan, rowCandidates, type RefinementOptions, type RefinementReport, type RowCandidates } from '../domain';
import { TAIL_LABEL } from '../jira';
import type { PiRequest, RefinementDto } from '../contracts';
import type { CallContext } from './context';
import { gapBits, issueRef, piChoice, statusCode, truncate } from './dto';
import { loadTeamData, type TeamData } from './team-data';

/** The Refinement tab: the checklist of docs/domain.md "Backlog refinement" on the user's backlog. */
export async function getRefinement(ctx: CallContext, projectKey: string, request: PiRequest): Promise<RefinementDto> {
  return refinementDto(await loadTeamData(ctx, projectKey, request.piId));
}

/** The refinement report with this team's settings. */
export function refinement(data: TeamData): RefinementReport {
  return refinementReport(data.items, refinementOptions(data));
}

function refinementOptions(data: TeamData): RefinementOptions {
  return {
    now: data.now,
    iterationCapacity: data.iterationCapacity,
    velocity: data.velocity,
    team: { teamProjectKey: data.projectKey, programProjectKeys: data.programProjects },
    staleDays: data.settings.staleDays,
    readyPolicy: data.readyPolicy,
    splitPolicy: data.splitPolicy,
    // docs/domain.md: the ready runway should cover at least two iterations, more when the PO plans further ahead.
    runwayTarget: Math.max(2, data.settings.planIterations),
  };
}

/**
 * The keys marked as tail and split candidates on Backlog rows: the report's first two checks alone, since a
 * row needs no readiness check, dependency or runway (at 10k issues those are most of the report's time).
 */
export function candidateSets(data: TeamData) {
  const found: RowCandidates = rowCandidates(data.items, refinementOptions(data));
  return { tail: new Set(found.tail.map((t) => t.key)), split: new Set(found.splitCandidates.map((c) => c.key)) };
}

function refinementDto(data: TeamData): RefinementDto {
  const report = refinement(data);
  const ref = (key: string) => issueRef(key, data.projectKey);
  const byKey = new Map(data.items.map((i) => [i.key, i]));
  const summary = (key: string) => truncate(byKey.get(key)?.summary ?? '');
  const current = [...data.items].sort((a, b) => a.rank - b.rank).map((i) => i.key);
  return {
    keyPrefix: data.projectKey,
    piChoice: piChoice(data),
    staleDays: data.settings.staleDays,
    tailCandidates: report.tail
      .filter((t) => !byKey.get(t.key)?.labels.includes(TAIL_LABEL))
      .map((t) => [ref(t.key), summary(t.key), t.reasons.includes('stale') ? 's' : 'p', t.idleDays]),
    inTail: data.items.filter((i) => i.labels.includes(TAIL_LABEL)).map((i) => [ref(i.key), truncate(i.summary)]),
    outOfOrder: rerankPlan(current, data.items.map((i) => i.key)).length,
    splitCandidates: report.splitCandidates.map((c) => [ref(c.key), summary(c.key), c.points, c.limit]),
    unestimatedTop: report.unestimatedAtTop.map((k) => [ref(k), summary(k)]),
    dorGaps: report.notReady.map((c) => [ref(c.key), summary(c.key), gapBits(c.gaps)]),
    dependencies: report.dependencies.map((d) => [ref(d.key), d.direction === 'blocks' ? 'b' : 'B', d.otherKey, d.otherProjectKey, statusCode(d.otherStatusCategory)]),
    runway: { readyPoints: report.runway.readyPoints, velocity: report.runway.velocity, iterations: report.runway.iterations, target: report.runway.target },
  };
}

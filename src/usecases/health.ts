import { backlogHealth, meanThroughput } from '../domain';
import type { HealthDto } from '../contracts';
import type { CallContext } from './context';
import { loadTeamData, type TeamData } from './team-data';

/** The Health tab: arrivals vs completions per closed sprint, backlog age, throughput and iterations to burn. */
export async function getHealth(ctx: CallContext, projectKey: string): Promise<HealthDto> {
  return healthDto(await loadTeamData(ctx, projectKey, undefined));
}

function healthDto(data: TeamData): HealthDto {
  const closed = data.backlog.closedSprintPoints;
  // Counted per closed sprint in the Jira layer (everything created then, also what was finished since);
  // older sprints than those counted are not shown rather than shown too low.
  const arrived = data.backlog.arrivals ? new Map(data.backlog.arrivals.map((a) => [String(a.sprintId), a.arrived])) : null;
  const windows = data.backlog.sprints
    .filter((sp) => sp.state === 'closed' && sp.startDate && (sp.completeDate ?? sp.endDate))
    .filter((sp) => arrived === null || arrived.has(String(sp.id)))
    .map((sp) => ({ id: String(sp.id), name: sp.name, start: sp.startDate as string, end: (sp.completeDate ?? sp.endDate) as string }));
  const health = backlogHealth(data.items, windows, data.now);
  const completedBySprint = new Map(closed.map((c) => [String(c.sprintId), c]));
  const perIteration = windows.map((w, i) => {
    const c = completedBySprint.get(w.id);
    return { name: w.name, arrived: arrived?.get(w.id) ?? health.flow[i]?.arrivals ?? 0, completed: c?.completedIssues ?? 0, completedPoints: c?.completedPoints ?? 0 };
  });
  const measured = perIteration.filter((p) => closed.some((c) => c.name === p.name));
  const throughput = meanThroughput(measured.map((p) => p.completed));
  const ages = data.items.map((i) => Math.floor((data.now.getTime() - Date.parse(i.created)) / 86_400_000));
  return {
    perIteration,
    openItems: data.items.length,
    openPoints: data.items.reduce((sum, i) => sum + (i.points ?? 0), 0),
    age: { p50: health.age.p50 ?? 0, p85: health.age.p85 ?? 0, p95: health.age.p95 ?? 0, max: ages.length ? Math.max(...ages) : 0 },
    throughput,
    iterationsToBurn: throughput > 0 ? data.items.length / throughput : null,
  };
}

import type { Allocation } from '../allocation';
import { artAllocationTotals, type ArtAllocationRow } from './allocation';
import type { DatedIteration } from './dated';
import { dependencyStates, type DependencyState } from './dependencies';
import { featureForecast, featureOdds, type FeatureForecast, type FeatureOdds, type TeamFeatureChance } from './forecast';
import { guardrailBreaches, type ArtGuardrails, type GuardrailBreach } from './guardrails';
import { iterationLoad, type IterationLoad } from './load';
import { featureRerankOrder, rankFeatures, type FeatureScoreInput, type RankedFeature } from './features';

/** One team as its PO sees it (the ART view's per-team read): iterations, program stories, cross-team links, allocation. */
export interface TrainTeam {
  team: string;
  pi: { start: string; end: string };
  iterations: (DatedIteration & { capacity: number; planned: number })[];
  /** [story, feature, points, iteration id | null, summary] */
  stories: readonly (readonly [string, string, number | null, string | null, string])[];
  /** [own key, own iteration id | null, other key, direction from own] */
  links: readonly (readonly [string, string | null, string, 'blocks' | 'blockedBy'])[];
  allocation: { percents: Allocation; rows: readonly { workType: string; plannedPoints: number; donePoints: number }[] };
  /** Its plan's chance per program feature it carries, done by its PI's end; null (or absent): no closed sprint to learn from. */
  forecast?: { lowConfidence: boolean; features: readonly (readonly [string, number | null])[] } | null;
}

export interface TrainFeature extends FeatureScoreInput {
  summary: string;
}

export interface ComposedFeature {
  key: string;
  summary: string;
  costOfDelay: number | null;
  jobSize: number | null;
  wsjf: number | null;
  /** Position in Jira's rank order now. */
  rank: number;
  forecast: FeatureForecast;
  /** The chance it is done by the PI's end, every team's part included; null when no team has a story of it. */
  odds: FeatureOdds | null;
  /** Per team: its stories of this feature and the iterations they are planned in (names, in date order). */
  teams: { team: string; stories: number; iterations: string[] }[];
}

export interface ComposedDependency {
  blocker: { key: string; team: string; iteration: DatedIteration | null };
  dependent: { key: string; team: string; iteration: DatedIteration | null };
  state: DependencyState;
  /** The program features of either side (for the filter by feature). */
  features: string[];
}

export interface ComposedTrain {
  features: ComposedFeature[];
  dependencies: ComposedDependency[];
  allocation: { totals: ArtAllocationRow[]; teams: { team: string; capacity: number; percents: Allocation; breaches: GuardrailBreach[] }[] };
  load: { team: string; iterations: (DatedIteration & IterationLoad)[] }[];
  /** The train's iterations for the board: the first team's, each team's placed by date. */
  columns: DatedIteration[];
}

const teamOfKey = (key: string): string => key.slice(0, key.lastIndexOf('-'));

/** The ART view from each team's read and the program's features: WSJF order and forecast, dependencies by state, allocation against guardrails, load. */
export function composeTrain(teams: readonly TrainTeam[], features: readonly TrainFeature[], guardrails: ArtGuardrails): ComposedTrain {
  const iterationById = new Map<string, DatedIteration>();
  for (const t of teams) for (const it of t.iterations) iterationById.set(`${t.team}|${it.id}`, { id: it.id, name: it.name, start: it.start, end: it.end });
  const iterationOf = (team: string, id: string | null): DatedIteration | null => (id === null ? null : (iterationById.get(`${team}|${id}`) ?? null));
  const piEnd = teams[0]?.pi.end ?? '9999-12-31';

  const storiesOf = new Map<string, { key: string; team: string; points: number | null; iteration: DatedIteration | null }[]>();
  const featureOfStory = new Map<string, string>();
  for (const t of teams) {
    for (const [key, feature, points, iterationId] of t.stories) {
      featureOfStory.set(key, feature);
      const list = storiesOf.get(feature) ?? [];
      list.push({ key, team: t.team, points, iteration: iterationOf(t.team, iterationId) });
      storiesOf.set(feature, list);
    }
  }
  const summaries = new Map(features.map((f) => [f.key, f.summary]));
  const teamForecasts = new Map(teams.map((t) => [t.team, t.forecast ? { lowConfidence: t.forecast.lowConfidence, features: new Map(t.forecast.features) } : null]));
  // Shown in the order a re-rank writes (unscored features keep their slots), as the team Backlog shows stories.
  const scored = features.map((f) => ({ ...f, storyPoints: (storiesOf.get(f.key) ?? []).map((s) => s.points) }));
  const rankedByKey = new Map(rankFeatures(scored).map((f) => [f.key, f]));
  const ranked = featureRerankOrder(scored).map((key) => rankedByKey.get(key) as RankedFeature);
  const composedFeatures = ranked.map((f): ComposedFeature => {
    const stories = storiesOf.get(f.key) ?? [];
    const byTeam = new Map<string, typeof stories>();
    for (const s of stories) byTeam.set(s.team, [...(byTeam.get(s.team) ?? []), s]);
    return {
      ...f,
      summary: summaries.get(f.key) ?? '',
      forecast: featureForecast(stories.map((s) => ({ key: s.key, teamKey: s.team, points: s.points, done: false, iteration: s.iteration })), piEnd),
      odds: featureOdds([...byTeam.keys()].map((team) => teamChance(teamForecasts.get(team), f.key))),
      teams: [...byTeam].map(([team, list]) => ({
        team,
        stories: list.length,
        iterations: [...new Map(list.flatMap((s) => (s.iteration ? [[s.iteration.id, s.iteration] as const] : []))).values()].sort((a, b) => (a.start < b.start ? -1 : 1)).map((it) => it.name),
      })),
    };
  });

  // Each link is seen from both of its teams when both are loaded: one dependency per blocker > dependent.
  const loaded = new Set(teams.map((t) => t.team));
  const ends = new Map<string, string | null>();
  for (const t of teams) for (const [own, iterationId] of t.links) ends.set(own, iterationId);
  const edges = new Map<string, { blocker: string; dependent: string }>();
  for (const t of teams) {
    for (const [own, , other, direction] of t.links) {
      if (!loaded.has(teamOfKey(other))) continue; // another train's, a hidden team's, or one not loaded yet
      const [blocker, dependent] = direction === 'blocks' ? [own, other] : [other, own];
      edges.set(`${blocker}>${dependent}`, { blocker, dependent });
    }
  }
  const end = (key: string) => {
    const team = teamOfKey(key);
    return { key, teamKey: team, team, done: false, iteration: iterationOf(team, ends.get(key) ?? null) };
  };
  const dependencies = dependencyStates([...edges.values()].map((e) => ({ blocker: end(e.blocker), dependent: end(e.dependent) }))).map(
    (d): ComposedDependency => ({
      blocker: { key: d.blocker.key, team: d.blocker.team, iteration: d.blocker.iteration },
      dependent: { key: d.dependent.key, team: d.dependent.team, iteration: d.dependent.iteration },
      state: d.state,
      features: [...new Set([featureOfStory.get(d.blocker.key), featureOfStory.get(d.dependent.key)].filter((f): f is string => f !== undefined))],
    }),
  );

  const capacityOf = (t: TrainTeam): number => t.iterations.filter((it) => it.start >= t.pi.start && it.end <= t.pi.end).reduce((sum, it) => sum + it.capacity, 0);
  const byType = (rows: TrainTeam['allocation']['rows'], pick: (r: TrainTeam['allocation']['rows'][number]) => number) => Object.fromEntries(rows.map((r) => [r.workType, pick(r)]));
  return {
    features: composedFeatures,
    dependencies,
    allocation: {
      totals: artAllocationTotals(
        teams.map((t) => ({ capacity: capacityOf(t), percents: t.allocation.percents, planned: byType(t.allocation.rows, (r) => r.plannedPoints), done: byType(t.allocation.rows, (r) => r.donePoints) })),
      ),
      teams: teams.map((t) => ({ team: t.team, capacity: capacityOf(t), percents: t.allocation.percents, breaches: guardrailBreaches(t.allocation.percents, guardrails) })),
    },
    load: teams.map((t) => ({ team: t.team, iterations: t.iterations.map((it) => ({ id: it.id, name: it.name, start: it.start, end: it.end, ...iterationLoad(it.capacity, it.planned) })) })),
    columns: (teams[0]?.iterations ?? []).map((it) => ({ id: it.id, name: it.name, start: it.start, end: it.end })),
  };
}

/** A team's part of a feature from its forecast (null: the team has none). */
function teamChance(forecast: { lowConfidence: boolean; features: ReadonlyMap<string, number | null> } | null | undefined, feature: string): TeamFeatureChance | null {
  if (!forecast) return null;
  return { probability: forecast.features.get(feature) ?? null, lowConfidence: forecast.lowConfidence };
}

/** The board column (of `columns`) an iteration of any team falls in: the one holding its start day, else the nearest before; null when unplanned. */
export function columnOf(columns: readonly DatedIteration[], iteration: DatedIteration | null): number | null {
  if (!iteration || columns.length === 0) return null;
  let found = 0;
  columns.forEach((c, i) => {
    if (c.start <= iteration.start) found = i;
  });
  return found;
}

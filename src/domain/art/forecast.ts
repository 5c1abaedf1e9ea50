import { featureAcrossTeams } from '../forecast';
import { laterEnding, type DatedIteration } from './dated';

/** One story of a feature as its team plans it. */
export interface ForecastStory {
  key: string;
  teamKey: string;
  points: number | null;
  done: boolean;
  /** The iteration its team's plan (or sprint) puts it in; null when the plan leaves it out. */
  iteration: DatedIteration | null;
}

/** beyondPi: a story planned after the PI's last day; unplanned: an open story left out; unsized: an open story without estimate; noStories: nothing split yet. */
export type ForecastFlag = 'beyondPi' | 'unplanned' | 'unsized' | 'noStories';

export interface FeatureForecast {
  /** The iteration of its last planned open story; null when none is planned (or all are done). */
  iteration: DatedIteration | null;
  flags: ForecastFlag[];
  /** Every story done. */
  done: boolean;
  openStories: number;
  doneStories: number;
  /** The teams holding its stories, by name. */
  teams: string[];
}

/** A feature's forecast (docs/domain.md): the iteration its last story is planned in, flagged beyond the PI, unplanned or unsized. */
export function featureForecast(stories: readonly ForecastStory[], piEnd: string): FeatureForecast {
  const open = stories.filter((s) => !s.done);
  let last: DatedIteration | null = null;
  for (const story of open) if (story.iteration) last = laterEnding(last, story.iteration);
  const flags: ForecastFlag[] = [];
  if (stories.length === 0) flags.push('noStories');
  if (open.some((s) => s.iteration !== null && s.iteration.end > piEnd)) flags.push('beyondPi');
  if (open.some((s) => s.iteration === null)) flags.push('unplanned');
  if (open.some((s) => s.points === null)) flags.push('unsized');
  return {
    iteration: last,
    flags,
    done: stories.length > 0 && open.length === 0,
    openStories: open.length,
    doneStories: stories.length - open.length,
    teams: [...new Set(stories.map((s) => s.teamKey))].sort(),
  };
}

/** One team's part of a feature: the chance its stories of it are done by its PI's end (null: one is not planned). */
export interface TeamFeatureChance {
  probability: number | null;
  /** The team's forecast learns from fewer than 6 closed sprints. */
  lowConfidence: boolean;
}

/** noHistory: a team carrying it has no closed sprint to learn from; notPlanned: a team's story of it is not planned. */
export type FeatureOddsGap = 'noHistory' | 'notPlanned';

export interface FeatureOdds {
  /** The chance every team's part is done by the PI's end; null when it cannot be told (see `gap`). */
  probability: number | null;
  lowConfidence: boolean;
  gap: FeatureOddsGap | null;
}

/**
 * A feature's chance to be done by the PI's end from its teams' parts (null: that team has no forecast):
 * each team's throughput drawn on its own, so the product of the parts (`featureAcrossTeams`); null without teams.
 */
export function featureOdds(parts: readonly (TeamFeatureChance | null)[]): FeatureOdds | null {
  if (parts.length === 0) return null;
  const lowConfidence = parts.some((p) => p?.lowConfidence === true);
  if (parts.some((p) => p === null)) return { probability: null, lowConfidence, gap: 'noHistory' };
  const probability = featureAcrossTeams(parts.map((p) => (p as TeamFeatureChance).probability));
  return { probability, lowConfidence, gap: probability === null ? 'notPlanned' : null };
}

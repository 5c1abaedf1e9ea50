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

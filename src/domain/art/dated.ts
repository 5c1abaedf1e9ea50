/** An iteration of one team's calendar, by its ISO days (both inclusive): teams' cadences differ, so the train compares dates. */
export interface DatedIteration {
  id: string;
  name: string;
  start: string;
  end: string;
}

/** The later-ending of two iterations (the first on equal ends). */
export function laterEnding<T extends DatedIteration>(a: T | null, b: T): T {
  return a === null || b.end > a.end ? b : a;
}

/** A story of some project and the project of its parent (null: no parent). */
export interface ChildOfParent {
  projectKey: string;
  parentProjectKey: string | null;
}

/** One team of the train and how many of its stories sit under the program's features. */
export interface DetectedTeam {
  projectKey: string;
  stories: number;
}

/** The teams of an ART: projects (other than the program project) holding stories under its features, most stories first. */
export function detectArtTeams(programProjectKey: string, children: readonly ChildOfParent[]): DetectedTeam[] {
  const counts = new Map<string, number>();
  for (const child of children) {
    if (child.parentProjectKey !== programProjectKey || child.projectKey === programProjectKey) continue;
    counts.set(child.projectKey, (counts.get(child.projectKey) ?? 0) + 1);
  }
  return [...counts].map(([projectKey, stories]) => ({ projectKey, stories })).sort((a, b) => b.stories - a.stories || (a.projectKey < b.projectKey ? -1 : 1));
}

import { InputSource, IssueFacts } from './facts';

/** The team a backlog belongs to, and where its program backlog lives. */
export interface TeamContext {
  teamProjectKey: string;
  programProjectKeys: string[];
}

/**
 * Input source of a team backlog item: `program` when its parent is in a program project, `otherTeam` when it
 * blocks an open issue of another (non-program) project, else `local`.
 */
export function classifyInputSource(issue: Pick<IssueFacts, 'parent' | 'links' | 'hidden'>, ctx: TeamContext): InputSource {
  return inputSourceClassifier(ctx)(issue);
}

/** `classifyInputSource` with the team context prepared once, for classifying a whole backlog. */
export function inputSourceClassifier(ctx: TeamContext): (issue: Pick<IssueFacts, 'parent' | 'links' | 'hidden'>) => InputSource {
  const program = new Set(ctx.programProjectKeys);
  return (issue) => {
    if (issue.parent && program.has(issue.parent.projectKey)) return 'program';
    // A dependent the user cannot see counts too: the item must not quietly become local (DOMAIN.md, Hidden dependents).
    const helpsOtherTeam =
      (issue.hidden?.dependents ?? 0) > 0 ||
      issue.links.some((l) => l.direction === 'blocks' && l.statusCategory !== 'done' && l.projectKey !== ctx.teamProjectKey && !program.has(l.projectKey));
    return helpsOtherTeam ? 'otherTeam' : 'local';
  };
}

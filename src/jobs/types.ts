/** The inputs of the long writes, as the resolvers store them in the job record. */

export interface CommitFillInput {
  /** Per Jira sprint, the issues to move into it, in plan order. */
  sprints: { sprintId: number; sprintName: string; keys: string[] }[];
  /** Issues in a planned sprint that the plan does not put in any: back to the backlog (absent in older tokens). */
  toBacklog?: string[];
}

export interface TrimTailInput {
  keys: string[];
}

export interface RerankInput {
  /** The desired order of the keys that move (top first), ranked before `currentTopKey`. */
  order: string[];
  currentTopKey: string;
}

export type JobInputByKind = {
  commitFill: CommitFillInput;
  trimTail: TrimTailInput;
  rerank: RerankInput;
  load: Record<string, never>;
};

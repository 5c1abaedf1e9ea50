/** The inputs of the long writes, as the resolvers store them in the job record. */
import type { RankRun } from '../domain';

export interface CommitFillInput {
  /** Per Jira sprint, the issues to move into it, in plan order. */
  sprints: { sprintId: number; sprintName: string; keys: string[] }[];
  /** Issues in a planned sprint that the plan does not put in any: back to the backlog (absent in older tokens). */
  toBacklog?: string[];
  /**
   * The plan this commit makes real, kept once every issue moved: the sprints it fills and the items the PO
   * left out (absent in older tokens).
   */
  plan?: { sprintIds: number[]; exclude: string[] };
}

export interface TrimTailInput {
  keys: string[];
}

export interface RerankInput {
  /**
   * Only the issues that move, in runs of consecutive places in the new order, each run placed right after
   * the issue before it there (`after`; null = at the top, before `currentTopKey`). Runs are applied in
   * order, so every anchor is already where it belongs; issues that keep their place are never written.
   */
  runs: RankRun[];
  currentTopKey: string;
}

export type JobInputByKind = {
  commitFill: CommitFillInput;
  trimTail: TrimTailInput;
  rerank: RerankInput;
  load: Record<string, never>;
};

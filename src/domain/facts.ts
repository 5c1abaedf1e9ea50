/**
 * What the Jira layer reads about one issue: everything the domain rules need, nothing Jira-shaped.
 * `src/jira` produces these; `src/domain` classifies and scores them. Keep this contract stable:
 * the Jira mapping, the demo site seed and the resolvers all build on it.
 */

export type StatusCategory = 'new' | 'indeterminate' | 'done';

/** Where a team backlog item came from (docs/domain.md "Input sources"). */
export type InputSource = 'program' | 'otherTeam' | 'local';

/** WSJF components as stored on the issue; null where the team has not scored it. */
export interface WsjfInputs {
  businessValue: number | null;
  timeCriticality: number | null;
  riskReduction: number | null;
  /** A separate job-size field; when null the item's story points stand in (docs/domain.md). */
  jobSize: number | null;
}

/** The parent of an issue (a feature in a program project, or an epic). */
export interface ParentFacts {
  key: string;
  projectKey: string;
  summary: string;
  statusCategory: StatusCategory;
  /**
   * PI commitments of the parent: names of its fix versions and its labels. A program story is
   * committed to a PI when its parent feature carries that PI's name here.
   */
  commitments: string[];
}

/** One "Blocks" link, seen from this issue. */
export interface IssueLink {
  /** `blocks`: this issue blocks `key`; `blockedBy`: `key` blocks this issue. */
  direction: 'blocks' | 'blockedBy';
  key: string;
  projectKey: string;
  statusCategory: StatusCategory;
  /** The linked issue's open or future sprint on its own team's board, when known: its name and start day. */
  sprint?: { name: string; start: string } | null;
  /**
   * The linked issue's own priority as its team scored it, when known: its cost of delay (all three WSJF
   * components scored) and job size. A story another team needs inherits its dependent's (DOMAIN.md).
   */
  priority?: { costOfDelay: number; jobSize: number | null } | null;
}

export interface SprintRef {
  id: number;
  name: string;
  state: 'active' | 'future' | 'closed';
}

export interface IssueFacts {
  key: string;
  projectKey: string;
  summary: string;
  issueType: string;
  labels: string[];
  components: string[];
  status: string;
  statusCategory: StatusCategory;
  /** ISO 8601 timestamps. */
  created: string;
  updated: string;
  /**
   * When the issue was resolved (Jira's resolutiondate; for done work without a resolution, when its status
   * category last changed), ISO 8601; null while open.
   */
  resolved: string | null;
  /** Jira's resolution name ("Done", "Won't Do", "Duplicate"...); null or absent when none is set. */
  resolution?: string | null;
  /** Story points from the mapped estimation field; null when unestimated. */
  points: number | null;
  /** Position in the board's backlog order (Jira rank), 0 = top. */
  rank: number;
  wsjfParts: WsjfInputs;
  /** Acceptance criteria present: the mapped field is filled, or the description has such a heading. */
  hasAcceptanceCriteria: boolean;
  parent: ParentFacts | null;
  links: IssueLink[];
  /** The sprint the issue is in now (the latest one when Jira lists several); null when in the backlog. */
  sprint: SprintRef | null;
  /**
   * Account id of the assignee; null when unassigned; absent when not read (facts built without it). Only the id
   * is kept: names are looked up when shown, so no profile data is stored.
   */
  assignee?: string | null;
  /**
   * Open blocking links to issues this user cannot see (Jira shows them no such link): how many issues of other
   * teams this one blocks, and how many block it. Counts only, never which (docs/decisions/hidden-links.md).
   */
  hidden?: HiddenLinks;
}

/** Counts of open blocking links to issues the user cannot see (see `IssueFacts.hidden`). */
export interface HiddenLinks {
  dependents: number;
  blockers: number;
}

/**
 * The resolver contract between the Custom UI apps (`static/*`) and the Forge backend (`src/resolvers/*`).
 * Type-only (the values of the compact encodings are in encoding.ts, the payload schemas in payloads.ts): the UI does `makeInvoke<PanelDefinitions>()` (from `@forge/bridge`), the backend implements the
 * same type with `makeResolver<PanelDefinitions>()` (from `@forge/resolver`), so a payload or DTO change
 * breaks the build on both sides.
 *
 * ## Results and errors
 * Every function resolves to a `Result<T>`: `{ ok: true, data }` or `{ ok: false, error }`. Resolvers never
 * throw to the UI: expected failures (bad payload, no permission, stale save, Jira down) and unexpected ones
 * (mapped to `INTERNAL`) all come back as a typed `AppError` whose `message` a PO can act on, with `field`
 * naming the offending payload field (dot path, e.g. `percents.feature`) when the payload is at fault.
 * The UI should show `error.message` as is; `code` is for logic (e.g. `STALE` -> offer "Reload").
 *
 * ## Context, not payload
 * The team project always comes from the Forge context (`context.extension.project.key`), never from the
 * payload, so a UI cannot ask about a project it was not opened in. The issue panel's issue comes from
 * `context.extension.issue.key`. The admin page has no project context.
 *
 * ## Compact encodings (a 10,000-issue backlog must stay well under Forge's 5 MB invoke limit; we aim < 1 MB)
 * - Issue keys in big lists are `IssueRef`: a number `n` means `${keyPrefix}-${n}` (the DTO carries
 *   `keyPrefix`, the team project key); a string is a full key (an issue of another project).
 * - Summaries in big lists are truncated to `SUMMARY_MAX` characters (ending in an ellipsis when cut).
 * - Work types are indexes into the DTO's `workTypes` array; sources are `SourceCode`s.
 * - Readiness gaps and row markers are bit masks (`DorGap`, `RowFlag`).
 */

import type { FieldOverrides, PiSettings, ProjectSettings, SiteDefaults, WorkTypeRule } from '../storage/settings';

// ---------------------------------------------------------------------------------------------------------
// Results and errors

export type ErrorCode =
  /** The payload failed validation; `field` names the field. */
  | 'INVALID_INPUT'
  /** The user may not do this (message says which permission, role or group is needed). */
  | 'FORBIDDEN'
  /** An issue, PI, sprint, board or job that does not exist or that the user cannot see. */
  | 'NOT_FOUND'
  /** Setup is missing (no board mapped, no PI calendar, story points field not found); `field` names the setting. */
  | 'NOT_CONFIGURED'
  /** A save based on an old version: someone else changed it; reload and redo. */
  | 'STALE'
  /** A confirmation token (trim, re-rank, commit fill) expired (15 minutes) or was already used: preview again. */
  | 'CONFIRMATION_EXPIRED'
  /** A write job is already running for this project (one at a time, whatever its kind). */
  | 'JOB_RUNNING'
  /** A job was not heard from within a minute (its worker died): preview again to finish the rest. */
  | 'INTERRUPTED'
  /** Jira kept answering 429 after our retries; try again after `retryAfterSeconds`. */
  | 'RATE_LIMITED'
  /** Jira failed (5xx, timeout) after retries. */
  | 'JIRA_UNAVAILABLE'
  /** Jira refused the request (4xx other than permission/not found), message carries Jira's own text. */
  | 'JIRA_REJECTED'
  /** A paged read broke midway; we never show a silently short backlog. */
  | 'PARTIAL_DATA'
  | 'INTERNAL'
  /** The site has no active licence for the app: it is read-only (nothing written, no job started). */
  | 'UNLICENSED';

/**
 * Every message key of the app's catalogs (`locales/en-US.json`; a test holds `de-DE.json` to the same keys
 * and placeholders). Shared so the backend can name a message the UI then shows in the user's language.
 */
export type MessageKey = keyof typeof import('../../locales/en-US.json');

/**
 * A message named by catalog key and params, shown by the UI in the user's Jira language. A param may itself be
 * a message (a place, a field, a reason), translated first: "Iteration 5 of PI 3: the end date is before the
 * start" is one message whose parts each a translator can reorder.
 */
export interface I18nMessage {
  key: MessageKey;
  params?: Record<string, I18nParam>;
}

/** A value in a message: a name or number as is, or a message of its own. */
export type I18nParam = string | number | I18nMessage;

export interface AppError {
  code: ErrorCode;
  /** For the user, actionable: "Story points field not found: map it in Settings". English, as logged. */
  message: string;
  /** The same message by catalog key, for the UI to show in the user's language (absent: `message` as is). */
  i18n?: I18nMessage;
  /** The payload field (dot path) or the settings field at fault. */
  field?: string;
  /** For RATE_LIMITED. */
  retryAfterSeconds?: number;
}

export type Ok<T> = { ok: true; data: T };
export type Err = { ok: false; error: AppError };
export type Result<T> = Ok<T> | Err;

// ---------------------------------------------------------------------------------------------------------
// Shared small types

/** `n` = `${keyPrefix}-${n}`; a string is a full issue key. */
export type IssueRef = number | string;

/** Input source codes: p = program, o = another team depends on it, l = local. */
export type SourceCode = 'p' | 'o' | 'l';

export type StatusCategoryCode = 'n' | 'i' | 'd'; // new, indeterminate (in progress), done

export type CapacitySource = 'manual' | 'velocity' | 'normalized' | 'none';

export interface WorkTypeDto {
  id: string;
  name: string;
}

export interface IterationRef {
  id: string;
  name: string;
  /** ISO dates (yyyy-mm-dd). */
  start: string;
  end: string;
  /** The Jira sprint this iteration maps to, once known. */
  sprintId: number | null;
}

export interface PiRef {
  id: string;
  name: string;
  start: string;
  end: string;
}

/** The PI a tab's figures are for and every PI of the calendar (oldest first): the panel's one PI picker. */
export interface PiChoiceDto {
  pi: PiRef;
  pis: PiRef[];
}

export interface WhoAmIDto {
  accountId: string;
  displayName: string;
  /** Null on the admin page. */
  projectKey: string | null;
  projectName: string | null;
  can: {
    /** Browse the project: see the panel. */
    read: boolean;
    /** Save allocations, trim the tail, commit sprints, re-rank, split, move to tail. */
    plan: boolean;
    /** Change the project's settings. */
    configure: boolean;
    /** Change site-wide defaults (admin page). */
    administer: boolean;
  };
  /** Why `plan`/`configure` is false, for a hint in the UI ("Ask a project admin or join group 'po'"). */
  hint: string | null;
  /** `hint` by catalog key, for the reader's language. */
  hintI18n?: I18nMessage | null;
  /**
   * Set when the project cannot hold a team backlog (not a software project, which display conditions let
   * through for program projects): one line saying what the app needs and who sets it up, shown instead of
   * the tabs.
   */
  setupNeeded: string | null;
  /** `setupNeeded` by catalog key. */
  setupNeededI18n?: I18nMessage | null;
  /** Set in a program project with teams (an ART): the project page shows the ART view instead of the tabs. */
  art?: { teams: number } | null;
  /**
   * Set when nobody can change anything here whatever their permissions (the site has no active licence, or a
   * local run without --allow-writes): what to tell the user, shown as a banner; `can` is then read-only.
   */
  readOnly: string | null;
  /** `readOnly` by catalog key. */
  readOnlyI18n?: I18nMessage | null;
}

/** A queued long write (commit fill, trim, large re-rank) or a backlog load. Poll `getJob`. */
export interface JobRef {
  jobId: string;
}

export type JobKind = 'commitFill' | 'trimTail' | 'rerank' | 'load';
export type JobState = 'queued' | 'running' | 'done' | 'failed';

export interface JobDto {
  jobId: string;
  kind: JobKind;
  state: JobState;
  /** Units (issues) done so far and in total; total 0 while unknown. */
  done: number;
  total: number;
  /** Human progress line ("Moving 50 of 120 issues into Sprint 7"), in English. */
  message: string;
  /**
   * `message` by catalog key: a job is read later, possibly by another user in another language, so it keeps
   * the key and params, never one reader's words. Absent on records written before.
   */
  i18n?: I18nMessage;
  /** Exactly which issues were changed so far, and which were not (and why; by key too when the reason is the app's, not Jira's words). */
  changed: string[];
  failed: { key: string; reason: string; i18n?: I18nMessage }[];
  /** When state = failed: what went wrong (the job can be started again; it resumes, never duplicates). */
  error: AppError | null;
  updatedAt: string;
}

/** Outcome of a short write done inside the resolver. */
export interface WriteOutcomeDto {
  changed: string[];
  /** `i18n`: the reason by key when it is the app's own words (as a job's `failed`); Jira's own words have none. */
  failed: { key: string; reason: string; i18n?: I18nMessage }[];
}

// ---------------------------------------------------------------------------------------------------------
// Panel (jira:projectPage)

export interface BalanceRowDto {
  workType: string;
  /** Allocation target in percent (0..100) and in points over the PI's iterations. */
  targetPct: number;
  targetPoints: number;
  /** Points in the PI's sprints (planned, any status) and points done. */
  plannedPoints: number;
  donePoints: number;
}

export interface IterationCapacityDto extends IterationRef {
  capacity: number;
  /** Points of `capacity` kept for unplanned work (0 for a closed iteration); the slices share the rest. */
  buffer: number;
  source: CapacitySource;
  /** How it was derived: "manual", "mean of last 3 sprints: 21, 24, 18", "5 members x 8 - 3 absence days". */
  detail: string;
  /** `detail` by catalog key, for the reader's language. */
  detailI18n?: I18nMessage;
  /** Slice points per work type id (largest-remainder rounding; sums to capacity minus buffer). */
  slices: Record<string, number>;
  /** Ended: it keeps the capacity, slices and allocation it had; saving an allocation does not change it. */
  closed: boolean;
  /** Per work type id: the percent of the allocation it is sliced by (a closed one: the one in effect then). */
  percents: Record<string, number>;
  /** Per work type id: points of the issues in its sprint (any status), as `BalanceRowDto.plannedPoints` per PI. */
  planned: Record<string, number>;
  /** Per work type id: points resolved as done within its dates, as `BalanceRowDto.donePoints` per PI. */
  done: Record<string, number>;
}

export interface AllocationDto {
  piId: string;
  /** Percent per work type id; whole numbers summing to 100. */
  percents: Record<string, number>;
  /** Version to send back as `baseVersion`; 0 when never saved (defaults shown). */
  version: number;
  /** Account id (to tell the user's own saves); shown as `savedByName`, never as the id. */
  savedBy: string | null;
  /** Jira's display name of `savedBy`, as the asking user may see it (English for a placeholder: "a former user"). */
  savedByName: string | null;
  /** A placeholder name ("someone", "a user you cannot see") by key (`person.by.*`); absent for a real name. */
  savedByNameI18n?: I18nMessage;
  savedAt: string | null;
  /** True when these are the defaults (nothing saved for this PI yet). */
  isDefault: boolean;
  /**
   * The newest save cannot be read (damaged in storage): what is wrong and what is shown instead (an older
   * save or the defaults, with `version` still the newest so saving again replaces it).
   */
  problem?: string;
  /** `problem` by catalog key. */
  problemI18n?: I18nMessage;
}

export interface SourceMixDto {
  /** Open backlog items and their points per input source. */
  program: { count: number; points: number };
  otherTeam: { count: number; points: number };
  local: { count: number; points: number };
}

export interface UnplannedDto {
  /** Percent of each iteration the PO keeps for unplanned work (Settings). */
  bufferPct: number;
  /** The last closed sprints, oldest first: completed points, and of them what was created after the sprint started. */
  sprints: { name: string; completedPoints: number; unplannedPoints: number; unplannedIssues: number }[];
}

export interface BalanceDto {
  pi: PiRef;
  /** All PIs of the calendar, for the picker (oldest first). */
  pis: PiRef[];
  workTypes: WorkTypeDto[];
  allocation: AllocationDto;
  rows: BalanceRowDto[];
  iterations: IterationCapacityDto[];
  sourceMix: SourceMixDto;
  /** What arrived unplanned in the last closed sprints, against the unplanned buffer (docs/domain.md "Unplanned buffer"). */
  unplanned: UnplannedDto;
  /**
   * What could not be read from Jira and was left out: one line per issue ("ORION-12: its created date
   * "yesterday" is not a date...") and backlog-wide gaps (no blocking link type). Absent when there are none.
   */
  warnings?: string[];
  /** `warnings` by catalog key, in the same order; null for one stored as English text before warnings had keys (shown as is). */
  warningsI18n?: (I18nMessage | null)[];
}

/**
 * One backlog row, in backlog order (committed program stories first in committed order within their
 * work type, then by WSJF, per docs/domain.md). Indices:
 * 0 key (IssueRef), 1 summary (<= SUMMARY_MAX), 2 work type index, 3 source, 4 story points | null,
 * 5 business value | null, 6 time criticality | null, 7 risk reduction | null, 8 job size | null
 * (the separate field; null = points stand in), 9 WSJF rounded to 2 decimals | null (unscored),
 * 10 DorGap bits (0 = Ready), 11 RowFlag bits, then two optional trailing fields, left off when null:
 * 12 parent feature (index into BacklogDto.parents) | null, 13 open sprint the item is in (index into
 * BacklogDto.sprints). (A worst-case 10,000-row backlog is ~0.9 MB; a typical one ~0.6 MB:
 * test/resolvers/payload-size.test.ts.)
 */
export type BacklogRow = [
  key: IssueRef,
  summary: string,
  workType: number,
  source: SourceCode,
  points: number | null,
  businessValue: number | null,
  timeCriticality: number | null,
  riskReduction: number | null,
  jobSize: number | null,
  wsjf: number | null,
  dorGaps: number,
  flags: number,
  parent?: number | null,
  sprint?: number,
];

/**
 * Whole summaries for the CSV exports, of the backlog items whose row summary is cut (longer than
 * `SUMMARY_MAX`) and of their parent features, in backlog order; a page stays under about 1 MB.
 */
export interface SummariesDto {
  keyPrefix: string;
  summaries: [key: IssueRef, summary: string][];
  /** Parent features whose summary is cut: [full key, summary]. */
  parents: [key: string, summary: string][];
  /** The `from` of the next page; null on the last. */
  next: number | null;
}

export interface BacklogDto {
  keyPrefix: string;
  piChoice?: PiChoiceDto;
  workTypes: WorkTypeDto[];
  /** The Fibonacci scale WSJF parts are scored on: [1, 2, 3, 5, 8, 13, 20]. */
  scale: number[];
  rows: BacklogRow[];
  /** The rows' parent features (a row's index 12 points here): [full key, summary]. Absent when none has one. */
  parents?: [key: string, summary: string][];
  /** Names of the open sprints rows are in (a row's index 13 points here). Absent when no row is in one. */
  sprints?: string[];
  loadedAt: string;
  /** The PI whose committed order the rows keep (the one asked for, or the default PI). */
  pi?: PiRef;
  /**
   * When that PI's committed order (the PI-planning baseline) was taken or last re-baselined, and by whom
   * (account id); null while none of its committed stories has been seen.
   */
  committedBaseline?: { savedAt: string; savedBy: string; savedByName: string; savedByNameI18n?: I18nMessage } | null;
}

/** [key, summary, reason, days since last update]; reason s = stale, p = closed/cancelled parent. */
export type TailCandidateRow = [key: IssueRef, summary: string, reason: 's' | 'p', daysUntouched: number];
/** [key, summary, points, split limit it exceeds]. */
export type SplitCandidateRow = [key: IssueRef, summary: string, points: number, limit: number];
/** [key, summary, DorGap bits]. */
export type DorGapRow = [key: IssueRef, summary: string, gaps: number];
/**
 * [our key, direction, other key, other project, other status]; direction b = ours blocks theirs,
 * B = ours is blocked by theirs.
 */
export type DependencyRow = [key: IssueRef, direction: 'b' | 'B', otherKey: string, otherProject: string, otherStatus: StatusCategoryCode];

export interface RefinementDto {
  keyPrefix: string;
  piChoice?: PiChoiceDto;
  staleDays: number;
  tailCandidates: TailCandidateRow[];
  /** Items already labelled `backlog-tail` (what a trim would close). */
  inTail: [key: IssueRef, summary: string][];
  /** How many items a re-rank by the team's priority rule would move. */
  outOfOrder: number;
  splitCandidates: SplitCandidateRow[];
  /** Top items (enough for the next two iterations) without an estimate. */
  unestimatedTop: [key: IssueRef, summary: string][];
  dorGaps: DorGapRow[];
  dependencies: DependencyRow[];
  runway: {
    readyPoints: number;
    velocity: number;
    /** readyPoints / velocity; null when velocity is 0/unknown. */
    iterations: number | null;
    target: number;
  };
}

/** Why an item is not in the proposed fill: the domain's reasons (`src/domain/fill/`), and the tail. */
export type LeftOutReason =
  | 'notReady'
  | 'unestimated'
  | 'tooBig' // larger than an iteration's capacity: split candidate
  | 'tooBigForSlice' // larger than its work type's slice of every iteration (no borrowing): split candidate
  | 'blocked' // its blocker is not done and not planned early enough
  | 'noCapacity' // no room left in its work type's slice / the iterations
  | 'inTail'; // moved to the tail as no longer relevant, waiting for the trim

/**
 * [key, reason, detail for the user ("waits on VEGA-12"), the detail by catalog key for the reader's language].
 * The detail is empty (and the key left off) for `notReady` (the UI shows the item's DorGap bits from its
 * backlog row instead) and `inTail` (its label says it): a 10,000-row list stays small.
 */
export type LeftOutRow = [key: IssueRef, reason: LeftOutReason, detail: string, i18n?: I18nMessage];

export interface FillIterationDto extends IterationRef {
  /** Capacity for planned work: the iteration's capacity minus `buffer`. */
  capacity: number;
  /** Points kept for unplanned work (the project's unplanned buffer); 0 without one. */
  buffer: number;
  /** Per work type id: slice points and the points planned into it. */
  slices: Record<string, { slice: number; planned: number }>;
  /** Planned items in order. */
  items: IssueRef[];
  /** The name of the Jira sprint `sprintId` names (null without one, or when the board no longer has it). */
  sprintName: string | null;
}

export interface FillDto {
  keyPrefix: string;
  piId: string;
  piChoice?: PiChoiceDto;
  workTypes: WorkTypeDto[];
  mode: 'greedy' | 'optimal';
  iterations: FillIterationDto[];
  /** Total cost of delay (docs/domain.md objective) of each mode; optimal <= greedy. */
  greedyCost: number;
  optimalCost: number | null;
  /** Planned items of the greedy plan per iteration (to show the difference). */
  greedyItems: IssueRef[][];
  leftOut: LeftOutRow[];
  /**
   * What the PO should decide, one row per item and rule (DOMAIN.md): a pin that breaks a hard rule
   * ("blocker VEGA-2 not planned"), a story another team needs planned too late, a committed story under a
   * closed parent ("parent ART-1 closed: keep or trim?"); in English and by catalog key (`plan.flag.*`).
   */
  flags: [key: IssueRef, message: string, i18n: I18nMessage][];
  /** Items the PO left out when committing to sprints: they stay out until `include`d again. */
  committedExclude: IssueRef[];
  /** Whether unused slice capacity flowed to other work types (settings policy). */
  flowUnused: boolean;
  /** The odds of this plan. */
  forecast: ForecastDto;
  /** Who carries this plan. */
  people: PeopleLoadDto;
}

/** Who carries the plan: per person and planned iteration, their points against their share of the capacity. */
export interface PeopleLoadDto {
  /** False when Settings lists no team members: nobody has a share then. */
  membersSet: boolean;
  /** The planned iterations' names, in order. */
  iterations: string[];
  /** Team members in their Settings order, then assignees who are not members (`member: false`), by display name. */
  rows: {
    name: string;
    /** An assignee without a name to show ("Someone"), by key (`person.row.*`); absent for a real name. */
    nameI18n?: I18nMessage;
    member: boolean;
    perIteration: { planned: number; share: number | null; overloaded: boolean; items: string[] }[];
  }[];
  /** Per planned iteration, the planned work nobody is assigned to. */
  unassigned: { points: number; items: string[] }[];
}

/** An iteration a forecast names: one of the calendar's, or one after it at the team's cadence (`estimated`). */
export interface ForecastIterationDto {
  /** 1-based, counting from the plan's first iteration. */
  index: number;
  /** The calendar's name; null for an iteration after the calendar. */
  name: string | null;
  /** Its last day (ISO date); estimated from the cadence after the calendar. */
  end: string | null;
  estimated: boolean;
}

/** A committed story of the PI in the forecast. */
export interface ForecastItemDto {
  key: string;
  summary: string;
  points: number | null;
  /** In the running sprint, planned in an iteration, waiting for room after the plan, or not planned (not ready, blocked, left out...). */
  where: 'running' | 'planned' | 'queued' | 'notPlanned';
  /** The iteration holding it, when planned. */
  iteration: string | null;
  /** Probability (0..1) it is done by the PI's end; null unless planned or queued. */
  probability: number | null;
}

export interface ForecastFeatureDto {
  key: string;
  summary: string;
  /** Its open stories in this team's backlog. */
  openStories: number;
  /** Probability (0..1) its last open story is done by the PI's end; null when one is not planned. */
  probability: number | null;
  /** Open stories neither planned nor waiting for room (why the probability is null). */
  notPlanned: string[];
}

/**
 * The plan's odds (docs/domain.md "Confidence"): a seeded Monte Carlo of 10,000 trials drawing each
 * iteration's completed points from the last closed sprints; the same request gives the same figures.
 */
export type ForecastDto =
  | { available: false; reason: string }
  | {
      available: true;
      /** Completed points of the closed sprints drawn from, oldest first. */
      throughput: number[];
      /** Fewer than 6 closed sprints. */
      lowConfidence: boolean;
      trials: number;
      /** Percent of each iteration kept for unplanned work. */
      bufferPct: number;
      piName: string;
      /** Per iteration of the plan: probability (0..1) that its planned points are done in it (with carry-over). */
      iterations: { id: string; name: string; plannedPoints: number; probability: number }[];
      /** The PI's committed stories, in committed order. */
      committed: ForecastItemDto[];
      /** The features those stories belong to. */
      features: ForecastFeatureDto[];
      /** The iteration by which the backlog's top `points` are done in 50%, 85% and 95% of the trials (null: beyond 104 iterations). */
      top: {
        points: number;
        /** The backlog item at which the top points are reached; null when the backlog holds fewer (`backlogPoints`). */
        throughKey: string | null;
        /** Estimated points of the open backlog (tail and running sprint aside). */
        backlogPoints: number;
        levels: { level: number; iteration: ForecastIterationDto | null }[];
      };
    };

export interface ForecastRequest {
  piId?: string;
  /** Points at the top of the backlog to forecast (default: the points the plan holds). */
  topPoints?: number;
}

export interface FillRequest {
  piId?: string;
  /** Points at the top of the backlog for the forecast (default: the points the plan holds). */
  topPoints?: number;
  /** How many upcoming iterations (default from settings, 2). */
  iterations?: number;
  mode?: 'greedy' | 'optimal';
  /**
   * The PO's adjustments: `pins` put an item into an iteration (0-based index into the planned iterations;
   * its points come off that iteration's capacity first, the fill plans the rest around it); `exclude`
   * keeps items out of the proposal altogether (they are not listed as left out either).
   */
  pins?: { key: string; iteration: number }[];
  exclude?: string[];
  /** Items the last commit to sprints left out that the PO plans again (otherwise they stay out). */
  include?: string[];
}

export interface HealthDto {
  /** Arrivals (created) vs completions (resolved) per past iteration. */
  perIteration: { name: string; arrived: number; completed: number; completedPoints: number }[];
  openItems: number;
  openPoints: number;
  /** Backlog age in days. */
  age: { p50: number; p85: number; p95: number; max: number };
  /** Mean completed items per iteration over the window. */
  throughput: number;
  /** Iterations the current backlog would take at that throughput; null when throughput is 0. */
  iterationsToBurn: number | null;
}

export interface AllocationHistoryEntryDto {
  piId: string;
  version: number;
  percents: Record<string, number>;
  savedBy: string;
  savedByName: string;
  /** As `AllocationDto.savedByNameI18n`. */
  savedByNameI18n?: I18nMessage;
  savedAt: string;
}

export interface AllocationHistoryDto {
  /**
   * One page of the saves, newest first (every save ever made is kept, across the PIs asked for): at most
   * `limit` (default 50); ask again with `before: next` for the older ones.
   */
  entries: AllocationHistoryEntryDto[];
  /** The cursor of the next (older) page, or null on the last one. */
  next: string | null;
  /** How many saves there are in all. */
  total: number;
  /** The newest save of each PI (to copy from the previous PI whatever page is shown). */
  latestPerPi: AllocationHistoryEntryDto[];
  /** Saves refused because someone else had saved first, newest first, in the time span of this page. */
  rejected: { piId: string; baseVersion: number; currentVersion: number; percents: Record<string, number>; savedBy: string; savedByName: string; savedByNameI18n?: I18nMessage; attemptedAt: string }[];
}

export interface WsjfScoreInput {
  key: string;
  /** Omitted = unchanged; null = clear. */
  businessValue?: number | null;
  timeCriticality?: number | null;
  riskReduction?: number | null;
  jobSize?: number | null;
}

export interface WsjfScoreResultDto {
  outcome: WriteOutcomeDto;
  /**
   * The re-scored rows (same encoding as BacklogRow, without the parent and sprint fields a score does not
   * change: the UI keeps those of the row it had) and their new position in the backlog order.
   */
  rows: { row: BacklogRow; position: number }[];
}

/**
 * Why "Apply order" puts an issue where it does (DOMAIN.md, Sort): t = in the tail (last), b = right before
 * the issue it blocks, c = committed order N of the PI, w = its WSJF, u = unscored (keeps its rank slot).
 */
export type RankReasonCode = ['t'] | ['b', blocks: string] | ['c', order: number] | ['w', wsjf: number] | ['u'];

/**
 * [key, from position, to position] in the backlog order; the first RERANK_DESCRIBED (encoding.ts) moves then carry the
 * summary (<= SUMMARY_MAX), the work type index into `workTypes`, why it lands there, and 1 when it is a story
 * committed to the PI.
 */
export type MoveRow = [key: IssueRef, from: number, to: number, summary?: string, workType?: number, why?: RankReasonCode, committed?: 0 | 1];

export interface RerankPreviewDto {
  keyPrefix: string;
  /** The PI whose ranking the new order follows (its committed stories come first). */
  pi: PiRef;
  workTypes: WorkTypeDto[];
  /** Only the items that move. */
  moves: MoveRow[];
  /**
   * Confirm with `applyRerank({ token })`. Tokens (here, commit fill and trim) work once, for the user and
   * project that previewed, for 15 minutes; then CONFIRMATION_EXPIRED: preview again.
   */
  token: string;
}

export interface CommitFillPreviewDto {
  keyPrefix: string;
  sprints: {
    iterationId: string;
    sprintId: number;
    sprintName: string;
    /** Issues that will be moved into the sprint, and those already in it. */
    add: IssueRef[];
    alreadyIn: IssueRef[];
    /**
     * Open issues in the sprint now that the plan does not put there (left out, excluded, in the tail): they
     * go back to the backlog, so the sprint holds exactly the plan. Those the plan moves to another planned
     * sprint are listed there under `add`.
     */
    takeOut: IssueRef[];
  }[];
  /** Iterations with planned items but no Jira sprint to put them in (fix: map a sprint in the PI calendar). */
  missingSprints: { iterationId: string; name: string; items: number }[];
  token: string;
}

export interface TrimPreviewDto {
  /**
   * Every issue the trim will close, with full keys and summaries: the user confirms this exact list. With its
   * work type's name, its closed parent feature when that is why it is in the tail, and whether it is a story
   * committed to the PI shown (closing it drops a PI commitment).
   */
  issues: { key: string; summary: string; daysUntouched: number; workType: string; parentClosed: string | null; committed: boolean }[];
  /** The Done-category status they will be moved to (e.g. "Won't Do"). */
  targetStatus: string;
  token: string;
  expiresAt: string;
}

export interface SplitRequest {
  key: string;
  /** New stories; points must sum to the original's points. 2..10 parts. */
  parts: { summary: string; points: number }[];
  /** Client-chosen idempotency id (uuid): retrying with the same id never creates the stories twice. */
  splitId: string;
}

export interface SplitResultDto {
  original: string;
  created: string[];
  /** True when the stories existed (or the original was closed) from an earlier attempt with the same splitId. */
  resumed: boolean;
  /** The "dropped" Done-category status the original was closed with (labelled bb-split-source, linked to the parts). */
  originalClosedAs: string;
}

// ---------------------------------------------------------------------------------------------------------
// Requests (each one's zod schema in payloads.ts is tied to it with `satisfies`)

export interface PiRequest {
  piId?: string;
}

/** A page of whole summaries (`getSummaries`): `from` is the `next` of the page before (default 0). */
export interface SummariesRequest {
  from?: number;
}

/** A page of the allocation history: `before` is the `next` of the page before; `limit` 1-200 (default 50). */
export interface AllocationHistoryRequest extends PiRequest {
  before?: string;
  limit?: number;
}

export interface RequiredPiRequest {
  piId: string;
}

export interface SaveAllocationRequest {
  piId: string;
  percents: Record<string, number>;
  baseVersion: number;
}

export interface ScoreWsjfRequest {
  items: WsjfScoreInput[];
  /** The PI whose ranking the answered positions follow (the one the Backlog shows; default PI when omitted). */
  piId?: string;
}

export interface TokenRequest {
  token: string;
}

export interface JobIdRequest {
  jobId: string;
}

export interface KeysRequest {
  keys: string[];
}

export interface SaveProjectSettingsRequest {
  settings: ProjectSettings;
  baseVersion: number;
}

export interface PreviewWorkTypesRequest {
  workTypes: WorkTypeDto[];
  rules: WorkTypeRule[];
  defaultWorkType: string;
}

export interface SaveSiteDefaultsRequest {
  defaults: SiteDefaults;
  baseVersion: number;
}

export type PanelDefinitions = {
  whoAmI: () => Result<WhoAmIDto>;
  /** The balance for a PI (default: the PI containing today, else the next one). */
  getBalance: (p: PiRequest) => Result<BalanceDto>;
  getBacklog: (p: PiRequest) => Result<BacklogDto>;
  /** Whole summaries the Backlog rows cut, for the CSV exports (page on with `next`). */
  getSummaries: (p: SummariesRequest) => Result<SummariesDto>;
  getRefinement: (p: PiRequest) => Result<RefinementDto>;
  getFill: (p: FillRequest) => Result<FillDto>;
  /** The forecast of the plan as it stands (the last commit and the fill), for the Balance tab. */
  getForecast: (p: ForecastRequest) => Result<ForecastDto>;
  getHealth: () => Result<HealthDto>;
  /** `baseVersion` is the `AllocationDto.version` the edit started from (0 for a first save). STALE when older. */
  saveAllocation: (p: SaveAllocationRequest) => Result<AllocationDto>;
  /**
   * Re-baselines the PI's committed order: the committed stories' current Jira rank becomes the PI-planning
   * order the fill keeps (otherwise the order first seen is kept whatever the rank says later).
   */
  rebaselineCommittedOrder: (p: RequiredPiRequest) => Result<{ piId: string; committed: IssueRef[] }>;
  /** History of one PI, or of all PIs when piId is omitted. */
  getAllocationHistory: (p: AllocationHistoryRequest) => Result<AllocationHistoryDto>;
  /** Writes WSJF parts to Jira (1..50 items). */
  scoreWsjf: (p: ScoreWsjfRequest) => Result<WsjfScoreResultDto>;
  /** The moves a re-rank by the ranking of the PI asked for (default: the default PI) would make. */
  previewRerank: (p: PiRequest) => Result<RerankPreviewDto>;
  applyRerank: (p: TokenRequest) => Result<JobRef>;
  previewCommitFill: (p: FillRequest) => Result<CommitFillPreviewDto>;
  commitFill: (p: TokenRequest) => Result<JobRef>;
  getJob: (p: JobIdRequest) => Result<JobDto>;
  /**
   * Loads the whole backlog in the background with progress (poll getJob: done = issues loaded, total =
   * Jira's approximate count). Reads work without it, but for a large backlog call it first: afterwards
   * every read only refreshes what changed since.
   */
  loadBacklog: () => Result<JobRef>;
  split: (p: SplitRequest) => Result<SplitResultDto>;
  /** Label items `backlog-tail` (1..200 keys). */
  moveToTail: (p: KeysRequest) => Result<WriteOutcomeDto>;
  /** Take items out of the tail (remove the `backlog-tail` label): they are planned and ranked again. */
  takeOutOfTail: (p: KeysRequest) => Result<WriteOutcomeDto>;
  previewTrim: (p: PiRequest) => Result<TrimPreviewDto>;
  trimTail: (p: TokenRequest) => Result<JobRef>;
  // The ART view: the same project page in a program project (WhoAmIDto.art says which view to show).
  /** The train: its teams as this user may see them (hidden ones counted), the program's features, guardrails. */
  getArtTrain: () => Result<ArtTrainDto>;
  /** One team of the train from its saved snapshot and plan (NOT_CONFIGURED "not loaded" until its load ran). */
  getArtTeam: (p: ArtTeamRequest) => Result<ArtTeamDto>;
  /** Starts the background loads of visible teams never loaded for this user, a few at a time; poll getArtJobs. */
  loadArtTeams: () => Result<ArtLoadDto>;
  getArtJobs: (p: ArtJobsRequest) => Result<ArtJobDto[]>;
  /** Program administrators (or a group named in its settings): the team list and the ART guardrails. */
  saveArtSettings: (p: SaveArtSettingsRequest) => Result<ArtSettingsDto>;
  /** Writes WSJF parts of program features (1..50). */
  scoreFeatures: (p: ScoreWsjfRequest) => Result<WriteOutcomeDto>;
  /** The moves a re-rank of the open features by WSJF would make, and the token to confirm it. */
  previewFeatureRerank: () => Result<FeatureRerankPreviewDto>;
  /** Confirms the preview's re-rank as a job (poll getJob); STALE when the features' order or scores changed since. */
  applyFeatureRerank: (p: TokenRequest) => Result<JobRef>;
};

// ---------------------------------------------------------------------------------------------------------
// The ART view (issue 17): the program project's page

export interface ArtGuardrailDto {
  min: number | null;
  max: number | null;
}

export interface ArtSettingsDto {
  /** The teams confirmed by the program's administrators; null: detected from the features' stories. */
  teams: string[] | null;
  /** Work type id -> the train's bounds on a team's share. */
  guardrails: Record<string, ArtGuardrailDto>;
  version: number;
}

/** [key, summary, status category, position in Jira's rank, business value, time criticality, risk reduction, job size]. */
export type ArtFeatureRow = [string, string, 'new' | 'indeterminate' | 'done', number, number | null, number | null, number | null, number | null];

export interface ArtTrainDto {
  programKey: string;
  programName: string;
  teams: { key: string; name: string; loaded: boolean }[];
  /** Teams of the train this user cannot browse: left out, only counted. */
  hiddenTeams: number;
  /** Whether the team list is detected (no saved list). */
  detected: boolean;
  settings: ArtSettingsDto;
  workTypes: { id: string; name: string }[];
  /** Open features of the program project in Jira's rank order. */
  features: ArtFeatureRow[];
  /** The program's features carry a separate job-size field (else job size is the sum of story points). */
  hasJobSizeField: boolean;
}

export interface ArtTeamRequest {
  team: string;
}

export interface ArtIterationDto {
  id: string;
  name: string;
  start: string;
  end: string;
  capacity: number;
  /** Points of the team's open items in it: its sprint, else the team's plan. */
  planned: number;
}

/** [story key, feature key, points, iteration id or null (not planned), summary]. */
export type ArtStoryRow = [string, string, number | null, string | null, string];

/** A blocking link to another project from this team's side: [own key, own iteration id or null, other key, 'blocks' | 'blockedBy']. */
export type ArtLinkRow = [string, string | null, string, 'blocks' | 'blockedBy'];

export interface ArtTeamDto {
  team: string;
  pi: PiRef;
  iterations: ArtIterationDto[];
  stories: ArtStoryRow[];
  links: ArtLinkRow[];
  allocation: {
    percents: Record<string, number>;
    isDefault: boolean;
    rows: { workType: string; targetPct: number; plannedPoints: number; donePoints: number }[];
  };
  workTypes: { id: string; name: string }[];
  /** Why the team's plan is missing or partial ("no capacity: ..."), in the team's words. */
  notes: string[];
  /** `notes` by catalog key, in the same order, for the reader's language. */
  notesI18n?: I18nMessage[];
  loadedAt: string;
  /**
   * Its plan's chance per program feature it carries that its stories of it are done by its PI's end
   * (`forecastPlan`, [feature key, chance or null when a story is not planned]); null: no closed sprint to learn from.
   */
  forecast: { lowConfidence: boolean; trials: number; sprints: number; features: [string, number | null][] } | null;
}

/** The features a re-rank by WSJF moves: [key, position now, position after, summary]; confirm with the token. */
export interface FeatureRerankPreviewDto {
  keyPrefix: string;
  moves: [key: IssueRef, from: number, to: number, summary: string][];
  token: string;
}

export interface ArtLoadDto {
  /** The loads running for this user (started now or before). */
  jobs: { team: string; jobId: string }[];
  /** Teams still to load: at most `ART_LOADS_AT_ONCE` run at a time; ask again when one finishes. */
  waiting: string[];
}

export interface ArtJobsRequest {
  jobs: { team: string; jobId: string }[];
}

export interface ArtJobDto extends JobDto {
  team: string;
}

export interface SaveArtSettingsRequest {
  /** true: the teams are detected from the features' stories (`teams` then empty); false: exactly `teams`. */
  detectTeams: boolean;
  teams: string[];
  guardrails: Record<string, ArtGuardrailDto>;
  baseVersion: number;
}

// ---------------------------------------------------------------------------------------------------------
// Settings (stored per project; site-wide defaults on the admin page)

// The settings page edits the settings as stored: storage owns their shape (typed from its zod schema).
export type { DorPolicy, FieldOverrides, IterationSettings, PiSettings, ProjectSettings, SiteDefaults, WorkTypeRule } from '../storage/settings';

export interface DetectedFieldDto {
  role: keyof FieldOverrides;
  /** The field used (override, board estimation field, or found by name); null = not found. */
  fieldId: string | null;
  fieldName: string | null;
  how: 'override' | 'board' | 'name' | 'values' | 'missing';
  /** Several fields have this name: each, and whether this project's issues have values in it ('values' = chosen by them). */
  alternatives?: { id: string; name: string; hasValues: boolean }[];
  /** Why the field cannot be used as found (e.g. the board estimates in time): what to map instead. */
  problem?: string;
  /** `problem` by catalog key. */
  problemI18n?: I18nMessage;
}

/** A link type of the site, whether the app counts it as blocking, and whether that is its guess. */
export interface LinkTypeDto {
  name: string;
  inward: string;
  outward: string;
  counted: boolean;
  /** The app's guess (what counts while the PO has chosen none). */
  guessed: boolean;
}

export interface ProjectSettingsDto {
  settings: ProjectSettings;
  /** Send back as baseVersion; 0 = never saved (defaults shown). */
  version: number;
  boards: { id: number; name: string }[];
  fields: DetectedFieldDto[];
  /** All custom number/text fields for the mapping pickers. */
  availableFields: { id: string; name: string }[];
  /**
   * While `settings.pis` is empty the panel derives PIs from the board's sprints (by the PI their names say,
   * "PI 27.1", else one per calendar quarter, "PI 2026.4"); here they are, so the settings page can show them and
   * save them as the calendar to edit.
   */
  derivedPis: PiSettings[];
  /** The PIs the board's sprints imply after the calendar's last one (the panel offers them already), to add to it. */
  nextPis: PiSettings[];
  /** The board's sprints, newest last, for picking an iteration's sprint by name. */
  sprints: SprintOptionDto[];
  /**
   * The zone the team's days are counted in and where it came from: `settings.timeZone` (team), else the site's
   * default where Jira names one (site), else the zone of the user asking (user).
   */
  timeZone?: { zone: string; source: 'team' | 'site' | 'user' };
  /** The site's link types and which count as blocking (the PO's choice, else the guess). */
  linkTypes?: LinkTypeDto[];
  /** The site's resolutions, and those counted as dropped work. */
  resolutions?: { name: string; dropped: boolean; byDefault: boolean }[];
  /** The mapped WSJF fields that are select lists, with their options, to map each option to a number (`settings.wsjfOptionScores`). */
  wsjfOptions?: WsjfOptionsDto[];
  /** How the app's own WSJF and Readiness fields in Jira are kept (see `FieldSyncDto`). */
  fieldSync?: FieldSyncDto;
}

/**
 * The app's WSJF and Readiness fields in Jira (searchable with JQL) for this project: `never` until a change is
 * saved in the panel or settings, `ok` when the last sync wrote (only changed values), or what kept it from
 * writing: `noAppIdentity` (a local run: only the app on Forge may set them), `notCreated` (the app version that
 * declares the fields is not installed: an admin updates the app), `forbidden` (Jira refused the app), `failed`
 * (anything else; tried again at the next change and nightly).
 */
export interface FieldSyncDto {
  state: 'never' | 'ok' | 'noAppIdentity' | 'notCreated' | 'forbidden' | 'failed';
  /** When the last sync ran (ISO); null when none has. */
  at: string | null;
  /** Values the last sync changed. */
  written: number;
  /** Jira's or the app's words for `forbidden` and `failed`. */
  detail?: string;
  /** `detail` by catalog key for `failed` (the app's words; Jira's own words stay inside as written). */
  detailI18n?: I18nMessage;
}

/** A sprint of the board as the settings page offers it. */
export interface SprintOptionDto {
  id: number;
  name: string;
  state: 'active' | 'future' | 'closed';
  /** ISO days; null for a future sprint Jira has no dates for yet. */
  start: string | null;
  end: string | null;
}

export interface WsjfOptionsDto {
  role: 'businessValue' | 'timeCriticality' | 'riskReduction' | 'jobSize';
  fieldId: string;
  fieldName: string;
  /** Option values in Jira's order; numeric ones ("5") are read as numbers and need no mapping. */
  options: string[];
  /** Why the options could not be listed. */
  problem?: string;
  /** `problem` by catalog key. */
  problemI18n?: I18nMessage;
}

export interface WorkTypePreviewDto {
  keyPrefix: string;
  workTypes: WorkTypeDto[];
  counts: Record<string, number>;
  /** A sample of current issues: [key, summary, issue type, work type index]. */
  sample: [key: IssueRef, summary: string, issueType: string, workType: number][];
}

export type ProjectSettingsDefinitions = {
  whoAmI: () => Result<WhoAmIDto>;
  getProjectSettings: () => Result<ProjectSettingsDto>;
  saveProjectSettings: (p: SaveProjectSettingsRequest) => Result<{ version: number }>;
  /** Live preview of how current issues classify under (unsaved) rules. */
  previewWorkTypes: (p: PreviewWorkTypesRequest) => Result<WorkTypePreviewDto>;
};

export type AdminDefinitions = {
  whoAmI: () => Result<WhoAmIDto>;
  getSiteDefaults: () => Result<{ defaults: SiteDefaults; version: number }>;
  saveSiteDefaults: (p: SaveSiteDefaultsRequest) => Result<{ version: number }>;
};

// ---------------------------------------------------------------------------------------------------------
// Issue panel (jira:issuePanel)

export interface IssueInsightDto {
  key: string;
  summary: string;
  workType: WorkTypeDto;
  source: SourceCode;
  points: number | null;
  wsjf: { businessValue: number | null; timeCriticality: number | null; riskReduction: number | null; jobSize: number | null; costOfDelay: number | null; value: number | null };
  /** DorGap bits; 0 = Ready. */
  dorGaps: number;
  flags: number;
  /** Position in the team's backlog order (0 = top) and the backlog's length. */
  position: number | null;
  backlogSize: number;
  /** Where the current fill proposal puts it, or why it is left out. */
  plan: { iteration: string; piId: string; iterationI18n?: I18nMessage } | { leftOut: LeftOutReason; detail: string; detailI18n?: I18nMessage } | null;
  /** What the PO should decide about it in the plan (see FillDto.flags). */
  notes: string[];
  /** `notes` by catalog key, in the same order, for the reader's language. */
  notesI18n?: I18nMessage[];
  /**
   * When the rest of the backlog (its order and plan) was read from Jira (ISO); this issue is always read now.
   * Up to half an hour ago when the panel answered from the stored snapshot (see `SNAPSHOT_ANSWER_MAX_AGE_MS`).
   */
  backlogReadAt?: string;
  /** The open (active or future) sprint it is in, by name; null when none. */
  sprint?: string | null;
  /** Its parent feature (or epic); null when it has none. */
  parent?: { key: string; summary: string } | null;
}

/**
 * The issue panel's answer while the user's backlog has never been loaded (no snapshot): the panel must answer
 * within Forge's 25 s, so it does not load the backlog itself; it started (or joined) the background load, whose
 * progress `getJob` reports. Ask `getIssueInsight` again when that job is done.
 */
export interface BacklogLoadingDto {
  loading: { jobId: string; message: string; i18n?: I18nMessage };
}

/** An issue's place in the plan, as the issue panel shows it. */
export type IssuePlanDto = IssueInsightDto['plan'];

/**
 * The issue panel on an issue that is not a backlog item itself: an epic (its open children's places in the
 * plan) or a sub-task (its parent's place). Jira shows the panel on every issue type.
 */
export interface HierarchyInsightDto {
  kind: 'epic' | 'subtask';
  key: string;
  summary: string;
  issueType: string;
  /** Children (epic) or the parent (sub-task) in the team backlog, with their place in the plan. */
  related: { key: string; summary: string; points: number | null; position: number; plan: IssuePlanDto }[];
  backlogSize: number;
}

export type IssuePanelDefinitions = {
  whoAmI: () => Result<WhoAmIDto>;
  getIssueInsight: () => Result<IssueInsightDto | HierarchyInsightDto | BacklogLoadingDto>;
  /** Progress of the background load `getIssueInsight` started. */
  getJob: (p: JobIdRequest) => Result<JobDto>;
};

// ---------------------------------------------------------------------------------------------------------
// Dashboard gadget (jira:dashboardGadget)

/**
 * What the gadget's edit view submits (`view.submit`), kept by Jira per gadget and handed back in
 * `context.extension.gadgetConfiguration`. Anyone who may edit the dashboard sets it, so the resolver treats
 * the project key as an input like any other: validated, and read as the user looking at the dashboard.
 */
export interface GadgetConfiguration {
  projectKey: string;
}

export interface GadgetRequest {
  projectKey: string;
}

export interface GadgetJobRequest {
  projectKey: string;
  jobId: string;
}

/** The projects the edit view offers: software projects the user can browse where the app is set up. */
export interface GadgetProjectsDto {
  projects: { key: string; name: string }[];
  /** When Jira lists more software projects than the edit view looks at: how many it looked at (the first, by key); else null. */
  truncatedAt: number | null;
}

/** One team's balance at a glance, from the same loaded backlog and plan as its project page. */
export interface GadgetDto {
  projectKey: string;
  projectName: string;
  /** The PI containing today (else the next one): the panel's default PI. */
  pi: PiRef;
  /** Per work type: its share of the PI's capacity (target) and the points in the PI's sprints (planned). */
  allocation: { workType: WorkTypeDto; targetPct: number; targetPoints: number; plannedPoints: number }[];
  /** Ready work in iterations of velocity against the target (at least 2), as on the Refinement tab. */
  runway: { readyPoints: number; velocity: number; iterations: number | null; target: number };
  /** The next iteration of the Iteration fill tab's plan: planned points against its capacity for planned work. */
  next: { name: string; start: string; end: string; capacity: number; planned: number } | null;
  /** Items the plan leaves out (as listed on the Iteration fill tab); null without a plan. */
  leftOut: number | null;
  /** Why there is no plan (no capacity, no iteration left), as the fill says it. */
  noPlan: { message: string; i18n?: I18nMessage } | null;
  /** When the backlog shown was read from Jira. */
  readAt: string;
  /** Why nothing can be changed on this site (licence), or null. */
  readOnly: string | null;
  /** `readOnly` by catalog key. */
  readOnlyI18n?: I18nMessage | null;
}

export type GadgetDefinitions = {
  /** The edit view's project select. */
  getGadgetProjects: () => Result<GadgetProjectsDto>;
  /** The team's balance, or the background load it started when the user's backlog was never loaded. */
  getGadget: (p: GadgetRequest) => Result<GadgetDto | BacklogLoadingDto>;
  /** Progress of that background load. */
  getGadgetJob: (p: GadgetJobRequest) => Result<JobDto>;
};

/** The Jira layer's public surface: the port and its adapters, reads, refresh, writes and their errors. */

export { route, JiraRoute } from './route';
export type { RequestJira, JiraResponse, JiraRequestInit, JiraMethod } from './port';
export { createJiraHttp, type JiraHttp, type JiraHttpOptions } from './http';
export { RequestLimiter, RequestLimiters, DEFAULT_LIMITER_LIMITS } from './limiter';
export { withRetry, defaultRetryPolicy, parseRetryAfter, type RetryPolicy } from './retry';
export * from './errors';
export { localRequestJira, type LocalJiraOptions } from './adapters/local';
export { discoverFields, resolveFieldMap, listFields, type FieldOverrides, type JiraFieldInfo } from './fields';
export { getMyPermissions, getProject, listSoftwareProjects, type ProjectPermissions, type ProjectSummary } from './permissions';
export { listScrumBoards, getBoardConfiguration, listSprints } from './agile';
export { searchAllIssues, approximateCount, type ProgressCallback } from './search';
export { loadClosedSprintPoints, computeClosedSprintPoints } from './velocity';
export { loadArrivals, countArrivals, type ClosedSprintArrivals, type ArrivalsRequest } from './arrivals';
export { loadTeamBacklog, issueIdsFor, timeZoneOf, readSiteTimeZone, type BacklogSetup, type TeamBacklog, type TeamBacklogRequest } from './backlog';
export { refreshTeamBacklog, type RefreshOptions } from './refresh';
export { visibleIssueKeys } from './dependents';
export { mapIssueToFacts, mapFeature, fieldsForBacklog, isBacklogItem } from './mapping';
export { rankIssues, rankAsTop, resumeRank, RANK_BATCH, type RankAnchor } from './writes/rank';
export { moveIssuesToSprint, moveIssuesToBacklog, SPRINT_BATCH } from './writes/sprint';
export { splitIssue, splitPartLabel, type SplitRequest, type SplitOutcome, type SplitPartResult } from './writes/split';
export { labelAsTail, removeTailLabel, trimTail, TAIL_LABEL, DEFAULT_TRIM_STATUSES } from './writes/tail';
export { setIssueNumbers, type IssueNumberUpdate } from './writes/fields';
export type { WriteOutcome, NotChanged } from './writes/outcome';
export type * from './types';
export { APP_FIELD_MODULES, APP_FIELD_WRITE_BATCH, findAppFields, readPublishedValues, writePublishedValues, type AppFieldIds, type PublishedIssue } from './writes/app-fields';

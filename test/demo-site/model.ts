import type { SiteQuirks } from './quirks';

/** The demo site's in-memory Jira: projects, users, sprints, issues and links, plus the fixed ids Jira uses. */

export type StatusCategoryKey = 'new' | 'indeterminate' | 'done';
export type SprintState = 'active' | 'future' | 'closed';
export type StoryPointsFieldName = 'Story point estimate' | 'Story Points';
export type ProjectPermission = 'BROWSE_PROJECTS' | 'ADMINISTER_PROJECTS' | 'EDIT_ISSUES' | 'SCHEDULE_ISSUES';

export const FIELD_IDS = {
  storyPointEstimate: 'customfield_10016',
  storyPoints: 'customfield_10026',
  sprint: 'customfield_10020',
  rank: 'customfield_10019',
  businessValue: 'customfield_10030',
  timeCriticality: 'customfield_10031',
  riskReduction: 'customfield_10032',
  jobSize: 'customfield_10033',
  acceptanceCriteria: 'customfield_10034',
} as const;
export const RANK_CUSTOM_FIELD_ID = 10019;
/** With the duplicate-fields quirk: three number fields named "Story Points"; only this one holds values. */
/**
 * The Backlog balance app's Forge custom fields (`jira:customField`) as installed on this site: their ids, names
 * and the extension key Jira gives a Forge field as `schema.custom` (app id, environment id, module key).
 */
export const APP_FIELDS = {
  wsjf: { id: 'customfield_10200', name: 'WSJF', type: 'number', module: 'backlog-balance-wsjf' },
  readiness: { id: 'customfield_10201', name: 'Readiness', type: 'string', module: 'backlog-balance-readiness' },
} as const;
export const APP_EXTENSION_PREFIX = 'ari:cloud:ecosystem::extension/00000000-0000-4000-8000-000000000000/11111111-2222-4333-8444-555555555555/static/';

/** The app's own identity (Forge's `asApp()`): only it may set its fields' values. */
export const APP_ACCOUNT = { accountId: '557058:backlog-balance-app', email: 'app@backlog-balance.demo', displayName: 'Backlog balance (app)', apiToken: 'demo-token-app' } as const;

export const DUPLICATE_POINTS_FIELDS = ['customfield_10026', 'customfield_10050', 'customfield_10051'] as const;
export const DUPLICATE_POINTS_FIELD_WITH_VALUES = 'customfield_10051';

export interface StatusDef {
  id: string;
  name: string;
  category: StatusCategoryKey;
}
export const STATUSES: readonly StatusDef[] = [
  { id: '10000', name: 'To Do', category: 'new' },
  { id: '3', name: 'In Progress', category: 'indeterminate' },
  { id: '10001', name: 'Done', category: 'done' },
  { id: '10002', name: "Won't Do", category: 'done' },
];
/** Transition id -> target status id. Every status can reach every other one (a simple shared workflow). */
export const TRANSITIONS: readonly { id: string; name: string; to: string }[] = [
  { id: '11', name: 'To Do', to: '10000' },
  { id: '21', name: 'In Progress', to: '3' },
  { id: '31', name: 'Done', to: '10001' },
  { id: '41', name: "Won't Do", to: '10002' },
];
export const STATUS_CATEGORIES: Record<StatusCategoryKey, { id: number; name: string; colorName: string }> = {
  new: { id: 2, name: 'To Do', colorName: 'blue-gray' },
  indeterminate: { id: 4, name: 'In Progress', colorName: 'yellow' },
  done: { id: 3, name: 'Done', colorName: 'green' },
};

export interface IssueTypeDef {
  id: string;
  name: string;
  hierarchyLevel: number;
  subtask?: boolean;
}
export const ISSUE_TYPES: readonly IssueTypeDef[] = [
  { id: '10000', name: 'Feature', hierarchyLevel: 1 },
  { id: '10001', name: 'Story', hierarchyLevel: 0 },
  { id: '10002', name: 'Enabler', hierarchyLevel: 0 },
  { id: '10003', name: 'Spike', hierarchyLevel: 0 },
  { id: '10004', name: 'Bug', hierarchyLevel: 0 },
  { id: '10005', name: 'Tech Debt', hierarchyLevel: 0 },
  { id: '10006', name: 'Task', hierarchyLevel: 0 },
  // Seeded only by site quirks (team-managed epics, sub-tasks): see quirks.ts.
  { id: '10007', name: 'Epic', hierarchyLevel: 1 },
  { id: '10008', name: 'Sub-task', hierarchyLevel: -1, subtask: true },
];

export interface LinkTypeDef {
  id: string;
  name: string;
  inward: string;
  outward: string;
}
export const BLOCKS_LINK_TYPE = { id: '10000', name: 'Blocks', inward: 'is blocked by', outward: 'blocks' } as const;
export const LINK_TYPES: readonly LinkTypeDef[] = [
  BLOCKS_LINK_TYPE,
  { id: '10001', name: 'Cloners', inward: 'is cloned by', outward: 'clones' },
  { id: '10002', name: 'Duplicate', inward: 'is duplicated by', outward: 'duplicates' },
  { id: '10003', name: 'Relates', inward: 'relates to', outward: 'relates to' },
];

export interface DemoProject {
  id: string;
  key: string;
  name: string;
  kind: 'program' | 'team';
  components: string[];
}

export interface DemoUser {
  accountId: string;
  email: string;
  displayName: string;
  apiToken: string;
  /** Per project key, what this user may do; a project absent here cannot be browsed. */
  permissions: Record<string, ProjectPermission[]>;
  /** Jira's global permissions (only ADMINISTER, "Administer Jira", is modelled). */
  globalPermissions: GlobalPermission[];
  /** Names of the groups the user belongs to (nested groups already flattened, as `myself?expand=groups` lists them). */
  groups: string[];
  /** Per project key, the names of the project roles (see `PROJECT_ROLES`) the user is an actor in. */
  roles: Record<string, string[]>;
}

export type GlobalPermission = 'ADMINISTER';

/** Project roles are shared by every project (as in Jira Cloud); membership is per project. */
export const PROJECT_ROLES: readonly { id: number; name: string; description: string }[] = [
  { id: 10002, name: 'Administrators', description: 'A project role that represents administrators in a project' },
  { id: 10100, name: 'Product Owners', description: 'Product owners of the team' },
  { id: 10101, name: 'Developers', description: 'A project role that represents developers in a project' },
  { id: 10102, name: 'Viewers', description: 'Stakeholders who follow the team' },
];

/** Groups of the site: name -> id (Jira identifies groups by id; names can change). */
export const GROUPS: Readonly<Record<string, string>> = {
  'jira-software-users': 'a1b2c3d4-0000-4000-8000-000000000001',
  'site-admins': 'a1b2c3d4-0000-4000-8000-000000000002',
  developers: 'a1b2c3d4-0000-4000-8000-000000000003',
  stakeholders: 'a1b2c3d4-0000-4000-8000-000000000004',
};

export interface DemoBoard {
  id: number;
  name: string;
  projectKey: string;
  /** Agile board type: classic `scrum`/`kanban`, or `simple` (a team-managed project's board). Absent: scrum. */
  type?: 'scrum' | 'kanban' | 'simple';
}

export interface DemoSprint {
  id: number;
  boardId: number;
  name: string;
  state: SprintState;
  startDate: string | null;
  endDate: string | null;
  completeDate: string | null;
  goal: string;
}

/** ADF document, as Jira's v3 API stores rich text. */
export interface AdfNode {
  type: string;
  text?: string;
  attrs?: Record<string, string | number>;
  content?: AdfNode[];
}

export interface DemoIssue {
  id: string;
  key: string;
  projectKey: string;
  summary: string;
  issueType: string;
  labels: string[];
  components: string[];
  statusId: string;
  created: string;
  updated: string;
  resolutiondate: string | null;
  parentKey: string | null;
  fixVersions: string[];
  /** Story points, stored under whichever points field the site serves. */
  points: number | null;
  businessValue: number | null;
  timeCriticality: number | null;
  riskReduction: number | null;
  jobSize: number | null;
  acceptanceCriteria: AdfNode | null;
  description: AdfNode | null;
  /** Sprint ids in the order the issue went through them (Jira keeps closed sprints in the field). */
  sprintIds: number[];
  /** Account id of the assignee; absent or null: unassigned. */
  assigneeId?: string | null;
  rank: string;
  /** Resolution name when it differs from what the status implies (Done -> "Done", Won't Do -> "Won't Do"); null: none set. */
  resolution?: string | null;
  /** When the status category last changed (Jira's `statuscategorychangedate`); absent: resolution date, else created. */
  statusCategoryChangedDate?: string | null;
  /** Raw JSON that replaces a field's rendered value (a broken or oddly shaped issue, see quirks.ts). */
  rawFields?: Record<string, unknown>;
  /** Values of the Backlog balance app's own fields (WSJF, Readiness), set only by the app; absent: empty. */
  appValues?: { wsjf?: number | null; readiness?: string | null };
}

/** What a new issue has before anyone fills it in: To Do, no labels, points, WSJF, sprints or parent. */
export function blankIssueFields(): Pick<
  DemoIssue,
  'labels' | 'components' | 'statusId' | 'resolutiondate' | 'parentKey' | 'fixVersions' | 'points' | 'businessValue' | 'timeCriticality' | 'riskReduction' | 'jobSize' | 'acceptanceCriteria' | 'description' | 'sprintIds'
> {
  return {
    labels: [],
    components: [],
    statusId: '10000',
    resolutiondate: null,
    parentKey: null,
    fixVersions: [],
    points: null,
    businessValue: null,
    timeCriticality: null,
    riskReduction: null,
    jobSize: null,
    acceptanceCriteria: null,
    description: null,
    sprintIds: [],
  };
}

export interface DemoLink {
  id: string;
  typeId: string;
  /** The issue that blocks (for "Blocks"): link source. */
  sourceKey: string;
  /** The issue that is blocked: link destination. */
  destinationKey: string;
}

export interface DemoVersion {
  id: string;
  projectKey: string;
  name: string;
  released: boolean;
}

export interface DemoStore {
  projects: DemoProject[];
  users: DemoUser[];
  /** Team members Jira knows (assignees) who never sign in to the demo: only their public profile is served. */
  people: { accountId: string; displayName: string }[];
  boards: DemoBoard[];
  sprints: DemoSprint[];
  versions: DemoVersion[];
  issues: Map<string, DemoIssue>;
  links: DemoLink[];
  storyPointsField: StoryPointsFieldName;
  /** False when the site has no "Acceptance Criteria" field (criteria then live in description headings). */
  acceptanceCriteriaField: boolean;
  /** Counters for ids and keys of things created through the API. */
  nextIssueId: number;
  nextLinkId: number;
  nextKeyNumber: Record<string, number>;
  /** Bumped on any change of rank or issue set; the search caches its rank-sorted order per version. */
  orderVersion: number;
  /** How this site differs from the tidy default (see quirks.ts); empty for the default site. */
  quirks: SiteQuirks;
  /** The site's link types (the default four, or with the blocking type renamed by a quirk). */
  linkTypes: LinkTypeDef[];
  /** Custom fields the catalogue lists besides the standard ones (e.g. look-alike "Story Points" fields). */
  extraFields: { id: string; name: string; schema: Record<string, unknown> }[];
}

export function statusById(id: string): StatusDef {
  const status = STATUSES.find((s) => s.id === id);
  if (!status) throw new Error(`unknown status ${id}`);
  return status;
}

export function pointsFieldId(store: DemoStore): string {
  if (store.quirks.duplicatePointsFields) return DUPLICATE_POINTS_FIELD_WITH_VALUES;
  return store.storyPointsField === 'Story Points' ? FIELD_IDS.storyPoints : FIELD_IDS.storyPointEstimate;
}

/** Jira's timestamp format: 2026-01-15T10:22:33.000+0000. */
export function jiraDateTime(date: Date): string {
  return date.toISOString().replace('Z', '+0000');
}

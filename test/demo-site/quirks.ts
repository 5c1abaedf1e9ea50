/**
 * Site quirks: how real Jira Cloud sites differ from the tidy default seed. Each one reproduces a behaviour
 * of real sites (team-managed boards, time estimates, overdue sprints, workflows without a resolution,
 * renamed link types, look-alike fields, select-list WSJF fields, dropped resolutions, broken issues, an
 * empty last page token), applied after the default seed so the rest of the site stays as it was.
 * `SITE_PROFILES` names them for `DEMO_PROFILE` and the tests in `test/sites/`.
 */
import { rankBetween } from './rank';
import {
  type DemoIssue,
  type DemoStore,
  type LinkTypeDef,
  BLOCKS_LINK_TYPE,
  DUPLICATE_POINTS_FIELDS,
  blankIssueFields,
  jiraDateTime,
  pointsFieldId,
  statusById,
} from './model';

/** Names real sites give their blocking link type, with their wording (outward first). */
export const BLOCKING_LINK_WORDINGS = {
  Blocker: { outward: 'blocks', inward: 'is blocked by' },
  // "A depends on B": the outward issue is the blocker, the reverse of "Blocks".
  Dependency: { outward: 'depends on', inward: 'is depended on by' },
  Depends: { outward: 'depends on', inward: 'is needed by' },
  'Gantt Dependency': { outward: 'has to be done before', inward: 'has to be done after' },
} as const;
export type BlockingLinkName = keyof typeof BLOCKING_LINK_WORDINGS;

export interface SiteQuirks {
  /** Team-managed projects: their board is `type: "simple"` (with sprints), epics are parents in the project. */
  teamManaged?: readonly string[];
  /** Each team project also has a classic Kanban board, listed before its Scrum board (no sprints). */
  kanbanBoards?: boolean;
  /** Boards estimate in time: `timeoriginalestimate` (seconds), 1 point = one 8-hour day. */
  timeEstimates?: boolean;
  /** The active sprints ended this many days ago and are still active (nobody closed them). */
  overdueActiveSprintDays?: number;
  /** Done sets no resolution: `resolutiondate` stays null, `statuscategorychangedate` says when. */
  doneWithoutResolution?: boolean;
  /** The blocking link type goes by this name (and wording) instead of "Blocks". */
  blockingLinkType?: BlockingLinkName;
  /** Three number fields named "Story Points"; only the last holds values, and the board names none. */
  duplicatePointsFields?: boolean;
  /** WSJF components are single-select fields with options "1", "2", "3", ... or named ones. */
  selectWsjf?: 'numeric' | 'named';
  /** The app's WSJF and Readiness fields are not on the site (the app version declaring them is not installed yet). */
  noAppFields?: boolean;
  /** Some done issues are resolved as Won't Do, Duplicate or Cannot Reproduce while their status is Done. */
  droppedResolutions?: boolean;
  /** ORION has an epic of its own over some stories, and sub-tasks under some stories. */
  epicsAndSubtasks?: boolean;
  /** A few ORION issues have an unreadable date, field value or link. */
  brokenIssues?: boolean;
  /** The last search page carries `nextPageToken: ""` and no `isLast`. */
  emptyLastPageToken?: boolean;
  /** Sprints are named after their PI and iteration ("PI 27.1" ... "PI 27.5", then "PI 28.1"), five to a PI. */
  piNamedSprints?: { firstPi: number };
}

/** Named profiles (`DEMO_PROFILE=team-managed npm start`); `messy` combines them all. */
export const SITE_PROFILES: Readonly<Record<string, SiteQuirks>> = {
  'team-managed': { teamManaged: ['VEGA'], kanbanBoards: true },
  'time-estimates': { timeEstimates: true },
  'overdue-sprint': { overdueActiveSprintDays: 2 },
  'no-resolution': { doneWithoutResolution: true },
  'dependency-links': { blockingLinkType: 'Dependency' },
  'duplicate-fields': { duplicatePointsFields: true },
  'select-wsjf': { selectWsjf: 'numeric' },
  'named-wsjf': { selectWsjf: 'named' },
  'dropped-resolutions': { droppedResolutions: true },
  'epics-subtasks': { epicsAndSubtasks: true },
  'broken-issues': { brokenIssues: true, emptyLastPageToken: true },
  'pi-sprints': { piNamedSprints: { firstPi: 27 } },
  messy: {
    teamManaged: ['VEGA'],
    kanbanBoards: true,
    overdueActiveSprintDays: 2,
    doneWithoutResolution: true,
    blockingLinkType: 'Dependency',
    duplicatePointsFields: true,
    selectWsjf: 'numeric',
    droppedResolutions: true,
    epicsAndSubtasks: true,
    brokenIssues: true,
    emptyLastPageToken: true,
  },
};

/** The options a named WSJF select list offers, by the number each stands for. */
export const NAMED_WSJF_OPTIONS: Readonly<Record<number, string>> = { 1: 'Minimal', 2: 'Very low', 3: 'Low', 5: 'Medium', 8: 'High', 13: 'Very high', 20: 'Critical' };
export const WSJF_SCALE = [1, 2, 3, 5, 8, 13, 20] as const;
/** Resolutions that mean the work was dropped (the quirk uses them on issues whose status is Done). */
export const DROPPED_RESOLUTIONS = ["Won't Do", 'Duplicate', 'Cannot Reproduce'] as const;
/** Seconds one story point stands for on a board that estimates in time (an 8-hour day). */
export const SECONDS_PER_POINT = 8 * 3600;

const DAY = 86_400_000;

/** The site's link types with the blocking one renamed (and reworded) as the quirk says. */
export function linkTypesFor(quirks: SiteQuirks, defaults: readonly LinkTypeDef[]): LinkTypeDef[] {
  const name = quirks.blockingLinkType;
  return defaults.map((t) => (name && t.id === BLOCKS_LINK_TYPE.id ? { id: t.id, name, ...BLOCKING_LINK_WORDINGS[name] } : { ...t }));
}

/** True when the blocking link type reads "A depends on B" (the outward issue blocks): seeded links are stored that way round. */
export function blockingTypeIsReversed(quirks: SiteQuirks): boolean {
  return quirks.blockingLinkType !== undefined && BLOCKING_LINK_WORDINGS[quirks.blockingLinkType].outward.startsWith('depends');
}

function openItems(store: DemoStore, projectKey: string): DemoIssue[] {
  return [...store.issues.values()]
    .filter((i) => i.projectKey === projectKey && statusById(i.statusId).category !== 'done' && i.sprintIds.length === 0)
    .sort((a, b) => (a.rank < b.rank ? -1 : 1));
}

function addIssue(store: DemoStore, projectKey: string, fields: Partial<DemoIssue> & Pick<DemoIssue, 'summary' | 'issueType' | 'created'>): DemoIssue {
  const number = store.nextKeyNumber[projectKey] ?? 1;
  store.nextKeyNumber[projectKey] = number + 1;
  const last = [...store.issues.values()].reduce<string | null>((max, i) => (max === null || i.rank > max ? i.rank : max), null);
  const issue: DemoIssue = {
    id: String(store.nextIssueId++),
    key: `${projectKey}-${number}`,
    projectKey,
    ...blankIssueFields(),
    updated: fields.created,
    rank: rankBetween(last, null),
    ...fields,
  };
  store.issues.set(issue.key, issue);
  store.orderVersion++;
  return issue;
}

/** Applies the quirks to a freshly seeded store (deterministic: no randomness beyond the seed's own order). */
export function applyQuirks(store: DemoStore, now: number): void {
  const q = store.quirks;
  const iso = (ms: number): string => jiraDateTime(new Date(ms));
  for (const key of q.teamManaged ?? []) {
    const board = store.boards.find((b) => b.projectKey === key);
    if (board) board.type = 'simple';
    const epics = [1, 2].map((n) => addIssue(store, key, { summary: `Epic ${n} of ${key}`, issueType: 'Epic', created: iso(now - 120 * DAY) }));
    openItems(store, key)
      .filter((i) => i.parentKey === null && i.issueType === 'Story')
      .slice(0, 6)
      .forEach((story, n) => (story.parentKey = (epics[n % 2] as DemoIssue).key));
  }
  if (q.kanbanBoards) {
    const kanban = store.boards.map((b, n) => ({ id: 100 + n, name: `${b.projectKey} Kanban`, projectKey: b.projectKey, type: 'kanban' as const }));
    store.boards.unshift(...kanban);
  }
  if (q.piNamedSprints) {
    for (const board of store.boards) {
      store.sprints
        .filter((sp) => sp.boardId === board.id)
        .sort((a, b) => a.id - b.id)
        .forEach((sp, n) => (sp.name = `PI ${q.piNamedSprints!.firstPi + Math.floor(n / 5)}.${(n % 5) + 1}`));
    }
  }
  if (q.overdueActiveSprintDays !== undefined) {
    for (const sprint of store.sprints) if (sprint.state === 'active') sprint.endDate = iso(now - q.overdueActiveSprintDays * DAY + 17 * 3_600_000);
  }
  for (const issue of store.issues.values()) {
    if (issue.resolutiondate === null) continue;
    if (q.doneWithoutResolution) {
      issue.statusCategoryChangedDate = issue.resolutiondate;
      issue.resolutiondate = null;
      issue.resolution = null;
    } else if (q.droppedResolutions && issue.statusId === '10001' && Number(issue.id) % 6 === 0) {
      issue.resolution = DROPPED_RESOLUTIONS[Number(issue.id) % DROPPED_RESOLUTIONS.length];
    }
  }
  if (blockingTypeIsReversed(q)) {
    for (const link of store.links) {
      if (link.typeId !== BLOCKS_LINK_TYPE.id) continue;
      [link.sourceKey, link.destinationKey] = [link.destinationKey, link.sourceKey];
    }
  }
  if (q.duplicatePointsFields) {
    store.extraFields.push(
      ...DUPLICATE_POINTS_FIELDS.map((id) => ({ id, name: 'Story Points', schema: { type: 'number', custom: 'com.atlassian.jira.plugin.system.customfieldtypes:float' } })),
    );
  }
  if (q.epicsAndSubtasks) {
    const stories = openItems(store, 'ORION').filter((i) => i.parentKey === null && i.issueType === 'Story');
    const epic = addIssue(store, 'ORION', { summary: 'Epic: checkout revamp', issueType: 'Epic', created: iso(now - 90 * DAY) });
    stories.slice(0, 3).forEach((s) => (s.parentKey = epic.key));
    stories.slice(3, 5).forEach((story, n) => {
      addIssue(store, 'ORION', { summary: `Sub-task ${n + 1} of ${story.key}`, issueType: 'Sub-task', parentKey: story.key, created: iso(now - 10 * DAY) });
    });
  }
  if (q.brokenIssues) {
    const [badDate, badField, badLink] = openItems(store, 'ORION').slice(2, 5);
    if (badDate) badDate.rawFields = { created: 'yesterday', updated: null };
    if (badField) {
      // Jira Server's old Sprint field value (a Java toString), and a number field holding text.
      badField.rawFields = {
        customfield_10020: ['com.atlassian.greenhopper.service.sprint.Sprint@5f1b2c[id=9,rapidViewId=1,state=ACTIVE,name=Old sprint]'],
        [pointsFieldId(store)]: 'three',
      };
    }
    if (badLink) badLink.rawFields = { issuelinks: [{ id: '1', type: { id: '10000', name: 'Blocks', inward: 'is blocked by', outward: 'blocks' } }, { id: '2' }] };
  }
}

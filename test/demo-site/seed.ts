/**
 * Deterministic seed of a realistic Agile Release Train: one program project (ART) with features committed
 * to the current and next PI, three team projects with one Scrum board each, closed/active/future sprints,
 * and a backlog mixing every kind of work the app classifies. Same options -> same store.
 */
import { createPrng, type Prng } from './prng';
import { initialRanks } from './rank';
import {
  type AdfNode,
  type DemoBoard,
  type DemoIssue,
  type DemoLink,
  type DemoProject,
  type DemoSprint,
  type DemoStore,
  type DemoUser,
  type ProjectPermission,
  type DemoVersion,
  type StoryPointsFieldName,
  BLOCKS_LINK_TYPE,
  LINK_TYPES,
  jiraDateTime,
} from './model';
import { applyQuirks, linkTypesFor, type SiteQuirks } from './quirks';

export interface SeedOptions {
  seed?: number;
  /** Total issue count (features included); default 1,500. */
  scale?: number;
  storyPointsField?: StoryPointsFieldName;
  /** Serve an "Acceptance Criteria" custom field (default true); without it, criteria sit in description headings. */
  acceptanceCriteriaField?: boolean;
  /**
   * How many teams the train has, 3..8 (default 3: ORION, VEGA, LYRA). The teams after the third (`MORE_TEAMS`)
   * come from a second generator after the first three are made, so those stay exactly as with 3; each is as
   * large as one of the first three, their stories under the same features, blocking each other both ways,
   * with one late and one cyclic dependency across them.
   */
  teams?: number;
  /** The site's "today"; default: midnight UTC of the current day, so sprints and staleness look current. */
  now?: Date;
  /** How the site differs from the tidy default (see quirks.ts). */
  quirks?: SiteQuirks;
}

export const DEFAULT_SEED = 20261;
export const DEFAULT_SCALE = 1500;
export const PROGRAM_PROJECT = 'ART';
export const TEAM_PROJECTS = ['ORION', 'VEGA', 'LYRA'] as const;
/** The train's further teams (SeedOptions.teams > 3), in order. */
export const MORE_TEAMS = ['CYGNUS', 'DRACO', 'PHOENIX', 'ANDROMEDA', 'BOOTES'] as const;
/** The train `npm start` serves: six teams. */
export const DEMO_TRAIN_TEAMS = 6;
export const CLOSED_SPRINTS_PER_BOARD = 8;
export const SPRINT_DAYS = 14;
const DAY = 86_400_000;

/** The demo users; `moreTeams`: what each may do in the train's further teams (SeedOptions.teams). */
export const DEMO_USERS: readonly (DemoUser & { moreTeams: ProjectPermission[] })[] = [
  {
    accountId: '712020:demo-po-0001',
    email: 'po@demo.test',
    displayName: 'Paula Owner (PO)',
    apiToken: 'demo-token-po',
    permissions: {
      ART: ['BROWSE_PROJECTS', 'ADMINISTER_PROJECTS', 'EDIT_ISSUES', 'SCHEDULE_ISSUES'],
      ORION: ['BROWSE_PROJECTS', 'ADMINISTER_PROJECTS', 'EDIT_ISSUES', 'SCHEDULE_ISSUES'],
      VEGA: ['BROWSE_PROJECTS', 'ADMINISTER_PROJECTS', 'EDIT_ISSUES', 'SCHEDULE_ISSUES'],
      LYRA: ['BROWSE_PROJECTS', 'ADMINISTER_PROJECTS', 'EDIT_ISSUES', 'SCHEDULE_ISSUES'],
    },
    globalPermissions: ['ADMINISTER'],
    groups: ['jira-software-users', 'site-admins'],
    roles: { ORION: ['Administrators', 'Product Owners'], VEGA: ['Administrators', 'Product Owners'], LYRA: ['Administrators', 'Product Owners'] },
    // The program's RTE too: administers ART (its settings, feature scores and guardrails).
    moreTeams: ['BROWSE_PROJECTS', 'ADMINISTER_PROJECTS', 'EDIT_ISSUES', 'SCHEDULE_ISSUES'],
  },
  {
    accountId: '712020:demo-dev-0002',
    email: 'dev@demo.test',
    displayName: 'Dan Developer',
    apiToken: 'demo-token-dev',
    permissions: {
      ART: ['BROWSE_PROJECTS'],
      ORION: ['BROWSE_PROJECTS', 'EDIT_ISSUES', 'SCHEDULE_ISSUES'],
      VEGA: ['BROWSE_PROJECTS', 'EDIT_ISSUES', 'SCHEDULE_ISSUES'],
    },
    globalPermissions: [],
    groups: ['jira-software-users', 'developers'],
    roles: { ORION: ['Developers'], VEGA: ['Developers'] },
    moreTeams: ['BROWSE_PROJECTS', 'EDIT_ISSUES', 'SCHEDULE_ISSUES'],
  },
  {
    accountId: '712020:demo-viewer-0003',
    email: 'viewer@demo.test',
    displayName: 'Vera Viewer',
    apiToken: 'demo-token-viewer',
    permissions: { ART: ['BROWSE_PROJECTS'], ORION: ['BROWSE_PROJECTS'], VEGA: ['BROWSE_PROJECTS'], LYRA: ['BROWSE_PROJECTS'] },
    globalPermissions: [],
    groups: ['jira-software-users', 'stakeholders'],
    roles: { ORION: ['Product Owners'], VEGA: ['Viewers'], LYRA: ['Viewers'] },
    moreTeams: ['BROWSE_PROJECTS'],
  },
];

const PROJECTS: readonly DemoProject[] = [
  { id: '10000', key: 'ART', name: 'Aurora Release Train', kind: 'program', components: ['Platform', 'Customer'] },
  { id: '10001', key: 'ORION', name: 'Team Orion', kind: 'team', components: ['Web', 'API', 'Search'] },
  { id: '10002', key: 'VEGA', name: 'Team Vega', kind: 'team', components: ['Mobile', 'API', 'Notifications'] },
  { id: '10003', key: 'LYRA', name: 'Team Lyra', kind: 'team', components: ['Data', 'Billing', 'Infra'] },
  { id: '10004', key: 'CYGNUS', name: 'Team Cygnus', kind: 'team', components: ['Checkout', 'API'] },
  { id: '10005', key: 'DRACO', name: 'Team Draco', kind: 'team', components: ['Identity', 'Security'] },
  { id: '10006', key: 'PHOENIX', name: 'Team Phoenix', kind: 'team', components: ['Reporting', 'Data'] },
  { id: '10007', key: 'ANDROMEDA', name: 'Team Andromeda', kind: 'team', components: ['Search', 'Web'] },
  { id: '10008', key: 'BOOTES', name: 'Team Bootes', kind: 'team', components: ['Infra', 'Billing'] },
];

const VERBS = ['Add', 'Show', 'Refine', 'Support', 'Export', 'Import', 'Validate', 'Cache', 'Sync', 'Filter', 'Migrate', 'Audit'];
const OBJECTS = [
  'invoice history', 'login with SSO', 'search suggestions', 'order status page', 'push notifications', 'CSV report',
  'payment retries', 'user preferences', 'audit trail', 'rate limiter', 'onboarding tour', 'dashboard widgets',
  'partner API', 'price rules', 'delivery slots', 'feature flags', 'GDPR export', 'inventory feed',
];
const FIBONACCI = [1, 2, 3, 5, 8, 13, 20];
const POINTS = [1, 2, 3, 5, 8, 13];
const OVERSIZED = [21, 34, 40];

/** The PI a date falls in, named like "PI 2026.4" (one PI per calendar quarter). */
export function piName(date: Date, offset = 0): string {
  const q = date.getUTCFullYear() * 4 + Math.floor(date.getUTCMonth() / 3) + offset;
  return `PI ${Math.floor(q / 4)}.${(q % 4) + 1}`;
}
export function piLabel(name: string): string {
  return name.replace(' ', '-');
}

function adfParagraphs(...paragraphs: string[]): AdfNode {
  return { type: 'doc', attrs: { version: 1 }, content: paragraphs.map((text) => ({ type: 'paragraph', content: [{ type: 'text', text }] })) } as AdfNode;
}
function adfWithHeading(intro: string, heading: string, items: string[]): AdfNode {
  return {
    type: 'doc',
    attrs: { version: 1 },
    content: [
      { type: 'paragraph', content: [{ type: 'text', text: intro }] },
      { type: 'heading', attrs: { level: 3 }, content: [{ type: 'text', text: heading }] },
      { type: 'bulletList', content: items.map((t) => ({ type: 'listItem', content: [{ type: 'paragraph', content: [{ type: 'text', text: t }] }] })) },
    ],
  };
}

interface Draft extends Omit<DemoIssue, 'id' | 'key' | 'rank' | 'parentKey'> {
  parent: Draft | null;
  key: string;
  sortKey: number;
}

function startOfUtcDay(date: Date): Date {
  return new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate()));
}

export function seedStore(options: SeedOptions = {}): DemoStore {
  // The first three teams, the features and their links come from this generator; further teams from a second.
  const firstRng = createPrng(options.seed ?? DEFAULT_SEED);
  let rng = firstRng;
  const teamCount = Math.min(3 + MORE_TEAMS.length, Math.max(3, Math.floor(options.teams ?? 3)));
  const moreTeams: readonly string[] = MORE_TEAMS.slice(0, teamCount - 3);
  const projects = PROJECTS.filter((p) => p.kind === 'program' || (TEAM_PROJECTS as readonly string[]).includes(p.key) || moreTeams.includes(p.key));
  const scale = Math.max(60, Math.floor(options.scale ?? DEFAULT_SCALE));
  const now = startOfUtcDay(options.now ?? new Date()).getTime();
  const iso = (ms: number): string => jiraDateTime(new Date(ms));
  const currentPi = piName(new Date(now));
  const nextPi = piName(new Date(now), 1);
  const pastPis = [piName(new Date(now), -2), piName(new Date(now), -1)];

  const versions: DemoVersion[] = [...pastPis, currentPi, nextPi].map((name, i) => ({
    id: String(10100 + i),
    projectKey: PROGRAM_PROJECT,
    name,
    released: i < pastPis.length,
  }));

  const boards: DemoBoard[] = TEAM_PROJECTS.map((key, i) => ({ id: i + 1, name: `${key} board`, projectKey: key }));
  const sprints: DemoSprint[] = [];
  const activeStart = now - 5 * DAY + 9 * 3_600_000;
  let sprintId = 1;
  const addSprints = (board: DemoBoard): void => {
    const total = CLOSED_SPRINTS_PER_BOARD + 3;
    for (let n = 1; n <= total; n++) {
      const offset = n - (CLOSED_SPRINTS_PER_BOARD + 1); // 0 = active
      const start = activeStart + offset * SPRINT_DAYS * DAY;
      const state = offset < 0 ? 'closed' : offset === 0 ? 'active' : 'future';
      sprints.push({
        id: sprintId++,
        boardId: board.id,
        name: `${board.projectKey} Sprint ${n}`,
        state,
        startDate: state === 'future' ? null : iso(start),
        endDate: state === 'future' ? null : iso(start + SPRINT_DAYS * DAY - 2 * 3_600_000),
        completeDate: state === 'closed' ? iso(start + SPRINT_DAYS * DAY - 3_600_000) : null,
        goal: `${board.projectKey} goal ${n}`,
      });
    }
  };
  boards.forEach(addSprints);

  const featureCount = Math.max(12, Math.round(scale * 0.04));
  const teamBudget = scale - featureCount;
  const drafts: Draft[] = [];
  const base = (projectKey: string, issueType: string, created: number): Draft => ({
    key: '',
    projectKey,
    summary: `${rng.pick(VERBS)} ${rng.pick(OBJECTS)}`,
    issueType,
    labels: [],
    components: [],
    statusId: '10000',
    created: iso(created),
    updated: iso(created),
    resolutiondate: null,
    parent: null,
    fixVersions: [],
    points: null,
    businessValue: null,
    timeCriticality: null,
    riskReduction: null,
    jobSize: null,
    acceptanceCriteria: null,
    description: null,
    sprintIds: [],
    sortKey: rng.next(),
  });

  // Program features: committed to the current or next PI, some from past PIs (done), some uncommitted.
  const features: Draft[] = [];
  for (let i = 0; i < featureCount; i++) {
    const roll = rng.next();
    const created = now - rng.int(20, 400) * DAY;
    const f = base(PROGRAM_PROJECT, 'Feature', created);
    f.summary = `Feature: ${f.summary}`;
    f.components = [rng.pick(PROJECTS[0].components)];
    f.description = adfParagraphs(`Benefit hypothesis for ${f.summary.toLowerCase()}.`);
    const pi = roll < 0.35 ? currentPi : roll < 0.6 ? nextPi : roll < 0.9 ? rng.pick(pastPis) : null;
    if (pi) {
      if (rng.chance(0.85)) f.fixVersions = [pi];
      f.labels = [piLabel(pi)];
    }
    const updated = created + rng.int(0, Math.max(1, Math.floor((now - created) / DAY))) * DAY;
    f.updated = iso(Math.min(updated, now));
    if (pi && pastPis.includes(pi)) {
      f.statusId = rng.chance(0.9) ? '10001' : '10002';
      f.resolutiondate = f.updated;
    } else if (pi === currentPi) {
      const s = rng.next();
      f.statusId = s < 0.15 ? '10001' : s < 0.2 ? '10002' : s < 0.7 ? '3' : '10000';
      if (f.statusId === '10001' || f.statusId === '10002') f.resolutiondate = f.updated;
    }
    f.sortKey = pi === currentPi ? rng.next() * 0.3 : pi === nextPi ? 0.3 + rng.next() * 0.3 : 0.6 + rng.next() * 0.4;
    features.push(f);
  }
  const featuresOf = (pi: string): Draft[] => features.filter((f) => f.labels.includes(piLabel(pi)));
  const currentFeatures = featuresOf(currentPi);
  const nextFeatures = featuresOf(nextPi);
  const doneFeatures = features.filter((f) => f.resolutiondate !== null);

  const pickParent = (): Draft | null => {
    const r = rng.next();
    const pool = r < 0.6 ? currentFeatures : r < 0.85 ? nextFeatures : doneFeatures;
    return pool.length > 0 ? rng.pick(pool) : null;
  };
  const pickPoints = (always: boolean): number | null => {
    if (!always && !rng.chance(0.72)) return null;
    return rng.chance(0.04) ? rng.pick(OVERSIZED) : rng.pick(POINTS);
  };
  /** Shape a team item: its type, labels, parent, scores and acceptance criteria. */
  const teamItem = (projectKey: string, created: number, inSprint: boolean): Draft => {
    const roll = rng.next();
    let type = 'Story';
    const labels: string[] = [];
    if (roll < 0.55) type = 'Story';
    else if (roll < 0.63) type = 'Enabler';
    else if (roll < 0.68) type = 'Spike';
    else if (roll < 0.83) type = 'Bug';
    else if (roll < 0.88) type = 'Tech Debt';
    else if (roll < 0.92) labels.push('tech-debt');
    else if (roll < 0.97) {
      type = 'Task';
      labels.push('retro');
    } else type = 'Task';
    const d = base(projectKey, type, created);
    const project = projects.find((p) => p.key === projectKey) as DemoProject;
    if (rng.chance(0.7)) d.components = [rng.pick(project.components)];
    if (rng.chance(0.15)) labels.push(rng.pick(['frontend', 'backend', 'customer-request', 'security']));
    d.labels = labels;
    if ((type === 'Story' || type === 'Enabler') && labels.length === 0 && rng.chance(0.45)) d.parent = pickParent();
    d.points = pickPoints(inSprint);
    if (d.parent === null && rng.chance(0.45)) {
      d.businessValue = rng.pick(FIBONACCI);
      d.timeCriticality = rng.pick(FIBONACCI);
      d.riskReduction = rng.pick(FIBONACCI);
      // Scored items always carry a job size, some sized apart from their points (the app does not fall back
      // to points when the team has a Job Size field); the draw order stays as it was, so the seed is stable.
      if (rng.chance(0.6)) d.jobSize = rng.pick(FIBONACCI);
      else d.jobSize = d.points;
    }
    const acRoll = rng.next();
    if (acRoll < 0.6) {
      d.acceptanceCriteria = adfParagraphs('Given a signed-in user', `When they use ${d.summary.toLowerCase()}`, 'Then the result is saved');
      d.description = adfParagraphs(`As a user I want to ${d.summary.toLowerCase()}.`);
    } else if (acRoll < 0.72) {
      d.description = adfWithHeading(`As a user I want to ${d.summary.toLowerCase()}.`, 'Acceptance criteria', ['It works on web and mobile', 'It is documented']);
    } else if (acRoll < 0.9) {
      d.description = adfParagraphs(`Notes: ${d.summary.toLowerCase()}.`);
    }
    return d;
  };
  const resolve = (d: Draft, statusId: string, at: number): void => {
    d.statusId = statusId;
    d.resolutiondate = iso(at);
    d.updated = iso(Math.max(at, Date.parse(d.updated)));
  };

  const velocityBase = [30, 36, 24, 28, 32, 26, 34, 30];
  const makeTeam = (projectKey: string, t: number): void => {
    // A further team is as large as one of the first three.
    let budget = Math.floor(teamBudget / TEAM_PROJECTS.length) + (t % TEAM_PROJECTS.length < teamBudget % TEAM_PROJECTS.length ? 1 : 0);
    const teamSprints = sprints.filter((s) => s.boardId === boards[t].id);
    const add = (d: Draft): void => {
      drafts.push(d);
      budget--;
    };
    let leftovers: Draft[] = [];
    for (const sprint of teamSprints) {
      const start = Date.parse(sprint.startDate ?? '') || activeStart + (sprint.id - teamSprints[0].id - CLOSED_SPRINTS_PER_BOARD) * SPRINT_DAYS * DAY;
      const target = velocityBase[t] + rng.int(-6, 6);
      let planned = 0;
      if (sprint.state !== 'future') {
        // carried over from the previous sprint: the Sprint field lists both
        for (const leftover of leftovers) {
          leftover.sprintIds.push(sprint.id);
          planned += leftover.points ?? 0;
          if (sprint.state === 'closed') resolve(leftover, '10001', start + rng.int(1, 12) * DAY);
        }
        leftovers = [];
      }
      while (planned < target && budget > Math.floor(teamBudget / TEAM_PROJECTS.length / 3)) {
        const created = Math.min(start, now) - rng.int(3, 90) * DAY;
        const d = teamItem(projectKey, created, true);
        if ((d.points ?? 0) > 13) d.points = rng.pick(POINTS);
        d.sprintIds = [sprint.id];
        planned += d.points ?? 0;
        d.sortKey = 2 + rng.next();
        if (sprint.state === 'closed') {
          const carried = rng.chance(0.06) && sprint.id !== teamSprints[CLOSED_SPRINTS_PER_BOARD - 1].id;
          if (carried) {
            // not finished here: it counts toward the sprint it is finished in
            d.statusId = '3';
            planned -= d.points ?? 0;
            leftovers.push(d);
          } else {
            resolve(d, rng.chance(0.97) ? '10001' : '10002', start + rng.int(1, 13) * DAY + rng.int(0, 8) * 3_600_000);
            if (d.statusId === '10002') planned -= d.points ?? 0;
          }
        } else if (sprint.state === 'active') {
          const s = rng.next();
          if (s < 0.3) resolve(d, '10001', Math.min(now, start + rng.int(0, 4) * DAY));
          else if (s < 0.7) {
            d.statusId = '3';
            d.updated = iso(Math.min(now, start + rng.int(0, 4) * DAY));
          }
          d.sortKey = 3 + rng.next();
        } else {
          d.sortKey = 3 + (sprint.id - teamSprints[CLOSED_SPRINTS_PER_BOARD].id) + rng.next();
        }
        add(d);
      }
    }
    // Backlog: open items (some stale, some oversized) and older items done outside any sprint.
    while (budget > 0) {
      const created = now - rng.int(1, 500) * DAY;
      const d = teamItem(projectKey, created, false);
      const age = Math.floor((now - created) / DAY);
      if (rng.chance(0.1)) {
        resolve(d, rng.chance(0.8) ? '10001' : '10002', created + rng.int(0, age) * DAY);
        d.sortKey = rng.next() * 10;
      } else {
        const stale = age > 200 && rng.chance(0.35);
        const touchedDaysAgo = stale ? rng.int(181, age) : rng.int(0, Math.min(age, 120));
        d.updated = iso(now - touchedDaysAgo * DAY + rng.int(0, 23) * 3_600_000 - 86_400_000 + 3_600_000);
        if (Date.parse(d.updated) < created) d.updated = iso(created);
        if (rng.chance(0.05)) d.statusId = '3';
        d.sortKey = 6 + (d.parent ? rng.next() * 0.6 : rng.next());
      }
      add(d);
    }
  };
  TEAM_PROJECTS.forEach(makeTeam);
  const firstDrafts = [...drafts];
  // Further teams: their own generator, so the first three stay as they are with three teams.
  rng = createPrng((options.seed ?? DEFAULT_SEED) + 7919);
  moreTeams.forEach((projectKey, i) => {
    const board: DemoBoard = { id: boards.length + 1, name: `${projectKey} board`, projectKey };
    boards.push(board);
    addSprints(board);
    makeTeam(projectKey, TEAM_PROJECTS.length + i);
  });

  // Keys follow creation order within each project, as in Jira.
  const all = [...features, ...drafts];
  const byProject = new Map<string, Draft[]>();
  for (const d of all) {
    const list = byProject.get(d.projectKey);
    if (list) list.push(d);
    else byProject.set(d.projectKey, [d]);
  }
  const nextKeyNumber: Record<string, number> = {};
  const keyed: Draft[] = [];
  for (const project of projects) {
    const list = (byProject.get(project.key) ?? []).sort((a, b) => Date.parse(a.created) - Date.parse(b.created));
    list.forEach((d, i) => {
      d.key = `${project.key}-${i + 1}`;
      keyed.push(d);
    });
    nextKeyNumber[project.key] = list.length + 1;
  }

  const ranked = [...keyed].sort((a, b) => a.sortKey - b.sortKey);
  const ranks = initialRanks(ranked.length);
  const rankOf = new Map<Draft, string>();
  ranked.forEach((d, i) => rankOf.set(d, ranks[i]));

  const issues = new Map<string, DemoIssue>();
  keyed.forEach((d, i) => {
    const { parent, sortKey: _sortKey, ...rest } = d;
    issues.set(d.key, { ...rest, id: String(10000 + i), parentKey: parent ? parent.key : null, rank: rankOf.get(d) as string });
  });

  arriveUnplanned(issues, sprints);
  assignTeamMembers(issues, sprints);

  if (options.acceptanceCriteriaField === false) {
    for (const issue of issues.values()) {
      if (issue.acceptanceCriteria === null) continue;
      const criteria = (issue.acceptanceCriteria.content ?? []).map((p) => p.content?.[0]?.text ?? '');
      issue.description = adfWithHeading(`As a user I want to ${issue.summary.toLowerCase()}.`, 'Acceptance criteria', criteria);
      issue.acceptanceCriteria = null;
    }
  }
  const links = [...seedLinks(firstRng, firstDrafts), ...trainLinks(rng, drafts.filter((d) => moreTeams.includes(d.projectKey)), moreTeams, sprints)].map((link, i) => ({ ...link, id: String(20000 + i) }));
  const quirks: SiteQuirks = { ...(options.quirks ?? {}) };
  const store: DemoStore = {
    projects: projects.map((p) => ({ ...p, components: [...p.components] })),
    people: DEMO_PEOPLE.map((p) => ({ ...p })),
    users: DEMO_USERS.map(({ moreTeams: granted, ...u }) => ({ ...u, permissions: { ...u.permissions, ...Object.fromEntries(moreTeams.map((k) => [k, [...granted]])) }, globalPermissions: [...u.globalPermissions], groups: [...u.groups], roles: { ...u.roles } })),
    boards,
    sprints,
    versions,
    issues,
    links,
    storyPointsField: options.storyPointsField ?? 'Story point estimate',
    acceptanceCriteriaField: options.acceptanceCriteriaField !== false,
    nextIssueId: 10000 + keyed.length,
    nextLinkId: 20000 + links.length,
    nextKeyNumber,
    orderVersion: 0,
    quirks,
    linkTypes: linkTypesFor(quirks, LINK_TYPES),
    extraFields: [],
  };
  applyQuirks(store, now);
  return store;
}

/**
 * Unplanned work: about one in four issues finished within a single closed sprint arrived while that sprint ran
 * (a defect, a support request), so it was created a day after the sprint started. Done after keys and ranks
 * are given and without drawing from the generator, so every other figure of the seed stays as it was.
 */
function arriveUnplanned(issues: Map<string, DemoIssue>, sprints: readonly DemoSprint[]): void {
  const closed = new Map(sprints.filter((sp) => sp.state === 'closed' && sp.startDate).map((sp) => [sp.id, Date.parse(sp.startDate as string)]));
  for (const issue of issues.values()) {
    const started = issue.sprintIds.length === 1 ? closed.get(issue.sprintIds[0] as number) : undefined;
    const resolved = Date.parse(issue.resolutiondate ?? '');
    if (started === undefined || Number.isNaN(resolved) || Number(issue.key.split('-')[1]) % 4 !== 1) continue;
    const arrived = started + DAY + 3 * 3_600_000;
    if (arrived < resolved) issue.created = jiraDateTime(new Date(arrived));
  }
}

/** Team members of the demo teams (assignees), four or five a team; ORION's are the ones the README names. */
export const DEMO_PEOPLE: readonly { accountId: string; displayName: string; team: string }[] = [
  ['ORION', ['Ada Byron', 'Ben Okafor', 'Chen Wei', 'Dara Singh', 'Eli Novak']],
  ['VEGA', ['Fay Moreau', 'Gus Lind', 'Hana Sato', 'Ivo Petrov']],
  ['LYRA', ['Jun Park', 'Kai Berg', 'Lena Roth', 'Mo Haddad']],
  ['CYGNUS', ['Nia Ward', 'Omar Aziz', 'Pia Kurz', 'Quinn Ross']],
  ['DRACO', ['Rae Holt', 'Sam Ito', 'Tess Vogel', 'Uma Das']],
  ['PHOENIX', ['Vic Lenz', 'Wen Zhao', 'Xavi Roca', 'Yara Nunes']],
].flatMap(([team, names]) => (names as string[]).map((displayName, i) => ({ accountId: `712020:demo-${(team as string).toLowerCase()}-${i + 1}`, displayName, team: team as string })));

/**
 * Who works on what: sprint work (done or planned) is assigned to a member of its team, the open backlog only
 * now and then (mostly nobody has picked it up yet). By key number, without drawing from the generator.
 */
function assignTeamMembers(issues: Map<string, DemoIssue>, sprints: readonly DemoSprint[]): void {
  const inSprint = new Set(sprints.map((sp) => sp.id));
  for (const issue of issues.values()) {
    const team = DEMO_PEOPLE.filter((p) => p.team === issue.projectKey);
    if (team.length === 0) continue;
    const n = Number(issue.key.split('-')[1]);
    const sprintWork = issue.sprintIds.some((id) => inSprint.has(id));
    // Some sprint work stays unassigned too; a third of the backlog is assigned ahead.
    if (sprintWork ? n % 7 === 3 : n % 3 !== 0) continue;
    issue.assigneeId = (team[(n * 3) % team.length] as { accountId: string }).accountId;
  }
}

/** Cross-team "Blocks" links (some to done issues) and two deliberate cycles. */
function seedLinks(rng: Prng, drafts: Draft[]): DemoLink[] {
  const links: DemoLink[] = [];
  const seen = new Set<string>();
  const add = (source: Draft, destination: Draft): void => {
    const id = `${source.key}>${destination.key}`;
    if (source === destination || seen.has(id) || seen.has(`${destination.key}>${source.key}`)) return;
    seen.add(id);
    links.push({ id: String(20000 + links.length), typeId: BLOCKS_LINK_TYPE.id, sourceKey: source.key, destinationKey: destination.key });
  };
  const open = drafts.filter((d) => d.resolutiondate === null);
  const done = drafts.filter((d) => d.resolutiondate !== null);
  const teams = TEAM_PROJECTS.map((key) => open.filter((d) => d.projectKey === key));
  const doneOutside = new Map(TEAM_PROJECTS.map((key) => [key as string, done.filter((d) => d.projectKey !== key)]));
  const linkCount = Math.round(open.length * 0.05);
  for (let i = 0; i < linkCount; i++) {
    const a = rng.pick(open);
    const others = teams.filter((list) => list.length > 0 && list[0].projectKey !== a.projectKey);
    const doneElsewhere = doneOutside.get(a.projectKey) ?? [];
    const toDone = rng.chance(0.15) && doneElsewhere.length > 0;
    const b = toDone ? rng.pick(doneElsewhere) : rng.pick(rng.pick(others));
    if (!b) continue;
    if (toDone || rng.chance(0.5)) add(b, a);
    else add(a, b);
  }
  // Cycles: ORION <-> VEGA, and ORION -> VEGA -> LYRA -> ORION.
  if (teams.every((list) => list.length >= 2)) {
    const [o, v, l] = teams;
    links.push(
      { id: '', typeId: BLOCKS_LINK_TYPE.id, sourceKey: o[0].key, destinationKey: v[0].key },
      { id: '', typeId: BLOCKS_LINK_TYPE.id, sourceKey: v[0].key, destinationKey: o[0].key },
      { id: '', typeId: BLOCKS_LINK_TYPE.id, sourceKey: o[1].key, destinationKey: v[1].key },
      { id: '', typeId: BLOCKS_LINK_TYPE.id, sourceKey: v[1].key, destinationKey: l[1].key },
      { id: '', typeId: BLOCKS_LINK_TYPE.id, sourceKey: l[1].key, destinationKey: o[1].key },
    );
  }
  return links.map((link, i) => ({ ...link, id: String(20000 + i) }));
}

/**
 * Blocks among the further teams: random ones both ways (5% of their open issues), a late one (a story in a
 * team's second future sprint blocking one in the next team's first future sprint) and a three-team cycle.
 */
function trainLinks(rng: Prng, drafts: Draft[], teams: readonly string[], sprints: readonly DemoSprint[]): DemoLink[] {
  if (teams.length < 2) return [];
  const links: DemoLink[] = [];
  const seen = new Set<string>();
  const add = (source: Draft, destination: Draft): void => {
    const id = `${source.key}>${destination.key}`;
    if (source === destination || seen.has(id) || seen.has(`${destination.key}>${source.key}`)) return;
    seen.add(id);
    links.push({ id: '', typeId: BLOCKS_LINK_TYPE.id, sourceKey: source.key, destinationKey: destination.key });
  };
  const open = drafts.filter((d) => d.resolutiondate === null);
  const byTeam = teams.map((key) => open.filter((d) => d.projectKey === key));
  for (let i = 0; i < Math.round(open.length * 0.05); i++) {
    const a = rng.pick(open);
    const others = byTeam.filter((list) => list.length > 0 && list[0].projectKey !== a.projectKey);
    if (others.length === 0) continue;
    const b = rng.pick(rng.pick(others));
    if (rng.chance(0.5)) add(b, a);
    else add(a, b);
  }
  const future = (team: string, n: number): Draft | undefined => {
    const sprint = sprints.filter((s) => s.state === 'future' && open.some((d) => d.projectKey === team && d.sprintIds.includes(s.id)))[n];
    return sprint ? open.find((d) => d.projectKey === team && d.sprintIds.includes(sprint.id) && !seen.has(d.key)) : undefined;
  };
  const [a, b, c] = teams;
  const lateBlocker = future(a as string, 1);
  const lateDependent = future(b as string, 0);
  if (lateBlocker && lateDependent) add(lateBlocker, lateDependent);
  const loose = (team: string | undefined): Draft | undefined => open.find((d) => d.projectKey === team && d.sprintIds.length === 0 && !links.some((l) => l.sourceKey === d.key || l.destinationKey === d.key));
  const loop = [loose(a), loose(b), loose(c)];
  if (loop.every((d) => d !== undefined)) {
    const [x, y, z] = loop as Draft[];
    add(x, y);
    add(y, z);
    add(z, x);
  }
  return links;
}

/** Jira-shaped JSON for the store's records: issues (with field selection), projects, sprints, fields. */
import { NAMED_WSJF_OPTIONS, SECONDS_PER_POINT } from './quirks';
import {
  APP_EXTENSION_PREFIX,
  APP_FIELDS,
  type DemoIssue,
  type DemoLink,
  type DemoProject,
  type DemoSprint,
  type DemoStore,
  FIELD_IDS,
  ISSUE_TYPES,
  LINK_TYPES,
  DUPLICATE_POINTS_FIELDS,
  RANK_CUSTOM_FIELD_ID,
  STATUS_CATEGORIES,
  pointsFieldId,
  statusById,
} from './model';

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

export function renderStatus(base: string, statusId: string): JsonObject {
  const status = statusById(statusId);
  const category = STATUS_CATEGORIES[status.category];
  return {
    self: `${base}/rest/api/3/status/${status.id}`,
    description: '',
    iconUrl: `${base}/images/icons/statuses/generic.png`,
    name: status.name,
    id: status.id,
    statusCategory: { self: `${base}/rest/api/3/statuscategory/${category.id}`, id: category.id, key: status.category, colorName: category.colorName, name: category.name },
  };
}

export function renderIssueType(base: string, name: string): JsonObject {
  const type = ISSUE_TYPES.find((t) => t.name === name) ?? ISSUE_TYPES[1];
  return {
    self: `${base}/rest/api/3/issuetype/${type.id}`,
    id: type.id,
    description: '',
    iconUrl: `${base}/images/icons/issuetypes/${type.name.toLowerCase().replace(/\s+/g, '')}.svg`,
    name: type.name,
    subtask: type.subtask === true,
    hierarchyLevel: type.hierarchyLevel,
  };
}

/** The program project is a business project, as program projects often are; team projects are software projects. */
export function projectTypeKeyOf(project: DemoProject): 'software' | 'business' {
  return project.kind === 'program' ? 'business' : 'software';
}

export function renderProjectRef(base: string, project: DemoProject): JsonObject {
  return { self: `${base}/rest/api/3/project/${project.id}`, id: project.id, key: project.key, name: project.name, projectTypeKey: projectTypeKeyOf(project), simplified: false };
}

export function renderSprintField(sprint: DemoSprint): JsonObject {
  const out: JsonObject = { id: sprint.id, name: sprint.name, state: sprint.state, boardId: sprint.boardId, goal: sprint.goal };
  if (sprint.startDate) out.startDate = sprint.startDate.replace('+0000', 'Z');
  if (sprint.endDate) out.endDate = sprint.endDate.replace('+0000', 'Z');
  if (sprint.completeDate) out.completeDate = sprint.completeDate.replace('+0000', 'Z');
  return out;
}

export function renderAgileSprint(base: string, sprint: DemoSprint): JsonObject {
  const out: JsonObject = { id: sprint.id, self: `${base}/rest/agile/1.0/sprint/${sprint.id}`, state: sprint.state, name: sprint.name };
  if (sprint.startDate) out.startDate = sprint.startDate.replace('+0000', 'Z');
  if (sprint.endDate) out.endDate = sprint.endDate.replace('+0000', 'Z');
  if (sprint.completeDate) out.completeDate = sprint.completeDate.replace('+0000', 'Z');
  out.originBoardId = sprint.boardId;
  out.goal = sprint.goal;
  return out;
}

/** The field catalogue of /rest/api/3/field: system fields the app reads plus the custom fields. */
export function renderFields(store: DemoStore): JsonObject[] {
  const system = (id: string, name: string, schema: JsonObject): JsonObject => ({
    id, key: id, name, custom: false, orderable: true, navigable: true, searchable: true, clauseNames: [id], schema,
  });
  const custom = (id: string, name: string, schema: JsonObject): JsonObject => {
    const n = Number(id.replace('customfield_', ''));
    return { id, key: id, name, custom: true, orderable: true, navigable: true, searchable: true, clauseNames: [`cf[${n}]`, name], schema: { ...schema, customId: n } } as JsonObject;
  };
  const points = store.storyPointsField === 'Story Points'
    ? custom(FIELD_IDS.storyPoints, 'Story Points', { type: 'number', custom: 'com.atlassian.jira.plugin.system.customfieldtypes:float' })
    : custom(FIELD_IDS.storyPointEstimate, 'Story point estimate', { type: 'number', custom: 'com.pyxis.greenhopper.jira:jsw-story-points' });
  const number = { type: 'number', custom: 'com.atlassian.jira.plugin.system.customfieldtypes:float' };
  // WSJF components as single-select lists on sites that score with options.
  const wsjf = store.quirks.selectWsjf ? { type: 'option', custom: 'com.atlassian.jira.plugin.system.customfieldtypes:select' } : number;
  const duplicates = new Set<string>(store.quirks.duplicatePointsFields ? DUPLICATE_POINTS_FIELDS : []);
  return [
    system('summary', 'Summary', { type: 'string', system: 'summary' }),
    system('issuetype', 'Issue Type', { type: 'issuetype', system: 'issuetype' }),
    system('labels', 'Labels', { type: 'array', items: 'string', system: 'labels' }),
    system('components', 'Components', { type: 'array', items: 'component', system: 'components' }),
    system('status', 'Status', { type: 'status', system: 'status' }),
    system('created', 'Created', { type: 'datetime', system: 'created' }),
    system('updated', 'Updated', { type: 'datetime', system: 'updated' }),
    system('resolutiondate', 'Resolved', { type: 'datetime', system: 'resolutiondate' }),
    system('parent', 'Parent', { type: 'issuelink', system: 'parent' }),
    system('assignee', 'Assignee', { type: 'user', system: 'assignee' }),
    system('issuelinks', 'Linked Issues', { type: 'array', items: 'issuelinks', system: 'issuelinks' }),
    system('fixVersions', 'Fix versions', { type: 'array', items: 'version', system: 'fixVersions' }),
    system('description', 'Description', { type: 'string', system: 'description' }),
    system('project', 'Project', { type: 'project', system: 'project' }),
    system('resolution', 'Resolution', { type: 'resolution', system: 'resolution' }),
    system('statuscategorychangedate', 'Status Category Changed', { type: 'datetime', system: 'statuscategorychangedate' }),
    system('timeoriginalestimate', 'Original estimate', { type: 'number', system: 'timeoriginalestimate' }),
    ...(duplicates.size > 0 ? [] : [points]),
    ...store.extraFields.map((f) => custom(f.id, f.name, f.schema as JsonObject)),
    custom(FIELD_IDS.sprint, 'Sprint', { type: 'array', items: 'json', custom: 'com.pyxis.greenhopper.jira:gh-sprint' }),
    custom(FIELD_IDS.rank, 'Rank', { type: 'any', custom: 'com.pyxis.greenhopper.jira:gh-lexo-rank' }),
    custom(FIELD_IDS.businessValue, 'Business Value', wsjf),
    custom(FIELD_IDS.timeCriticality, 'Time Criticality', wsjf),
    custom(FIELD_IDS.riskReduction, 'Risk Reduction | Opportunity Enablement', wsjf),
    custom(FIELD_IDS.jobSize, 'Job Size', wsjf),
    ...(store.acceptanceCriteriaField
      ? [custom(FIELD_IDS.acceptanceCriteria, 'Acceptance Criteria', { type: 'string', custom: 'com.atlassian.jira.plugin.system.customfieldtypes:textarea' })]
      : []),
    // The app's Forge fields: Jira names them by the app's extension key in `schema.custom`.
    ...(store.quirks.noAppFields ? [] : Object.values(APP_FIELDS).map((f) => custom(f.id, f.name, { type: f.type, custom: `${APP_EXTENSION_PREFIX}${f.module}` }))),
  ];
}

/** The app fields this site has (none when the app version declaring them is not installed). */
export function appFieldIds(store: DemoStore): string[] {
  return store.quirks.noAppFields ? [] : [APP_FIELDS.wsjf.id, APP_FIELDS.readiness.id];
}

export const NAVIGABLE_FIELDS = [
  'summary', 'issuetype', 'labels', 'components', 'status', 'created', 'updated', 'resolutiondate', 'resolution', 'parent',
  'issuelinks', 'fixVersions', 'description', 'project', 'statuscategorychangedate', 'timeoriginalestimate', 'assignee',
  FIELD_IDS.sprint, FIELD_IDS.rank, FIELD_IDS.businessValue, FIELD_IDS.timeCriticality, FIELD_IDS.riskReduction,
  FIELD_IDS.jobSize, FIELD_IDS.acceptanceCriteria,
];

/** Expand a Jira `fields` list (ids, `*all`, `*navigable`, `-excluded`, comma-joined entries) into field ids. */
export function selectFields(requested: string[], store: DemoStore, fallback: 'none' | 'all'): Set<string> {
  const entries = requested.flatMap((f) => f.split(',')).map((f) => f.trim()).filter((f) => f.length > 0);
  const every = [...NAVIGABLE_FIELDS, pointsFieldId(store), ...appFieldIds(store)].filter((f) => store.acceptanceCriteriaField || f !== FIELD_IDS.acceptanceCriteria);
  const chosen = new Set<string>();
  if (entries.length === 0 && fallback === 'all') every.forEach((f) => chosen.add(f));
  for (const entry of entries) {
    if (entry === '*all' || entry === '*navigable') every.forEach((f) => chosen.add(f));
    else if (!entry.startsWith('-')) chosen.add(entry);
  }
  for (const entry of entries) if (entry.startsWith('-')) chosen.delete(entry.slice(1));
  return chosen;
}

export interface RenderContext {
  base: string;
  store: DemoStore;
  canBrowse: (projectKey: string) => boolean;
}

function linkedIssueRef(ctx: RenderContext, issue: DemoIssue): JsonObject {
  return {
    id: issue.id,
    key: issue.key,
    self: `${ctx.base}/rest/api/3/issue/${issue.id}`,
    fields: { summary: issue.summary, status: renderStatus(ctx.base, issue.statusId), priority: renderPriority(ctx.base), issuetype: renderIssueType(ctx.base, issue.issueType) },
  };
}

function renderPriority(base: string): JsonObject {
  return { self: `${base}/rest/api/3/priority/3`, iconUrl: `${base}/images/icons/priorities/medium.svg`, name: 'Medium', id: '3' };
}

/** Links by issue key, rebuilt when links are added (links are never removed), so rendering stays O(own links). */
const linkIndexes = new WeakMap<DemoStore, { count: number; byKey: Map<string, DemoLink[]> }>();
function linksOf(store: DemoStore, key: string): DemoLink[] {
  let index = linkIndexes.get(store);
  if (!index || index.count !== store.links.length) {
    const byKey = new Map<string, DemoLink[]>();
    const add = (k: string, link: DemoLink): void => {
      const list = byKey.get(k);
      if (list) list.push(link);
      else byKey.set(k, [link]);
    };
    for (const link of store.links) {
      add(link.sourceKey, link);
      add(link.destinationKey, link);
    }
    index = { count: store.links.length, byKey };
    linkIndexes.set(store, index);
  }
  return index.byKey.get(key) ?? [];
}

function renderLinks(ctx: RenderContext, issue: DemoIssue): JsonObject[] {
  const out: JsonObject[] = [];
  for (const link of linksOf(ctx.store, issue.key)) {
    const outward = link.sourceKey === issue.key;
    const other = ctx.store.issues.get(outward ? link.destinationKey : link.sourceKey);
    // Jira leaves out links to issues the user may not browse.
    if (!other || !ctx.canBrowse(other.projectKey)) continue;
    const type = ctx.store.linkTypes.find((t) => t.id === link.typeId) ?? LINK_TYPES[0];
    out.push({
      id: link.id,
      self: `${ctx.base}/rest/api/3/issueLink/${link.id}`,
      type: { id: type.id, name: type.name, inward: type.inward, outward: type.outward, self: `${ctx.base}/rest/api/3/issueLinkType/${type.id}` },
      [outward ? 'outwardIssue' : 'inwardIssue']: linkedIssueRef(ctx, other),
    });
  }
  return out;
}

function fieldValue(ctx: RenderContext, issue: DemoIssue, field: string): Json | undefined {
  const { base, store } = ctx;
  switch (field) {
    case 'summary': return issue.summary;
    case 'issuetype': return renderIssueType(base, issue.issueType);
    case 'labels': return [...issue.labels];
    case 'components': {
      const project = store.projects.find((p) => p.key === issue.projectKey);
      return issue.components.map((name) => ({ self: `${base}/rest/api/3/component/${project?.id}${project?.components.indexOf(name)}`, id: `${project?.id}${project?.components.indexOf(name)}`, name }));
    }
    case 'status': return renderStatus(base, issue.statusId);
    case 'created': return issue.created;
    case 'updated': return issue.updated;
    case 'resolutiondate': return issue.resolutiondate;
    case 'resolution': {
      const name = issue.resolution !== undefined ? issue.resolution : issue.resolutiondate ? (issue.statusId === '10002' ? "Won't Do" : 'Done') : null;
      if (name === null) return null;
      const id = String(10000 + Math.max(0, RESOLUTIONS.indexOf(name)));
      return { self: `${base}/rest/api/3/resolution/${id}`, id, description: '', name };
    }
    case 'statuscategorychangedate':
      return issue.statusCategoryChangedDate ?? issue.resolutiondate ?? issue.created;
    case 'timeoriginalestimate':
      return store.quirks.timeEstimates && issue.points !== null ? issue.points * SECONDS_PER_POINT : null;
    case 'assignee': {
      const person = issue.assigneeId ? [...store.people, ...store.users].find((p) => p.accountId === issue.assigneeId) : undefined;
      return person ? { self: `${base}/rest/api/3/user?accountId=${person.accountId}`, accountId: person.accountId, accountType: 'atlassian', displayName: person.displayName, active: true } : null;
    }
    case 'parent': {
      if (!issue.parentKey) return undefined;
      const parent = store.issues.get(issue.parentKey);
      if (!parent || !ctx.canBrowse(parent.projectKey)) return undefined;
      return linkedIssueRef(ctx, parent);
    }
    case 'issuelinks': return renderLinks(ctx, issue);
    case 'fixVersions':
      return issue.fixVersions.map((name) => {
        const v = store.versions.find((x) => x.name === name && x.projectKey === issue.projectKey);
        return { self: `${base}/rest/api/3/version/${v?.id}`, id: v?.id ?? '0', description: '', name, archived: false, released: v?.released ?? false };
      });
    case 'description': return issue.description as Json;
    case 'project': {
      const project = store.projects.find((p) => p.key === issue.projectKey);
      return project ? renderProjectRef(base, project) : null;
    }
    case FIELD_IDS.sprint: {
      if (issue.sprintIds.length === 0) return null;
      return issue.sprintIds.map((id) => store.sprints.find((s) => s.id === id)).filter((s): s is DemoSprint => s !== undefined).map(renderSprintField);
    }
    case FIELD_IDS.rank: return `0|${issue.rank}`;
    case FIELD_IDS.businessValue: return wsjfValue(ctx, field, issue.businessValue);
    case FIELD_IDS.timeCriticality: return wsjfValue(ctx, field, issue.timeCriticality);
    case FIELD_IDS.riskReduction: return wsjfValue(ctx, field, issue.riskReduction);
    case FIELD_IDS.jobSize: return wsjfValue(ctx, field, issue.jobSize);
    case FIELD_IDS.acceptanceCriteria: return store.acceptanceCriteriaField ? (issue.acceptanceCriteria as Json) : undefined;
    default:
      if (field === pointsFieldId(store)) return issue.points;
      if (!store.quirks.noAppFields && field === APP_FIELDS.wsjf.id) return issue.appValues?.wsjf ?? null;
      if (!store.quirks.noAppFields && field === APP_FIELDS.readiness.id) return issue.appValues?.readiness ?? null;
      // The look-alike "Story Points" fields exist but nobody fills them.
      if (store.quirks.duplicatePointsFields && (DUPLICATE_POINTS_FIELDS as readonly string[]).includes(field)) return null;
      return undefined;
  }
}

/** Resolutions of the site, in id order (10000 = Done). */
export const RESOLUTIONS = ['Done', "Won't Do", 'Duplicate', 'Cannot Reproduce'];

/** A select-list option as Jira renders it: `{self, value, id}`; ids are the field's number then the scale value. */
export function wsjfOption(base: string, field: string, value: number, named: boolean): JsonObject {
  const id = `${field.replace('customfield_', '')}${String(value).padStart(2, '0')}`;
  return { self: `${base}/rest/api/3/customFieldOption/${id}`, value: named ? (NAMED_WSJF_OPTIONS[value] ?? String(value)) : String(value), id };
}

function wsjfValue(ctx: RenderContext, field: string, value: number | null): Json {
  const mode = ctx.store.quirks.selectWsjf;
  if (!mode || value === null) return value;
  return wsjfOption(ctx.base, field, value, mode === 'named');
}

/** An IssueBean with only the selected fields (unknown field ids are skipped, as Jira does). */
export function renderIssue(ctx: RenderContext, issue: DemoIssue, fields: Set<string>): JsonObject {
  const out: JsonObject = { expand: '', id: issue.id, self: `${ctx.base}/rest/api/3/issue/${issue.id}`, key: issue.key };
  const values: JsonObject = {};
  for (const field of fields) {
    if (field === 'id' || field === 'key') continue;
    const value = issue.rawFields && field in issue.rawFields ? (issue.rawFields[field] as Json) : fieldValue(ctx, issue, field);
    if (value !== undefined) values[field] = value;
  }
  if (fields.size > 0 && !(fields.size === 1 && (fields.has('id') || fields.has('key'))) && !(fields.size === 2 && fields.has('id') && fields.has('key'))) out.fields = values;
  return out;
}

export const BOARD_RANKING = { rankCustomFieldId: RANK_CUSTOM_FIELD_ID };

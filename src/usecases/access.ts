import { JiraError, JiraNotFoundError, JiraPermissionError, JiraValidationError, readSiteTimeZone, route, timeZoneOf, type JiraHttp } from '../jira';
import { requireProject, type CallContext } from './context';
import type { I18nMessage, I18nParam, ProjectSettings, WhoAmIDto } from '../contracts';
import { AppFailure } from '../contracts/errors';
import { englishText, message } from '../contracts/messages';

/** What the signed-in user may do in a project, as Jira says (never as the UI says). */
export interface Access {
  read: boolean;
  plan: boolean;
  configure: boolean;
  /** Why not (plan, configure), by catalog key: the UI shows it in the reader's language. */
  hint: I18nMessage | null;
}

interface PermissionsBody {
  permissions?: Record<string, { havePermission?: boolean }>;
}

/**
 * Reads the user's project permissions; planning and configuring need ADMINISTER_PROJECTS or membership in
 * a group or role named in the project's settings (asked for only when settings name some).
 * Groups come from the user's own `myself?expand=groups`, which every user may read. Project-role membership
 * is only visible to Jira administrators (`roledetails` needs Administer projects or Administer Jira and
 * answers 404 to anyone else; no other endpoint tells a user their roles), so a role can grant access only to
 * someone Jira lets read it; the refusal says so instead of treating "cannot tell" as "not a member".
 */
export async function projectAccess(http: JiraHttp, projectKey: string, editors: ProjectSettings['editors']): Promise<Access> {
  let body: PermissionsBody;
  try {
    body = (await http.get(route`/rest/api/3/mypermissions?projectKey=${projectKey}&permissions=BROWSE_PROJECTS,ADMINISTER_PROJECTS`)) as PermissionsBody;
  } catch (error) {
    // Jira answers 404 for a project the user may not browse.
    if (error instanceof JiraNotFoundError) return { read: false, plan: false, configure: false, hint: message('access.cannotBrowse', { project: projectKey }) };
    throw error;
  }
  const has = (key: string) => body.permissions?.[key]?.havePermission === true;
  const read = has('BROWSE_PROJECTS');
  if (!read) return { read: false, plan: false, configure: false, hint: message('access.cannotBrowse', { project: projectKey }) };
  if (has('ADMINISTER_PROJECTS') || (await inNamedGroup(http, editors.groups))) return { read, plan: true, configure: true, hint: null };
  const role = await inNamedRole(http, projectKey, editors.roles);
  if (role === 'member') return { read, plan: true, configure: true, hint: null };
  const lead = await projectLeadName(http, projectKey);
  return { read, plan: false, configure: false, hint: askWhoMay(projectKey, lead, editors, role === 'cannotTell') };
}

/**
 * Whom to ask, by name: the project's administrators (the lead named), the roles and groups the settings name;
 * and, when Jira would not tell the user their roles, that a role cannot let them edit.
 */
function askWhoMay(projectKey: string, lead: string | null, editors: ProjectSettings['editors'], rolesUnreadable: boolean): I18nMessage {
  const admins = lead ? message('access.adminsWithLead', { project: projectKey, lead }) : message('access.admins', { project: projectKey });
  const named = [...editors.roles.map((name) => message('access.role', { name })), ...editors.groups.map((name) => message('access.group', { name }))].reduce<I18nParam | null>(
    (list, next) => (list === null ? next : message('access.listNext', { list, next })),
    null,
  );
  const roles = editors.roles.length > 1 ? 'access.rolesUnreadable' : 'access.roleUnreadable';
  const ask = named !== null ? message('access.askOne.named', { admins, named }) : message('access.askOne', { admins });
  return rolesUnreadable ? message('access.askOne.rolesUnreadable', { ask, roles: message(roles) }) : ask;
}

/**
 * The display name of the project's lead, whom Jira shows to everyone who may browse the project (the list of
 * administrators needs Administer projects to read); null when Jira names none or the read fails.
 */
async function projectLeadName(http: JiraHttp, projectKey: string): Promise<string | null> {
  try {
    const body = (await http.get(route`/rest/api/3/project/${projectKey}`)) as { lead?: { displayName?: unknown; active?: unknown } };
    const name = body.lead?.displayName;
    return typeof name === 'string' && name.trim() !== '' && body.lead?.active !== false ? name.trim() : null;
  } catch (error) {
    if (error instanceof JiraError) return null;
    throw error;
  }
}

type RoleMembership = 'member' | 'notMember' | 'cannotTell';

async function inNamedRole(http: JiraHttp, projectKey: string, roles: string[]): Promise<RoleMembership> {
  if (roles.length === 0) return 'notMember';
  let body: unknown;
  try {
    body = await http.get(route`/rest/api/3/project/${projectKey}/roledetails?currentMember=true`);
  } catch (error) {
    // The user may browse the project (checked before), so a 404 here means "not allowed to read roles".
    if (error instanceof JiraNotFoundError || error instanceof JiraPermissionError) return 'cannotTell';
    throw error;
  }
  const mine = Array.isArray(body) ? body.map((r) => (r as { name?: unknown }).name).filter((n): n is string => typeof n === 'string') : [];
  return mine.some((name) => roles.some((r) => r.toLowerCase() === name.toLowerCase())) ? 'member' : 'notMember';
}

async function inNamedGroup(http: JiraHttp, groups: string[]): Promise<boolean> {
  if (groups.length === 0) return false;
  const body = (await http.get(route`/rest/api/3/myself?expand=groups`)) as { groups?: { items?: { name?: unknown }[] } };
  const mine = (body.groups?.items ?? []).map((g) => g.name).filter((n): n is string => typeof n === 'string');
  return mine.some((name) => groups.some((g) => g.toLowerCase() === name.toLowerCase()));
}

/** Site administration (the admin page): Jira's global ADMINISTER permission. */
export async function isSiteAdmin(http: JiraHttp): Promise<boolean> {
  try {
    const body = (await http.get(route`/rest/api/3/mypermissions?permissions=ADMINISTER`)) as PermissionsBody;
    return body.permissions?.ADMINISTER?.havePermission === true;
  } catch (error) {
    // A site that does not know the key answers 400: nobody is an admin then.
    if (error instanceof JiraValidationError) return false;
    throw error;
  }
}

/**
 * How long one instance reuses a user's read access and `/myself`: the panel's first calls (whoAmI, Balance,
 * history) arrive within seconds and each asked Jira again. Reads only: every write asks Jira afresh
 * (`projectAccess`), every data read still runs as the user, and a write or settings save forgets the project's.
 */
const USER_FACTS_MAX_AGE_MS = 60_000;

/** `projectAccess` for a read, remembered briefly per user, project and editors on this instance. */
export function readAccess(ctx: CallContext, projectKey: string, editors: ProjectSettings['editors']): Promise<Access> {
  const key = `${projectKey}|${ctx.accountId}|access|${JSON.stringify(editors)}`;
  return ctx.platform.backlogCache.recall(key, USER_FACTS_MAX_AGE_MS, () => projectAccess(ctx.http, projectKey, editors));
}

function myselfOf(ctx: CallContext): Promise<unknown> {
  return ctx.platform.backlogCache.recall(`|${ctx.accountId}|myself`, USER_FACTS_MAX_AGE_MS, () => ctx.http.get(route`/rest/api/3/myself`));
}

/** `readMe` from a `/myself` remembered briefly per user (shared with `readTimeZone`). */
export async function readMeOnce(ctx: CallContext): Promise<Me> {
  return meOf(await myselfOf(ctx));
}

/** The user's time zone for JQL dates, from the same remembered `/myself`; UTC when Jira names none we know. */
export async function readTimeZone(ctx: CallContext): Promise<string> {
  return timeZoneOf(await myselfOf(ctx));
}

/** Where the zone of a team's calendar came from: its settings, the site's default, or the user asking. */
export type TimeZoneSource = 'team' | 'site' | 'user';

/** How long an instance reuses the site's zone (an admin changes it rarely; it only names a default). */
const SITE_ZONE_MAX_AGE_MS = 10 * 60_000;

/**
 * The zone a team's days are counted in: the team's own (settings), else the site's default where Jira names
 * one, else the asking user's. A site that cannot say (an old or odd Jira refusing `serverInfo`) falls through.
 */
export async function teamTimeZone(ctx: CallContext, settings: Pick<ProjectSettings, 'timeZone'>): Promise<{ zone: string; source: TimeZoneSource }> {
  if (settings.timeZone) return { zone: settings.timeZone, source: 'team' };
  const site = await ctx.platform.backlogCache
    .recall('|site|timeZone', SITE_ZONE_MAX_AGE_MS, () => readSiteTimeZone(ctx.http))
    .catch((error: unknown) => {
      if (error instanceof JiraError) return null;
      throw error;
    });
  if (site) return { zone: site, source: 'site' };
  return { zone: await readTimeZone(ctx), source: 'user' };
}

export function requireRead(access: Access, projectKey: string): void {
  if (!access.read) throw AppFailure.of('NOT_FOUND', 'access.cannotShow', { project: projectKey });
}

export function requirePlan(access: Access): void {
  if (!access.plan) throw access.hint ? AppFailure.of('FORBIDDEN', access.hint.key, access.hint.params) : AppFailure.of('FORBIDDEN', 'access.mayNotPlan');
}

export interface Me {
  accountId: string;
  displayName: string;
}

export async function readMe(http: JiraHttp): Promise<Me> {
  return meOf(await http.get(route`/rest/api/3/myself`));
}

function meOf(raw: unknown): Me {
  const body = (raw ?? {}) as { accountId?: unknown; displayName?: unknown };
  return { accountId: String(body.accountId ?? ''), displayName: typeof body.displayName === 'string' ? body.displayName : '' };
}

/** A project's name and Jira project type ('software', 'business', 'service_desk', ...; null when Jira gives none). */
export async function readProjectHeader(http: JiraHttp, projectKey: string): Promise<{ name: string; typeKey: string | null }> {
  const body = (await http.get(route`/rest/api/3/project/${projectKey}`)) as { name?: unknown; projectTypeKey?: unknown };
  return { name: typeof body.name === 'string' ? body.name : projectKey, typeKey: typeof body.projectTypeKey === 'string' ? body.projectTypeKey : null };
}

export async function readProjectName(http: JiraHttp, projectKey: string): Promise<string> {
  return (await readProjectHeader(http, projectKey)).name;
}

const PROJECT_TYPE_NAMES: Record<string, I18nMessage> = {
  business: message('access.projectType.business'),
  service_desk: message('access.projectType.serviceDesk'),
  product_discovery: message('access.projectType.productDiscovery'),
};

/**
 * What the panel needs that this project lacks, in one line, or null. A team backlog lives in a software
 * project (boards, sprints); the project page is also let through for business projects, where program
 * projects often are, and says so there instead of loading a backlog that cannot be planned.
 */
export function setupNeededFor(projectName: string, typeKey: string | null): I18nMessage | null {
  if (typeKey === null || typeKey === 'software') return null;
  const kind = PROJECT_TYPE_NAMES[typeKey] ?? message('access.projectType.unknown', { type: typeKey.replace(/_/g, ' ') });
  return message('access.setupNeeded', { project: projectName, kind });
}

/**
 * `readOnly`: `readOnlyReason(ctx)`; when set, nobody may plan, configure or administer, whatever Jira allows.
 * `setupNeeded`: the panel's one line for a project that holds no team backlog (setupNeededFor).
 */
export function whoAmIDto(
  me: Me,
  projectKey: string | null,
  projectName: string | null,
  access: Access,
  administer: boolean,
  readOnly: I18nMessage | null,
  setupNeeded: I18nMessage | null = null,
): WhoAmIDto {
  const writable = readOnly === null;
  const english = (m: I18nMessage | null) => (m === null ? null : englishText(m.key, m.params));
  return {
    accountId: me.accountId,
    displayName: me.displayName,
    projectKey,
    projectName,
    can: { read: access.read, plan: writable && access.plan, configure: writable && access.configure, administer: writable && administer },
    hint: english(access.hint),
    hintI18n: access.hint,
    ...readOnlyFields(readOnly),
    setupNeeded: english(setupNeeded),
    setupNeededI18n: setupNeeded,
  };
}

/** A DTO's `readOnly` (English) and `readOnlyI18n` (by key) from `readOnlyReason`. */
export function readOnlyFields(reason: I18nMessage | null): { readOnly: string | null; readOnlyI18n: I18nMessage | null } {
  return { readOnly: reason === null ? null : englishText(reason.key, reason.params), readOnlyI18n: reason };
}

/** Why nothing can be changed in this call whatever the user's permissions, or null. */
export function readOnlyReason(ctx: CallContext): I18nMessage | null {
  if (!ctx.licensed) return message('access.unlicensed');
  if (ctx.platform.readOnly) return message('access.localReadOnly', { what: message('access.localReadOnly.both') });
  return null;
}

/** No writes and no jobs (not even a background load) on a site without an active licence. */
export function requireLicensed(ctx: CallContext): void {
  if (!ctx.licensed) throw AppFailure.of('UNLICENSED', 'access.unlicensed');
}

/** Before any write, to Jira or to the app's storage: licensed, and not a read-only local run. */
export function requireWritable(ctx: CallContext, what: 'Jira' | 'settings'): void {
  requireLicensed(ctx);
  if (ctx.platform.readOnly) throw AppFailure.of('FORBIDDEN', 'access.localReadOnly', { what: message(what === 'Jira' ? 'access.localReadOnly.jira' : 'access.localReadOnly.settings') });
}

/** whoAmI of a project's own UIs (settings page, issue panel): the user, the project, what they may do there. */
export async function projectWhoAmI(ctx: CallContext): Promise<WhoAmIDto> {
  const projectKey = requireProject(ctx);
  const { settings } = await ctx.platform.store.effectiveSettings(projectKey);
  const [me, access] = await Promise.all([readMe(ctx.http), projectAccess(ctx.http, projectKey, settings.editors)]);
  return whoAmIDto(me, projectKey, access.read ? await readProjectName(ctx.http, projectKey) : null, access, false, readOnlyReason(ctx));
}

/** whoAmI of the panel: like projectWhoAmI, from the briefly remembered `/myself` and read access (first open). */
export async function panelWhoAmI(ctx: CallContext): Promise<WhoAmIDto> {
  const projectKey = requireProject(ctx);
  const { settings } = await ctx.platform.store.effectiveSettings(projectKey);
  const [me, access] = await Promise.all([readMeOnce(ctx), readAccess(ctx, projectKey, settings.editors)]);
  const project = access.read ? await readProjectHeader(ctx.http, projectKey) : null;
  return whoAmIDto(me, projectKey, project?.name ?? null, access, false, readOnlyReason(ctx), project ? setupNeededFor(project.name, project.typeKey) : null);
}

/** Refuses, with the panel's one line, a project that holds no team backlog (so no load of it starts). */
export async function requireTeamProject(http: JiraHttp, projectKey: string): Promise<void> {
  const project = await readProjectHeader(http, projectKey);
  const setupNeeded = setupNeededFor(project.name, project.typeKey);
  if (setupNeeded) throw AppFailure.of('NOT_CONFIGURED', setupNeeded.key, setupNeeded.params);
}

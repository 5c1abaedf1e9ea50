import { JiraNotFoundError, JiraValidationError, route, type JiraHttp } from '../jira';
import type { ProjectSettings, WhoAmIDto } from './definitions';
import { AppFailure } from './errors';

/** What the signed-in user may do in a project, as Jira says (never as the UI says). */
export interface Access {
  read: boolean;
  plan: boolean;
  configure: boolean;
  hint: string | null;
}

interface PermissionsBody {
  permissions?: Record<string, { havePermission?: boolean }>;
}

/**
 * Reads the user's project permissions; planning and configuring need ADMINISTER_PROJECTS or membership in
 * a role / group named in the project's settings (roles and groups are only asked for when settings name some).
 */
export async function projectAccess(http: JiraHttp, projectKey: string, editors: ProjectSettings['editors']): Promise<Access> {
  let body: PermissionsBody;
  try {
    body = (await http.get(route`/rest/api/3/mypermissions?projectKey=${projectKey}&permissions=BROWSE_PROJECTS,ADMINISTER_PROJECTS`)) as PermissionsBody;
  } catch (error) {
    // Jira answers 404 for a project the user may not browse.
    if (error instanceof JiraNotFoundError) return { read: false, plan: false, configure: false, hint: `You cannot browse ${projectKey} in Jira.` };
    throw error;
  }
  const has = (key: string) => body.permissions?.[key]?.havePermission === true;
  const read = has('BROWSE_PROJECTS');
  if (!read) return { read: false, plan: false, configure: false, hint: `You cannot browse ${projectKey} in Jira.` };
  const editor = has('ADMINISTER_PROJECTS') || (await inNamedRole(http, projectKey, editors.roles)) || (await inNamedGroup(http, editors.groups));
  const named = [...editors.roles.map((r) => `role "${r}"`), ...editors.groups.map((g) => `group "${g}"`)];
  const hint = editor
    ? null
    : `Only ${projectKey}'s administrators${named.length ? ` and members of ${named.join(', ')}` : ''} can change plans and settings: ask one of them.`;
  return { read, plan: editor, configure: editor, hint };
}

async function inNamedRole(http: JiraHttp, projectKey: string, roles: string[]): Promise<boolean> {
  if (roles.length === 0) return false;
  try {
    const body = await http.get(route`/rest/api/3/project/${projectKey}/roledetails?currentMember=true`);
    const mine = Array.isArray(body) ? body.map((r) => (r as { name?: unknown }).name).filter((n): n is string => typeof n === 'string') : [];
    return mine.some((name) => roles.some((r) => r.toLowerCase() === name.toLowerCase()));
  } catch (error) {
    if (error instanceof JiraNotFoundError || error instanceof JiraValidationError) return false;
    throw error;
  }
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

export function requireRead(access: Access, projectKey: string): void {
  if (!access.read) throw new AppFailure('NOT_FOUND', `You cannot browse ${projectKey} in Jira, so Backlog balance cannot show it.`);
}

export function requirePlan(access: Access): void {
  if (!access.plan) throw new AppFailure('FORBIDDEN', access.hint ?? 'You may not change plans in this project.');
}

export interface Me {
  accountId: string;
  displayName: string;
}

export async function readMe(http: JiraHttp): Promise<Me> {
  const body = (await http.get(route`/rest/api/3/myself`)) as { accountId?: unknown; displayName?: unknown };
  return { accountId: String(body.accountId ?? ''), displayName: typeof body.displayName === 'string' ? body.displayName : '' };
}

export async function readProjectName(http: JiraHttp, projectKey: string): Promise<string> {
  const body = (await http.get(route`/rest/api/3/project/${projectKey}`)) as { name?: unknown };
  return typeof body.name === 'string' ? body.name : projectKey;
}

export function whoAmIDto(me: Me, projectKey: string | null, projectName: string | null, access: Access, administer: boolean): WhoAmIDto {
  return {
    accountId: me.accountId,
    displayName: me.displayName,
    projectKey,
    projectName,
    can: { read: access.read, plan: access.plan, configure: access.configure, administer },
    hint: access.hint,
  };
}

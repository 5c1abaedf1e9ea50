import { AppFailure } from '../contracts/errors';
import { projectAccess, readAccess, requirePlan, requireRead, requireWritable } from '../usecases/access';
import { requireProject, type CallContext } from '../usecases/context';

/**
 * Who may call what, checked before a use case runs. Reads need Browse projects (remembered briefly per user
 * for the panel's first calls); writes need the project's admins or the roles/groups named in Settings,
 * asked of Jira for every call.
 */

/** The panel's reads: the project, once the user may browse it (read access remembered for a minute). */
export async function requireReader(ctx: CallContext): Promise<string> {
  const projectKey = requireProject(ctx);
  const { settings } = await ctx.platform.store.effectiveSettings(projectKey);
  requireRead(await readAccess(ctx, projectKey, settings.editors), projectKey);
  return projectKey;
}

/** Reads that ask Jira afresh (jobs, the settings page, the issue panel). */
export async function requireBrowser(ctx: CallContext): Promise<string> {
  const projectKey = requireProject(ctx);
  const { settings } = await ctx.platform.store.effectiveSettings(projectKey);
  requireRead(await projectAccess(ctx.http, projectKey, settings.editors), projectKey);
  return projectKey;
}

/** Writes to Jira or to the plan: planners only, never on a site without an active licence or in a read-only local run. */
export async function requireWriter(ctx: CallContext): Promise<string> {
  const projectKey = requireProject(ctx);
  requireWritable(ctx, 'Jira');
  const { settings } = await ctx.platform.store.effectiveSettings(projectKey);
  const access = await projectAccess(ctx.http, projectKey, settings.editors);
  requireRead(access, projectKey);
  requirePlan(access);
  return projectKey;
}

/** The settings page's save: project admins (configure) or planners, never unlicensed or in a read-only local run. */
export async function requireConfigurer(ctx: CallContext): Promise<string> {
  const projectKey = requireProject(ctx);
  requireWritable(ctx, 'settings');
  const { settings } = await ctx.platform.store.effectiveSettings(projectKey);
  const access = await projectAccess(ctx.http, projectKey, settings.editors);
  requireRead(access, projectKey);
  if (!access.configure) requirePlan(access);
  return projectKey;
}

/** A write may only name issues of the project the UI was opened in. */
export function requireOwnIssues(projectKey: string, keys: string[], field: string): void {
  keys.forEach((key, i) => {
    if (!key.startsWith(`${projectKey}-`)) throw AppFailure.of('INVALID_INPUT', 'error.notIssueOf', { key, project: projectKey }, `${field}.${i}`);
  });
}

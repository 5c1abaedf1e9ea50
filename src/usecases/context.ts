import type { JiraHttp } from '../jira';
import type { Platform } from '../platform/types';
import { AppFailure } from '../contracts/errors';

/**
 * Who is asking, where, and how to reach Jira as them: built once per resolver call (from the Forge context,
 * never from the payload) and handed to every use case.
 */
export interface CallContext {
  /** The platform of the installation (site) the call came from: its store, its caches, its Jira. */
  platform: Platform;
  accountId: string;
  /** The project the UI was opened in (Forge context); null on the admin page. */
  projectKey: string | null;
  /** The issue of the issue panel; null elsewhere. */
  issueKey: string | null;
  http: JiraHttp;
  /**
   * False when Forge says the site's licence for the app is not active (`context.license.isActive`); true
   * where Forge passes no licence (development and staging installations, or licensing not applicable).
   */
  licensed: boolean;
  /**
   * Writes the call started that need not hold up its answer's compute but must end before it answers (Forge
   * may stop an instance once the call has answered): the resolver awaits them last. Absent: awaited where started.
   */
  finishing?: Promise<unknown>[];
}

/** Lets `write` run beside the rest of the call when the call awaits its `finishing` writes, else awaits it now. */
export async function finishBeforeAnswer(ctx: CallContext, write: Promise<unknown>): Promise<void> {
  if (ctx.finishing) ctx.finishing.push(write);
  else await write;
}

export function requireProject(ctx: CallContext): string {
  if (!ctx.projectKey) throw AppFailure.of('NOT_FOUND', 'error.noProject');
  return ctx.projectKey;
}

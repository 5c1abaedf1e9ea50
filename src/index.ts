/**
 * The Forge entry points named in manifest.yml. Each UI's resolver is the platform-independent factory from
 * src/resolvers bound to the Forge host (one per function instance, serving every installation Forge sends
 * here); the queue consumer runs the long writes in the installation that queued them.
 */
import type { AsyncEvent } from '@forge/events';
import { runJob } from './jobs/run-job';
import { createForgeHost } from './platform/forge';
import type { JobMessage } from './platform/types';
import { createAdminResolver, createIssuePanelResolver, createPanelResolver, createSettingsResolver } from './resolvers';

const host = createForgeHost();

export const panelHandler = createPanelResolver(host).getDefinitions();
export const settingsHandler = createSettingsResolver(host).getDefinitions();
export const adminHandler = createAdminResolver(host).getDefinitions();
export const issuePanelHandler = createIssuePanelResolver(host).getDefinitions();

const JOB_KINDS = new Set(['commitFill', 'trimTail', 'rerank', 'load']);

/** What Forge passes a consumer besides the event: the installation the event was pushed in. */
export interface ConsumerContext {
  installContext?: string;
}

/** Queue consumer (`long-writes-consumer`): the event body is a JobMessage pushed by a resolver. */
export async function longWritesHandler(event: AsyncEvent, context?: ConsumerContext): Promise<void> {
  const body = event.body as Partial<JobMessage>;
  if (typeof body.jobId !== 'string' || typeof body.kind !== 'string' || !JOB_KINDS.has(body.kind)) return;
  if (typeof body.projectKey !== 'string' || typeof body.accountId !== 'string') return;
  // The job record lives in that installation's storage: without it there is nothing to run.
  if (typeof context?.installContext !== 'string') return;
  await runJob(host.forSite(context.installContext), body as JobMessage);
}

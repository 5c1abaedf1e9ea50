/**
 * The Forge entry points named in manifest.yml. Each UI's resolver is the platform-independent factory from
 * src/resolvers bound to the Forge platform; the queue consumer runs the long writes.
 */
import type { AsyncEvent } from '@forge/events';
import { runJob } from './jobs/run-job';
import { createForgePlatform } from './platform/forge';
import type { JobMessage } from './platform/types';
import { createAdminResolver, createIssuePanelResolver, createPanelResolver, createSettingsResolver } from './resolvers';

const platform = createForgePlatform();

export const panelHandler = createPanelResolver(platform).getDefinitions();
export const settingsHandler = createSettingsResolver(platform).getDefinitions();
export const adminHandler = createAdminResolver(platform).getDefinitions();
export const issuePanelHandler = createIssuePanelResolver(platform).getDefinitions();

const JOB_KINDS = new Set(['commitFill', 'trimTail', 'rerank', 'load']);

/** Queue consumer (`long-writes-consumer`): the event body is a JobMessage pushed by a resolver. */
export async function longWritesHandler(event: AsyncEvent): Promise<void> {
  const body = event.body as Partial<JobMessage>;
  if (typeof body.jobId !== 'string' || typeof body.kind !== 'string' || !JOB_KINDS.has(body.kind)) return;
  if (typeof body.projectKey !== 'string' || typeof body.accountId !== 'string') return;
  await runJob(platform, body as JobMessage);
}

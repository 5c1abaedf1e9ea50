/**
 * The Forge entry points named in manifest.yml. Each UI's resolver is the platform-independent factory from
 * src/resolvers bound to the Forge host (one per function instance, serving every installation Forge sends
 * here); the queue consumer runs the long writes in the installation that queued them. Forge hands every
 * function the site's licence: without an active one the background writes and queues nothing, as the
 * resolvers refuse every write; only the personal data reporting runs whatever the licence.
 */
import { privacy } from '@forge/api';
import type { AsyncEvent } from '@forge/events';
import { runJob } from './jobs/run-job';
import { createForgeHost } from './platform/forge';
import { isLicenceActive } from './platform/licence';
import type { JobMessage } from './platform/types';
import { createAdminResolver, createGadgetResolver, createIssuePanelResolver, createPanelResolver, createSettingsResolver } from './resolvers';
import { reportAndErasePersonalData } from './jobs/personal-data';
import { onIssueUpdated, queueNightlyFieldSyncs, runFieldSync, type IssueUpdatedEvent } from './jobs/field-sync';

const host = createForgeHost();

export const panelHandler = createPanelResolver(host).getDefinitions();
export const settingsHandler = createSettingsResolver(host).getDefinitions();
export const adminHandler = createAdminResolver(host).getDefinitions();
export const issuePanelHandler = createIssuePanelResolver(host).getDefinitions();
export const gadgetHandler = createGadgetResolver(host).getDefinitions();

const JOB_KINDS = new Set(['commitFill', 'trimTail', 'rerank', 'load']);

/** What Forge passes a trigger or consumer besides the event: the installation, and the site's licence where licensing applies. */
export interface ConsumerContext {
  installContext?: string;
  /** `{ isActive, ... }` as of this invocation (it may have lapsed since the work was queued); absent: licensed. */
  license?: unknown;
}

/** How often the log repeats that a lapsed site's background work is skipped (per site and kind of work). */
export const SKIP_LOG_INTERVAL_MS = 60 * 60 * 1000;
/** When each site's skips were last logged, by kind of work; a site seen licensed again is forgotten. */
const skipsLogged = new Map<string, Map<string, number>>();

/**
 * Whether background work may run for the installation now (the resolvers' licence rule). When not, it says
 * why in the app's log (the function has no user to tell; the panel already shows the site read-only).
 */
function licensedNow(context: ConsumerContext | undefined, installContext: string, work: string): boolean {
  if (isLicenceActive(context?.license)) {
    skipsLogged.delete(installContext);
    return true;
  }
  // A lapsed busy site fires the issue-updated trigger for every edit: one line per kind of work an hour says it.
  const logged = skipsLogged.get(installContext) ?? new Map<string, number>();
  const now = Date.now();
  const last = logged.get(work);
  if (last !== undefined && now - last < SKIP_LOG_INTERVAL_MS) return false;
  skipsLogged.set(installContext, logged.set(work, now));
  console.warn(`Backlog Balance: ${work} skipped for ${installContext}: the app has no active licence on this site, so nothing is written or queued until it is licensed again.`);
  return false;
}

/** Queue consumer (`long-writes-consumer`): the event body is a JobMessage pushed by a resolver. */
export async function longWritesHandler(event: AsyncEvent, context?: ConsumerContext): Promise<void> {
  const body = event.body as Partial<JobMessage>;
  if (typeof body.jobId !== 'string' || typeof body.kind !== 'string' || !JOB_KINDS.has(body.kind)) return;
  if (typeof body.projectKey !== 'string' || typeof body.accountId !== 'string') return;
  // The job record lives in that installation's storage: without it there is nothing to run. Forge names the
  // installation in the consumer's context; the resolver that queued the job wrote it into the message too.
  const installContext = context?.installContext ?? body.installContext;
  if (typeof installContext !== 'string' || installContext === '') return;
  // A job queued while licensed and delivered after the licence lapsed is failed with a reason the PO sees.
  await runJob(host.forSite(installContext), body as JobMessage, { licensed: isLicenceActive(context?.license) });
}

/** What Forge passes a scheduled trigger: the installation in the context, and (in the event) the site's cloud id. */
export interface TriggerEvent {
  context?: { cloudId?: string };
}

/**
 * Scheduled trigger (`personal-data-report`, daily): reports the account ids this installation stores with
 * Forge's personal data reporting and erases what it keeps about the accounts Atlassian says are closed. It
 * runs on an unlicensed site too: a privacy duty towards the people whose ids the app keeps, not a feature.
 */
export async function personalDataHandler(event: TriggerEvent | undefined, context?: ConsumerContext): Promise<void> {
  const cloudId = event?.context?.cloudId;
  const installContext = context?.installContext ?? (typeof cloudId === 'string' && cloudId !== '' ? `ari:cloud:jira::site/${cloudId}` : undefined);
  if (installContext === undefined) return;
  await reportAndErasePersonalData(host.forSite(installContext), (accounts) => privacy.reportPersonalData(accounts));
}

/** The installation a trigger or consumer runs for: Forge's context, else the event's cloud id, else the event body's. */
function installationOf(context: ConsumerContext | undefined, event: TriggerEvent | undefined, fromBody?: unknown): string | undefined {
  if (typeof context?.installContext === 'string' && context.installContext !== '') return context.installContext;
  const cloudId = event?.context?.cloudId;
  if (typeof cloudId === 'string' && cloudId !== '') return `ari:cloud:jira::site/${cloudId}`;
  return typeof fromBody === 'string' && fromBody !== '' ? fromBody : undefined;
}

/** Queue consumer (`field-sync-consumer`): syncs one project's WSJF and Readiness fields (body: projectKey, installContext). */
export async function fieldSyncHandler(event: AsyncEvent, context?: ConsumerContext): Promise<void> {
  const body = event.body as { projectKey?: unknown; installContext?: unknown };
  const installContext = installationOf(context, undefined, body.installContext);
  if (typeof body.projectKey !== 'string' || installContext === undefined) return;
  // Queued while licensed, delivered after the licence lapsed: nothing is read or written (the nightly run catches up).
  if (!licensedNow(context, installContext, `field sync of ${body.projectKey}`)) return;
  await runFieldSync(host.forSite(installContext), body.projectKey);
}

/** Product event trigger (`issue-updated-fields`, `avi:jira:updated:issue`): queues the issue's project's field sync, debounced. */
export async function issueUpdatedHandler(event: (IssueUpdatedEvent & TriggerEvent) | undefined, context?: ConsumerContext): Promise<void> {
  const installContext = installationOf(context, event);
  if (installContext === undefined || !licensedNow(context, installContext, 'field sync after a Jira edit')) return;
  await onIssueUpdated(host.forSite(installContext), event);
}

/** Scheduled trigger (`field-sync-nightly`, daily): queues a field sync of every project this installation keeps fields for. */
export async function fieldSyncNightlyHandler(event: TriggerEvent | undefined, context?: ConsumerContext): Promise<void> {
  const installContext = installationOf(context, event);
  if (installContext === undefined || !licensedNow(context, installContext, 'nightly field sync')) return;
  await queueNightlyFieldSyncs(host.forSite(installContext));
}

/**
 * Keeps the app's two Jira fields, WSJF and Readiness, equal to what the panel shows, so Jira users can search
 * and sort by them (`"WSJF" > 5 ORDER BY "WSJF" DESC`, `Readiness = "Ready"`). A sync reads the team's backlog
 * as the project's last planner (the account in the project's field-sync record), computes each item's values
 * as the Backlog tab does, reads what the fields hold and writes only what differs, as the app (only it may set
 * its fields). It runs in the background: after changes made in the panel or settings, after issues are edited
 * in Jira (a trigger, debounced), and nightly for every project to catch up what an event missed.
 */

import { changedValues, checkReady, publishedWsjf, readinessText, type PublishedValues } from '../domain';
import { APP_FIELD_MODULES, createJiraHttp, findAppFields, JiraNotFoundError, JiraPermissionError, listFields, readPublishedValues, writePublishedValues, type JiraFieldInfo, type PublishedIssue } from '../jira';
import type { Platform } from '../platform/types';
import { ERASED_ACCOUNT, readFieldSync, writeFieldSync, type FieldSyncProblem, type FieldSyncRecord, type FieldSyncRun } from '../storage';
import type { FieldSyncDto, I18nMessage } from '../contracts';
import { failureOf } from './failures';
import type { CallContext } from './context';
import { loadTeamData, type TeamData } from './team-data';

/** After a change in the panel: soon, so scoring several items in a row is written in one sync. */
export const PANEL_SYNC_DELAY_S = 10;
/** After an issue event: edits in Jira come in bursts (a form saved field by field, a bulk change). */
export const ISSUE_EVENT_SYNC_DELAY_S = 30;
/** A sync queued but not started after its delay and this long is taken for lost: the next request queues again. */
const PENDING_GRACE_MS = 5 * 60_000;

export interface FieldSyncRequest {
  /** The user who changed something (their read is the one the sync computes from); absent for Jira's events. */
  accountId?: string;
  delaySeconds: number;
}

/**
 * Queues a sync of the project's fields unless one is already queued (the change joins it). A Jira event for a
 * project nobody changed anything for in the app queues nothing: the app keeps fields only where it is used.
 * Answers whether a sync was queued.
 */
export async function requestFieldSync(platform: Platform, projectKey: string, request: FieldSyncRequest): Promise<boolean> {
  // Without the app's own identity nothing could be written (Settings says so): nothing is recorded or queued.
  if (!platform.jiraAsApp) return false;
  const now = platform.now();
  const known = await readFieldSync(platform.store.kv, projectKey);
  const accountId = request.accountId ?? (known && known.accountId !== ERASED_ACCOUNT ? known.accountId : undefined);
  if (accountId === undefined) return false;
  const record: FieldSyncRecord = {
    ...known,
    accountId,
    updatedAt: request.accountId !== undefined || !known ? now.toISOString() : known.updatedAt,
  };
  const pending = known?.pendingUntil ? Date.parse(known.pendingUntil) > now.getTime() : false;
  if (pending) {
    if (record.accountId !== known?.accountId) await writeFieldSync(platform.store.kv, projectKey, record);
    return false;
  }
  record.pendingUntil = new Date(now.getTime() + request.delaySeconds * 1000 + PENDING_GRACE_MS).toISOString();
  await writeFieldSync(platform.store.kv, projectKey, record);
  await platform.fieldSyncQueue.enqueue(projectKey, request.delaySeconds);
  return true;
}

/** After a team's write in the panel: requested for the user who made it; a failure here never fails their write. */
export async function requestFieldSyncAfterWrite(ctx: CallContext, projectKey: string): Promise<void> {
  await requestFieldSync(ctx.platform, projectKey, { accountId: ctx.accountId, delaySeconds: PANEL_SYNC_DELAY_S }).catch(() => undefined);
}

/** Each backlog item's values as the Backlog tab shows them: WSJF to two decimals, readiness by the team's Definition of Ready. */
export function desiredValues(data: TeamData): Map<string, PublishedValues> {
  const values = new Map<string, PublishedValues>();
  for (const item of data.items) {
    const gaps = checkReady(item, data.readyPolicy, data.iterationCapacity).gaps;
    values.set(item.key, { wsjf: publishedWsjf(item.wsjf), readiness: readinessText(gaps) });
  }
  return values;
}

/**
 * Brings the project's fields in Jira to the panel's values, writing only what differs. Never throws for what a
 * PO has to act on: the outcome is recorded (and shown in Settings) and the nightly run tries again.
 */
export async function syncPublishedFields(platform: Platform, projectKey: string): Promise<FieldSyncRun | null> {
  const record = await readFieldSync(platform.store.kv, projectKey);
  if (!record || record.accountId === ERASED_ACCOUNT) return null;
  // From here on a new change queues a new sync: it may have come after this one read the backlog.
  await writeFieldSync(platform.store.kv, projectKey, { ...record, pendingUntil: null });
  const run = await computeAndWrite(platform, projectKey, record.accountId);
  const latest = (await readFieldSync(platform.store.kv, projectKey)) ?? record;
  await writeFieldSync(platform.store.kv, projectKey, { ...latest, last: run });
  return run;
}

async function computeAndWrite(platform: Platform, projectKey: string, accountId: string): Promise<FieldSyncRun> {
  const at = () => platform.now().toISOString();
  const failed = (problem: FieldSyncProblem, detail?: string, detailI18n?: I18nMessage): FieldSyncRun => ({ at: at(), written: 0, problem, ...(detail ? { detail } : {}), ...(detailI18n ? { detailI18n } : {}) });
  if (!platform.jiraAsApp) return failed('noAppIdentity');
  const retry = platform.jobRetry ?? platform.retry;
  // Read as that planner, as their own panel reads (their permissions, their snapshot); nothing read is shown to anyone.
  const http = createJiraHttp(platform.jiraImpersonating(accountId), { retry, limiter: platform.jiraLimits?.for(accountId) });
  // Licensed: the consumer runs a sync only while Forge says the site's licence is active (src/index.ts).
  const ctx: CallContext = { platform, accountId, projectKey, issueKey: null, http, licensed: true };
  try {
    const data = await loadTeamData(ctx, projectKey, undefined);
    const ids = findAppFields(await listFields(http));
    if (!ids) return failed('notCreated');
    const desired = desiredValues(data);
    const issueIds = new Map<string, number>();
    const issues: PublishedIssue[] = [];
    for (const key of desired.keys()) {
      const id = data.backlog.issueIds[key];
      if (id === undefined) continue;
      issueIds.set(key, id);
      issues.push({ id, key });
    }
    const current = await readPublishedValues(http, issues, ids);
    const changes = changedValues(desired, current);
    const written = await writePublishedValues(createJiraHttp(platform.jiraAsApp(), { retry }), ids, changes, issueIds);
    return { at: at(), written, problem: null };
  } catch (error) {
    if (error instanceof JiraNotFoundError && error.path?.includes('/app/field/value')) return failed('notCreated');
    if (error instanceof JiraPermissionError && error.path?.includes('/app/field/value')) return failed('forbidden', error.jiraText || undefined);
    // Said as the UI would say it (by key, in the reader's language); Jira's own words stay inside as written.
    const said = failureOf(error);
    return failed('failed', said.message, said.i18n);
  }
}

/** What Settings tells the PO about the project's fields in Jira: whether they are kept, and what to do when not. */
export async function fieldSyncStatus(platform: Platform, projectKey: string): Promise<FieldSyncDto> {
  if (!platform.jiraAsApp) return { state: 'noAppIdentity', at: null, written: 0 };
  const last = (await readFieldSync(platform.store.kv, projectKey))?.last;
  if (!last) return { state: 'never', at: null, written: 0 };
  return { state: last.problem ?? 'ok', at: last.at, written: last.written, ...(last.detail ? { detail: last.detail } : {}), ...(last.detailI18n ? { detailI18n: last.detailI18n } : {}) };
}

/** One of the app's own fields (by the module key in its extension key): never offered as a field to map. */
export function isAppField(field: Pick<JiraFieldInfo, 'schemaCustom'>): boolean {
  const custom = field.schemaCustom ?? '';
  return custom.startsWith('ari:cloud:ecosystem::extension/') && Object.values(APP_FIELD_MODULES).some((m) => custom.endsWith(`/static/${m}`));
}

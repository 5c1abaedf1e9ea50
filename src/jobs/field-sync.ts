/**
 * The background side of the app's WSJF and Readiness fields: the queue consumer that runs a project's sync,
 * the issue-updated trigger that queues one (debounced), and the nightly catch-up over every project.
 */

import type { Platform } from '../platform/types';
import { fieldSyncProjects, type FieldSyncRun } from '../storage';
import { ISSUE_EVENT_SYNC_DELAY_S, requestFieldSync, syncPublishedFields } from '../usecases/published-fields';

/** The queue consumer's work: one project's sync. */
export async function runFieldSync(platform: Platform, projectKey: string): Promise<FieldSyncRun | null> {
  return syncPublishedFields(platform, projectKey);
}

/** The part of Jira's `avi:jira:updated:issue` event the trigger reads. */
export interface IssueUpdatedEvent {
  issue?: { key?: unknown; fields?: { project?: { key?: unknown } } };
}

const PROJECT_KEY = /^[A-Z][A-Z0-9_]{0,49}$/;

/** The project of the issue an event names (its project field, else its key's prefix); null when it names none. */
export function projectOfEvent(event: IssueUpdatedEvent | undefined): string | null {
  const fromField = event?.issue?.fields?.project?.key;
  if (typeof fromField === 'string' && PROJECT_KEY.test(fromField)) return fromField;
  const key = event?.issue?.key;
  if (typeof key !== 'string') return null;
  const prefix = key.slice(0, key.lastIndexOf('-'));
  return PROJECT_KEY.test(prefix) ? prefix : null;
}

/**
 * An issue was edited in Jira (a WSJF component, an estimate, a readiness input...): its project's fields are
 * synced after `ISSUE_EVENT_SYNC_DELAY_S`, once for a burst of edits. Answers whether a sync was queued.
 */
export async function onIssueUpdated(platform: Platform, event: IssueUpdatedEvent | undefined): Promise<boolean> {
  const projectKey = projectOfEvent(event);
  if (projectKey === null) return false;
  return requestFieldSync(platform, projectKey, { delaySeconds: ISSUE_EVENT_SYNC_DELAY_S });
}

/** Nightly: a sync of every project the app keeps fields for, each in its own consumer run. Answers the projects. */
export async function queueNightlyFieldSyncs(platform: Platform): Promise<string[]> {
  const projects = await fieldSyncProjects(platform.store.kv);
  for (const projectKey of projects) await platform.fieldSyncQueue.enqueue(projectKey, 0);
  return projects;
}

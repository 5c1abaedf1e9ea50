import { StorageKeyError, type KeyValueStore } from './port';
import { PROJECT_KEY } from './settings';
import type { I18nMessage } from '../contracts';

/**
 * Per project, how the app keeps its WSJF and Readiness fields in Jira: whose view of the backlog the values are
 * computed from, whether a sync is already queued (edits arriving meanwhile join it) and how the last one went.
 * Key layout: `proj:<KEY>:field-sync`, and `site:field-sync-projects` listing the projects that have one (the
 * nightly catch-up's list, so it never scans the store).
 */
export interface FieldSyncRecord {
  /**
   * The account whose read the values come from: the last user who changed something in the panel or the
   * settings (a planner, who sees the team's backlog); the sync reads Jira as them, as their own panel does.
   */
  accountId: string;
  /** When `accountId` was last set (for Forge's personal data reporting). */
  updatedAt: string;
  /** A sync is queued to run before this time (ISO); null or absent: none. */
  pendingUntil?: string | null;
  last?: FieldSyncRun;
}

/** What kept the last sync from writing: see `FieldSyncDto` in the contract for what the PO is told. */
export type FieldSyncProblem = 'noAppIdentity' | 'notCreated' | 'forbidden' | 'failed';

export interface FieldSyncRun {
  at: string;
  /** Values written (only changed ones are). */
  written: number;
  problem: FieldSyncProblem | null;
  /** Jira's or the app's own words for a `failed` sync. */
  detail?: string;
  /** `detail` by catalog key when it is in the app's words (stored so a PO reads it in their own language later). */
  detailI18n?: I18nMessage;
}

const INDEX_KEY = 'site:field-sync-projects';

function recordKey(projectKey: string): string {
  if (!PROJECT_KEY.test(projectKey)) throw new StorageKeyError(`Invalid project key ${JSON.stringify(projectKey.slice(0, 40))}`);
  return `proj:${projectKey}:field-sync`;
}

export async function readFieldSync(kv: KeyValueStore, projectKey: string): Promise<FieldSyncRecord | undefined> {
  const value = await kv.get<FieldSyncRecord>(recordKey(projectKey));
  return value && typeof value.accountId === 'string' ? value : undefined;
}

export async function writeFieldSync(kv: KeyValueStore, projectKey: string, record: FieldSyncRecord): Promise<void> {
  await kv.set(recordKey(projectKey), record);
  const known = await fieldSyncProjects(kv);
  if (!known.includes(projectKey)) await kv.set(INDEX_KEY, [...known, projectKey].sort());
}

/** The projects whose fields the app keeps (the nightly catch-up syncs each). */
export async function fieldSyncProjects(kv: KeyValueStore): Promise<string[]> {
  const value = await kv.get<unknown>(INDEX_KEY);
  return Array.isArray(value) ? value.filter((k): k is string => typeof k === 'string' && PROJECT_KEY.test(k)) : [];
}

/**
 * The tail: label items that are no longer relevant, and (only after the PO confirms) trim them by
 * moving them to a Done-category status such as "Won't Do". Nothing is ever deleted.
 */

import { JiraError } from '../errors';
import type { JiraHttp } from '../http';
import { asArray, asRecord, asString, stringAt } from '../json';
import { assertIssueKey, assertLabel } from '../jql';
import { route } from '../route';
import { DROPPED_STATUS_NAMES, normalizeStatusName } from '../statuses';
import { writeEach, type WriteOutcome } from './outcome';

export const TAIL_LABEL = 'backlog-tail';

/** Status names that mean "dropped", tried in this order; plain "Done" is never used (it would count as delivered). */
export const DEFAULT_TRIM_STATUSES = DROPPED_STATUS_NAMES;

export async function labelAsTail(http: JiraHttp, keys: readonly string[], label: string = TAIL_LABEL): Promise<WriteOutcome> {
  keys.forEach(assertIssueKey);
  assertLabel(label);
  return writeEach([...new Set(keys)], async (key) => {
    await http.put(route`/rest/api/3/issue/${key}`, { update: { labels: [{ add: label }] } });
  });
}

export async function removeTailLabel(http: JiraHttp, keys: readonly string[], label: string = TAIL_LABEL): Promise<WriteOutcome> {
  keys.forEach(assertIssueKey);
  assertLabel(label);
  return writeEach([...new Set(keys)], async (key) => {
    await http.put(route`/rest/api/3/issue/${key}`, { update: { labels: [{ remove: label }] } });
  });
}

export class NoTrimTransitionError extends JiraError {}

interface Transition {
  id: string;
  name: string;
  toName: string;
  toCategory: string | null;
}

/** Pure: the transition to use for trimming, or null. Only Done-category targets with a "dropped" name qualify. */
export function chooseTrimTransition(transitions: readonly Transition[], statusNames: readonly string[]): Transition | null {
  const doneOnes = transitions.filter((t) => t.toCategory === 'done');
  for (const wanted of statusNames.map(normalizeStatusName)) {
    const found = doneOnes.find((t) => normalizeStatusName(t.toName) === wanted || normalizeStatusName(t.name) === wanted);
    if (found) return found;
  }
  return null;
}

function readTransitions(body: unknown): Transition[] {
  return asArray(asRecord(body)?.transitions).flatMap((raw) => {
    const t = asRecord(raw);
    const id = asString(t?.id);
    if (!t || !id) return [];
    const to = asRecord(t.to);
    return [{ id, name: asString(t.name) ?? '', toName: stringAt(to, 'name') ?? '', toCategory: stringAt(asRecord(to?.statusCategory), 'key') }];
  });
}

export interface TrimOptions {
  /** Target status names in order of preference (default `DEFAULT_TRIM_STATUSES`). */
  statusNames?: readonly string[];
  /** Read each issue's status first and send nothing for one already closed (resuming after a lost answer). */
  checkFirst?: boolean;
}

/** The issue's status when it already is a Done-category "dropped" status, else null. */
async function droppedStatusOf(http: JiraHttp, key: string, statusNames: readonly string[]): Promise<string | null> {
  const status = asRecord(asRecord(asRecord(await http.get(route`/rest/api/3/issue/${key}?fields=status`))?.fields)?.status);
  const name = stringAt(status, 'name');
  const category = stringAt(asRecord(status?.statusCategory), 'key');
  return category === 'done' && name !== null && statusNames.map(normalizeStatusName).includes(normalizeStatusName(name)) ? name : null;
}

export interface DroppedClose {
  /** The Done-category status the issue is in now. */
  status: string;
  /** True when this call moved it there; false when an earlier attempt already had. */
  closedNow: boolean;
}

/**
 * Moves one issue to a "dropped" Done-category status (never plain "Done", never a delete). Resumable: an
 * issue already in such a status counts as closed, since workflows rarely offer "Won't Do" -> "Won't Do".
 */
export async function closeAsDropped(http: JiraHttp, key: string, statusNames: readonly string[] = DEFAULT_TRIM_STATUSES): Promise<DroppedClose> {
  assertIssueKey(key);
  const transitions = readTransitions(await http.get(route`/rest/api/3/issue/${key}/transitions`));
  const chosen = chooseTrimTransition(transitions, statusNames);
  if (!chosen) {
    const already = await droppedStatusOf(http, key, statusNames);
    if (already !== null) return { status: already, closedNow: false };
    throw new NoTrimTransitionError(
      `${key} has no transition to a closing status like "${statusNames[0] ?? "Won't Do"}" from its current status: ` +
        'add one to the workflow or choose the status in Settings.',
    );
  }
  await http.post(route`/rest/api/3/issue/${key}/transitions`, { transition: { id: chosen.id } });
  return { status: chosen.toName || chosen.name, closedNow: true };
}

/** Transitions each issue to a "dropped" Done-category status. Call only after the PO confirmed the list. */
export async function trimTail(http: JiraHttp, keys: readonly string[], options: TrimOptions = {}): Promise<WriteOutcome> {
  keys.forEach(assertIssueKey);
  const statusNames = options.statusNames ?? DEFAULT_TRIM_STATUSES;
  return writeEach([...new Set(keys)], async (key) => {
    if (options.checkFirst && (await droppedStatusOf(http, key, statusNames)) !== null) return;
    await closeAsDropped(http, key, statusNames);
  });
}

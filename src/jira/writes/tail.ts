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
}

async function isAlreadyTrimmed(http: JiraHttp, key: string, statusNames: readonly string[]): Promise<boolean> {
  const status = asRecord(asRecord(asRecord(await http.get(route`/rest/api/3/issue/${key}?fields=status`))?.fields)?.status);
  const name = stringAt(status, 'name');
  const category = stringAt(asRecord(status?.statusCategory), 'key');
  return category === 'done' && name !== null && statusNames.map(normalizeStatusName).includes(normalizeStatusName(name));
}

/** Transitions each issue to a "dropped" Done-category status. Call only after the PO confirmed the list. */
export async function trimTail(http: JiraHttp, keys: readonly string[], options: TrimOptions = {}): Promise<WriteOutcome> {
  keys.forEach(assertIssueKey);
  const statusNames = options.statusNames ?? DEFAULT_TRIM_STATUSES;
  return writeEach([...new Set(keys)], async (key) => {
    const transitions = readTransitions(await http.get(route`/rest/api/3/issue/${key}/transitions`));
    const chosen = chooseTrimTransition(transitions, statusNames);
    if (!chosen) {
      // An earlier trim whose answer was lost already closed it (workflows rarely offer "Won't Do" -> "Won't Do"):
      // running the trim again must count it as trimmed, not fail on it.
      if (await isAlreadyTrimmed(http, key, statusNames)) return;
      throw new NoTrimTransitionError(
        `${key} has no transition to a closing status like "${statusNames[0] ?? "Won't Do"}" from its current status: ` +
          'add one to the workflow or choose the status in Settings.',
      );
    }
    await http.post(route`/rest/api/3/issue/${key}/transitions`, { transition: { id: chosen.id } });
  });
}

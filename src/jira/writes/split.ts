/**
 * Splitting an item into new stories in the same project, with the same parent, points that sum to the
 * original's, and a link back to the original. Resumable: each new story carries a label derived from the
 * split id and its part number, and a retry looks those up first, so no story is created twice.
 * Once every part exists and is linked, the original is labelled `bb-split-source` and closed through a
 * "dropped" Done-category status (as a tail trim does), never deleted: left open with its estimate it would
 * stay a split candidate and its points would count twice, beside its parts'.
 */

import { InvalidWriteError, JiraError } from '../errors';
import type { JiraHttp } from '../http';
import { asArray, asNumber, asRecord, asString, stringAt } from '../json';
import { assertIssueKey, jql, jqlProjectIn, projectOfIssueKey } from '../jql';
import { route } from '../route';
import { searchAllIssues } from '../search';
import type { FieldMap } from '../types';
import { reasonOf, stopsTheWrite } from './outcome';
import { closeAsDropped, DEFAULT_TRIM_STATUSES } from './tail';
import { ref } from '../../domain/errors';

export interface SplitPart {
  summary: string;
  points: number;
}

export interface SplitRequest {
  originalKey: string;
  /** Stable id of this split (lowercase letters, digits, dashes); reuse it to resume. */
  splitId: string;
  parts: SplitPart[];
  /** Issue type of the new stories; default: the original's type. */
  issueTypeName?: string;
  /** "Dropped" status names to close the original with, in order of preference (default: the trim's). */
  closeStatusNames?: readonly string[];
}

export interface SplitPartResult {
  index: number;
  summary: string;
  points: number;
  /** The story's key, or null when it could not be created. */
  key: string | null;
  /** True when this call created it; false when an earlier attempt already had. */
  createdNow: boolean;
  linked: boolean;
  reason: string | null;
}

export interface SplitOutcome {
  originalKey: string;
  splitId: string;
  parts: SplitPartResult[];
  original: SplitOriginalResult;
  /** Every part exists and is linked to the original, and the original is closed. */
  complete: boolean;
}

/** What happened to the original: it is closed only after every part exists and is linked. */
export interface SplitOriginalResult {
  /** It carries `SPLIT_SOURCE_LABEL`. */
  labelled: boolean;
  /** The Done-category status it is in once closed, else null. */
  closedAs: string | null;
  /** True when this call closed it; false when it was still open or an earlier attempt had closed it. */
  closedNow: boolean;
  reason: string | null;
}

/** Marks an original that was split into linked parts (and closed for it). */
export const SPLIT_SOURCE_LABEL = 'bb-split-source';

const SPLIT_ID = /^[a-z0-9][a-z0-9-]{0,39}$/;
const POINTS_TOLERANCE = 1e-9;

/** The label that marks part `index` (0-based) of a split. */
export function splitPartLabel(splitId: string, index: number): string {
  return `bb-split-${splitId}-${index + 1}`;
}

export function validateSplit(request: SplitRequest, originalPoints: number | null): void {
  if (!SPLIT_ID.test(request.splitId)) throw new InvalidWriteError('The split id must be lowercase letters, digits and dashes.', ref('jira.write.splitId'));
  if (request.parts.length < 2) throw new InvalidWriteError('A split needs at least two new stories.', ref('jira.write.splitTwo'));
  for (const part of request.parts) {
    const summary = part.summary.trim();
    if (summary === '' || summary.length > 255) throw new InvalidWriteError('Each new story needs a summary of 1 to 255 characters.', ref('jira.write.splitSummary'));
    if (!Number.isFinite(part.points) || part.points <= 0) throw new InvalidWriteError('Each new story needs points above 0.', ref('jira.write.splitPoints'));
  }
  if (originalPoints === null) {
    throw new InvalidWriteError(`${request.originalKey} has no estimate: estimate it before splitting so the parts can sum up.`, ref('jira.write.splitNoEstimate', { key: request.originalKey }));
  }
  const sum = request.parts.reduce((total, part) => total + part.points, 0);
  if (Math.abs(sum - originalPoints) > POINTS_TOLERANCE) {
    throw new InvalidWriteError(`The new stories add up to ${sum} points but ${request.originalKey} has ${originalPoints}: make them sum up.`, ref('jira.write.splitSum', { sum, key: request.originalKey, points: originalPoints }));
  }
}

interface Original {
  key: string;
  projectKey: string;
  issueType: string;
  parentKey: string | null;
  points: number | null;
  labels: string[];
  linkedKeys: Set<string>;
}

async function readOriginal(http: JiraHttp, key: string, fieldMap: FieldMap): Promise<Original> {
  const fieldList = ['issuetype', 'parent', 'issuelinks', 'labels', fieldMap.storyPoints].join(',');
  const issue = asRecord(await http.get(route`/rest/api/3/issue/${key}?fields=${fieldList}`));
  const fields = asRecord(issue?.fields);
  const linkedKeys = new Set<string>();
  for (const raw of asArray(fields?.issuelinks)) {
    const link = asRecord(raw);
    for (const side of [link?.inwardIssue, link?.outwardIssue]) {
      const linked = stringAt(asRecord(side), 'key');
      if (linked) linkedKeys.add(linked);
    }
  }
  return {
    key,
    projectKey: projectOfIssueKey(key),
    issueType: stringAt(asRecord(fields?.issuetype), 'name') ?? 'Story',
    parentKey: stringAt(asRecord(fields?.parent), 'key'),
    points: asNumber(fields?.[fieldMap.storyPoints]),
    labels: asArray(fields?.labels).map(asString).filter((l): l is string => l !== null),
    linkedKeys,
  };
}

/** Keys of parts an earlier attempt created, by part index. */
async function findExistingParts(http: JiraHttp, original: Original, request: SplitRequest): Promise<Map<number, string>> {
  const labels = request.parts.map((_, i) => splitPartLabel(request.splitId, i));
  const labelClause = `labels in (${labels.map((l) => `"${l}"`).join(', ')})`;
  const issues = await searchAllIssues(http, { where: jql([jqlProjectIn([original.projectKey]), labelClause]), fields: ['labels'] });
  const found = new Map<number, string>();
  for (const issue of issues) {
    const issueLabels = asArray(asRecord(issue.fields)?.labels);
    labels.forEach((label, index) => {
      if (issueLabels.includes(label) && !found.has(index)) found.set(index, issue.key);
    });
  }
  return found;
}

async function chooseLinkType(http: JiraHttp): Promise<string> {
  const types = asArray(asRecord(await http.get(route`/rest/api/3/issueLinkType`))?.issueLinkTypes)
    .map((t) => asString(asRecord(t)?.name))
    .filter((n): n is string => n !== null);
  const chosen = types.find((n) => /split/i.test(n)) ?? types.find((n) => /^relates$/i.test(n));
  if (!chosen) throw new InvalidWriteError('Jira has neither a "Split" nor a "Relates" link type: add one so split stories can be linked.', ref('jira.write.splitLinkType'));
  return chosen;
}

export async function splitIssue(http: JiraHttp, fieldMap: FieldMap, request: SplitRequest): Promise<SplitOutcome> {
  const originalKey = assertIssueKey(request.originalKey);
  if (!SPLIT_ID.test(request.splitId)) throw new InvalidWriteError('The split id must be lowercase letters, digits and dashes.', ref('jira.write.splitId'));
  const original = await readOriginal(http, originalKey, fieldMap);
  validateSplit(request, original.points);
  const existing = await findExistingParts(http, original, request);

  const results: SplitPartResult[] = request.parts.map((part, index) => ({
    index,
    summary: part.summary.trim(),
    points: part.points,
    key: existing.get(index) ?? null,
    createdNow: false,
    linked: existing.has(index) && original.linkedKeys.has(existing.get(index) as string),
    reason: null,
  }));

  let stopped = false;
  for (const result of results) {
    if (result.key !== null) continue;
    if (stopped) {
      result.reason = 'Not attempted: an earlier story could not be created. Run the split again to finish.';
      continue;
    }
    try {
      result.key = await createPart(http, fieldMap, original, request, result);
      result.createdNow = true;
    } catch (error) {
      result.reason = reasonOf(error);
      stopped = true;
    }
  }

  const toLink = results.filter((r) => r.key !== null && !r.linked);
  if (toLink.length > 0 && !stopped) {
    let linkType: string | null = null;
    try {
      linkType = await chooseLinkType(http);
    } catch (error) {
      toLink.forEach((r) => (r.reason = reasonOf(error)));
    }
    for (const result of linkType === null ? [] : toLink) {
      try {
        await http.post(route`/rest/api/3/issueLink`, {
          type: { name: linkType },
          // Jira reads {inwardIssue: A, outwardIssue: B} as "A <outward> B" (as B's links list A as its
          // inwardIssue), so this makes "ORIGINAL split to PART" with a Split type.
          inwardIssue: { key: originalKey },
          outwardIssue: { key: result.key },
        });
        result.linked = true;
      } catch (error) {
        result.reason = `Created but not linked to ${originalKey}: ${reasonOf(error)}`;
        if (stopsTheWrite(error)) break;
      }
    }
  } else if (toLink.length > 0) {
    toLink.forEach((r) => (r.reason ??= 'Created; linking waits until every story exists. Run the split again to finish.'));
  }

  const partsDone = results.every((r) => r.key !== null && r.linked);
  const originalResult = partsDone
    ? await closeOriginal(http, original, request.closeStatusNames ?? DEFAULT_TRIM_STATUSES)
    : { labelled: original.labels.includes(SPLIT_SOURCE_LABEL), closedAs: null, closedNow: false, reason: `Still open: ${originalKey} is closed once every new story exists and is linked. Run the split again to finish.` };
  return { originalKey, splitId: request.splitId, parts: results, original: originalResult, complete: partsDone && originalResult.closedAs !== null };
}

async function closeOriginal(http: JiraHttp, original: Original, statusNames: readonly string[]): Promise<SplitOriginalResult> {
  const result: SplitOriginalResult = { labelled: original.labels.includes(SPLIT_SOURCE_LABEL), closedAs: null, closedNow: false, reason: null };
  try {
    // Label first: some workflows make closed issues read-only, and a retry skips the label once it is there.
    if (!result.labelled) {
      await http.put(route`/rest/api/3/issue/${original.key}`, { update: { labels: [{ add: SPLIT_SOURCE_LABEL }] } });
      result.labelled = true;
    }
    const closed = await closeAsDropped(http, original.key, statusNames);
    result.closedAs = closed.status;
    result.closedNow = closed.closedNow;
  } catch (error) {
    result.reason = `The new stories exist and are linked, but ${original.key} is still open: ${reasonOf(error)}`;
  }
  return result;
}

async function createPart(
  http: JiraHttp,
  fieldMap: FieldMap,
  original: Original,
  request: SplitRequest,
  part: SplitPartResult,
): Promise<string> {
  const fields: Record<string, unknown> = {
    project: { key: original.projectKey },
    issuetype: { name: request.issueTypeName ?? original.issueType },
    summary: part.summary,
    labels: [splitPartLabel(request.splitId, part.index)],
    [fieldMap.storyPoints]: part.points,
    ...(original.parentKey ? { parent: { key: original.parentKey } } : {}),
  };
  const created = asRecord(await http.post(route`/rest/api/3/issue`, { fields }));
  const key = asString(created?.key);
  if (!key) throw new JiraError('Jira created the story but did not return its key: run the split again to find it.', { status: null, i18n: ref('jira.write.splitNoKey') });
  return key;
}

/**
 * The app's own Jira custom fields (manifest `jira:customField`: WSJF, a number; Readiness, a string), which
 * Jira users search with JQL. Only the app that declares them may set their values, through the app field
 * value API (`POST /rest/api/3/app/field/value`, called as the app); users cannot edit them.
 */

import type { PublishedChange, PublishedValues } from '../../domain/publishedFields';
import { bulkFetchIssues, BULK_FETCH_MAX } from '../bulk-fetch';
import type { JiraHttp } from '../http';
import type { JiraFieldInfo } from '../fields';
import { asNumber, asString } from '../json';
import { route } from '../route';

/** The manifest's module keys of the two fields. Distinctive, as Jira names a Forge field by its module key. */
export const APP_FIELD_MODULES = { wsjf: 'backlog-balance-wsjf', readiness: 'backlog-balance-readiness' } as const;

/** The Jira field ids (`customfield_NNNNN`) of the app's fields on one site. */
export interface AppFieldIds {
  wsjf: string;
  readiness: string;
}

/**
 * A Forge custom field's `schema.custom` is its extension key,
 * `ari:cloud:ecosystem::extension/<app id>/<environment id>/static/<module key>`: that is how the app finds the
 * id Jira gave its field on this site. Null when either field is not there (the app version that declares them
 * is not installed on the site yet).
 */
export function findAppFields(fields: readonly JiraFieldInfo[]): AppFieldIds | null {
  const idOf = (moduleKey: string): string | undefined =>
    fields.find((f) => f.custom && typeof f.schemaCustom === 'string' && /^ari:cloud:ecosystem::extension\/[^/]+\/[^/]+\/static\/[^/]+$/.test(f.schemaCustom) && f.schemaCustom.endsWith(`/static/${moduleKey}`))?.id;
  const wsjf = idOf(APP_FIELD_MODULES.wsjf);
  const readiness = idOf(APP_FIELD_MODULES.readiness);
  return wsjf && readiness ? { wsjf, readiness } : null;
}

/** An issue the app publishes values on: Jira's numeric id (the write takes ids) and its key. */
export interface PublishedIssue {
  id: number;
  key: string;
}

/** What the two fields hold now on each issue, by key (read in bulk fetches of 100, a few at once). */
export async function readPublishedValues(http: JiraHttp, issues: readonly PublishedIssue[], ids: AppFieldIds): Promise<Map<string, PublishedValues>> {
  const batches: PublishedIssue[][] = [];
  for (let i = 0; i < issues.length; i += BULK_FETCH_MAX) batches.push(issues.slice(i, i + BULK_FETCH_MAX));
  const values = new Map<string, PublishedValues>();
  const readBatch = async (batch: PublishedIssue[]) => {
    const fetched = await bulkFetchIssues(http, batch.map((i) => ({ id: String(i.id), key: i.key })), [ids.wsjf, ids.readiness]);
    for (const issue of fetched) {
      values.set(issue.key, { wsjf: asNumber(issue.fields?.[ids.wsjf]), readiness: asString(issue.fields?.[ids.readiness]) });
    }
  };
  // Four at once: a nightly catch-up of a large backlog must not take the site's whole rate for itself.
  for (let i = 0; i < batches.length; i += 4) await Promise.all(batches.slice(i, i + 4).map(readBatch));
  return values;
}

/**
 * Issue-field pairs per request. The API documents no limit; Jira's bulk endpoints take 100 issues a call
 * (bulk fetch, sprint moves take 50), so a request here sets at most that many values.
 */
export const APP_FIELD_WRITE_BATCH = 100;

/**
 * Writes the changed values, as few requests as the batch allows: issues that get the same value of the same
 * field share one update. Setting a value is idempotent, so a request is safely repeated after a 429 or a lost
 * answer (see retry.ts). Answers how many values were written.
 */
export async function writePublishedValues(http: JiraHttp, ids: AppFieldIds, changes: readonly PublishedChange[], issueIds: ReadonlyMap<string, number>): Promise<number> {
  const pairs = changes.flatMap((c) => {
    const issueId = issueIds.get(c.key);
    return issueId === undefined ? [] : [{ customField: ids[c.field], issueId, value: c.value }];
  });
  for (let i = 0; i < pairs.length; i += APP_FIELD_WRITE_BATCH) {
    const groups = new Map<string, { customField: string; issueIds: number[]; value: number | string | null }>();
    for (const pair of pairs.slice(i, i + APP_FIELD_WRITE_BATCH)) {
      const group = `${pair.customField}\u0000${JSON.stringify(pair.value)}`;
      const known = groups.get(group);
      if (known) known.issueIds.push(pair.issueId);
      else groups.set(group, { customField: pair.customField, issueIds: [pair.issueId], value: pair.value });
    }
    await http.post(route`/rest/api/3/app/field/value`, { updates: [...groups.values()] });
  }
  return pairs.length;
}

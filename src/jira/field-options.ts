/** The options of a single-select custom field (its contexts' options), for the PO's option -> number mapping. */

import { JiraPermissionError } from './errors';
import type { JiraHttp } from './http';
import { asArray, asNumber, asRecord, asString } from './json';
import { route } from './route';
import { ref, type MessageRef } from '../domain/errors';

const PAGE = 100;

export interface FieldOptions {
  /** Option values in Jira's order, each once (a value in several contexts is listed once). */
  options: string[];
  /** Why the options could not be listed (Jira lets only its admins read them). */
  problem?: string;
  /** `problem` by catalog key. */
  problemRef?: MessageRef;
}

async function readPages(http: JiraHttp, page: (startAt: number) => Promise<unknown>): Promise<Record<string, unknown>[]> {
  const values: Record<string, unknown>[] = [];
  for (let startAt = 0; ; ) {
    const body = asRecord(await page(startAt));
    const batch = asArray(body?.values).map(asRecord).filter((v): v is Record<string, unknown> => v !== null);
    values.push(...batch);
    startAt += batch.length;
    const total = asNumber(body?.total);
    if (body?.isLast === true || batch.length === 0 || (total !== null && startAt >= total)) return values;
  }
}

/** Lists a select field's enabled options; Jira lets only Jira admins read them, so a refusal becomes `problem`. */
export async function listFieldOptions(http: JiraHttp, fieldId: string): Promise<FieldOptions> {
  try {
    const contexts = await readPages(http, (startAt) => http.get(route`/rest/api/3/field/${fieldId}/context?startAt=${startAt}&maxResults=${PAGE}`));
    const options: string[] = [];
    for (const context of contexts) {
      const contextId = asString(context.id);
      if (contextId === null) continue;
      const values = await readPages(http, (startAt) => http.get(route`/rest/api/3/field/${fieldId}/context/${contextId}/option?startAt=${startAt}&maxResults=${PAGE}`));
      for (const v of values) {
        const value = asString(v.value);
        // Cascading children (optionId set) and disabled options cannot be picked on an issue.
        if (value !== null && v.disabled !== true && v.optionId === undefined && !options.includes(value)) options.push(value);
      }
    }
    return { options };
  } catch (error) {
    if (!(error instanceof JiraPermissionError)) throw error;
    return { options: [], problem: "Only a Jira administrator can list this field's options, so only one can map them here: ask one to open this page.", problemRef: ref('jira.fieldOptions.adminsOnly') };
  }
}

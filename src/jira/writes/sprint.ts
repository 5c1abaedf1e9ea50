/**
 * Sprint moves in batches of at most 50 (Jira's limit). A failed batch stops the run; the outcome lists the
 * issues moved and those not, so the same call with the remainder finishes the job.
 */

import type { JiraHttp } from '../http';
import { assertIssueKey } from '../jql';
import { route, type JiraRoute } from '../route';
import { chunk } from '../search';
import { goneFromBatch } from './gone';
import { OutcomeBuilder, whyOf, type WriteOutcome } from './outcome';

export const SPRINT_BATCH = 50;

async function moveInBatches(http: JiraHttp, target: JiraRoute, keys: readonly string[]): Promise<WriteOutcome> {
  keys.forEach(assertIssueKey);
  const outcome = new OutcomeBuilder();
  const batches = chunk([...new Set(keys)], SPRINT_BATCH);
  for (let b = 0; b < batches.length; b++) {
    let batch = batches[b] as string[];
    try {
      await http.send('POST', target, { issues: batch });
      outcome.markChanged(batch);
      continue;
    } catch (error) {
      // One deleted or moved issue fails the whole batch: send the rest again without it, and name it.
      const gone = await goneFromBatch(http, batch, error);
      const rest = batch.filter((k) => !gone.has(k));
      let failure: unknown = error;
      if (gone.size > 0) {
        gone.forEach((reason, key) => outcome.markFailed([key], reason));
        batch = rest;
        try {
          if (rest.length > 0) await http.send('POST', target, { issues: rest });
          outcome.markChanged(rest);
          continue;
        } catch (again) {
          failure = again;
        }
      }
      outcome.markFailed(batch, whyOf(failure));
      outcome.markNotAttempted(batches.slice(b + 1).flat());
      break;
    }
  }
  return outcome.build();
}

export async function moveIssuesToSprint(http: JiraHttp, sprintId: number, keys: readonly string[]): Promise<WriteOutcome> {
  return moveInBatches(http, route`/rest/agile/1.0/sprint/${sprintId}/issue`, keys);
}

export async function moveIssuesToBacklog(http: JiraHttp, keys: readonly string[]): Promise<WriteOutcome> {
  return moveInBatches(http, route`/rest/agile/1.0/backlog/issue`, keys);
}

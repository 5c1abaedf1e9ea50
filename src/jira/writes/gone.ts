/**
 * A batch write (sprint move, rank) that Jira refuses as a whole when one issue in it was deleted, moved to
 * another project or hidden from the user since the preview; Jira's message does not say which. One bulk
 * fetch finds them, so the batch can be sent again without them and each named.
 */

import { bulkFetchIssues } from '../bulk-fetch';
import { JiraError } from '../errors';
import type { JiraHttp } from '../http';
import { stopsTheWrite, type WriteReason } from './outcome';

/** The issues of `keys` Jira no longer has under that key, with why; empty when the refusal was about something else. */
export async function goneFromBatch(http: JiraHttp, keys: readonly string[], refusal: unknown): Promise<Map<string, WriteReason>> {
  const gone = new Map<string, WriteReason>();
  if (!(refusal instanceof JiraError) || stopsTheWrite(refusal)) return gone;
  let found;
  try {
    found = await bulkFetchIssues(http, keys.map((key) => ({ key })), ['project']);
  } catch {
    return gone; // cannot tell: the batch fails as it did
  }
  const byKey = new Map(found.map((issue) => [issue.key.toUpperCase(), issue.key]));
  // An issue asked by its old key comes back under its new one after a move to another project.
  const movedTo = new Map<string, string>();
  found.forEach((issue, i) => {
    const asked = keys[i];
    if (asked && issue.key.toUpperCase() !== asked.toUpperCase() && !keys.some((k) => k.toUpperCase() === issue.key.toUpperCase())) movedTo.set(asked, issue.key);
  });
  for (const key of keys) {
    if (byKey.has(key.toUpperCase())) continue;
    const moved = movedTo.get(key);
    gone.set(
      key,
      moved
        ? { reason: `${key} was moved to ${moved} since the preview: left out of this change.`, text: { key: 'job.failure.moved', params: { key, movedTo: moved } } }
        : { reason: `${key} was deleted since the preview, or you can no longer see it: left out of this change.`, text: { key: 'job.failure.gone', params: { key } } },
    );
  }
  return gone;
}

import type { SummariesDto } from '../../../src/contracts';
import { panelApi, unwrap } from '../../shared/api';
import { issueKey } from '../../shared/keys';

/**
 * The whole summaries the Backlog rows cut (items and parent features, by full key), page by page, for the
 * CSV exports; a summary the rows did not cut is not in the map (the row's text is whole).
 */
export async function loadWholeSummaries(): Promise<Map<string, string>> {
  const whole = new Map<string, string>();
  let from: number | null = 0;
  while (from !== null) {
    const page: SummariesDto = unwrap(await panelApi('getSummaries', { from }));
    for (const [ref, summary] of page.summaries) whole.set(issueKey(ref, page.keyPrefix), summary);
    for (const [key, summary] of page.parents) whole.set(key, summary);
    from = page.next;
  }
  return whole;
}

import { SUMMARY_MAX, type SummariesDto, type SummariesRequest } from '../contracts';
import type { CallContext } from './context';
import { issueRef } from './dto';
import { loadTeamData } from './team-data';

/** Characters of summaries per page: with keys and JSON about 1 MB, well under Forge's 5 MB invoke payload. */
const PAGE_CHARS = 900_000;

/** The CSV exports' whole summaries: the ones the Backlog rows cut, a page at a time. */
export async function getSummaries(ctx: CallContext, projectKey: string, request: SummariesRequest): Promise<SummariesDto> {
  const data = await loadTeamData(ctx, projectKey, undefined);
  return summariesPage(projectKey, data.items, request.from ?? 0, PAGE_CHARS);
}

/**
 * From item `from` on, in backlog order, the summaries longer than SUMMARY_MAX and those of their parent
 * features (each feature on the first page that meets it), until `budget` characters; `next` says where to go on.
 */
export function summariesPage(
  projectKey: string,
  items: readonly { key: string; summary: string; parent: { key: string; summary: string } | null }[],
  from: number,
  budget: number,
): SummariesDto {
  const page: SummariesDto = { keyPrefix: projectKey, summaries: [], parents: [], next: null };
  const parentsSeen = new Set(items.slice(0, from).flatMap((i) => (i.parent ? [i.parent.key] : [])));
  let used = 0;
  for (let at = from; at < items.length; at++) {
    const item = items[at] as (typeof items)[number];
    const parent = item.parent && !parentsSeen.has(item.parent.key) && item.parent.summary.length > SUMMARY_MAX ? item.parent : null;
    const cost = (item.summary.length > SUMMARY_MAX ? item.summary.length + item.key.length : 0) + (parent ? parent.summary.length + parent.key.length : 0);
    if (used > 0 && used + cost > budget) {
      page.next = at;
      break;
    }
    used += cost;
    if (item.summary.length > SUMMARY_MAX) page.summaries.push([issueRef(item.key, projectKey), item.summary]);
    if (item.parent) parentsSeen.add(item.parent.key);
    if (parent) page.parents.push([parent.key, parent.summary]);
  }
  return page;
}

import { validateAllocation } from '../domain';
import type { AllocationDto, AllocationHistoryDto, AllocationHistoryRequest, SaveAllocationRequest } from '../contracts';
import { AppFailure } from '../contracts/errors';
import type { CallContext } from './context';
import { displayNames, savedByFields, SOMEONE } from './people';
import { completeAllocation, loadTeamData } from './team-data';

/** Saves a PI's allocation (a work type per share, exactly 100%) on top of the version the edit started from. */
export async function saveAllocation(ctx: CallContext, projectKey: string, p: SaveAllocationRequest): Promise<AllocationDto> {
  const { settings } = await ctx.platform.store.effectiveSettings(projectKey);
  const known = new Set(settings.workTypes.map((w) => w.id));
  for (const id of Object.keys(p.percents)) {
    if (!known.has(id)) throw AppFailure.of('INVALID_INPUT', 'error.allocation.unknownWorkType', { id }, `percents.${id}`);
  }
  validateAllocation(p.percents);
  const pis = (await loadTeamData(ctx, projectKey, p.piId)).pis;
  if (!pis.some((pi) => pi.id === p.piId)) throw AppFailure.of('NOT_FOUND', 'error.noSuchPi', { pi: p.piId }, 'piId');
  const saved = await ctx.platform.store.allocation(projectKey, p.piId).save(p.percents, p.baseVersion, ctx.accountId, ctx.platform.now());
  const names = await displayNames(ctx, [saved.savedBy]);
  return {
    piId: p.piId,
    percents: completeAllocation(saved.value, settings),
    version: saved.version,
    savedBy: saved.savedBy,
    ...savedByFields(names.get(saved.savedBy) ?? SOMEONE),
    savedAt: saved.savedAt,
    isDefault: false,
  };
}

/** Saves per page of the history unless the UI asks for another number. */
const HISTORY_PAGE = 50;

type Save = Awaited<ReturnType<CallContext['platform']['store']['allocationHistory']>>[number];

/** Newest first; saves at the same moment by version, then PI, so every save has one place in the order. */
function newestFirst(a: Pick<Save, 'savedAt' | 'piId' | 'version'>, b: Pick<Save, 'savedAt' | 'piId' | 'version'>): number {
  return b.savedAt.localeCompare(a.savedAt) || b.version - a.version || a.piId.localeCompare(b.piId);
}

function cursorOf(save: Save): string {
  return `${save.savedAt}|${save.piId}|${save.version}`;
}

/**
 * One page of the saves of one PI's allocation (or all PIs'), newest first, and the saves refused as stale in
 * the same span of time: walking the pages shows the whole history, each save once (1,500 saves were one
 * 293 KB answer). The newest save of each PI comes with every page.
 */
export async function allocationHistory(ctx: CallContext, projectKey: string, p: AllocationHistoryRequest): Promise<AllocationHistoryDto> {
  const [all, rejected] = await Promise.all([
    ctx.platform.store.allocationHistory(projectKey, p.piId),
    ctx.platform.store.rejectedAllocationSaves(projectKey, p.piId),
  ]);
  all.sort(newestFirst);
  const limit = p.limit ?? HISTORY_PAGE;
  const [beforeAt, beforePi, beforeVersion] = (p.before ?? '').split('|');
  const cursor = p.before ? { savedAt: beforeAt as string, piId: beforePi as string, version: Number(beforeVersion) } : undefined;
  const start = cursor ? all.findIndex((save) => newestFirst(cursor, save) < 0) : 0;
  const page = start < 0 ? [] : all.slice(start, start + limit);
  const last = page[page.length - 1];
  const next = last && start + limit < all.length ? cursorOf(last) : null;
  const latestPerPi = [...new Map(all.map((save) => [save.piId, save] as const).reverse()).values()].sort(newestFirst);
  const refused = rejected.filter((r) => (!cursor || r.attemptedAt <= cursor.savedAt) && (next === null || !last || r.attemptedAt > last.savedAt));
  const names = await displayNames(ctx, [...page, ...latestPerPi, ...refused].map((e) => e.savedBy));
  const nameOf = (accountId: string) => savedByFields(names.get(accountId) ?? SOMEONE);
  const entry = (e: Save) => ({ piId: e.piId, version: e.version, percents: e.value, savedBy: e.savedBy, ...nameOf(e.savedBy), savedAt: e.savedAt });
  return {
    entries: page.map(entry),
    next,
    total: all.length,
    latestPerPi: latestPerPi.map(entry),
    rejected: refused.map((r) => ({
      piId: r.piId,
      baseVersion: r.baseVersion,
      currentVersion: r.currentVersion,
      percents: r.value,
      savedBy: r.savedBy,
      ...nameOf(r.savedBy),
      attemptedAt: r.attemptedAt,
    })),
  };
}

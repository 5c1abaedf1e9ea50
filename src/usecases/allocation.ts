import { validateAllocation } from '../domain';
import type { AllocationDto, AllocationHistoryDto, PiRequest, SaveAllocationRequest } from '../contracts';
import { AppFailure } from '../contracts/errors';
import type { CallContext } from './context';
import { displayNames } from './people';
import { completeAllocation, loadTeamData } from './team-data';

/** Saves a PI's allocation (a work type per share, exactly 100%) on top of the version the edit started from. */
export async function saveAllocation(ctx: CallContext, projectKey: string, p: SaveAllocationRequest): Promise<AllocationDto> {
  const { settings } = await ctx.platform.store.effectiveSettings(projectKey);
  const known = new Set(settings.workTypes.map((w) => w.id));
  for (const id of Object.keys(p.percents)) {
    if (!known.has(id)) throw new AppFailure('INVALID_INPUT', `"${id}" is not one of this team's work types.`, `percents.${id}`);
  }
  validateAllocation(p.percents);
  const pis = (await loadTeamData(ctx, projectKey, p.piId)).pis;
  if (!pis.some((pi) => pi.id === p.piId)) throw new AppFailure('NOT_FOUND', `There is no PI "${p.piId}".`, 'piId');
  const saved = await ctx.platform.store.allocation(projectKey, p.piId).save(p.percents, p.baseVersion, ctx.accountId, ctx.platform.now());
  const names = await displayNames(ctx, [saved.savedBy]);
  return {
    piId: p.piId,
    percents: completeAllocation(saved.value, settings),
    version: saved.version,
    savedBy: saved.savedBy,
    savedByName: names.get(saved.savedBy) ?? null,
    savedAt: saved.savedAt,
    isDefault: false,
  };
}

/** Every save of one PI's allocation (or all PIs'), and the saves refused as stale: the history hides nothing. */
export async function allocationHistory(ctx: CallContext, projectKey: string, p: PiRequest): Promise<AllocationHistoryDto> {
  const [entries, rejected] = await Promise.all([
    ctx.platform.store.allocationHistory(projectKey, p.piId),
    ctx.platform.store.rejectedAllocationSaves(projectKey, p.piId),
  ]);
  const names = await displayNames(ctx, [...entries.map((e) => e.savedBy), ...rejected.map((r) => r.savedBy)]);
  const nameOf = (accountId: string) => names.get(accountId) ?? 'someone';
  return {
    entries: entries.map((e) => ({ piId: e.piId, version: e.version, percents: e.value, savedBy: e.savedBy, savedByName: nameOf(e.savedBy), savedAt: e.savedAt })),
    rejected: rejected.map((r) => ({
      piId: r.piId,
      baseVersion: r.baseVersion,
      currentVersion: r.currentVersion,
      percents: r.value,
      savedBy: r.savedBy,
      savedByName: nameOf(r.savedBy),
      attemptedAt: r.attemptedAt,
    })),
  };
}

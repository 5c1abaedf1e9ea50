/**
 * Figures 12 and 13: what the app's storage costs, counted as Forge bills KVS (units of 10 KB per request,
 * reads and writes apart; 4,000 of each a minute per installation).
 * 12: the KVS units of one user's cold panel load (whoAmI, getBalance, getAllocationHistory on a cold
 *     instance: the full load writes the user's backlog snapshot), and the snapshot's stored size against its JSON.
 * 13: the bytes the installation stores after 10 settings changes, each followed by a panel read, against
 *     after the first load: old snapshots are deleted, so the store does not grow with each change.
 */
import type { TeamBacklog } from '../src/jira';
import { MemoryStore } from '../src/storage';
import { MeteredStore } from '../test/storage/metered-store';
import type { DemoSite } from '../test/demo-site';
import type { Figure } from './figures';
import { FIRST_PANEL_CALLS, PanelInstance } from './resolvers';
import { BENCH_PROJECT } from './site';
import { formatBytes, formatCount, round } from './stats';

/** Forge's KVS write (and read) budget per installation and minute. */
export const KVS_UNITS_PER_MINUTE = 4000;
/** A cold load may take at most a quarter of it: four users opening the panel in the same minute still fit. */
export const COLD_LOAD_UNITS_GOAL = KVS_UNITS_PER_MINUTE / 4;
export const SETTINGS_CHANGES = 10;
/**
 * After 10 changes the store holds the ten settings versions added (every save is kept, a couple of KB each),
 * not ten snapshots (which would make it about 11x): at most 1.5x.
 */
export const STORE_GROWTH_GOAL = 1.5;

export async function storageFigures(site: DemoSite, options: { settingsChanges: boolean; log: (line: string) => void }): Promise<Figure[]> {
  const kv = new MeteredStore(new MemoryStore());
  const panel = new PanelInstance(site.baseUrl, site.po, 'memory', kv);
  for (const call of FIRST_PANEL_CALLS) await panel.call(call);
  const cold = kv.reset();
  const issues = panel.backlog.issues.length;
  const snapshot = await panel.platform.store.readBacklogSnapshot<TeamBacklog>(BENCH_PROJECT, site.po.accountId, 0);
  const jsonBytes = Buffer.byteLength(JSON.stringify(snapshot?.value ?? null), 'utf8');
  const storedSnapshot = await kv.storedBytes(`proj:${BENCH_PROJECT}:snap:`);
  const plainUnits = Math.ceil(jsonBytes / 10_240);
  const unitsFigure = (kind: 'write' | 'read', value: number, detail: string): Figure => ({
    figure: 12,
    name: `KVS ${kind} units of one user's cold panel load (as Forge bills: 10 KB a unit)`,
    backlog: issues,
    value,
    unit: `${kind} units`,
    goal: `<= ${formatCount(COLD_LOAD_UNITS_GOAL)} (a quarter of Forge's ${formatCount(KVS_UNITS_PER_MINUTE)} a minute)`,
    holds: value <= COLD_LOAD_UNITS_GOAL,
    detail,
  });
  const figures: Figure[] = [
    unitsFigure(
      'write',
      cold.writeUnits,
      `${FIRST_PANEL_CALLS.join(', ')} on a cold instance: ${cold.writes} writes (${cold.writeUnits} units), ${cold.reads} reads (${cold.readUnits} units); ` +
        `the backlog snapshot is ${formatBytes(storedSnapshot)} stored for ${formatBytes(jsonBytes)} of JSON (${round(jsonBytes / Math.max(1, storedSnapshot), 1)}x smaller); ` +
        `written as plain JSON it took about ${formatCount(plainUnits)} write units`,
    ),
    unitsFigure('read', cold.readUnits, `${cold.reads} reads on a cold instance with an empty store (settings, allocations, jobs, the snapshot's head)`),
  ];
  if (!options.settingsChanges) return figures;

  options.log(`  storage: ${SETTINGS_CHANGES} settings changes, each followed by a panel read`);
  const before = await kv.storedBytes();
  for (let i = 0; i < SETTINGS_CHANGES; i++) {
    const { settings, version } = await panel.platform.store.effectiveSettings(BENCH_PROJECT);
    await panel.platform.store.projectSettings(BENCH_PROJECT).save({ ...settings, staleDays: settings.staleDays + 1 }, version, site.po.accountId, new Date());
    await panel.call('getBalance');
  }
  kv.reset();
  const after = await kv.storedBytes();
  const settingsBytes = await kv.storedBytes(`proj:${BENCH_PROJECT}:settings:`);
  const snapshotScopes = new Set((await kv.inner.listByPrefix<unknown>(`proj:${BENCH_PROJECT}:snap:`)).map((e) => /:s(\d+):/.exec(e.key)?.[1]).filter((v) => v !== undefined));
  figures.push({
    figure: 13,
    name: `Stored bytes after ${SETTINGS_CHANGES} settings changes / after the first load`,
    backlog: issues,
    value: round(after / before, 2),
    unit: 'x',
    goal: `<= ${STORE_GROWTH_GOAL}`,
    holds: after / before <= STORE_GROWTH_GOAL,
    detail:
      `${formatBytes(before)} after the first load, ${formatBytes(after)} after ${SETTINGS_CHANGES} settings saves each followed by getBalance (a full load under the new version); ` +
      `snapshots of ${snapshotScopes.size} settings version(s) left; the ${SETTINGS_CHANGES} settings versions saved take ${formatBytes(settingsBytes)}`,
  });
  return figures;
}

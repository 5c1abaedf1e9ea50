import { createPanelResolver, createSettingsResolver } from '../../src/resolvers';
import { DorGap, type ProjectSettingsDto, type RefinementDto } from '../../src/contracts';
import { caller, data, startWorld, type World } from './helpers';

// The Definition of Ready's split settings as the PO stores them: the share of capacity, and the
// "within split limit" switch, which must also switch the fixed points limit off for readiness.
let world: World;
let panel: ReturnType<typeof caller>;
let settings: ReturnType<typeof caller>;

beforeEach(async () => {
  world = await startWorld();
  panel = caller(createPanelResolver(world.platform).getDefinitions());
  settings = caller(createSettingsResolver(world.platform).getDefinitions());
});
afterEach(() => world.site.close());

async function save(change: (s: ProjectSettingsDto['settings']) => ProjectSettingsDto['settings']): Promise<void> {
  const read = data(await settings<ProjectSettingsDto>(world.site.po, 'getProjectSettings', {}));
  data(await settings(world.site.po, 'saveProjectSettings', { settings: change(read.settings), baseVersion: read.version }));
}
const overLimit = (r: RefinementDto) => r.dorGaps.filter((g) => (g[2] & DorGap.OVER_SPLIT_LIMIT) !== 0).map((g) => g[0]);

describe('Definition of Ready: split settings', () => {
  it('"split above (share of capacity)" sets the limit of split candidates and of readiness', async () => {
    const before = data(await panel<RefinementDto>(world.site.po, 'getRefinement', {}));
    const halfLimit = before.splitCandidates[0]![3];
    await save((s) => ({ ...s, splitLimit: { fractionOfCapacity: 0.25, maxPoints: null } }));
    const after = data(await panel<RefinementDto>(world.site.po, 'getRefinement', {}));
    expect(after.splitCandidates.length).toBeGreaterThan(0);
    for (const c of after.splitCandidates) {
      expect(c[3]).toBeCloseTo(halfLimit / 2);
      expect(c[2]).toBeGreaterThan(c[3]);
    }
    expect(after.splitCandidates.length).toBeGreaterThan(before.splitCandidates.length);
    expect(overLimit(after).sort()).toEqual(after.splitCandidates.map((c) => c[0]).sort());
  });

  it('with "within split limit" off, no item is not-ready for its size, yet split candidates are still listed', async () => {
    await save((s) => ({ ...s, splitLimit: { fractionOfCapacity: 0.5, maxPoints: 3 }, dor: { ...s.dor, requireWithinSplitLimit: false } }));
    const report = data(await panel<RefinementDto>(world.site.po, 'getRefinement', {}));
    expect(overLimit(report)).toEqual([]);
    expect(report.splitCandidates.some((c) => c[2] > 3)).toBe(true);
    expect(report.splitCandidates.every((c) => c[3] === 3)).toBe(true);
  });
});

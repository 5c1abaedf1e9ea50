import { DEFAULT_READY_POLICY, type BacklogItem } from '../../src/domain';
import { backlogRow, workTypeIndexOf } from '../../src/usecases/dto';
import { SUMMARY_MAX, type BacklogDto, type LeftOutRow } from '../../src/contracts';
import { defaultSiteDefaults } from '../../src/storage';
import type { TeamData } from '../../src/usecases/team-data';

/** A worst-case item: long key number, a summary far over the limit, every field set, links and labels. */
function item(n: number): BacklogItem {
  return {
    key: `ORIONTEAM-${10000 + n}`,
    projectKey: 'ORIONTEAM',
    summary: `As a customer I want the invoice history export to include every line item, tax and discount ${n}`.repeat(3),
    issueType: 'Story',
    labels: ['customer-request', 'backend'],
    components: ['API'],
    status: 'To Do',
    statusCategory: 'new',
    created: '2025-01-01T10:00:00.000Z',
    updated: '2026-01-01T10:00:00.000Z',
    resolved: null,
    points: 13,
    rank: n,
    wsjfParts: { businessValue: 13, timeCriticality: 20, riskReduction: 8, jobSize: 13 },
    hasAcceptanceCriteria: false,
    parent: null,
    links: [{ direction: 'blockedBy', key: 'VEGA-1234', projectKey: 'VEGA', statusCategory: 'indeterminate' }],
    sprint: null,
    workType: 'maintenance',
    source: 'otherTeam',
    costOfDelay: 41,
    jobSize: 13,
    wsjf: 41 / 13,
    committedOrder: null,
    inTail: false,
  };
}

describe('compact payloads for a 10,000-issue backlog', () => {
  const settings = { ...defaultSiteDefaults(), boardId: null, pis: [], members: [] };
  const data = { projectKey: 'ORIONTEAM', settings, readyPolicy: DEFAULT_READY_POLICY, iterationCapacity: 40 } as unknown as TeamData;
  const items = Array.from({ length: 10_000 }, (_, n) => item(n));

  it('the backlog stays well under 1 MB and keeps every row decodable', () => {
    const index = workTypeIndexOf(settings.workTypes);
    const dto: BacklogDto = {
      keyPrefix: 'ORIONTEAM',
      workTypes: settings.workTypes,
      scale: [1, 2, 3, 5, 8, 13, 20],
      rows: items.map((i) => backlogRow(data, i, index, new Set([i.key]), new Set([i.key]))),
      loadedAt: new Date(0).toISOString(),
    };
    const bytes = Buffer.byteLength(JSON.stringify(dto));
    expect(bytes).toBeLessThan(1_000_000);
    const [ref, summary, workType, source, , , , , , wsjf, gaps, flags] = dto.rows[42]!;
    expect(`${dto.keyPrefix}-${ref}`).toBe('ORIONTEAM-10042');
    expect(summary.length).toBe(SUMMARY_MAX);
    expect(summary.endsWith('…')).toBe(true);
    expect(dto.workTypes[workType]?.id).toBe('maintenance');
    expect([source, wsjf]).toEqual(['o', 3.15]);
    expect(gaps).toBeGreaterThan(0);
    expect(flags).toBeGreaterThan(0);
  });

  it('10,000 left-out rows of the fill stay under 1 MB', () => {
    // A detail goes with its catalog key and params (the UI's language), the longest the fill sends.
    const rows: LeftOutRow[] = items.map((_item, n) =>
      n % 2 ? [10000 + n, 'notReady', ''] : [10000 + n, 'noCapacity', `no room left for 13 points of Maintenance in these iterations`, { key: 'leftOut.detail.noCapacity', params: { points: 13, workType: 'Maintenance' } }],
    );
    expect(Buffer.byteLength(JSON.stringify(rows))).toBeLessThan(1_000_000);
  });
});

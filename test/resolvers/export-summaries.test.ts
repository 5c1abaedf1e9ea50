import { createPanelResolver } from '../../src/resolvers';
import { SUMMARY_MAX, type BacklogDto, type SummariesDto } from '../../src/contracts';
import { summariesPage } from '../../src/usecases/summaries';
import { caller, data, startWorld, type World } from './helpers';

/**
 * Issue 19.3: the exports carry whole summaries, while the Backlog's rows cut them at SUMMARY_MAX characters.
 * `getSummaries` answers the full text of every item and parent feature the rows cut, in pages that stay well
 * under Forge's invoke payload limit.
 */

let world: World;
beforeAll(async () => {
  world = await startWorld();
});
afterAll(() => world.site.close());

async function rename(key: string, summary: string): Promise<void> {
  const res = await fetch(`${world.site.baseUrl}/rest/api/3/issue/${key}`, {
    method: 'PUT',
    headers: { authorization: world.site.po.authorization, 'content-type': 'application/json' },
    body: JSON.stringify({ fields: { summary } }),
  });
  expect(res.status).toBeLessThan(300);
}

const LONG = 'Let a returning customer pay with the card they saved last time, without typing it again (GDPR-safe)';

it('answers the whole summary of each item the Backlog rows cut, and of their parent features', async () => {
  const panel = caller(createPanelResolver(world.platform).getDefinitions());
  const before = data(await panel<BacklogDto>(world.site.po, 'getBacklog', {}));
  const ref = before.rows[3]![0];
  const key = typeof ref === 'number' ? `ORION-${ref}` : ref;
  const parent = before.parents?.[0]?.[0];
  expect(parent).toBeDefined();
  await rename(key, LONG);
  await rename(parent!, `Feature: ${LONG}`);

  const rows = data(await panel<BacklogDto>(world.site.po, 'getBacklog', {}));
  const cut = rows.rows.find((r) => r[0] === ref)!;
  expect(cut[1].length).toBe(SUMMARY_MAX);
  const page = data(await panel<SummariesDto>(world.site.po, 'getSummaries', {}));
  expect(page.next).toBeNull();
  expect(page.summaries).toContainEqual([ref, LONG]);
  expect(page.parents).toContainEqual([parent, `Feature: ${LONG}`]);
  // Only what the rows cut: a short summary is not sent again.
  expect(page.summaries.every(([, text]) => text.length > SUMMARY_MAX)).toBe(true);
});

it('pages by size: each page under its budget, the next page starting where the last stopped', () => {
  const items = Array.from({ length: 50 }, (_, i) => ({ key: `ORION-${i + 1}`, summary: `${'x'.repeat(60)} ${i + 1}`, parent: i % 2 === 0 ? { key: `ART-${i % 5}`, summary: `Feature ${'y'.repeat(60)} ${i % 5}` } : null }));
  const pages = [];
  let from: number | null = 0;
  while (from !== null) {
    const page = summariesPage('ORION', items, from, 1000);
    expect(JSON.stringify(page).length).toBeLessThan(1200);
    pages.push(page);
    from = page.next;
  }
  expect(pages.length).toBeGreaterThan(3);
  expect(pages.flatMap((p) => p.summaries.map(([ref]) => ref))).toEqual(items.map((_, i) => i + 1));
  expect(new Set(pages.flatMap((p) => p.parents.map(([k]) => k)))).toEqual(new Set(['ART-0', 'ART-2', 'ART-4', 'ART-1', 'ART-3']));
});

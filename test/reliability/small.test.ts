/**
 * The small ones: a summary is never cut inside an emoji; a board with sprints going back decades derives
 * only the PIs a person can use; a finished load says how many issues it loaded, not "0 issues changed".
 */

import { derivePis } from '../../src/domain';
import type { JobDto, JobRef } from '../../src/contracts';
import { SUMMARY_MAX } from '../../src/contracts';
import { truncate } from '../../src/usecases/dto';
import { ok, startApp } from './app';

/** No lone surrogate (half an emoji). */
function wellFormed(text: string): boolean {
  return !/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(text);
}

describe('summaries', () => {
  it('are never cut inside an emoji (a surrogate pair or a joined family)', () => {
    const family = '👩‍👩‍👧‍👦';
    for (let pad = 0; pad < 12; pad++) {
      for (const emoji of ['😀', family, '🇳🇿']) {
        const summary = 'x'.repeat(SUMMARY_MAX - 6 + pad) + emoji.repeat(4);
        const cut = truncate(summary);
        expect(wellFormed(cut)).toBe(true);
        expect(cut.length).toBeLessThanOrEqual(SUMMARY_MAX);
        // What is kept before the ellipsis is whole emoji only.
        const kept = cut.endsWith('…') ? cut.slice(0, -1) : cut;
        expect(summary.startsWith(kept)).toBe(true);
        expect(kept.replace(/^x*/, '').split(emoji).every((part) => part === '')).toBe(true);
      }
    }
  });
});

describe('PIs derived from the board', () => {
  it('a board with sprints every two weeks since 1988 gives the last year and what is ahead, not 155 PIs', () => {
    const now = new Date('2026-11-25T09:00:00Z');
    const sprints = [];
    let start = Date.parse('1988-01-04T00:00:00Z');
    for (let id = 1; start < now.getTime() + 60 * 86_400_000; id++, start += 14 * 86_400_000) {
      const state = start + 14 * 86_400_000 < now.getTime() ? 'closed' : start <= now.getTime() ? 'active' : 'future';
      sprints.push({ id, name: `Sprint ${id}`, state, startDate: new Date(start).toISOString(), endDate: new Date(start + 13 * 86_400_000).toISOString() });
    }
    const pis = derivePis(sprints, now);
    expect(pis.length).toBeLessThanOrEqual(7);
    expect(pis[0]?.end.localeCompare('2025-11-25')).toBeGreaterThanOrEqual(0);
    expect(pis.some((p) => p.start <= '2026-11-25' && '2026-11-25' <= p.end)).toBe(true);
    expect(pis[pis.length - 1]?.id).toBe('PI-2027.1');
  });

  it('a board whose sprints all ended long ago still gives its last PI', () => {
    const pis = derivePis([{ id: 1, name: 'S1', state: 'closed', startDate: '2019-03-04T00:00:00Z', endDate: '2019-03-17T00:00:00Z' }], new Date('2026-11-25T00:00:00Z'));
    expect(pis.map((p) => p.id)).toEqual(['PI-2019.1']);
  });
});

describe('a finished load', () => {
  it('says how many issues it loaded', async () => {
    const app = await startApp({ site: { scale: 300 } });
    try {
      const { jobId } = ok(await app.call<JobRef>('panel', app.site.po, 'loadBacklog', {}));
      await app.platform.idle();
      const job = ok(await app.call<JobDto>('panel', app.site.po, 'getJob', { jobId }));
      expect(job.state).toBe('done');
      expect(job.message).toMatch(/^Done: \d+ issues loaded$/);
      expect(job.message).not.toMatch(/changed/);
    } finally {
      await app.close();
    }
  }, 60_000);
});

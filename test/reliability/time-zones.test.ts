/**
 * Guarantee (JQL part): the dates an incremental refresh puts in JQL are in the user's time zone as Jira has
 * it now, which is how Jira reads them, not the zone stored with the snapshot: after a user moves from
 * Auckland to Los Angeles their backlog keeps updating (formatted in the old zone, "updated >=" pointed 21
 * hours into the future and the refresh found nothing).
 */

import type { JiraResponse, RequestJira } from '../../src/jira';
import { formatJqlDateTime } from '../../src/jira/jql';
import type { BacklogDto } from '../../src/contracts';
import { APP_NOW, ok, startApp } from './app';
import { faultyPort, PASS, type SentRequest } from './helpers';

/** Jira as it answers a user whose profile time zone is `zone.current`. */
function inZone(port: RequestJira, zone: { current: string }): RequestJira {
  return async (route, init) => {
    const response = await port(route, init);
    if (!route.value.startsWith('/rest/api/3/myself')) return response;
    const body = { ...((await response.json()) as Record<string, unknown>), timeZone: zone.current };
    const text = JSON.stringify(body);
    const patched: JiraResponse = { status: response.status, headers: response.headers, json: async () => JSON.parse(text) as unknown, text: async () => text };
    return patched;
  };
}

describe('JQL dates after the user changes time zone', () => {
  it('an Auckland user who moves to Los Angeles: the refresh asks from a moment in the past, in their new zone', async () => {
    const zone = { current: 'Pacific/Auckland' };
    const sent: SentRequest[] = [];
    const app = await startApp({ site: { scale: 300 }, platform: { wrapJira: (port) => faultyPort(inZone(port, zone), (r) => (sent.push(r), PASS)) } });
    try {
      const po = app.site.po;
      ok(await app.call<BacklogDto>('panel', po, 'getBacklog', {}));
      zone.current = 'America/Los_Angeles';
      // A fresh instance (nothing remembered about the user), the stored snapshot still in Auckland time.
      app.platform.backlogCache.forget('');
      sent.length = 0;
      ok(await app.call<BacklogDto>('panel', po, 'getBacklog', {}));
      const literals = sent
        .map((r) => JSON.stringify(r.body ?? ''))
        .flatMap((text) => [...text.matchAll(/updated >= \\"(\d{4}-\d\d-\d\d \d\d:\d\d)\\"/g)].map((m) => m[1] as string));
      expect(literals.length).toBeGreaterThan(0);
      const nowThere = formatJqlDateTime(APP_NOW, 'America/Los_Angeles');
      const dayAgoThere = formatJqlDateTime(new Date(APP_NOW.getTime() - 86_400_000), 'America/Los_Angeles');
      for (const literal of literals) {
        expect(literal <= nowThere).toBe(true);
        expect(literal >= dayAgoThere).toBe(true);
      }
    } finally {
      await app.close();
    }
  }, 60_000);
});

// ---------------------------------------------------------------------------------------------------------
// Calendars: days, iterations and PI quarters in the team's zone (settings, else the site's, else the user's).

import { derivePis, type CalendarSprint } from '../../src/domain';
import type { FillDto, ProjectSettingsDto } from '../../src/contracts';
import type { DemoSiteUser } from '../demo-site';
import { Tally } from './helpers';

const tally = new Tally();
afterAll(() => tally.write('time-zones'));

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

/** Two-week sprints starting Mondays at 09:00 local time in `zone` (`startsUtc` the first one's start instant). */
function sprintsFrom(firstStart: string, count: number, dated: number): CalendarSprint[] {
  const out: CalendarSprint[] = [];
  for (let i = 0; i < count; i++) {
    const start = Date.parse(firstStart) + i * 14 * DAY_MS;
    out.push({
      id: i + 1,
      name: `Sprint ${i + 1}`,
      state: i < dated ? 'closed' : 'future',
      startDate: i < dated ? new Date(start).toISOString() : null,
      endDate: i < dated ? new Date(start + 13 * DAY_MS + 8 * HOUR_MS).toISOString() : null,
    });
  }
  return out;
}

describe('PIs derived from sprints, in the team zone', () => {
  it('Auckland: a sprint starting 1 January local is an iteration of 1 January in the first PI of the year', () => {
    // 2027-01-01 00:00 in Auckland (NZDT, +13) is 2026-12-31 11:00 UTC.
    const sprints: CalendarSprint[] = [
      { id: 1, name: 'New year', state: 'future', startDate: '2026-12-31T11:00:00.000Z', endDate: '2027-01-14T10:59:00.000Z' },
    ];
    const pis = derivePis(sprints, new Date('2026-11-25T09:00:00Z'), 'Pacific/Auckland');
    expect(pis.map((p) => p.id)).toEqual(['PI-2027.1']);
    expect(pis[0]?.start).toBe('2027-01-01');
    expect(pis[0]?.iterations[0]).toMatchObject({ start: '2027-01-01', end: '2027-01-14' });
    tally.add('aucklandNewYear');
  });

  it('Los Angeles: a sprint starting 31 March at 17:00 local stays in the first quarter (UTC says 1 April)', () => {
    const sprints: CalendarSprint[] = [
      { id: 1, name: 'Q1 last', state: 'closed', startDate: '2026-04-01T00:00:00.000Z', endDate: '2026-04-14T00:00:00.000Z' },
    ];
    const pis = derivePis(sprints, new Date('2026-04-20T09:00:00Z'), 'America/Los_Angeles');
    expect(pis.map((p) => p.id)).toEqual(['PI-2026.1']);
    expect(pis[0]?.iterations[0]).toMatchObject({ start: '2026-03-31', end: '2026-04-13' });
  });

  it('a DST week: iterations projected across a clock change keep starting on Mondays, two weeks each (Auckland and Los Angeles)', () => {
    // Auckland leaves daylight time on 2026-04-05, Los Angeles enters it on 2026-03-08.
    for (const [zone, firstStart] of [
      ['Pacific/Auckland', '2026-01-25T20:00:00Z'], // Monday 2026-01-26 09:00 NZDT
      ['America/Los_Angeles', '2026-01-05T17:00:00Z'], // Monday 2026-01-05 09:00 PST
    ] as const) {
      const pis = derivePis(sprintsFrom(firstStart, 12, 3), new Date(Date.parse(firstStart) + 40 * DAY_MS), zone);
      const iterations = pis.flatMap((p) => p.iterations);
      expect(iterations).toHaveLength(12);
      for (const [i, it] of iterations.entries()) {
        expect(new Date(`${it.start}T00:00:00Z`).getUTCDay()).toBe(1);
        expect((Date.parse(`${it.end}T00:00:00Z`) - Date.parse(`${it.start}T00:00:00Z`)) / DAY_MS).toBe(13);
        const next = iterations[i + 1];
        if (next) expect((Date.parse(`${next.start}T00:00:00Z`) - Date.parse(`${it.end}T00:00:00Z`)) / DAY_MS).toBe(1);
      }
      tally.add('dstZones');
    }
  });
});

/** Jira as it answers when each user's profile names the zone in `zones` (by account id). */
function usersInZones(port: RequestJira, zones: Record<string, string>, accountId: string): RequestJira {
  const zone = zones[accountId];
  return zone ? inZone(port, { current: zone }) : port;
}

/** A PI calendar of four two-week iterations from 2026-11-12, none with a Jira sprint (days decide). */
function calendarPi() {
  const starts = ['2026-11-12', '2026-11-26', '2026-12-10', '2026-12-24'];
  return {
    id: 'PI-T',
    name: 'PI T',
    start: '2026-11-12',
    end: '2027-01-06',
    iterations: starts.map((start, i) => ({
      id: `it-${i + 1}`,
      name: `Team iteration ${i + 1}`,
      start,
      end: new Date(Date.parse(`${start}T00:00:00Z`) + 13 * DAY_MS).toISOString().slice(0, 10),
      sprintId: null,
      manualCapacity: 20,
      absenceDays: 0,
    })),
  };
}

async function nextIterationOf(app: Awaited<ReturnType<typeof startApp>>, user: DemoSiteUser): Promise<string | undefined> {
  const fill = ok(await app.call<FillDto>('panel', user, 'getFill', {}));
  return fill.iterations[0]?.id;
}

describe('"next iteration to plan" far from UTC', () => {
  async function withCalendar(now: Date, zones: Record<string, string>, teamZone: string | null, test: (app: Awaited<ReturnType<typeof startApp>>) => Promise<void>) {
    const app = await startApp({ site: { scale: 300 }, platform: { now: () => now, wrapJira: (port, accountId) => usersInZones(port, zones, accountId) } });
    try {
      const current = ok(await app.call<ProjectSettingsDto>('settings', app.site.po, 'getProjectSettings', {}));
      ok(await app.call('settings', app.site.po, 'saveProjectSettings', { settings: { ...current.settings, pis: [calendarPi()], timeZone: teamZone }, baseVersion: current.version }));
      await test(app);
    } finally {
      await app.close();
    }
  }

  it('an Auckland PO at 01:00 on the day an iteration starts plans the one after it (UTC still says the day before)', async () => {
    // 2026-11-25 12:00 UTC is 2026-11-26 01:00 in Auckland: iteration 2 has started there.
    await withCalendar(new Date('2026-11-25T12:00:00Z'), { [APP_PO]: 'Pacific/Auckland' }, null, async (app) => {
      expect(await nextIterationOf(app, app.site.po)).toBe('it-3');
      tally.add('aucklandNext');
    });
  }, 60_000);

  it('a Los Angeles PO at 21:00 the evening before an iteration starts plans that iteration (UTC already says it started)', async () => {
    // 2026-11-26 05:00 UTC is 2026-11-25 21:00 in Los Angeles: iteration 2 starts tomorrow there.
    await withCalendar(new Date('2026-11-26T05:00:00Z'), { [APP_PO]: 'America/Los_Angeles' }, null, async (app) => {
      expect(await nextIterationOf(app, app.site.po)).toBe('it-2');
      tally.add('losAngelesNext');
    });
  }, 60_000);

  it('with a team zone set, an Auckland PO and a Los Angeles developer see the same next iteration, the team zone\'s', async () => {
    await withCalendar(new Date('2026-11-25T12:00:00Z'), { [APP_PO]: 'America/Los_Angeles', [APP_DEV]: 'Pacific/Auckland' }, 'Pacific/Auckland', async (app) => {
      expect(await nextIterationOf(app, app.site.po)).toBe('it-3');
      expect(await nextIterationOf(app, app.site.dev)).toBe('it-3');
      tally.add('teamZoneShared');
    });
  }, 60_000);

  it('without a team zone, the site\'s zone where Jira names one decides, whoever asks', async () => {
    const now = new Date('2026-11-25T12:00:00Z');
    const app = await startApp({ site: { scale: 300, timeZone: 'Pacific/Auckland' }, platform: { now: () => now, wrapJira: (port, accountId) => usersInZones(port, { [APP_PO]: 'America/Los_Angeles' }, accountId) } });
    try {
      const current = ok(await app.call<ProjectSettingsDto>('settings', app.site.po, 'getProjectSettings', {}));
      ok(await app.call('settings', app.site.po, 'saveProjectSettings', { settings: { ...current.settings, pis: [calendarPi()] }, baseVersion: current.version }));
      expect(await nextIterationOf(app, app.site.po)).toBe('it-3');
      const after = ok(await app.call<ProjectSettingsDto>('settings', app.site.po, 'getProjectSettings', {}));
      expect(after.timeZone).toEqual({ zone: 'Pacific/Auckland', source: 'site' });
    } finally {
      await app.close();
    }
  }, 60_000);

  it('a team zone Jira does not know is refused on save, naming the field', async () => {
    const app = await startApp({ site: { scale: 300 } });
    try {
      const current = ok(await app.call<ProjectSettingsDto>('settings', app.site.po, 'getProjectSettings', {}));
      const refused = await app.call('settings', app.site.po, 'saveProjectSettings', { settings: { ...current.settings, timeZone: 'Mars/Olympus_Mons' }, baseVersion: current.version });
      expect(refused).toEqual({ ok: false, error: expect.objectContaining({ code: 'INVALID_INPUT', field: 'settings.timeZone' }) });
    } finally {
      await app.close();
    }
  }, 60_000);
});

const APP_PO = '712020:demo-po-0001';
const APP_DEV = '712020:demo-dev-0002';

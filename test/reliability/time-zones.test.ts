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

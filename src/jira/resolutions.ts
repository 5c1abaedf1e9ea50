/** The site's resolutions (names), for marking which of them mean dropped work. */

import { JiraUnexpectedResponseError } from './errors';
import type { JiraHttp } from './http';
import { asArray, asNumber, asRecord, asString } from './json';
import { route } from './route';

const PAGE = 50;

export async function listResolutions(http: JiraHttp): Promise<string[]> {
  const names: string[] = [];
  for (let startAt = 0; ; ) {
    const page = asRecord(await http.get(route`/rest/api/3/resolution/search?startAt=${startAt}&maxResults=${PAGE}`));
    if (!page || !Array.isArray(page.values)) throw new JiraUnexpectedResponseError('Jira answered the resolution list without values.', { status: 200 });
    for (const raw of asArray(page.values)) {
      const name = asString(asRecord(raw)?.name);
      if (name) names.push(name);
    }
    startAt += page.values.length;
    const total = asNumber(page.total);
    if (page.isLast === true || page.values.length === 0 || (total !== null && startAt >= total)) return names;
  }
}

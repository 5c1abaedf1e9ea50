import { route, type JiraMethod, type RequestJira } from '../jira';

/**
 * Every Jira REST route the app calls, written out as literal `requestJira(route\`...\`, { method })` calls.
 * Why: `@forge/lint` finds the scopes an app needs by scanning `requestJira(...)` calls whose first argument
 * is a literal or template; our client builds its routes in one place and calls the port through a variable,
 * which the linter cannot see. This list makes the calls visible; `test/forge/routes.test.ts` keeps it honest
 * by checking that every request the app sent during the resolver tests matches an entry here, and
 * `test/forge/lint.test.ts` runs the linter over it against the local OpenAPI descriptions.
 * Placeholders are the literal `P` (the linter reads any interpolation as a wildcard anyway).
 */
export function declaredJiraRoutes(requestJira: RequestJira, P: string): (() => Promise<unknown>)[] {
  return [
    () => requestJira(route`/rest/api/3/myself`, { method: 'GET' }),
    () => requestJira(route`/rest/api/3/myself?expand=groups`, { method: 'GET' }),
    () => requestJira(route`/rest/api/3/serverInfo`, { method: 'GET' }),
    () => requestJira(route`/rest/api/3/user?accountId=${P}`, { method: 'GET' }),
    () => requestJira(route`/rest/api/3/mypermissions?projectKey=${P}&permissions=${P}`, { method: 'GET' }),
    () => requestJira(route`/rest/api/3/project/${P}`, { method: 'GET' }),
    () => requestJira(route`/rest/api/3/project/search?typeKey=software&orderBy=key&startAt=${P}&maxResults=${P}`, { method: 'GET' }),
    () => requestJira(route`/rest/api/3/project/${P}/roledetails?currentMember=true`, { method: 'GET' }),
    () => requestJira(route`/rest/api/3/field`, { method: 'GET' }),
    () => requestJira(route`/rest/api/3/search/jql`, { method: 'POST' }),
    () => requestJira(route`/rest/api/3/search/approximate-count`, { method: 'POST' }),
    () => requestJira(route`/rest/api/3/issue/${P}?fields=${P}`, { method: 'GET' }),
    () => requestJira(route`/rest/api/3/issue`, { method: 'POST' }),
    () => requestJira(route`/rest/api/3/issue/bulkfetch`, { method: 'POST' }),
    // As the app (asApp), the only call it makes as itself: setting its own WSJF and Readiness fields.
    () => requestJira(route`/rest/api/3/app/field/value`, { method: 'POST' }),
    () => requestJira(route`/rest/api/3/issue/${P}`, { method: 'PUT' }),
    () => requestJira(route`/rest/api/3/issue/${P}/transitions`, { method: 'GET' }),
    () => requestJira(route`/rest/api/3/issue/${P}/transitions`, { method: 'POST' }),
    () => requestJira(route`/rest/api/3/issueLinkType`, { method: 'GET' }),
    () => requestJira(route`/rest/api/3/issueLink`, { method: 'POST' }),
    () => requestJira(route`/rest/api/3/resolution/search?startAt=${P}&maxResults=${P}`, { method: 'GET' }),
    () => requestJira(route`/rest/agile/1.0/board?projectKeyOrId=${P}&type=scrum,simple`, { method: 'GET' }),
    () => requestJira(route`/rest/agile/1.0/board/${P}/configuration`, { method: 'GET' }),
    () => requestJira(route`/rest/agile/1.0/board/${P}/sprint?state=${P}`, { method: 'GET' }),
    () => requestJira(route`/rest/agile/1.0/issue/rank`, { method: 'PUT' }),
    () => requestJira(route`/rest/agile/1.0/sprint/${P}/issue`, { method: 'POST' }),
    () => requestJira(route`/rest/agile/1.0/backlog/issue`, { method: 'POST' }),
  ];
}

export interface DeclaredRoute {
  method: JiraMethod;
  /** The path with `P` where a value goes, without the query. */
  path: string;
}

/** The declared routes as data (by calling each with a recording port). */
export async function listDeclaredRoutes(): Promise<DeclaredRoute[]> {
  const seen: DeclaredRoute[] = [];
  const record: RequestJira = async (path, init) => {
    seen.push({ method: init?.method ?? 'GET', path: path.value.replace(/\?.*$/, '') });
    return { status: 204, headers: { get: () => null }, json: async () => null, text: async () => '' };
  };
  for (const call of declaredJiraRoutes(record, 'P')) await call();
  return seen;
}

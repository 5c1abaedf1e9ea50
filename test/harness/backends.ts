/**
 * The two things the harness can serve: the embedded demo site (in-process, its users to switch between)
 * or a real Jira Cloud site reached with one user's API token. Both run the resolver handlers Forge runs,
 * on the local platform.
 */
import { route, type RequestJira } from '../../src/jira';
import type { LocalPlatform } from '../../src/platform';
import type { FrameContext } from './bridgeHost';
import type { UiApp } from './buildUi';
import type { HarnessBackend, HarnessIssue, HarnessProject, HarnessUser } from './server';

/** A Forge resolver handler as `makeResolver(...)` / `resolver.getDefinitions()` return it. */
export type ForgeHandler = (
  event: { call: { functionKey: string; payload?: unknown; jobId?: string }; context: Record<string, unknown> },
  backendRuntimePayload?: Record<string, unknown>,
) => Promise<unknown>;

export type HandlersByApp = Record<UiApp, ForgeHandler>;

export interface BackendParts {
  platform: LocalPlatform;
  handlers: HandlersByApp;
  users: HarnessUser[];
  /** The projects offered in the switch; null = the projects of the Scrum boards the first user can see. */
  projects: HarnessProject[] | null;
  siteUrl: string;
  siteLabel: string;
  banner?: string;
}

interface BoardPage {
  values?: { location?: { projectId?: number; projectKey?: string; projectName?: string } }[];
}

interface SearchPage {
  issues?: { id: string; key: string; fields?: { summary?: string; issuetype?: { name?: string } } }[];
}

async function readJson<T>(requestJira: RequestJira, path: ReturnType<typeof route>): Promise<T> {
  const response = await requestJira(path);
  if (response.status >= 400) throw new Error(`Jira answered ${response.status} to ${path.value}: ${await response.text()}`);
  return (await response.json()) as T;
}

/** Calls a handler exactly as Forge does: the frame's context plus the invoking user as the principal. */
export function invokeAsForge(handler: ForgeHandler, functionKey: string, payload: unknown, context: FrameContext): Promise<unknown> {
  const { accountId, license, ...frame } = context;
  return handler(
    { call: { functionKey, payload: (payload ?? {}) as Record<string, unknown> }, context: frame as unknown as Record<string, unknown> },
    { principal: { accountId }, installContext: `ari:cloud:jira::site/${context.cloudId}`, license },
  );
}

export function createBackend(parts: BackendParts): HarnessBackend {
  const firstUser = parts.users[0]?.accountId ?? '';
  let projects: Promise<HarnessProject[]> | null = parts.projects ? Promise.resolve(parts.projects) : null;
  const issueCache = new Map<string, Promise<HarnessIssue[]>>();
  return {
    siteUrl: parts.siteUrl,
    // The installation the platform serves: the frame's context names it back on every invoke.
    cloudId: parts.platform.site.slice(parts.platform.site.lastIndexOf('/') + 1),
    siteLabel: parts.siteLabel,
    banner: parts.banner,
    users: async () => parts.users,
    projects: () => {
      // Team projects are the ones with a Scrum board or a team-managed (simple) board: the panel plans a board's sprints.
      projects ??= readJson<BoardPage>(parts.platform.jiraFor(firstUser), route`/rest/agile/1.0/board?type=${'scrum,simple'}&maxResults=${50}`).then((page) => {
        const byKey = new Map<string, HarnessProject>();
        for (const board of page.values ?? []) {
          const location = board.location;
          if (location?.projectKey && !byKey.has(location.projectKey)) {
            byKey.set(location.projectKey, { id: String(location.projectId ?? ''), key: location.projectKey, name: location.projectName ?? location.projectKey });
          }
        }
        return [...byKey.values()].sort((a, b) => a.key.localeCompare(b.key));
      });
      return projects;
    },
    issues: (projectKey) => {
      if (!projectKey) return Promise.resolve([]);
      let cached = issueCache.get(projectKey);
      if (!cached) {
        const jql = `project = "${projectKey.replace(/"/g, '')}" AND statusCategory != Done ORDER BY Rank ASC`;
        cached = readJson<SearchPage>(parts.platform.jiraFor(firstUser), route`/rest/api/3/search/jql?jql=${jql}&fields=${'summary,issuetype'}&maxResults=${50}`)
          .then((page) => (page.issues ?? []).map((i) => ({ id: i.id, key: i.key, summary: i.fields?.summary ?? '', issueType: i.fields?.issuetype?.name ?? '' })))
          .catch((error: unknown) => {
            issueCache.delete(projectKey);
            throw error;
          });
        issueCache.set(projectKey, cached);
      }
      return cached;
    },
    invoke: (app, functionKey, payload, context) => invokeAsForge(parts.handlers[app], functionKey, payload, context),
  };
}

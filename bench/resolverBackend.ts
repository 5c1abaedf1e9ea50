/** The load figures (1, 2) driven through the resolver functions, as the panel invokes them. */
import type { RequestJira, TeamBacklog } from '../src/jira';
import type { PanelBackend } from './backend';
import { FIRST_PANEL_CALLS, PanelInstance, type ResolverUser } from './resolvers';

export function resolverBackend(baseUrl: string, user: ResolverUser): PanelBackend {
  let instance: PanelInstance | null = null;
  const run = async (panel: PanelInstance, port: RequestJira, calls: readonly string[]): Promise<TeamBacklog> => {
    panel.port = port;
    try {
      for (const call of calls) await panel.call(call);
    } finally {
      panel.port = null;
    }
    return panel.backlog;
  };
  return {
    describe: `resolvers: ${FIRST_PANEL_CALLS.join(' + ')} on a cold instance; refresh = getBalance on the warm one`,
    firstLoad: (port) => {
      instance = new PanelInstance(baseUrl, user);
      return run(instance, port, FIRST_PANEL_CALLS);
    },
    refresh: (port) => {
      if (!instance) throw new Error('refresh before a first load');
      return run(instance, port, ['getBalance']);
    },
    fullReload: (port) => run(new PanelInstance(baseUrl, user), port, ['getBalance']),
  };
}

/**
 * What the load figures drive: the code path a panel open takes. `jiraLayerBackend` calls the Jira layer the
 * resolvers call (`loadTeamBacklog`, `refreshTeamBacklog`); the resolver backend drives the resolver
 * functions themselves, exactly as the panel invokes them.
 */
import { createJiraHttp, loadTeamBacklog, refreshTeamBacklog, type RequestJira, type TeamBacklog } from '../src/jira';
import { BENCH_PROJECT } from './site';

export interface PanelBackend {
  /** What was measured, for the figure's detail. */
  describe: string;
  /** Everything a first panel open asks Jira for; resolves to the backlog it loaded. */
  firstLoad(requestJira: RequestJira): Promise<TeamBacklog>;
  /** The next panel read after `previous` was loaded (an incremental refresh). */
  refresh(requestJira: RequestJira, previous: TeamBacklog): Promise<TeamBacklog>;
  /** A full load from scratch, for comparison. */
  fullReload(requestJira: RequestJira): Promise<TeamBacklog>;
}

export const jiraLayerBackend: PanelBackend = {
  describe: 'Jira layer: loadTeamBacklog / refreshTeamBacklog',
  firstLoad: (requestJira) => loadTeamBacklog(createJiraHttp(requestJira), { projectKey: BENCH_PROJECT }),
  refresh: (requestJira, previous) => refreshTeamBacklog(createJiraHttp(requestJira), previous),
  fullReload: (requestJira) => loadTeamBacklog(createJiraHttp(requestJira), { projectKey: BENCH_PROJECT }),
};

import { makeResolver } from '@forge/resolver';
import type { PanelDefinitions } from '../contracts';
import * as s from '../contracts/payloads';
import type { Host } from '../platform/types';
import { requireTeamProject } from '../usecases/access';
import { allocationHistory, saveAllocation } from '../usecases/allocation';
import { getBacklog, rebaseline } from '../usecases/backlog';
import { getBalance } from '../usecases/balance';
import { commitFill, previewCommitFill } from '../usecases/commit';
import { getFill } from '../usecases/fill';
import { getForecast } from '../usecases/forecast';
import { getHealth } from '../usecases/health';
import { getSummaries } from '../usecases/summaries';
import { jobStatus, startBackgroundLoad } from '../usecases/jobs';
import { getRefinement } from '../usecases/refinement';
import { applyRerank, previewRerank } from '../usecases/rerank';
import { split } from '../usecases/split';
import { moveToTail, previewTrim, takeOutOfTail, trimTail } from '../usecases/trim';
import { scoreWsjf } from '../usecases/wsjf';
import { getArtTeam, getArtTrain, projectPageWhoAmI } from '../usecases/art';
import { applyFeatureRerank, artJobs, loadArtTeams, previewFeatureRerank, saveArtSettings, scoreFeatures } from '../usecases/art-writes';
import { resolverFunction } from './context';
import { requireBrowser, requireOwnIssues, requireReader, requireWriter } from './guards';

/** The panel's functions (see PanelDefinitions for what each returns): validation, permission, the use case. */
export function panelHandlers(host: Host) {
  const fn = resolverFunction;
  return {
    whoAmI: fn(host, s.none, projectPageWhoAmI),
    getBalance: fn(host, s.optionalPi, async (ctx, p) => getBalance(ctx, await requireReader(ctx), p)),
    getBacklog: fn(host, s.optionalPi, async (ctx, p) => getBacklog(ctx, await requireReader(ctx), p)),
    getSummaries: fn(host, s.summariesSchema, async (ctx, p) => getSummaries(ctx, await requireReader(ctx), p)),
    getRefinement: fn(host, s.optionalPi, async (ctx, p) => getRefinement(ctx, await requireReader(ctx), p)),
    getFill: fn(host, s.fillSchema, async (ctx, p) => getFill(ctx, await requireReader(ctx), p)),
    getForecast: fn(host, s.forecastSchema, async (ctx, p) => getForecast(ctx, await requireReader(ctx), p)),
    getHealth: fn(host, s.none, async (ctx) => getHealth(ctx, await requireReader(ctx))),
    rebaselineCommittedOrder: fn(host, s.requiredPi, async (ctx, p) => rebaseline(ctx, await requireWriter(ctx), p)),
    saveAllocation: fn(host, s.saveAllocationSchema, async (ctx, p) => saveAllocation(ctx, await requireWriter(ctx), p)),
    getAllocationHistory: fn(host, s.allocationHistoryRequest, async (ctx, p) => allocationHistory(ctx, await requireReader(ctx), p)),
    scoreWsjf: fn(host, s.scoreWsjfSchema, async (ctx, p) => {
      const projectKey = await requireWriter(ctx);
      requireOwnIssues(projectKey, p.items.map((i) => i.key), 'items');
      return scoreWsjf(ctx, projectKey, p);
    }),
    previewRerank: fn(host, s.optionalPi, async (ctx, p) => previewRerank(ctx, await requireWriter(ctx), p)),
    applyRerank: fn(host, s.tokenSchema, async (ctx, p) => applyRerank(ctx, await requireWriter(ctx), p.token)),
    previewCommitFill: fn(host, s.fillSchema, async (ctx, p) => previewCommitFill(ctx, await requireWriter(ctx), p)),
    commitFill: fn(host, s.tokenSchema, async (ctx, p) => commitFill(ctx, await requireWriter(ctx), p.token)),
    getJob: fn(host, s.jobIdSchema, async (ctx, p) => jobStatus(ctx, await requireBrowser(ctx), p.jobId)),
    loadBacklog: fn(host, s.none, async (ctx) => {
      const projectKey = await requireBrowser(ctx);
      // Only on a first open: no background load of a project that holds no team backlog.
      await requireTeamProject(ctx.http, projectKey);
      return startBackgroundLoad(ctx, projectKey);
    }),
    split: fn(host, s.splitSchema, async (ctx, p) => {
      const projectKey = await requireWriter(ctx);
      requireOwnIssues(projectKey, [p.key], 'key');
      return split(ctx, projectKey, p);
    }),
    moveToTail: fn(host, s.keysSchema, async (ctx, p) => {
      const projectKey = await requireWriter(ctx);
      requireOwnIssues(projectKey, p.keys, 'keys');
      return moveToTail(ctx, projectKey, p.keys);
    }),
    takeOutOfTail: fn(host, s.keysSchema, async (ctx, p) => {
      const projectKey = await requireWriter(ctx);
      requireOwnIssues(projectKey, p.keys, 'keys');
      return takeOutOfTail(ctx, projectKey, p.keys);
    }),
    previewTrim: fn(host, s.optionalPi, async (ctx, p) => previewTrim(ctx, await requireWriter(ctx), p)),
    trimTail: fn(host, s.tokenSchema, async (ctx, p) => trimTail(ctx, await requireWriter(ctx), p.token)),
    // The ART view: the project is the program project; its reads run as the user, its writes need its planners.
    getArtTrain: fn(host, s.none, async (ctx) => getArtTrain(ctx, await requireReader(ctx))),
    getArtTeam: fn(host, s.artTeamSchema, async (ctx, p) => getArtTeam(ctx, await requireReader(ctx), p.team)),
    loadArtTeams: fn(host, s.none, async (ctx) => loadArtTeams(ctx, await requireBrowser(ctx))),
    getArtJobs: fn(host, s.artJobsSchema, async (ctx, p) => artJobs(ctx, await requireBrowser(ctx), p.jobs)),
    saveArtSettings: fn(host, s.saveArtSettingsSchema, async (ctx, p) => saveArtSettings(ctx, await requireWriter(ctx), p)),
    scoreFeatures: fn(host, s.scoreWsjfSchema, async (ctx, p) => {
      const programKey = await requireWriter(ctx);
      requireOwnIssues(programKey, p.items.map((i) => i.key), 'items');
      return scoreFeatures(ctx, programKey, p);
    }),
    previewFeatureRerank: fn(host, s.none, async (ctx) => previewFeatureRerank(ctx, await requireWriter(ctx))),
    applyFeatureRerank: fn(host, s.tokenSchema, async (ctx, p) => applyFeatureRerank(ctx, await requireWriter(ctx), p.token)),
  } satisfies { [K in keyof PanelDefinitions]: unknown };
}

export function createPanelResolver(host: Host) {
  const handlers = panelHandlers(host);
  return { getDefinitions: () => makeResolver<PanelDefinitions>(handlers) };
}

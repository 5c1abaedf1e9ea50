import { makeResolver } from '@forge/resolver';
import type { PanelDefinitions } from '../contracts';
import * as s from '../contracts/payloads';
import type { Platform } from '../platform/types';
import { panelWhoAmI } from '../usecases/access';
import { allocationHistory, saveAllocation } from '../usecases/allocation';
import { getBacklog, rebaseline } from '../usecases/backlog';
import { getBalance } from '../usecases/balance';
import { commitFill, previewCommitFill } from '../usecases/commit';
import { getFill } from '../usecases/fill';
import { getHealth } from '../usecases/health';
import { jobStatus, loadBacklog } from '../usecases/jobs';
import { getRefinement } from '../usecases/refinement';
import { applyRerank, previewRerank } from '../usecases/rerank';
import { split } from '../usecases/split';
import { moveToTail, previewTrim, takeOutOfTail, trimTail } from '../usecases/trim';
import { scoreWsjf } from '../usecases/wsjf';
import { resolverFunction } from './context';
import { requireBrowser, requireOwnIssues, requireReader, requireWriter } from './guards';

/** The panel's functions (see PanelDefinitions for what each returns): validation, permission, the use case. */
export function panelHandlers(platform: Platform) {
  const fn = resolverFunction;
  return {
    whoAmI: fn(platform, s.none, panelWhoAmI),
    getBalance: fn(platform, s.optionalPi, async (ctx, p) => getBalance(ctx, await requireReader(ctx), p)),
    getBacklog: fn(platform, s.optionalPi, async (ctx, p) => getBacklog(ctx, await requireReader(ctx), p)),
    getRefinement: fn(platform, s.optionalPi, async (ctx, p) => getRefinement(ctx, await requireReader(ctx), p)),
    getFill: fn(platform, s.fillSchema, async (ctx, p) => getFill(ctx, await requireReader(ctx), p)),
    getHealth: fn(platform, s.none, async (ctx) => getHealth(ctx, await requireReader(ctx))),
    rebaselineCommittedOrder: fn(platform, s.requiredPi, async (ctx, p) => rebaseline(ctx, await requireWriter(ctx), p)),
    saveAllocation: fn(platform, s.saveAllocationSchema, async (ctx, p) => saveAllocation(ctx, await requireWriter(ctx), p)),
    getAllocationHistory: fn(platform, s.optionalPi, async (ctx, p) => allocationHistory(ctx, await requireReader(ctx), p)),
    scoreWsjf: fn(platform, s.scoreWsjfSchema, async (ctx, p) => {
      const projectKey = await requireWriter(ctx);
      requireOwnIssues(projectKey, p.items.map((i) => i.key), 'items');
      return scoreWsjf(ctx, projectKey, p);
    }),
    previewRerank: fn(platform, s.none, async (ctx) => previewRerank(ctx, await requireWriter(ctx))),
    applyRerank: fn(platform, s.tokenSchema, async (ctx, p) => applyRerank(ctx, await requireWriter(ctx), p.token)),
    previewCommitFill: fn(platform, s.fillSchema, async (ctx, p) => previewCommitFill(ctx, await requireWriter(ctx), p)),
    commitFill: fn(platform, s.tokenSchema, async (ctx, p) => commitFill(ctx, await requireWriter(ctx), p.token)),
    getJob: fn(platform, s.jobIdSchema, async (ctx, p) => jobStatus(ctx, await requireBrowser(ctx), p.jobId)),
    loadBacklog: fn(platform, s.none, async (ctx) => loadBacklog(ctx, await requireBrowser(ctx))),
    split: fn(platform, s.splitSchema, async (ctx, p) => {
      const projectKey = await requireWriter(ctx);
      requireOwnIssues(projectKey, [p.key], 'key');
      return split(ctx, projectKey, p);
    }),
    moveToTail: fn(platform, s.keysSchema, async (ctx, p) => {
      const projectKey = await requireWriter(ctx);
      requireOwnIssues(projectKey, p.keys, 'keys');
      return moveToTail(ctx, projectKey, p.keys);
    }),
    takeOutOfTail: fn(platform, s.keysSchema, async (ctx, p) => {
      const projectKey = await requireWriter(ctx);
      requireOwnIssues(projectKey, p.keys, 'keys');
      return takeOutOfTail(ctx, projectKey, p.keys);
    }),
    previewTrim: fn(platform, s.none, async (ctx) => previewTrim(ctx, await requireWriter(ctx))),
    trimTail: fn(platform, s.tokenSchema, async (ctx, p) => trimTail(ctx, await requireWriter(ctx), p.token)),
  } satisfies { [K in keyof PanelDefinitions]: unknown };
}

export function createPanelResolver(platform: Platform) {
  const handlers = panelHandlers(platform);
  return { getDefinitions: () => makeResolver<PanelDefinitions>(handlers) };
}

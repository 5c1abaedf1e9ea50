import { makeResolver } from '@forge/resolver';
import type { IssuePanelDefinitions } from '../contracts';
import * as s from '../contracts/payloads';
import type { Host } from '../platform/types';
import { projectWhoAmI } from '../usecases/access';
import { issueInsight } from '../usecases/issue-insight';
import { jobStatus } from '../usecases/jobs';
import { resolverFunction } from './context';
import { requireBrowser } from './guards';

export function issuePanelHandlers(host: Host) {
  const fn = resolverFunction;
  return {
    whoAmI: fn(host, s.none, projectWhoAmI),
    getIssueInsight: fn(host, s.none, async (ctx) => issueInsight(ctx, await requireBrowser(ctx))),
    getJob: fn(host, s.jobIdSchema, async (ctx, p) => jobStatus(ctx, await requireBrowser(ctx), p.jobId)),
  } satisfies { [K in keyof IssuePanelDefinitions]: unknown };
}

export function createIssuePanelResolver(host: Host) {
  const handlers = issuePanelHandlers(host);
  return { getDefinitions: () => makeResolver<IssuePanelDefinitions>(handlers) };
}

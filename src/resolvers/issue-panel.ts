import { makeResolver } from '@forge/resolver';
import type { IssuePanelDefinitions } from '../contracts';
import * as s from '../contracts/payloads';
import type { Platform } from '../platform/types';
import { projectWhoAmI } from '../usecases/access';
import { issueInsight } from '../usecases/issue-insight';
import { resolverFunction } from './context';
import { requireBrowser } from './guards';

export function issuePanelHandlers(platform: Platform) {
  const fn = resolverFunction;
  return {
    whoAmI: fn(platform, s.none, projectWhoAmI),
    getIssueInsight: fn(platform, s.none, async (ctx) => issueInsight(ctx, await requireBrowser(ctx))),
  } satisfies { [K in keyof IssuePanelDefinitions]: unknown };
}

export function createIssuePanelResolver(platform: Platform) {
  const handlers = issuePanelHandlers(platform);
  return { getDefinitions: () => makeResolver<IssuePanelDefinitions>(handlers) };
}

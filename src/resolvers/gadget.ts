import { makeResolver } from '@forge/resolver';
import type { GadgetDefinitions } from '../contracts';
import * as s from '../contracts/payloads';
import type { Host } from '../platform/types';
import { gadgetBalance, gadgetProjects } from '../usecases/gadget';
import { jobStatus } from '../usecases/jobs';
import { resolverFunction, type CallContext } from './context';
import { requireBrowser, requireReader } from './guards';

/**
 * A dashboard has no project: the gadget's project is its configuration, which anyone who may edit the
 * dashboard sets, so it comes in the payload and goes through the same checks as the project of a project
 * page (validated, then Browse projects asked of Jira as the user looking at the dashboard).
 */
function inProject(ctx: CallContext, projectKey: string): CallContext {
  return { ...ctx, projectKey };
}

/** The gadget's functions: validation, permission as the reading user, the use case. Reads only. */
export function gadgetHandlers(host: Host) {
  const fn = resolverFunction;
  return {
    getGadgetProjects: fn(host, s.none, gadgetProjects),
    getGadget: fn(host, s.gadgetSchema, async (ctx, p) => {
      const team = inProject(ctx, p.projectKey);
      return gadgetBalance(team, await requireReader(team));
    }),
    getGadgetJob: fn(host, s.gadgetJobSchema, async (ctx, p) => {
      const team = inProject(ctx, p.projectKey);
      return jobStatus(team, await requireBrowser(team), p.jobId);
    }),
  } satisfies { [K in keyof GadgetDefinitions]: unknown };
}

export function createGadgetResolver(host: Host) {
  const handlers = gadgetHandlers(host);
  return { getDefinitions: () => makeResolver<GadgetDefinitions>(handlers) };
}

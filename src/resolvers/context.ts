import type { Request } from '@forge/resolver';
import type { z } from 'zod';
import { createJiraHttp } from '../jira';
import type { CallContext } from '../usecases/context';
import { UnknownInstallationError, type Host, type Platform } from '../platform/types';
import { PROJECT_KEY } from '../storage';
import { isLicenceActive } from '../platform/licence';

export { requireProject, type CallContext } from '../usecases/context';
import type { Result } from '../contracts';
import { AppFailure } from '../contracts/errors';
import { invalidInput, toAppError } from './errors';


const ISSUE_KEY = /^[A-Z][A-Z0-9_]{0,49}-[1-9][0-9]{0,9}$/;

export function callContext(host: Host, request: Request<unknown>): CallContext {
  const context = (request.context ?? {}) as {
    accountId?: unknown;
    installContext?: unknown;
    license?: unknown;
    extension?: { project?: { key?: unknown }; issue?: { key?: unknown } };
  };
  // The installation comes from Forge's runtime (never from the page): it partitions every cache and store.
  let platform: Platform;
  try {
    platform = host.forSite(typeof context.installContext === 'string' ? context.installContext : undefined);
  } catch (error) {
    if (error instanceof UnknownInstallationError) throw AppFailure.of('INTERNAL', 'error.unknownInstallation', { detail: error.message });
    throw error;
  }
  const accountId = typeof context.accountId === 'string' && context.accountId !== '' ? context.accountId : null;
  if (!accountId) throw AppFailure.of('FORBIDDEN', 'error.notSignedIn');
  const rawProject = context.extension?.project?.key;
  const projectKey = typeof rawProject === 'string' && PROJECT_KEY.test(rawProject) ? rawProject : null;
  const rawIssue = context.extension?.issue?.key;
  const issueKey = typeof rawIssue === 'string' && ISSUE_KEY.test(rawIssue) ? rawIssue : null;
  // Forge passes `license` (from its runtime, like the installation) only where paid licensing applies.
  const licensed = isLicenceActive(context.license);
  return { platform, accountId, projectKey, issueKey, http: createJiraHttp(platform.jiraFor(accountId), { retry: platform.retry, limiter: platform.jiraLimits?.for(accountId) }), licensed, finishing: [] };
}


/** Keys that only ever arrive to tamper with prototypes. */
const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/** The dot path of the first forbidden own key anywhere in the payload, or null. */
function forbiddenKeyPath(value: unknown, path: string[] = []): string | null {
  if (typeof value !== 'object' || value === null) return null;
  for (const key of Object.keys(value)) {
    const here = [...path, key];
    if (FORBIDDEN_KEYS.has(key)) return here.join('.');
    const inner = forbiddenKeyPath((value as Record<string, unknown>)[key], here);
    if (inner !== null) return inner;
  }
  return null;
}

export function parsePayload<S extends z.ZodType>(schema: S, payload: unknown): z.infer<S> {
  // zod's records silently drop an own "__proto__" key (a JSON body can carry one), so a hostile
  // {"percents": {"__proto__": ...}} would pass unnoticed: refuse such keys before the schema runs.
  const forbidden = forbiddenKeyPath(payload);
  if (forbidden !== null) throw AppFailure.of('INVALID_INPUT', 'error.unexpectedField', { field: forbidden }, forbidden);
  const parsed = schema.safeParse(payload ?? {});
  if (!parsed.success) throw invalidInput(parsed.error, payload);
  return parsed.data;
}

/**
 * One resolver function: validates the payload, builds the call context, runs `body`, and turns every
 * outcome into a `Result` (nothing is thrown to the UI).
 */
export function resolverFunction<S extends z.ZodType, T>(
  host: Host,
  schema: S,
  body: (ctx: CallContext, payload: z.infer<S>) => Promise<T>,
): (request: Request<unknown>) => Promise<Result<T>> {
  return async (request) => {
    try {
      const payload = parsePayload(schema, request.payload);
      const ctx = callContext(host, request);
      try {
        return { ok: true, data: await body(ctx, payload) };
      } finally {
        // The snapshot write the load started ran beside the compute; the call answers once it is stored.
        // A write the body registered while it was failing joins the list late: drain until none is left.
        const finishing = ctx.finishing ?? [];
        while (finishing.length > 0) await Promise.allSettled(finishing.splice(0));
      }
    } catch (error) {
      return { ok: false, error: toAppError(error) };
    }
  };
}

/**
 * JSON over the port: sends a request, reads the body, and turns every non-2xx answer into a typed
 * `JiraError` carrying Jira's `errorMessages`/`errors`.
 */

import {
  JiraAuthenticationError,
  JiraConflictError,
  JiraError,
  JiraGoneError,
  JiraNetworkError,
  JiraNotFoundError,
  JiraPermissionError,
  JiraRateLimitError,
  JiraServerError,
  JiraUnexpectedResponseError,
  JiraValidationError,
  type JiraErrorDetails,
} from './errors';
import type { JiraMethod, RequestJira } from './port';
import type { RequestLimiter } from './limiter';
import { withRetry, type RetryPolicy } from './retry';
import type { JiraRoute } from './route';
import { ref, type MessageRef } from '../domain/errors';

export interface JiraReply {
  status: number;
  body: unknown;
}

export interface JiraHttp {
  /** Any 2xx answer with its parsed body (null when empty); non-2xx throws a `JiraError`. */
  send(method: JiraMethod, path: JiraRoute, body?: unknown): Promise<JiraReply>;
  get(path: JiraRoute): Promise<unknown>;
  post(path: JiraRoute, body: unknown): Promise<unknown>;
  put(path: JiraRoute, body: unknown): Promise<unknown>;
  /**
   * How many 429 answers this client has met so far, retried ones included: a pool of parallel reads
   * narrows when it grows (see pool.ts). Absent on clients that cannot tell, and on clients whose requests
   * wait for a shared limiter's slots (limiter.ts): that limiter narrows already, a pool on top would twice.
   */
  throttleCount?: () => number;
}

export interface JiraHttpOptions {
  /** Retry settings; pass `false` to send each request once (tests of the raw error mapping). */
  retry?: Partial<RetryPolicy> | false;
  /**
   * Deadline per attempt in ms (default 10 s). Forge stops a resolver at 25 s; a Jira that never answers must
   * end in a typed error the user can act on well before that, not in Forge's generic failure.
   */
  timeoutMs?: number;
  /**
   * The cap this user's requests to this site share (see limiter.ts): each attempt waits for a slot there.
   * Absent: nothing is held back (tests of the client alone).
   */
  limiter?: RequestLimiter;
}

export const DEFAULT_REQUEST_TIMEOUT_MS = 10_000;

export function createJiraHttp(requestJira: RequestJira, options: JiraHttpOptions = {}): JiraHttp {
  const timeoutMs = options.timeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS;
  let throttles = 0;
  // The deadline counts from the moment a slot was free: waiting for one is not Jira being slow.
  const deadlined = options.limiter ? options.limiter.wrap(withDeadline(requestJira, timeoutMs)) : withDeadline(requestJira, timeoutMs);
  const timed: RequestJira = async (path, init) => {
    const response = await deadlined(path, init);
    if (response.status === 429) throttles++;
    return response;
  };
  const port = options.retry === false ? timed : withRetry(timed, options.retry ?? {}, timeoutMs);

  async function send(method: JiraMethod, path: JiraRoute, body?: unknown): Promise<JiraReply> {
    const headers: Record<string, string> = { Accept: 'application/json' };
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    let response;
    try {
      response = await port(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    } catch (cause) {
      const reason = cause instanceof Error ? cause.message : String(cause);
      throw new JiraNetworkError(`Could not reach Jira (${reason}). Check the connection and try again.`, {
        status: null,
        i18n: ref('jira.error.network', { reason }),
        method,
        path: path.value,
        cause,
      });
    }
    const text = await response.text();
    const parsed = parseBody(text);
    if (response.status >= 200 && response.status < 300) {
      if (parsed === undefined) {
        throw new JiraUnexpectedResponseError(`Jira answered ${method} ${path.value} with a body that is not JSON.`, {
          status: response.status,
          method,
          path: path.value,
        });
      }
      return { status: response.status, body: parsed };
    }
    throw errorFromResponse(response.status, method, path.value, parsed ?? text);
  }

  return {
    send,
    get: async (path) => (await send('GET', path)).body,
    post: async (path, body) => (await send('POST', path, body)).body,
    put: async (path, body) => (await send('PUT', path, body)).body,
    ...(options.limiter ? {} : { throttleCount: () => throttles }),
  };
}

/** Each attempt ends after `timeoutMs`: the request is aborted and the attempt fails as a network error. */
function withDeadline(requestJira: RequestJira, timeoutMs: number): RequestJira {
  return (path, init = {}) => {
    const controller = new AbortController();
    let timer: ReturnType<typeof setTimeout> | undefined;
    const deadline = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        controller.abort();
        reject(new Error(`no answer within ${Math.round(timeoutMs / 1000)} s`));
      }, timeoutMs);
    });
    return Promise.race([requestJira(path, { ...init, signal: controller.signal }), deadline]).finally(() => clearTimeout(timer));
  };
}

/** null for an empty body, undefined for a body that is not JSON. */
function parseBody(text: string): unknown {
  if (text.trim() === '') return null;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

function readJiraErrorBody(body: unknown): Pick<JiraErrorDetails, 'errorMessages' | 'errors'> {
  if (typeof body === 'string') return { errorMessages: body.trim() ? [body.trim().slice(0, 500)] : [], errors: {} };
  if (typeof body !== 'object' || body === null) return { errorMessages: [], errors: {} };
  const record = body as Record<string, unknown>;
  const errorMessages = Array.isArray(record.errorMessages)
    ? record.errorMessages.filter((m): m is string => typeof m === 'string')
    : typeof record.message === 'string'
      ? [record.message]
      : [];
  const errors: Record<string, string> = {};
  if (typeof record.errors === 'object' && record.errors !== null && !Array.isArray(record.errors)) {
    for (const [field, text] of Object.entries(record.errors as Record<string, unknown>)) {
      if (typeof text === 'string') errors[field] = text;
    }
  }
  return { errorMessages, errors };
}

/** The typed error for a non-2xx Jira answer. */
export function errorFromResponse(status: number, method: string, path: string, body: unknown): JiraError {
  const details: JiraErrorDetails = { status, method, path, ...readJiraErrorBody(body) };
  const said = [...(details.errorMessages ?? []), ...Object.entries(details.errors ?? {}).map(([f, t]) => `${f}: ${t}`)].join('; ');
  const suffix = said ? ` Jira says: ${said}` : '';
  // By key too, Jira's own words (in the user's Jira language already) as a param.
  const by = (key: string, params?: MessageRef['params']): JiraErrorDetails => {
    const error = ref(key, params);
    return { ...details, i18n: said ? ref('jira.error.jiraSays', { error, said }) : error };
  };
  if (status === 400) return new JiraValidationError(`Jira rejected the request.${suffix}`, by('jira.error.rejected'));
  if (status === 401) return new JiraAuthenticationError(`Jira did not accept the credentials: sign in again.${suffix}`, by('jira.error.credentials'));
  if (status === 403) return new JiraPermissionError(`You do not have permission in Jira to do this.${suffix}`, by('jira.error.permission'));
  if (status === 404) return new JiraNotFoundError(`Not found in Jira, or you may not see it.${suffix}`, by('jira.error.notFound'));
  if (status === 409) return new JiraConflictError(`Jira refused because of the item's current state.${suffix}`, by('jira.error.conflict'));
  if (status === 410) return new JiraGoneError(`This Jira endpoint is retired (${method} ${path}).${suffix}`, by('jira.error.gone', { request: `${method} ${path}` }));
  if (status === 429) return new JiraRateLimitError(`Jira is limiting requests right now: try again in a minute.${suffix}`, by('jira.error.rateLimited'));
  if (status >= 500) return new JiraServerError(`Jira had a problem (HTTP ${status}): try again later.${suffix}`, by('jira.error.server', { status }));
  return new JiraError(`Jira answered HTTP ${status} to ${method} ${path}.${suffix}`, by('jira.error.status', { status, request: `${method} ${path}` }));
}

/**
 * Path building for Jira REST calls. Every interpolated value is encoded, so text that came from a user
 * (a key, a name) can never change which endpoint is called or add query parameters. Mirrors the guarantees
 * of Forge's `route` template, so the same code is safe locally and on Forge.
 */

import { UnsafeRouteError } from './errors';

/** A request path (with query) built only through `route`; the value is safe to send as is. */
export class JiraRoute {
  private constructor(readonly value: string) {}

  /** @internal used by `route` only */
  static fromBuilt(value: string): JiraRoute {
    return new JiraRoute(value);
  }

  toString(): string {
    return this.value;
  }
}

export type RouteParameter = string | number;

const DOT_SEGMENTS = new Set(['.', '..']);

function encodePathSegment(parameter: RouteParameter): string {
  const text = stringify(parameter);
  // encodeURIComponent leaves dots alone, so a "." or ".." segment would still climb the path.
  if (text === '' || DOT_SEGMENTS.has(text)) {
    throw new UnsafeRouteError(`Refusing path segment ${JSON.stringify(text)}: it would change the endpoint`);
  }
  return encodeURIComponent(text);
}

function stringify(parameter: RouteParameter): string {
  if (typeof parameter === 'number') {
    if (!Number.isFinite(parameter)) throw new UnsafeRouteError(`Refusing non-finite number ${parameter} in a route`);
    return String(parameter);
  }
  return parameter;
}

/**
 * Tagged template for Jira paths: `route\`/rest/api/3/issue/${key}?fields=${fields}\``.
 * Values before the first `?` are path segments, values after it are query values; both are encoded.
 */
export function route(template: TemplateStringsArray, ...parameters: RouteParameter[]): JiraRoute {
  let inQuery = false;
  let result = '';
  template.forEach((fragment, index) => {
    if (fragment.includes('?') || fragment.includes('#')) inQuery = true;
    result += fragment;
    if (index < parameters.length) {
      const parameter = parameters[index] as RouteParameter;
      result += inQuery ? encodeURIComponent(stringify(parameter)) : encodePathSegment(parameter);
    }
  });
  return JiraRoute.fromBuilt(result);
}

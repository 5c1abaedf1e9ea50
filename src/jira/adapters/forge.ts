/**
 * The port on Forge. Reads and writes go through `asUser()`, so Jira applies the signed-in user's
 * permissions: nobody sees or changes an issue Jira would hide from them. `asApp()` is offered only for
 * calls with no user behind them (a scheduled trigger); its results must never be shown to a user unchecked.
 */

import api, { assumeTrustedRoute } from '@forge/api';
import type { RequestJira } from '../port';

// The path was already built by our own `route`, which encodes every value as Forge's `route` does,
// so handing it over as trusted adds no risk.
// The abort signal stays on our side: Forge's runtime proxies the request, so the deadline in http.ts ends
// the attempt by racing it rather than by cancelling the socket.
export function forgeRequestJiraAsUser(): RequestJira {
  return (path, init = {}) => {
    const { signal: _signal, ...forwarded } = init;
    return api.asUser().requestJira(assumeTrustedRoute(path.value), forwarded);
  };
}

/**
 * Jira as one named account where nobody invoked the function (the queue consumer): Forge's user
 * impersonation, `asUser(accountId)`, allowed only for the scopes the manifest marks `allowImpersonation`.
 * Jira applies that account's permissions exactly as when they call themselves.
 */
export function forgeRequestJiraImpersonating(accountId: string): RequestJira {
  return (path, init = {}) => {
    const { signal: _signal, ...forwarded } = init;
    return api.asUser(accountId).requestJira(assumeTrustedRoute(path.value), forwarded);
  };
}

/** The only routes the app calls as itself: setting the values of its own custom fields. */
const APP_ONLY_ROUTES = /^\/rest\/api\/[23]\/app\/field\/value(?:\?.*)?$/;

/**
 * Jira as the app itself, `asApp()`, for the app field value API only (Jira lets nobody but the app set its
 * fields). Any other route is refused before it is sent: the app never reads or changes Jira as itself.
 */
export function forgeRequestJiraAsApp(): RequestJira {
  return (path, init = {}) => {
    if (!APP_ONLY_ROUTES.test(path.value)) {
      return Promise.reject(new Error(`Refusing to call ${path.value} as the app: only the app field value API is called as the app.`));
    }
    const { signal: _signal, ...forwarded } = init;
    return api.asApp().requestJira(assumeTrustedRoute(path.value), forwarded);
  };
}

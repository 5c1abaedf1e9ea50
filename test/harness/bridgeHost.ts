/**
 * The host side of `@forge/bridge`, injected into each Custom UI iframe the harness serves.
 * The real bridge calls `window.__bridge.callBridge(name, args)`; Jira answers over postMessage, we answer
 * here: `invoke` is POSTed to the harness, which runs the same resolver handler Forge runs.
 */

/** The Forge-shaped context a Custom UI receives from `view.getContext()`. */
export interface FrameContext {
  accountId: string;
  cloudId: string;
  localId: string;
  moduleKey: string;
  siteUrl: string;
  locale: string;
  timezone: string;
  theme: { colorMode: 'light' | 'dark' };
  extension: Record<string, unknown>;
  /**
   * The site's licence as Forge's runtime hands it to resolvers (`context.license`); absent = no licensing
   * (as in development). Not part of what `view.getContext()` gives the page: the harness keeps it here to
   * pass it on with each invoke, as Forge's runtime does.
   */
  license?: { isActive: boolean };
}

/**
 * Script tags to put first in the `<head>` of a served app, so the bridge finds its host when its modules
 * load. Both are external scripts: the frame runs under a Forge-like CSP that forbids inline scripts.
 */
export function bridgeHostTags(app: string, query: URLSearchParams): string {
  const contextQuery = new URLSearchParams(query);
  contextQuery.set('app', app);
  return `<script src="/harness/frame-context.js?${contextQuery.toString().replace(/&/g, '&amp;').replace(/"/g, '&quot;')}"></script>\n<script src="/harness/bridge-host.js"></script>`;
}

/** The body of /harness/frame-context.js: the app and its Forge-shaped context for the bridge host. */
export function frameContextScript(app: string, context: FrameContext, hostThemeCss = true): string {
  const data = JSON.stringify({ app, context, hostThemeCss }).replace(/</g, '\\u003c');
  return `window.__harness = ${data};`;
}

/**
 * Close to the policy Forge serves Custom UI with: scripts only from the app's own origin (no inline, no
 * eval); inline styles allowed because the manifest asks for `permissions.content.styles: unsafe-inline`.
 */
export const FRAME_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
].join('; ');

/** Plain browser JavaScript: served as /harness/bridge-host.js. */
export const BRIDGE_HOST_SCRIPT = String.raw`(function () {
  'use strict';
  var harness = window.__harness;
  var themeApplied = false;

  function applyTheme(mode) {
    var html = document.documentElement;
    html.setAttribute('data-color-mode', mode);
    html.setAttribute('data-theme', 'dark:dark light:light motion:motion shape:shape spacing:spacing typography:typography');
    // hostThemeCss false plays a host that only marks the colour mode (the app must bring the themes).
    if (!themeApplied && harness.hostThemeCss !== false) {
      var link = document.createElement('link');
      link.rel = 'stylesheet';
      link.href = '/harness/tokens.css';
      document.head.appendChild(link);
      themeApplied = true;
    }
  }

  async function invoke(args) {
    var response = await fetch('/harness/invoke', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ app: harness.app, functionKey: args.functionKey, payload: args.payload || {}, context: harness.context }),
    });
    var result = await response.json();
    if (!result.ok) {
      var error = new Error(result.message);
      error.name = 'InvokeError';
      throw error;
    }
    return result.body;
  }

  function callBridge(name, args) {
    switch (name) {
      case 'invoke':
        return invoke(args);
      case 'getContext':
        return Promise.resolve(JSON.parse(JSON.stringify(harness.context)));
      case 'enableTheming':
        applyTheme(harness.context.theme.colorMode);
        return Promise.resolve();
      case 'createHistory': {
        var listeners = [];
        var history = {
          location: { pathname: '/', search: '', hash: '' },
          push: function (path) { history.location = { pathname: String(path), search: '', hash: '' }; listeners.forEach(function (l) { l(history.location); }); },
          replace: function (path) { history.push(path); },
          listen: function (listener) { listeners.push(listener); return function () { listeners = listeners.filter(function (l) { return l !== listener; }); }; },
        };
        return Promise.resolve(history);
      }
      case 'submit': {
        // Only the gadget's edit view is submittable; the harness keeps the configuration, as Jira does, and the
        // shell page shows the gadget again.
        if (harness.context.extension.entryPoint !== 'edit') return Promise.resolve(false);
        return fetch('/harness/gadget-configuration', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(args || {}) })
          .then(function (response) {
            if (!response.ok) return false;
            window.parent.postMessage({ harness: 'gadget-submitted' }, location.origin);
            return true;
          });
      }
      case 'showFlag':
        console.info('[harness] flag', args);
        return Promise.resolve();
      case 'navigate':
        // Jira would open the issue or page; the harness records where the app asked to go (tests read it).
        (window.__harnessNavigations = window.__harnessNavigations || []).push(args);
        console.info('[harness] navigate', JSON.stringify(args));
        // A module of this app in a project (the gadget's link to the project page): the shell page opens it.
        if (args && args.target === 'module') window.parent.postMessage({ harness: 'navigate', moduleKey: args.moduleKey, projectKey: args.projectKey }, location.origin);
        return Promise.resolve();
      default:
        // Jira-only host features (modal, router, resize, events...) do nothing in the harness.
        return Promise.resolve(undefined);
    }
  }

  window.__bridge = { callBridge: callBridge };
  // Mirror the theme the host page chose even before the app calls view.theme.enable().
  document.documentElement.setAttribute('data-color-mode', harness.context.theme.colorMode);
})();`;

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

  // Forge's Modal (@forge/bridge): Jira opens the modal's resource in a frame of its own, over the whole Jira
  // page (not inside the app's iframe), passes the opener's context under extension.modal, and hands what the
  // modal's view.close(payload) returns to the opener's onClose. The harness plays that host in the topmost
  // window of the same origin: the shell page, or the app's own page when a test opens the app alone.
  var inModal = new URLSearchParams(location.search).get('forgeModal') === '1';
  // Jira's named sizes (developer.atlassian.com, Forge bridge Modal): width, height, minimum height.
  var MODAL_SIZES = {
    small: ['400px', '20vh', '320px'],
    medium: ['600px', '40vh', '520px'],
    large: ['800px', '70vh', '720px'],
    xlarge: ['968px', '90vh', '0px'],
    max: ['100%', '100%', '0px'],
    fullscreen: ['100%', '100%', '0px'],
    resizable: ['800px', '70vh', '0px'],
  };

  function hostWindow() {
    try {
      if (window.parent !== window && window.parent.document) return window.parent;
    } catch (e) {
      // Another origin above us: we are the top of the harness.
    }
    return window;
  }

  // As postMessage does between Jira and the frames: a copy, never a shared object.
  function copy(value) {
    return value === undefined ? undefined : structuredClone(value);
  }

  function openModal(args) {
    var host = hostWindow();
    // One modal at a time, as in Jira: a second open is refused, and the bridge's Modal.open() rejects.
    if (host.__harnessModal) return Promise.reject(new Error('Another modal is already open.'));
    var doc = host.document;
    var size = typeof args.size === 'object' && args.size ? [args.size.width, args.size.height || '70vh', '0px'] : MODAL_SIZES[args.size || 'medium'];
    if (!size) return Promise.reject(new Error('Unknown modal size.'));
    var layer = doc.createElement('div');
    layer.setAttribute('data-forge-modal-layer', '');
    layer.style.cssText = 'position:fixed;inset:0;z-index:2147483000;display:flex;align-items:center;justify-content:center;background:rgba(5,12,31,0.5);';
    var box = doc.createElement('div');
    var gap = size[0] === '100%' ? '0px' : '16px';
    box.style.cssText = 'display:flex;overflow:hidden;border-radius:' + (gap === '0px' ? '0' : '4px') + ';box-shadow:0 8px 12px rgba(9,30,66,.15),0 0 1px rgba(9,30,66,.31);' +
      'width:' + size[0] + ';max-width:calc(100vw - 2 * ' + gap + ');' +
      'height:max(' + size[1] + ', ' + size[2] + ');max-height:calc(100vh - 2 * ' + gap + ');';
    var frame = doc.createElement('iframe');
    frame.id = 'forge-modal';
    frame.setAttribute('data-forge-modal', args.resource || harness.app);
    frame.setAttribute('aria-label', args.title || 'Dialog');
    frame.style.cssText = 'flex:1;border:0;width:100%;height:100%;';
    var query = new URLSearchParams(location.search);
    query.set('forgeModal', '1');
    // No resource: the opener's own resource, routed by its context.
    frame.src = '/apps/' + (args.resource || harness.app) + '/?' + query.toString();
    var opener = window;
    var state = {
      context: copy(args.context || {}),
      closeOnEscape: args.closeOnEscape !== false,
      close: function (payload) {
        if (host.__harnessModal !== state) return false;
        host.__harnessModal = null;
        var result = copy(payload);
        layer.remove();
        // The focus goes back to the page that opened the dialog; its onClose may put it on a control.
        try {
          if (opener.frameElement) opener.frameElement.focus();
          opener.focus();
        } catch (e) {
          // The opener is gone (its page was left meanwhile).
        }
        if (typeof args.onClose === 'function') {
          try {
            args.onClose(result);
          } catch (e) {
            console.error('[harness] modal onClose threw', e);
          }
        }
        return true;
      },
    };
    host.__harnessModal = state;
    if (args.closeOnOverlayClick !== false) {
      layer.addEventListener('click', function (event) {
        if (event.target === layer) state.close(undefined);
      });
    }
    frame.addEventListener('load', function () { frame.focus(); });
    box.appendChild(frame);
    layer.appendChild(box);
    doc.body.appendChild(layer);
    return Promise.resolve(true);
  }

  // Jira's flags (@forge/bridge showFlag): a stack at the bottom left of the whole Jira page, above any modal.
  // Errors and warnings are announced as alerts, the others as status; auto-dismissed ones go after 8 s.
  function showFlag(args) {
    var doc = hostWindow().document;
    var stack = doc.querySelector('[data-forge-flags]');
    if (!stack) {
      stack = doc.createElement('div');
      stack.setAttribute('data-forge-flags', '');
      stack.style.cssText = 'position:fixed;left:24px;bottom:24px;z-index:2147483100;display:flex;flex-direction:column;gap:8px;width:400px;max-width:calc(100vw - 48px);';
      doc.body.appendChild(stack);
    }
    var id = String(args.id);
    closeFlag({ id: id });
    var type = args.appearance || args.type || 'info';
    var colours = { error: '#c9372c', warning: '#e2b203', success: '#22a06b', info: '#1d7afc' };
    var flag = doc.createElement('div');
    flag.setAttribute('data-forge-flag', id);
    flag.setAttribute('role', type === 'error' || type === 'warning' ? 'alert' : 'status');
    flag.style.cssText = 'background:#fff;color:#172b4d;border-left:4px solid ' + (colours[type] || colours.info) + ';border-radius:4px;padding:12px 16px;box-shadow:0 8px 12px rgba(9,30,66,.15),0 0 1px rgba(9,30,66,.31);font:14px/20px -apple-system,BlinkMacSystemFont,"Segoe UI",Roboto,sans-serif;';
    var title = doc.createElement('div');
    title.style.fontWeight = '600';
    title.textContent = args.title || '';
    var description = doc.createElement('div');
    description.textContent = args.description || '';
    var dismiss = doc.createElement('button');
    dismiss.type = 'button';
    dismiss.textContent = 'Dismiss';
    dismiss.style.cssText = 'margin-top:8px;font:inherit;background:none;border:0;padding:0;color:#0c66e4;cursor:pointer;';
    dismiss.addEventListener('click', function () { closeFlag({ id: id }); });
    flag.appendChild(title);
    flag.appendChild(description);
    flag.appendChild(dismiss);
    stack.appendChild(flag);
    if (args.isAutoDismiss) setTimeout(function () { closeFlag({ id: id }); }, 8000);
    return Promise.resolve();
  }

  function closeFlag(args) {
    var doc = hostWindow().document;
    var flag = Array.prototype.find.call(doc.querySelectorAll('[data-forge-flag]'), function (el) { return el.getAttribute('data-forge-flag') === String(args && args.id); });
    if (!flag) return Promise.resolve(false);
    flag.remove();
    return Promise.resolve(true);
  }

  function closeModal(payload) {
    var state = inModal ? hostWindow().__harnessModal : null;
    return Promise.resolve(state ? state.close(payload) : false);
  }

  if (inModal) {
    // Jira's closeOnEscape: Escape anywhere in the modal closes it without a payload, unless the app took it.
    document.addEventListener('keydown', function (event) {
      if (event.key !== 'Escape' || event.defaultPrevented) return;
      var state = hostWindow().__harnessModal;
      if (state && state.closeOnEscape) state.close(undefined);
    });
  }

  function frameContext() {
    var context = copy(harness.context);
    if (inModal) {
      var state = hostWindow().__harnessModal;
      context.extension = Object.assign({}, context.extension, { modal: state ? copy(state.context) : {} });
    }
    return context;
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
        return Promise.resolve(frameContext());
      case 'openModal':
        return openModal(args || {});
      case 'close':
        return closeModal(args);
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
        return showFlag(args || {});
      case 'closeFlag':
        return closeFlag(args);
      case 'navigate':
        // Jira would open the issue or page; the harness records where the app asked to go (tests read it).
        (window.__harnessNavigations = window.__harnessNavigations || []).push(args);
        console.info('[harness] navigate', JSON.stringify(args));
        // A module of this app in a project (the gadget's link to the project page): the shell page opens it.
        if (args && args.target === 'module') window.parent.postMessage({ harness: 'navigate', moduleKey: args.moduleKey, projectKey: args.projectKey }, location.origin);
        return Promise.resolve();
      default:
        // Jira-only host features (router, resize, events...) do nothing in the harness.
        return Promise.resolve(undefined);
    }
  }

  window.__bridge = { callBridge: callBridge };
  // Mirror the theme the host page chose even before the app calls view.theme.enable().
  document.documentElement.setAttribute('data-color-mode', harness.context.theme.colorMode);
})();`;

/**
 * The harness's outer page: a Jira-like frame (top bar, project sidebar) around the app iframe, with
 * switches for the user, the project, the issue (for the issue panel), the dashboard gadget's view or edit view, the user's language, the theme and the licence (active, or inactive: the app turns read-only). Plain HTML + JS so it
 * needs no build; the Custom UI inside the iframe is the real production bundle.
 */

export const SHELL_PAGE = String.raw`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8" />
<meta name="viewport" content="width=device-width, initial-scale=1" />
<title>Backlog Balance · local Jira</title>
<style>
  :root { color-scheme: light; --bg: #fff; --fg: #172b4d; --muted: #626f86; --line: #dcdfe4; --side: #f7f8f9; --sel: #e9f2ff; --selfg: #0c66e4; }
  body.dark { color-scheme: dark; --bg: #1d2125; --fg: #b6c2cf; --muted: #8c9bab; --line: #38414a; --side: #161a1d; --sel: #1c2b41; --selfg: #579dff; }
  * { box-sizing: border-box; }
  html, body { margin: 0; height: 100%; font: 14px/20px -apple-system, BlinkMacSystemFont, "Segoe UI", Roboto, sans-serif; background: var(--bg); color: var(--fg); }
  header { height: 56px; display: flex; align-items: center; gap: 16px; padding: 0 16px; border-bottom: 1px solid var(--line); }
  header .logo { font-weight: 700; color: var(--selfg); display: flex; align-items: center; gap: 8px; }
  header .logo span.mark { width: 24px; height: 24px; border-radius: 4px; background: var(--selfg); display: inline-block; }
  header .site { color: var(--muted); font-size: 12px; }
  header .spacer { flex: 1; }
  header label { font-size: 12px; color: var(--muted); display: flex; align-items: center; gap: 6px; }
  select, button.toggle { font: inherit; padding: 4px 8px; border: 1px solid var(--line); border-radius: 4px; background: var(--bg); color: var(--fg); }
  .layout { display: flex; height: calc(100% - 56px); }
  nav { width: 240px; flex: none; background: var(--side); border-right: 1px solid var(--line); padding: 16px 8px; overflow: auto; }
  nav .project { display: flex; gap: 8px; align-items: center; padding: 0 8px 16px; }
  nav .project .avatar { width: 32px; height: 32px; border-radius: 4px; background: #6e5dc6; color: #fff; display: grid; place-items: center; font-weight: 700; }
  nav .project .name { font-weight: 600; }
  nav .project .kind { font-size: 12px; color: var(--muted); }
  nav h2 { font-size: 11px; text-transform: uppercase; color: var(--muted); margin: 16px 8px 4px; letter-spacing: .04em; }
  nav a { display: block; padding: 6px 8px; border-radius: 4px; color: var(--fg); text-decoration: none; }
  nav a.disabled { color: var(--muted); pointer-events: none; }
  nav a[hidden] { display: none; }
  nav a[aria-current="page"] { background: var(--sel); color: var(--selfg); font-weight: 600; }
  main { flex: 1; display: flex; flex-direction: column; min-width: 0; }
  main .crumbs { padding: 12px 24px 0; font-size: 12px; color: var(--muted); }
  main .issuebar { padding: 8px 24px 0; display: none; gap: 8px; align-items: center; }
  main .issuebar.shown { display: flex; }
  main .banner { margin: 8px 24px 0; padding: 8px 12px; border-radius: 4px; background: #fff7d6; color: #533f04; display: none; }
  main .banner.shown { display: block; }
  iframe { flex: 1; border: 0; width: 100%; background: var(--bg); }
  main .gadgetbar { padding: 8px 24px 0; display: none; gap: 8px; align-items: center; }
  main .gadgetbar.shown { display: flex; }
  main.dashboard { background: var(--side); }
  main.dashboard iframe { flex: none; width: 520px; max-width: calc(100% - 48px); height: 660px; margin: 12px 24px; border: 1px solid var(--line); border-radius: 8px; }
</style>
</head>
<body>
<header>
  <div class="logo"><span class="mark" aria-hidden="true"></span>Jira</div>
  <div class="site" id="site"></div>
  <div class="spacer"></div>
  <label>Project <select id="project" aria-label="Project"></select></label>
  <label>User <select id="user" aria-label="User"></select></label>
  <label>Language <select id="locale" aria-label="Language"></select></label>
  <button class="toggle" id="theme" type="button" aria-pressed="false">Dark theme</button>
  <button class="toggle" id="licence" type="button" aria-pressed="false" title="Forge passes the site's licence to the resolvers: without an active one the app is read-only">Licence inactive</button>
</header>
<div class="layout">
  <nav aria-label="Project navigation">
    <div class="project"><div class="avatar" id="avatar"></div><div><div class="name" id="projectName"></div><div class="kind" id="projectKind">Software project</div></div></div>
    <h2>Planning</h2>
    <a class="disabled" href="#">Backlog</a>
    <a class="disabled" href="#">Active sprints</a>
    <a href="#" data-app="panel">Backlog balance</a>
    <h2>Issue</h2>
    <a href="#" data-app="issue-panel">Issue panel</a>
    <h2>Settings</h2>
    <a href="#" data-app="settings">Project settings · Backlog balance</a>
    <a href="#" data-app="admin">Jira admin · Backlog balance</a>
    <h2>Dashboard</h2>
    <a href="#" data-app="gadget">Dashboard gadget</a>
  </nav>
  <main>
    <div class="crumbs" id="crumbs"></div>
    <div class="banner" id="banner" role="status"></div>
    <div class="issuebar" id="issuebar"><label>Issue <select id="issue" aria-label="Issue"></select></label></div>
    <div class="gadgetbar" id="gadgetbar"><button class="toggle" id="gadgetEdit" type="button" aria-pressed="false">Edit gadget</button></div>
    <iframe id="app" title="Backlog Balance app"></iframe>
  </main>
</div>
<script>
(async function () {
  var meta = await (await fetch('/harness/meta')).json();
  var params = new URLSearchParams(location.hash.slice(1));
  var state = {
    app: params.get('app') || 'panel',
    project: params.get('project') || (meta.projects[0] && meta.projects[0].key) || '',
    user: params.get('user') || (meta.users[0] && meta.users[0].accountId) || '',
    issue: params.get('issue') || '',
    theme: params.get('theme') || 'light',
    locale: params.get('locale') || 'en-US',
    licence: params.get('licence') === 'inactive' ? 'inactive' : 'active',
    // The dashboard gadget's two views: the gadget, or its edit view (Jira's "Edit" on the gadget).
    gadgetView: params.get('gadgetView') === 'edit' ? 'edit' : 'view',
  };
  var $ = function (id) { return document.getElementById(id); };
  $('site').textContent = meta.siteLabel;
  if (meta.banner) { $('banner').textContent = meta.banner; $('banner').classList.add('shown'); }
  meta.projects.forEach(function (p) { $('project').add(new Option(p.key + ' · ' + p.name, p.key)); });
  meta.users.forEach(function (u) { $('user').add(new Option(u.displayName, u.accountId)); });
  var localeNames = { 'en-US': 'English', 'de-DE': 'Deutsch' };
  meta.locales.forEach(function (l) { $('locale').add(new Option(localeNames[l] || l, l)); });

  async function loadIssues() {
    var select = $('issue');
    select.innerHTML = '';
    var issues = await (await fetch('/harness/issues?project=' + encodeURIComponent(state.project))).json();
    issues.forEach(function (i) { select.add(new Option(i.key + ' · ' + i.summary, i.key)); });
    if (!issues.some(function (i) { return i.key === state.issue; })) state.issue = issues[0] ? issues[0].key : '';
    select.value = state.issue;
  }

  function render() {
    var project = meta.projects.find(function (p) { return p.key === state.project; }) || { key: '', name: 'No project' };
    $('project').value = state.project;
    $('user').value = state.user;
    $('locale').value = state.locale;
    $('avatar').textContent = project.key.slice(0, 2);
    $('projectName').textContent = project.name;
    $('projectKind').textContent = project.type === 'business' ? 'Business project' : 'Software project';
    // As manifest.yml's display conditions: settings page and issue panel in software projects only.
    var softwareOnly = ['settings', 'issue-panel'];
    if (project.type === 'business' && softwareOnly.indexOf(state.app) >= 0) state.app = 'panel';
    document.querySelectorAll('nav a[data-app]').forEach(function (a) {
      a.hidden = project.type === 'business' && softwareOnly.indexOf(a.dataset.app) >= 0;
    });
    document.body.classList.toggle('dark', state.theme === 'dark');
    $('theme').setAttribute('aria-pressed', String(state.theme === 'dark'));
    $('licence').setAttribute('aria-pressed', String(state.licence === 'inactive'));
    document.querySelectorAll('nav a[data-app]').forEach(function (a) {
      if (a.dataset.app === state.app) a.setAttribute('aria-current', 'page'); else a.removeAttribute('aria-current');
    });
    var labels = { panel: 'Backlog balance', settings: 'Project settings / Backlog balance', admin: 'Apps / Backlog balance', 'issue-panel': state.issue + ' / Backlog balance' };
    var gadget = state.app === 'gadget';
    $('crumbs').textContent = gadget ? 'Dashboards / Team dashboard' : 'Projects / ' + project.name + ' / ' + labels[state.app];
    $('issuebar').classList.toggle('shown', state.app === 'issue-panel');
    $('gadgetbar').classList.toggle('shown', gadget);
    $('gadgetEdit').setAttribute('aria-pressed', String(gadget && state.gadgetView === 'edit'));
    document.querySelector('main').classList.toggle('dashboard', gadget);
    var query = new URLSearchParams({ user: state.user, project: state.project, issue: state.issue, theme: state.theme, locale: state.locale, licence: state.licence });
    if (gadget) query.set('view', state.gadgetView);
    var src = '/apps/' + state.app + '/?' + query.toString();
    if ($('app').getAttribute('src') !== src) $('app').setAttribute('src', src);
    history.replaceState(null, '', '#' + new URLSearchParams({ app: state.app, project: state.project, user: state.user, issue: state.issue, theme: state.theme, locale: state.locale, licence: state.licence, gadgetView: state.gadgetView }).toString());
  }

  $('project').addEventListener('change', async function (e) { state.project = e.target.value; await loadIssues(); render(); });
  $('user').addEventListener('change', function (e) { state.user = e.target.value; render(); });
  $('locale').addEventListener('change', function (e) { state.locale = e.target.value; render(); });
  $('issue').addEventListener('change', function (e) { state.issue = e.target.value; render(); });
  $('theme').addEventListener('click', function () { state.theme = state.theme === 'dark' ? 'light' : 'dark'; render(); });
  $('licence').addEventListener('click', function () { state.licence = state.licence === 'inactive' ? 'active' : 'inactive'; render(); });
  $('gadgetEdit').addEventListener('click', function () { state.gadgetView = state.gadgetView === 'edit' ? 'view' : 'edit'; render(); });
  // The gadget's edit view submitted its configuration (view.submit): Jira shows the gadget again.
  window.addEventListener('message', function (e) {
    if (e.origin !== location.origin || !e.data) return;
    if (e.data.harness === 'gadget-submitted') {
      state.gadgetView = 'view';
      render();
    }
    // The app asked Jira to open one of its modules in a project (the gadget's "Open Backlog balance").
    var modules = { 'backlog-balance-panel': 'panel', 'backlog-balance-settings': 'settings' };
    if (e.data.harness === 'navigate' && modules[e.data.moduleKey] && meta.projects.some(function (p) { return p.key === e.data.projectKey; })) {
      state.app = modules[e.data.moduleKey];
      state.project = e.data.projectKey;
      loadIssues().then(render);
    }
  });
  document.querySelectorAll('nav a[data-app]').forEach(function (a) {
    a.addEventListener('click', function (e) { e.preventDefault(); state.app = a.dataset.app; render(); });
  });
  await loadIssues();
  render();
})();
</script>
</body>
</html>`;

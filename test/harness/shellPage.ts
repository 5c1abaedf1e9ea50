/**
 * The harness's outer page: a Jira-like frame (top bar, project sidebar) around the app iframe, with
 * switches for the user, the project, the issue (for the issue panel), the dashboard gadget's view or edit view, the user's language, the theme and the licence (active, or inactive: the app turns read-only). Plain HTML + JS so it
 * needs no build; the Custom UI inside the iframe is the real production bundle.
 *
 * Listing mode (`listing=1` in the hash) is for the Marketplace images: the app as a user sees it in Jira, so
 * the harness's switches are gone and a plain Jira-like chrome (a neutral top navigation bar, the project's
 * sidebar with the app's entry) frames it, drawn with the Atlassian design tokens. No product logo or mark.
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
  body.listing .harness-only, body:not(.listing) .listing-only { display: none !important; }
  /* Listing mode: the design tokens (the /harness/tokens.css themes), as Jira's own pages use them. */
  body.listing { --bg: var(--ds-surface); --fg: var(--ds-text); --muted: var(--ds-text-subtlest); --line: var(--ds-border); --side: var(--ds-surface); --sel: var(--ds-background-selected); --selfg: var(--ds-text-selected); font: var(--ds-font-body); }
  .topnav { height: 56px; display: flex; align-items: center; gap: 4px; padding: 0 12px; border-bottom: 1px solid var(--ds-border); background: var(--ds-surface); }
  .topnav .icon { width: 32px; height: 32px; display: grid; place-items: center; border-radius: 4px; color: var(--ds-icon-subtle); }
  .topnav .icon svg { width: 20px; height: 20px; }
  .topnav .site { font: var(--ds-font-heading-xsmall); color: var(--ds-text); padding: 0 12px 0 4px; }
  .topnav .item { padding: 6px 8px; border-radius: 4px; color: var(--ds-text-subtle); font: var(--ds-font-body); font-weight: 500; }
  .topnav .item.current { color: var(--ds-text-selected); box-shadow: inset 0 -3px 0 var(--ds-border-selected); border-radius: 0; }
  .topnav .create { margin-left: 8px; padding: 6px 12px; border-radius: 3px; background: var(--ds-background-brand-bold); color: var(--ds-text-inverse); font-weight: 500; }
  .topnav .search { width: 240px; height: 32px; display: flex; align-items: center; gap: 8px; padding: 0 8px; border: 1px solid var(--ds-border-input); border-radius: 4px; background: var(--ds-background-input); color: var(--ds-text-subtlest); margin-right: 8px; }
  .topnav .search svg { width: 16px; height: 16px; }
  .topnav .me { width: 28px; height: 28px; margin-left: 4px; border-radius: 50%; background: var(--ds-background-accent-teal-subtle); color: var(--ds-text-accent-teal-bolder); display: grid; place-items: center; font: var(--ds-font-body-small); font-weight: 700; }
  nav.listing-only h2 { color: var(--ds-text-subtlest); }
  nav.listing-only a { color: var(--ds-text-subtle); }
  nav.listing-only a[aria-current="page"] { background: var(--ds-background-selected); color: var(--ds-text-selected); }
  /* Listing mode's issue view: the issue's summary, then the app's panel in the issue's main column. */
  main .issuehead, main .paneltitle { display: none; }
  body.listing main.issueview .issuehead { display: block; padding: 8px 24px 16px; }
  body.listing main.issueview .issuehead h1 { margin: 0; font: var(--ds-font-heading-large); color: var(--ds-text); }
  body.listing main.issueview .paneltitle { display: block; width: 760px; margin: 0 24px; padding: 8px 12px; border: 1px solid var(--ds-border); border-bottom: 0; border-radius: 4px 4px 0 0; font: var(--ds-font-heading-xsmall); color: var(--ds-text); }
  body.listing main.issueview iframe { flex: none; width: 760px; height: 440px; margin: 0 24px; border: 1px solid var(--ds-border); border-radius: 0 0 4px 4px; }
  nav.listing-only .back { color: var(--ds-text-subtle); font: var(--ds-font-body-small); padding: 0 8px 12px; }
</style>
</head>
<body>
<header class="topnav listing-only" aria-label="Top navigation">
  <span class="icon" aria-hidden="true"><svg viewBox="0 0 20 20" fill="currentColor"><circle cx="4" cy="4" r="1.8"/><circle cx="10" cy="4" r="1.8"/><circle cx="16" cy="4" r="1.8"/><circle cx="4" cy="10" r="1.8"/><circle cx="10" cy="10" r="1.8"/><circle cx="16" cy="10" r="1.8"/><circle cx="4" cy="16" r="1.8"/><circle cx="10" cy="16" r="1.8"/><circle cx="16" cy="16" r="1.8"/></svg></span>
  <span class="site">Your site</span>
  <span class="item">Your work</span>
  <span class="item" id="navProjects">Projects</span>
  <span class="item">Filters</span>
  <span class="item" id="navDashboards">Dashboards</span>
  <span class="item">Teams</span>
  <span class="item" id="navApps">Apps</span>
  <span class="create">Create</span>
  <div class="spacer" style="flex:1"></div>
  <span class="search"><svg viewBox="0 0 16 16" fill="none" stroke="currentColor" stroke-width="1.6" aria-hidden="true"><circle cx="7" cy="7" r="5"/><path d="M11 11l3.5 3.5"/></svg>Search</span>
  <span class="icon" aria-hidden="true"><svg viewBox="0 0 20 20" fill="none" stroke="currentColor" stroke-width="1.6"><path d="M5 14V9a5 5 0 0 1 10 0v5l1.5 1.5h-13z"/><path d="M8.5 17.5a1.6 1.6 0 0 0 3 0"/></svg></span>
  <span class="icon" aria-hidden="true"><svg viewBox="0 0 20 20" fill="none" stroke="currentColor" stroke-width="1.6"><circle cx="10" cy="10" r="7.5"/><path d="M7.8 8a2.3 2.3 0 1 1 3.2 2.1c-.7.3-1 .8-1 1.5"/><circle cx="10" cy="14.3" r=".6" fill="currentColor"/></svg></span>
  <span class="icon" aria-hidden="true"><svg viewBox="0 0 20 20" fill="none" stroke="currentColor" stroke-width="1.6"><circle cx="10" cy="10" r="2.6"/><path d="M10 2.5v2.2M10 15.3v2.2M2.5 10h2.2M15.3 10h2.2M4.7 4.7l1.6 1.6M13.7 13.7l1.6 1.6M4.7 15.3l1.6-1.6M13.7 6.3l1.6-1.6"/></svg></span>
  <span class="me" id="me" aria-hidden="true"></span>
</header>
<header class="harness-only">
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
  <nav class="listing-only" aria-label="Project navigation" id="listingNav"></nav>
  <nav class="harness-only" aria-label="Project navigation">
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
    <div class="issuehead"><h1 id="issueSummary"></h1></div>
    <div class="banner harness-only" id="banner" role="status"></div>
    <div class="issuebar harness-only" id="issuebar"><label>Issue <select id="issue" aria-label="Issue"></select></label></div>
    <div class="gadgetbar harness-only" id="gadgetbar"><button class="toggle" id="gadgetEdit" type="button" aria-pressed="false">Edit gadget</button></div>
    <div class="paneltitle" aria-hidden="true">Backlog Balance</div>
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
    // The Marketplace images: the app in a plain Jira-like page, without the harness's switches.
    listing: params.get('listing') === '1',
  };
  var $ = function (id) { return document.getElementById(id); };
  $('site').textContent = meta.siteLabel;
  if (meta.banner) { $('banner').textContent = meta.banner; $('banner').classList.add('shown'); }
  meta.projects.forEach(function (p) { $('project').add(new Option(p.key + ' · ' + p.name, p.key)); });
  meta.users.forEach(function (u) { $('user').add(new Option(u.displayName, u.accountId)); });
  var localeNames = { 'en-US': 'English', 'de-DE': 'Deutsch' };
  meta.locales.forEach(function (l) { $('locale').add(new Option(localeNames[l] || l, l)); });

  var issueSummaries = {};
  async function loadIssues() {
    var select = $('issue');
    select.innerHTML = '';
    var issues = await (await fetch('/harness/issues?project=' + encodeURIComponent(state.project))).json();
    issues.forEach(function (i) { select.add(new Option(i.key + ' · ' + i.summary, i.key)); });
    issueSummaries = {};
    issues.forEach(function (i) { issueSummaries[i.key] = i.summary; });
    if (!issues.some(function (i) { return i.key === state.issue; })) state.issue = issues[0] ? issues[0].key : '';
    select.value = state.issue;
  }

  if (state.listing) {
    document.body.classList.add('listing');
    var tokens = document.createElement('link');
    tokens.rel = 'stylesheet';
    tokens.href = '/harness/tokens.css';
    document.head.appendChild(tokens);
    document.documentElement.setAttribute('data-theme', 'dark:dark light:light motion:motion shape:shape spacing:spacing typography:typography');
  }

  // Listing mode's sidebar: what Jira shows beside each of the app's pages (the project's, its settings', the
  // apps administration's), with the app's entry selected.
  function listingSidebar(project) {
    var app = 'Backlog Balance';
    var sections = {
      panel: { back: null, groups: [['Planning', ['Summary', 'Timeline', 'Backlog', 'Board', 'Reports']], ['Apps', [app]]], current: app },
      'issue-panel': { back: null, groups: [['Planning', ['Summary', 'Timeline', 'Backlog', 'Board', 'Reports']], ['Apps', [app]]], current: null },
      settings: { back: 'Back to project', groups: [['Project settings', ['Details', 'People', 'Permissions', 'Notifications', 'Features']], ['Apps', [app]]], current: app },
      admin: { back: 'Back to the site', groups: [['Apps', ['Explore apps', 'Manage apps']], ['App settings', [app]]], current: app },
      gadget: { back: null, groups: [['Dashboards', ['Team dashboard']]], current: 'Team dashboard' },
    }[state.app];
    var nav = $('listingNav');
    nav.innerHTML = '';
    if (sections.back) {
      var back = document.createElement('div');
      back.className = 'back';
      back.textContent = '\u2190 ' + sections.back;
      nav.appendChild(back);
    }
    if (state.app !== 'admin' && state.app !== 'gadget') {
      var head = document.createElement('div');
      head.className = 'project';
      head.innerHTML = '<div class="avatar"></div><div><div class="name"></div><div class="kind"></div></div>';
      head.querySelector('.avatar').textContent = project.key.slice(0, 2);
      head.querySelector('.name').textContent = project.name;
      head.querySelector('.kind').textContent = project.type === 'business' ? 'Business project' : 'Software project';
      nav.appendChild(head);
    }
    sections.groups.forEach(function (group) {
      var h = document.createElement('h2');
      h.textContent = group[0];
      nav.appendChild(h);
      group[1].forEach(function (label) {
        var a = document.createElement('a');
        a.href = '#';
        a.textContent = label;
        if (label === sections.current) a.setAttribute('aria-current', 'page');
        a.addEventListener('click', function (e) { e.preventDefault(); });
        nav.appendChild(a);
      });
    });
    $('navProjects').classList.toggle('current', state.app !== 'admin' && state.app !== 'gadget');
    $('navApps').classList.toggle('current', state.app === 'admin');
    $('navDashboards').classList.toggle('current', state.app === 'gadget');
    var user = meta.users.find(function (u) { return u.accountId === state.user; });
    $('me').textContent = user ? user.displayName.split(/\s+/).slice(0, 2).map(function (w) { return w.charAt(0); }).join('') : '';
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
    document.documentElement.setAttribute('data-color-mode', state.theme === 'dark' ? 'dark' : 'light');
    $('theme').setAttribute('aria-pressed', String(state.theme === 'dark'));
    $('licence').setAttribute('aria-pressed', String(state.licence === 'inactive'));
    document.querySelectorAll('nav a[data-app]').forEach(function (a) {
      if (a.dataset.app === state.app) a.setAttribute('aria-current', 'page'); else a.removeAttribute('aria-current');
    });
    var labels = { panel: 'Backlog balance', settings: 'Project settings / Backlog balance', admin: 'Apps / Backlog balance', 'issue-panel': state.issue + ' / Backlog balance' };
    var gadget = state.app === 'gadget';
    if (state.listing) labels = { panel: 'Backlog Balance', settings: 'Project settings / Backlog Balance', admin: 'Backlog Balance', 'issue-panel': state.issue };
    $('crumbs').textContent = gadget ? 'Dashboards / Team dashboard' : state.listing && state.app === 'admin' ? 'Apps / Backlog Balance' : 'Projects / ' + project.name + ' / ' + labels[state.app];
    if (state.listing) listingSidebar(project);
    document.querySelector('main').classList.toggle('issueview', state.app === 'issue-panel');
    $('issueSummary').textContent = issueSummaries[state.issue] || '';
    $('issuebar').classList.toggle('shown', state.app === 'issue-panel');
    $('gadgetbar').classList.toggle('shown', gadget);
    $('gadgetEdit').setAttribute('aria-pressed', String(gadget && state.gadgetView === 'edit'));
    document.querySelector('main').classList.toggle('dashboard', gadget);
    var query = new URLSearchParams({ user: state.user, project: state.project, issue: state.issue, theme: state.theme, locale: state.locale, licence: state.licence });
    if (gadget) query.set('view', state.gadgetView);
    var src = '/apps/' + state.app + '/?' + query.toString();
    if ($('app').getAttribute('src') !== src) $('app').setAttribute('src', src);
    history.replaceState(null, '', '#' + new URLSearchParams({ app: state.app, project: state.project, user: state.user, issue: state.issue, theme: state.theme, locale: state.locale, licence: state.licence, gadgetView: state.gadgetView, listing: state.listing ? '1' : '' }).toString());
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

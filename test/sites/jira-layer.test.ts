/**
 * Real Jira Cloud sites are messier than the default demo site (issue 15). Each case runs the Jira layer
 * against a demo site with that site's quirk (test/demo-site/quirks.ts) and checks what the app reads.
 */
import type { DemoSite } from '../demo-site';
import { BLOCKING_LINK_WORDINGS, DEMO_FIELD_IDS, DROPPED_RESOLUTIONS, NAMED_WSJF_OPTIONS, SECONDS_PER_POINT } from '../demo-site';
import { setIssueNumbers } from '../../src/jira/writes/fields';
import { listFieldOptions } from '../../src/jira/field-options';
import { createJiraHttp } from '../../src/jira/http';
import { localRequestJira } from '../../src/jira/adapters/local';
import { fakeClock } from '../jira/fakeJira';
import type { JiraHttp } from '../../src/jira/http';
import { loadTeamBacklog } from '../../src/jira/backlog';
import { refreshTeamBacklog } from '../../src/jira/refresh';
import { guessBlockingLinkTypes } from '../../src/jira/links';
import { fieldsForBacklog, mapIssueToFacts } from '../../src/jira/mapping';
import { searchAllIssues } from '../../src/jira/search';
import { jql, jqlProjectIn } from '../../src/jira/jql';
import { openItemKeys, quirkySite, SITE_NOW } from './helpers';
import { warningText } from '../jira/warning-text';

const now = () => new Date(SITE_NOW.getTime() + 9 * 3_600_000);
let open: { site: DemoSite; http: JiraHttp }[] = [];
async function site(...args: Parameters<typeof quirkySite>) {
  const made = await quirkySite(...args);
  open.push(made);
  return made;
}
afterEach(async () => {
  await Promise.all(open.map((o) => o.site.close()));
  open = [];
});

describe('1. team-managed projects', () => {
  it('reads sprints from a simple board that has them, and skips classic Kanban boards', async () => {
    const { site: s, http } = await site({ teamManaged: ['VEGA'], kanbanBoards: true });
    const vega = await loadTeamBacklog(http, { projectKey: 'VEGA', now });
    const vegaBoard = s.view.boards().find((b) => b.projectKey === 'VEGA' && b.type === 'simple');
    expect(vega.boardId).toBe(vegaBoard?.id);
    expect(vega.sprints.map((sp) => sp.state)).toEqual(expect.arrayContaining(['closed', 'active', 'future']));
    expect(vega.closedSprintPoints.some((c) => c.completedPoints > 0)).toBe(true);
    // ORION's Kanban board is listed first; its Scrum board is the one with sprints.
    const orion = await loadTeamBacklog(http, { projectKey: 'ORION', now });
    expect(orion.boardId).toBe(s.view.boards().find((b) => b.projectKey === 'ORION' && (b.type ?? 'scrum') === 'scrum')?.id);
  });

  it('reads "Story point estimate" and takes epics of the project as parents', async () => {
    const { site: s, http } = await site({ teamManaged: ['VEGA'] });
    const vega = await loadTeamBacklog(http, { projectKey: 'VEGA', now });
    expect(vega.fieldMap.storyPoints).toBe('customfield_10016');
    const epicKeys = s.view.issues().filter((i) => i.projectKey === 'VEGA' && i.issueType === 'Epic').map((i) => i.key);
    const children = vega.issues.filter((i) => i.parent && epicKeys.includes(i.parent.key));
    expect(children.length).toBeGreaterThan(0);
    expect(children.every((c) => c.parent?.summary.startsWith('Epic'))).toBe(true);
    expect(vega.nonBacklogKeys).toEqual(expect.arrayContaining(epicKeys));
  });
});

describe('2. boards that estimate in time', () => {
  it('refuses to read seconds as points and says what to map', async () => {
    const { http } = await site({ timeEstimates: true });
    await expect(loadTeamBacklog(http, { projectKey: 'ORION', now })).rejects.toThrow(/estimates in time.*map a story-points field/i);
  });

  it('reads the story-points field the PO mapped instead', async () => {
    const { site: s, http } = await site({ timeEstimates: true });
    const backlog = await loadTeamBacklog(http, { projectKey: 'ORION', now, fieldOverrides: { storyPoints: 'customfield_10016' } });
    const estimated = backlog.issues.filter((i) => i.points !== null);
    expect(estimated.length).toBeGreaterThan(10);
    for (const issue of estimated) expect(issue.points).toBe(s.view.issue(issue.key)?.points);
    expect(Math.max(...estimated.map((i) => i.points as number))).toBeLessThan(SECONDS_PER_POINT);
  });
});

describe('4. Done without a resolution', () => {
  it('dates done work by its status category change when there is no resolution date', async () => {
    const { site: s, http } = await site({ doneWithoutResolution: true });
    const backlog = await loadTeamBacklog(http, { projectKey: 'ORION', now });
    const raw = await searchAllIssues(http, { where: jql([jqlProjectIn(['ORION']), 'statusCategory = Done']), fields: fieldsForBacklog(backlog.fieldMap) });
    const facts = raw.map((r, i) => mapIssueToFacts(r, i, { fieldMap: backlog.fieldMap, features: new Map() }));
    expect(facts.length).toBeGreaterThan(20);
    for (const f of facts) {
      expect(s.view.issue(f.key)?.resolutiondate).toBeNull();
      expect(f.resolved).toBe(new Date(Date.parse((s.view.issue(f.key)?.statusCategoryChangedDate as string).replace('+0000', 'Z'))).toISOString());
    }
  });
});

describe('5. blocking links by other names', () => {
  it('guesses the blocking type from its name and wording, and which side blocks', () => {
    const guess = guessBlockingLinkTypes([
      { id: '1', name: 'Relates', inward: 'relates to', outward: 'relates to' },
      { id: '2', name: 'Dependency', ...BLOCKING_LINK_WORDINGS.Dependency },
      { id: '3', name: 'Blocker', ...BLOCKING_LINK_WORDINGS.Blocker },
      { id: '4', name: 'Gantt Dependency', ...BLOCKING_LINK_WORDINGS['Gantt Dependency'] },
      { id: '5', name: 'Duplicate', inward: 'is duplicated by', outward: 'duplicates' },
      { id: '6', name: 'Cloners', inward: 'is cloned by', outward: 'clones' },
    ]);
    expect(guess).toEqual([
      { name: 'Dependency', outwardBlocks: false },
      { name: 'Blocker', outwardBlocks: true },
      { name: 'Gantt Dependency', outwardBlocks: true },
    ]);
    expect(guessBlockingLinkTypes([{ id: '1', name: 'Relates', inward: 'relates to', outward: 'relates to' }])).toEqual([]);
  });

  it('counts a "Dependency" link type the right way round', async () => {
    const { site: s, http } = await site({ blockingLinkType: 'Dependency' });
    const backlog = await loadTeamBacklog(http, { projectKey: 'ORION', now });
    expect(backlog.blockingLinkTypes).toEqual([{ name: 'Dependency', outwardBlocks: false }]);
    const withLinks = backlog.issues.filter((i) => i.links.length > 0);
    expect(withLinks.length).toBeGreaterThan(3);
    // In the store a Dependency link runs from the dependent issue (source) to the one it depends on (its blocker).
    for (const issue of withLinks) {
      const expected = s.view
        .links()
        .filter((l) => l.sourceKey === issue.key || l.destinationKey === issue.key)
        .map((l) => (l.destinationKey === issue.key ? `blocks ${l.sourceKey}` : `blockedBy ${l.destinationKey}`));
      expect(issue.links.map((l) => `${l.direction} ${l.key}`).sort()).toEqual(expected.sort());
    }
    expect(backlog.warnings.map(warningText).join(' ')).not.toMatch(/no link type/i);
  });

  it('says so when no link type of the site counts as blocking', async () => {
    const { http } = await site({ blockingLinkType: 'Dependency' });
    const backlog = await loadTeamBacklog(http, { projectKey: 'ORION', now, blockingLinkTypes: [] });
    expect(backlog.issues.every((i) => i.links.length === 0)).toBe(true);
    expect(backlog.warnings.map(warningText).join(' ')).toMatch(/no link type counts as blocking/i);
  });
});

describe('6. several fields with the same name', () => {
  it('picks the "Story Points" field that holds values for this project, with one key-only search per candidate', async () => {
    const { site: s, http } = await site({ duplicatePointsFields: true });
    s.clearRequestLog();
    const backlog = await loadTeamBacklog(http, { projectKey: 'ORION', now });
    expect(backlog.fieldMap.storyPoints).toBe('customfield_10051');
    expect(backlog.issues.filter((i) => i.points !== null).length).toBeGreaterThan(10);
    expect(backlog.fieldChoices?.storyPoints?.alternatives.map((a) => [a.id, a.hasValues])).toEqual([
      ['customfield_10026', false],
      ['customfield_10050', false],
      ['customfield_10051', true],
    ]);
    const probes = s.requestLog.filter((r) => r.path.startsWith('/rest/api/3/search/jql'));
    expect(probes.length).toBeGreaterThanOrEqual(3);
  });
});

describe('7. WSJF components as select lists with named options', () => {
  // The PO's mapping for business value only: "High" = 8 and so on; time criticality stays unmapped.
  const named = Object.fromEntries(Object.entries(NAMED_WSJF_OPTIONS).map(([n, option]) => [option, Number(n)]));
  const optionScores = { [DEMO_FIELD_IDS.businessValue]: named };

  it('reads a named option through the PO\'s mapping, and names an unmapped option in a per-issue warning', async () => {
    const { site: s, http } = await site({ selectWsjf: 'named' });
    const backlog = await loadTeamBacklog(http, { projectKey: 'ORION', now, wsjfOptionScores: optionScores });
    const scored = backlog.issues.filter((i) => s.view.issue(i.key)?.businessValue !== null);
    expect(scored.length).toBeGreaterThan(5);
    for (const issue of scored) expect(issue.wsjfParts.businessValue).toBe(s.view.issue(issue.key)?.businessValue);
    const critical = backlog.issues.find((i) => s.view.issue(i.key)?.timeCriticality != null);
    expect(critical?.wsjfParts.timeCriticality).toBeNull();
    const option = NAMED_WSJF_OPTIONS[s.view.issue(critical?.key ?? '')?.timeCriticality ?? 0];
    expect(backlog.issueWarnings?.[critical?.key ?? '']?.map(warningText)).toContainEqual(expect.stringMatching(new RegExp(`time criticality option "${option}".*map it in Settings`)));
  });

  it('lists a select field\'s options for a Jira admin, and says who can when Jira refuses', async () => {
    const { site: s, http } = await site({ selectWsjf: 'named' });
    expect(await listFieldOptions(http, DEMO_FIELD_IDS.businessValue)).toEqual({ options: Object.values(NAMED_WSJF_OPTIONS) });
    const dev = createJiraHttp(localRequestJira({ baseUrl: s.baseUrl, email: s.dev.email, apiToken: s.dev.apiToken }), { retry: fakeClock() });
    const refused = await listFieldOptions(dev, DEMO_FIELD_IDS.businessValue);
    expect(refused.options).toEqual([]);
    expect(refused.problem).toMatch(/Jira administrator/);
  });

  it('writes a score back as the option mapped to it, and refuses a number no option maps to', async () => {
    const { site: s, http } = await site({ selectWsjf: 'named' });
    const backlog = await loadTeamBacklog(http, { projectKey: 'ORION', now, wsjfOptionScores: optionScores });
    const key = backlog.issues[0]?.key ?? '';
    const selects = { fields: new Set(backlog.selectFields), optionScores, namedFields: new Set(backlog.namedOptionFields) };
    await setIssueNumbers(http, backlog.fieldMap, [{ key, values: { businessValue: 13 } }], selects);
    expect(s.view.issue(key)?.businessValue).toBe(13);
    const partial = { [DEMO_FIELD_IDS.businessValue]: { High: 8 } };
    await expect(setIssueNumbers(http, backlog.fieldMap, [{ key, values: { businessValue: 5 } }], { ...selects, optionScores: partial })).rejects.toThrow(/No option of the business value field is mapped to 5.*Settings/);
    await expect(setIssueNumbers(http, backlog.fieldMap, [{ key, values: { timeCriticality: 5 } }], selects)).rejects.toThrow(/time criticality.*Settings/);
    expect(s.view.issue(key)?.businessValue).toBe(13);
  });
});

describe('8. dropped work', () => {
  it('leaves issues resolved as Won\'t Do, Duplicate or Cannot Reproduce out of velocity', async () => {
    const plain = await site({});
    const quirky = await site({ droppedResolutions: true });
    const [before, after] = await Promise.all([
      loadTeamBacklog(plain.http, { projectKey: 'VEGA', now }),
      loadTeamBacklog(quirky.http, { projectKey: 'VEGA', now }),
    ]);
    const window = new Set(after.closedSprintPoints.map((c) => c.sprintId));
    const dropped = quirky.site.view
      .issues()
      .filter((i) => i.projectKey === 'VEGA' && (DROPPED_RESOLUTIONS as readonly string[]).includes(i.resolution ?? '') && i.sprintIds.some((id) => window.has(id)));
    expect(dropped.length).toBeGreaterThan(0);
    const count = (b: typeof before) => b.closedSprintPoints.reduce((sum, c) => sum + c.completedIssues, 0);
    expect(count(before) - count(after)).toBe(dropped.length);
    // A resolution the PO marks as dropped counts out too.
    const marked = await loadTeamBacklog(quirky.http, { projectKey: 'VEGA', now, droppedResolutions: ['Done'] });
    expect(count(marked)).toBe(0);
  });
});

describe('10. one broken issue never stops a backlog', () => {
  it('ends paging at an empty nextPageToken without isLast', async () => {
    const { site: s, http } = await site({ emptyLastPageToken: true });
    const issues = await searchAllIssues(http, { where: jql([jqlProjectIn(['ORION'])]), fields: ['summary'] });
    expect(issues.map((i) => i.key).sort()).toEqual(s.view.issues().filter((i) => i.projectKey === 'ORION').map((i) => i.key).sort());
  });

  it('skips what is broken with a warning naming the issue, and loads the rest', async () => {
    const { site: s, http } = await site({ brokenIssues: true, emptyLastPageToken: true });
    const backlog = await loadTeamBacklog(http, { projectKey: 'ORION', now });
    const broken = s.view.issues().filter((i) => i.rawFields);
    expect(broken).toHaveLength(3);
    const [badDate, badField, badLink] = broken.sort((a, b) => (a.rank < b.rank ? -1 : 1));
    const keys = backlog.issues.map((i) => i.key);
    expect(keys).toEqual(openItemKeys(s, 'ORION').filter((k) => k !== badDate?.key));
    const warnings = backlog.warnings.map(warningText).join('\n');
    expect(warnings).toMatch(new RegExp(`${badDate?.key}: .*created`));
    expect(warnings).toMatch(new RegExp(`${badField?.key}: .*story points`));
    expect(warnings).toMatch(new RegExp(`${badField?.key}: .*sprint`));
    expect(warnings).toMatch(new RegExp(`${badLink?.key}: .*link`));
    expect(backlog.issues.find((i) => i.key === badField?.key)?.points).toBeNull();
    // A refresh keeps the warnings of issues it did not read again.
    const refreshed = await refreshTeamBacklog(http, backlog, { now: () => new Date(now().getTime() + 60_000) });
    expect(refreshed.warnings.map(warningText).join('\n')).toMatch(new RegExp(`${badLink?.key}: .*link`));
  });
});

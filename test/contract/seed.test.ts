/** The seed: deterministic, realistic (every kind of item the app reasons about), and able to scale. */
import { FIELD_IDS, TEAM_PROJECTS, startDemoSite } from '../demo-site';
import { seedStore, piName, piLabel } from '../demo-site/seed';
import { statusById } from '../demo-site/model';
import { call } from './client';

const NOW = new Date('2026-11-25T00:00:00Z');
const DAY = 86_400_000;

test('same seed -> same site; another seed -> another site', () => {
  const a = seedStore({ seed: 42, now: NOW });
  const b = seedStore({ seed: 42, now: NOW });
  const c = seedStore({ seed: 43, now: NOW });
  expect([...a.issues.values()]).toEqual([...b.issues.values()]);
  expect(a.links).toEqual(b.links);
  expect(a.sprints).toEqual(b.sprints);
  expect([...a.issues.values()]).not.toEqual([...c.issues.values()]);
});

describe('a realistic ART (default scale)', () => {
  const store = seedStore({ seed: 1, now: NOW });
  const issues = [...store.issues.values()];
  const open = issues.filter((i) => i.resolutiondate === null);
  const current = piName(NOW);
  const next = piName(NOW, 1);

  test('about 1,500 issues over a program project and three team projects', () => {
    expect(issues).toHaveLength(1500);
    expect(new Set(issues.map((i) => i.projectKey))).toEqual(new Set(['ART', ...TEAM_PROJECTS]));
    expect([current, next]).toEqual(['PI 2026.4', 'PI 2027.1']);
  });

  test('features committed to the current and next PI by fix version and label; program stories under them', () => {
    const features = issues.filter((i) => i.issueType === 'Feature');
    expect(features.every((f) => f.projectKey === 'ART')).toBe(true);
    for (const pi of [current, next]) {
      expect(features.filter((f) => f.fixVersions.includes(pi)).length).toBeGreaterThan(5);
      expect(features.filter((f) => f.labels.includes(piLabel(pi))).length).toBeGreaterThan(5);
    }
    const programStories = issues.filter((i) => i.parentKey !== null);
    expect(programStories.length).toBeGreaterThan(100);
    expect(programStories.every((i) => store.issues.get(i.parentKey ?? '')?.issueType === 'Feature')).toBe(true);
    expect(programStories.some((i) => store.issues.get(i.parentKey ?? '')?.resolutiondate !== null)).toBe(true);
  });

  test('every kind of work, estimated and not, scored and not, with and without acceptance criteria', () => {
    const types = new Set(issues.map((i) => i.issueType));
    for (const t of ['Story', 'Enabler', 'Spike', 'Bug', 'Tech Debt']) expect(types.has(t)).toBe(true);
    expect(issues.some((i) => i.labels.includes('tech-debt'))).toBe(true);
    expect(issues.some((i) => i.labels.includes('retro'))).toBe(true);
    const teamOpen = open.filter((i) => i.projectKey !== 'ART');
    expect(teamOpen.filter((i) => i.points === null).length).toBeGreaterThan(50);
    expect(teamOpen.filter((i) => (i.points ?? 0) >= 21 && (i.points ?? 0) <= 40).length).toBeGreaterThan(5);
    expect(teamOpen.filter((i) => i.businessValue !== null && i.jobSize !== null).length).toBeGreaterThan(50);
    expect(teamOpen.filter((i) => i.businessValue === null).length).toBeGreaterThan(50);
    expect(teamOpen.filter((i) => i.acceptanceCriteria !== null).length).toBeGreaterThan(50);
    expect(teamOpen.filter((i) => i.acceptanceCriteria === null && JSON.stringify(i.description).includes('Acceptance criteria')).length).toBeGreaterThan(10);
    expect(teamOpen.filter((i) => i.acceptanceCriteria === null && !JSON.stringify(i.description).includes('Acceptance criteria')).length).toBeGreaterThan(10);
    expect(teamOpen.filter((i) => NOW.getTime() - Date.parse(i.updated) > 180 * DAY).length).toBeGreaterThan(20);
  });

  test('per board: 6+ closed sprints with done points resolved inside them, one active, two future', () => {
    for (const board of store.boards) {
      const sprints = store.sprints.filter((s) => s.boardId === board.id);
      const closed = sprints.filter((s) => s.state === 'closed');
      expect(closed.length).toBeGreaterThanOrEqual(6);
      expect(sprints.filter((s) => s.state === 'active')).toHaveLength(1);
      expect(sprints.filter((s) => s.state === 'future')).toHaveLength(2);
      for (const sprint of closed) {
        const done = issues.filter((i) => i.sprintIds.at(-1) === sprint.id && statusById(i.statusId).name === 'Done');
        expect(done.reduce((sum, i) => sum + (i.points ?? 0), 0)).toBeGreaterThan(10);
        for (const i of done) {
          const resolved = Date.parse(i.resolutiondate ?? '');
          expect(resolved).toBeGreaterThanOrEqual(Date.parse(sprint.startDate ?? ''));
          expect(resolved).toBeLessThanOrEqual(Date.parse(sprint.completeDate ?? ''));
        }
      }
    }
  });

  test('cross-team Blocks links both ways, some to done issues, and cycles', () => {
    const team = (key: string): string => key.split('-')[0];
    expect(store.links.length).toBeGreaterThan(30);
    expect(store.links.every((l) => team(l.sourceKey) !== team(l.destinationKey))).toBe(true);
    expect(store.links.some((l) => store.issues.get(l.sourceKey)?.resolutiondate !== null)).toBe(true);
    const edges = new Set(store.links.map((l) => `${l.sourceKey}>${l.destinationKey}`));
    expect(store.links.some((l) => edges.has(`${l.destinationKey}>${l.sourceKey}`))).toBe(true);
    const into = (key: string): string[] => store.links.filter((l) => l.sourceKey === key).map((l) => l.destinationKey);
    const threeCycle = store.links.some((l) => into(l.destinationKey).some((k) => into(k).includes(l.sourceKey) && k !== l.sourceKey));
    expect(threeCycle).toBe(true);
  });

  test('timestamps are consistent: created <= updated <= today, resolved issues are done and resolved after creation', () => {
    const today = NOW.getTime() + DAY;
    for (const i of issues) {
      const created = Date.parse(i.created);
      const updated = Date.parse(i.updated);
      expect([i.key, created <= updated && updated <= today]).toEqual([i.key, true]);
      const done = statusById(i.statusId).category === 'done';
      expect([i.key, done, i.resolutiondate !== null]).toEqual([i.key, done, done]);
      if (i.resolutiondate) expect([i.key, Date.parse(i.resolutiondate) >= created && Date.parse(i.resolutiondate) <= updated]).toEqual([i.key, true]);
    }
  });

  test('ranks are unique and follow the rank strings', () => {
    const ranks = issues.map((i) => i.rank);
    expect(new Set(ranks).size).toBe(ranks.length);
  });
});

test('a 50k site seeds and answers (the benchmark size)', async () => {
  const site = await startDemoSite({ scale: 50_000, seed: 9 });
  try {
    expect(site.view.rankOrder()).toHaveLength(50_000);
    const count = await call(site, site.po, 'POST', '/rest/api/3/search/approximate-count', { jql: 'project in (ORION, VEGA, LYRA) AND statusCategory != Done' });
    expect((count.body as { count: number }).count).toBeGreaterThan(30_000);
  } finally {
    await site.close();
  }
  // Seeding 50k issues takes a few seconds alone and far more on cores shared with other test workers.
}, 60_000);

test('the "Story Points" variant serves points, field list and board estimation under customfield_10026', async () => {
  const site = await startDemoSite({ scale: 300, storyPointsField: 'Story Points' });
  try {
    const fields = (await call(site, site.po, 'GET', '/rest/api/3/field')).body as { id: string; name: string }[];
    expect(fields.filter((f) => /story point/i.test(f.name))).toEqual([expect.objectContaining({ id: FIELD_IDS.storyPoints, name: 'Story Points' })]);
    const config = await call(site, site.po, 'GET', '/rest/agile/1.0/board/1/configuration');
    expect(config.body).toMatchObject({ estimation: { field: { fieldId: FIELD_IDS.storyPoints, displayName: 'Story Points' } } });
    const estimated = site.view.issues().find((i) => i.points !== null);
    const reply = await call(site, site.po, 'GET', `/rest/api/3/issue/${estimated?.key}?fields=${FIELD_IDS.storyPoints},${FIELD_IDS.storyPointEstimate}`);
    expect((reply.body as { fields: Record<string, unknown> }).fields).toEqual({ [FIELD_IDS.storyPoints]: estimated?.points });
  } finally {
    await site.close();
  }
});

test('without an Acceptance Criteria field, criteria move into description headings', async () => {
  const site = await startDemoSite({ scale: 300, seed: 4, acceptanceCriteriaField: false });
  const withField = seedStore({ scale: 300, seed: 4 });
  try {
    const fields = (await call(site, site.po, 'GET', '/rest/api/3/field')).body as { name: string }[];
    expect(fields.some((f) => /acceptance/i.test(f.name))).toBe(false);
    const key = [...withField.issues.values()].find((i) => i.acceptanceCriteria !== null)?.key ?? '';
    const reply = await call(site, site.po, 'GET', `/rest/api/3/issue/${key}`);
    const issueFields = (reply.body as { fields: Record<string, unknown> }).fields;
    expect(issueFields[FIELD_IDS.acceptanceCriteria]).toBeUndefined();
    expect(JSON.stringify(issueFields.description)).toContain('"text":"Acceptance criteria"');
    const put = await call(site, site.po, 'PUT', `/rest/api/3/issue/${key}`, { fields: { [FIELD_IDS.acceptanceCriteria]: null } });
    expect(put.status).toBe(400);
  } finally {
    await site.close();
  }
});

describe('the train of six teams (npm start)', () => {
  const three = seedStore({ seed: 1, now: NOW });
  const six = seedStore({ seed: 1, now: NOW, teams: 6 });
  const issues = [...six.issues.values()];
  const teamOf = (key: string): string => key.split('-')[0] as string;

  test('six team projects, each with a Scrum board and sprints; the first three and the program project exactly as with three teams', () => {
    expect(six.projects.filter((p) => p.kind === 'team').map((p) => p.key)).toEqual(['ORION', 'VEGA', 'LYRA', 'CYGNUS', 'DRACO', 'PHOENIX']);
    expect(six.boards.map((b) => b.projectKey)).toEqual(['ORION', 'VEGA', 'LYRA', 'CYGNUS', 'DRACO', 'PHOENIX']);
    const firstThree = issues.filter((i) => ['ART', ...TEAM_PROJECTS].includes(i.projectKey)).map(({ rank: _rank, ...i }) => i);
    expect(firstThree).toEqual([...three.issues.values()].map(({ rank: _rank, ...i }) => i));
    expect(six.links.filter((l) => TEAM_PROJECTS.includes(teamOf(l.sourceKey) as never)).map(({ id: _id, ...l }) => l)).toEqual(three.links.map(({ id: _id, ...l }) => l));
  });

  test('features span teams, old and new', () => {
    const teamsPerFeature = new Map<string, Set<string>>();
    for (const i of issues) if (i.parentKey) teamsPerFeature.set(i.parentKey, (teamsPerFeature.get(i.parentKey) ?? new Set()).add(i.projectKey));
    const spanning = [...teamsPerFeature.values()].filter((t) => t.size >= 2);
    expect(spanning.length).toBeGreaterThan(5);
    expect(spanning.some((t) => t.has('ORION') && (t.has('CYGNUS') || t.has('DRACO') || t.has('PHOENIX')))).toBe(true);
  });

  test('the new teams block each other in both directions, with one late dependency (blocker in a later sprint) and one cycle over three teams', () => {
    const pairs = new Set(six.links.map((l) => `${teamOf(l.sourceKey)}>${teamOf(l.destinationKey)}`));
    expect(pairs.has('CYGNUS>DRACO') && pairs.has('DRACO>CYGNUS')).toBe(true);
    const sprintOf = (key: string) => six.sprints.find((s) => s.id === six.issues.get(key)?.sprintIds.at(-1));
    const late = six.links.filter((l) => {
      const b = sprintOf(l.sourceKey);
      const d = sprintOf(l.destinationKey);
      return b && d && b.state === 'future' && d.state === 'future' && teamOf(l.sourceKey) === 'CYGNUS' && teamOf(l.destinationKey) === 'DRACO' && b.name.endsWith('11') && d.name.endsWith('10');
    });
    expect(late).toHaveLength(1);
    const next = new Map(six.links.map((l) => [l.sourceKey, l.destinationKey]));
    const cycle = six.links.find((l) => {
      const second = next.get(l.destinationKey);
      return teamOf(l.sourceKey) === 'CYGNUS' && teamOf(l.destinationKey) === 'DRACO' && second && teamOf(second) === 'PHOENIX' && next.get(second) === l.sourceKey;
    });
    expect(cycle).toBeDefined();
  });

  test('the developer browses the new teams but not LYRA; the PO administers the program project', () => {
    const dev = six.users.find((u) => u.email === 'dev@demo.test');
    expect(Object.keys(dev?.permissions ?? {})).toEqual(expect.arrayContaining(['CYGNUS', 'DRACO', 'PHOENIX']));
    expect(dev?.permissions.LYRA).toBeUndefined();
    expect(six.users.find((u) => u.email === 'po@demo.test')?.permissions.ART).toContain('ADMINISTER_PROJECTS');
  });
});

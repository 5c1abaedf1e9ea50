/**
 * Issue 14 item 8: a refused save says where in the PO's words, with the names being saved, and names the field
 * for the page to highlight; unknown program projects and two WSJF components on one field are refused by the
 * backend (not only the page), each with the reason.
 */
import { createSettingsResolver } from '../../src/resolvers';
import type { AppError, ProjectSettings, ProjectSettingsDto } from '../../src/contracts';
import { caller, data, startWorld, type World } from './helpers';

let world: World;
let settingsCall: ReturnType<typeof caller>;

beforeAll(async () => {
  world = await startWorld();
  settingsCall = caller(createSettingsResolver(world.platform).getDefinitions());
});
afterAll(() => world.site.close());

async function refusal(change: (s: ProjectSettings) => ProjectSettings): Promise<AppError> {
  const read = data(await settingsCall<ProjectSettingsDto>(world.site.po, 'getProjectSettings', {}));
  const result = await settingsCall(world.site.po, 'saveProjectSettings', { settings: change(structuredClone(read.settings)), baseVersion: read.version });
  if (result.ok) throw new Error('expected the save to be refused');
  return result.error;
}

const calendar = (): ProjectSettings['pis'] => [
  { id: 'pi-1', name: 'PI 1', start: '2026-01-05', end: '2026-03-29', iterations: [{ id: 'i-1', name: 'Sprint 1', start: '2026-01-05', end: '2026-01-18', sprintId: null, manualCapacity: null, absenceDays: 0 }] },
  {
    id: 'pi-2', name: 'PI 27', start: '2026-03-30', end: '2026-06-21',
    iterations: [1, 2, 3, 4, 5].map((n) => ({ id: `j-${n}`, name: `PI 27.${n}`, start: '2026-04-01', end: n === 5 ? '2026-03-01' : '2026-04-14', sprintId: null, manualCapacity: null, absenceDays: 0 })),
  },
  { id: 'pi-3', name: 'PI 28', start: '2026-06-22', end: '2026-09-13', iterations: [{ id: 'k-1', name: 'PI 28.1', start: '2026-06-22', end: '2026-07-05', sprintId: null, manualCapacity: null, absenceDays: 0 }] },
];

describe('refused settings in the PO\'s words', () => {
  it('names the iteration and PI by position and name, and says what is wrong with the dates', async () => {
    const error = await refusal((s) => ({ ...s, pis: [...calendar(), { ...calendar()[0]!, id: 'pi-x' }].slice(0, 3) }));
    expect(error.message).toBe('Iteration 5 of PI 2 (PI 27.5): the end date is before the start');
    expect(error.message).not.toMatch(/›|#\d|pis|iterations/);
    expect(error.field).toBe('settings.pis.1.iterations.4.end');
  });

  it('names work types, rules, members and fields by what the page calls them', async () => {
    const rule = await refusal((s) => ({ ...s, workTypeRules: [...s.workTypeRules, { workType: 'gone', issueTypes: ['Chore'], labels: [], components: [] }] }));
    expect(rule.message).toMatch(/^Rule \d+ \(for gone\): its work type "gone" is not one of the work types/);
    const split = await refusal((s) => ({ ...s, splitLimit: { ...s.splitLimit, fractionOfCapacity: 3 } }));
    expect(split).toMatchObject({ message: 'Split above (share of capacity): must be at most 1', field: 'settings.splitLimit.fractionOfCapacity' });
    const member = await refusal((s) => ({ ...s, members: [{ name: 'Ana', fte: 2 }] }));
    expect(member.message).toBe('Team member 1 (Ana): the FTE must be at most 1');
    const name = await refusal((s) => ({ ...s, workTypes: s.workTypes.map((w, i) => (i === 1 ? { ...w, name: ' ' } : w)) }));
    expect(name).toMatchObject({ message: 'Work type 2: the name must not be empty', field: 'settings.workTypes.1.name' });
  });

  it('refuses a program project key Jira does not know, with the reason and the field', async () => {
    const error = await refusal((s) => ({ ...s, programProjects: ['ART', 'ARTX'] }));
    expect(error).toMatchObject({ code: 'INVALID_INPUT', field: 'settings.programProjects.1' });
    expect(error.message).toMatch(/^Program projects: "ARTX" is not a Jira project you can see/);
  });

  it('refuses two WSJF components mapped to one field, as overrides or against the field found by name', async () => {
    const same = await refusal((s) => ({ ...s, fieldOverrides: { ...s.fieldOverrides, businessValue: 'customfield_10099', jobSize: 'customfield_10099' } }));
    expect(same).toMatchObject({ message: 'Job size override: is the field already mapped to business value: each WSJF component needs a field of its own', field: 'settings.fieldOverrides.jobSize' });
    const read = data(await settingsCall<ProjectSettingsDto>(world.site.po, 'getProjectSettings', {}));
    const timeCriticality = read.fields.find((f) => f.role === 'timeCriticality')!;
    expect(timeCriticality.how).toBe('name');
    const detected = await refusal((s) => ({ ...s, fieldOverrides: { ...s.fieldOverrides, businessValue: timeCriticality.fieldId } }));
    expect(detected).toMatchObject({ field: 'settings.fieldOverrides.businessValue' });
    expect(detected.message).toBe(`Business value override: "${timeCriticality.fieldName}" is the field time criticality is read from: each WSJF component needs a field of its own.`);
  });
});

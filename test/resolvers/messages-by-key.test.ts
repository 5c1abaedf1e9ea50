/**
 * Issue 11, translations of backend messages, through the resolvers: a refused settings save, a permission
 * refusal, a stale save, a job already running and the read-only reason of an unlicensed site each come with
 * the catalog key and params beside the English text, and read in German as the UI renders them (`localText`).
 */
import { createPanelResolver, createSettingsResolver } from '../../src/resolvers';
import type { AppError, BalanceDto, I18nMessage, ProjectSettings, ProjectSettingsDto, Result, WhoAmIDto } from '../../src/contracts';
import german from '../../locales/de-DE.json';
import { makeTranslator } from '../../static/shared/format';
import { localText } from '../../static/shared/errorText';
import { caller, data, startWorld, type World } from './helpers';

let world: World;
let panel: ReturnType<typeof caller>;
let settings: ReturnType<typeof caller>;
let panelHandler: ReturnType<ReturnType<typeof createPanelResolver>['getDefinitions']>;

const inGerman = (i18n: I18nMessage | null | undefined): string => {
  if (!i18n) throw new Error('expected a message by key');
  return localText(makeTranslator('de-DE', (key) => (german as Record<string, string>)[key] ?? null).t, i18n);
};

function refused<T>(result: Result<T>): AppError {
  if (result.ok) throw new Error('expected a refusal');
  return result.error;
}

beforeAll(async () => {
  world = await startWorld();
  panelHandler = createPanelResolver(world.platform).getDefinitions();
  panel = caller(panelHandler);
  settings = caller(createSettingsResolver(world.platform).getDefinitions());
});
afterAll(() => world.site.close());

const viewer = () => world.site.users.find((u) => u.email === 'viewer@demo.test')!;

async function settingsRefusal(change: (s: ProjectSettings) => ProjectSettings): Promise<AppError> {
  const read = data(await settings<ProjectSettingsDto>(world.site.po, 'getProjectSettings', {}));
  return refused(await settings(world.site.po, 'saveProjectSettings', { settings: change(structuredClone(read.settings)), baseVersion: read.version }));
}

describe('backend messages by key, read in German', () => {
  it('a refused settings save: the place, the field and what is wrong each translated', async () => {
    const error = await settingsRefusal((s) => ({
      ...s,
      pis: [{ id: 'pi-9', name: 'PI 27', start: '2026-03-30', end: '2026-06-21', iterations: [{ id: 'i-9', name: 'PI 27.1', start: '2026-04-14', end: '2026-04-01', sprintId: null, manualCapacity: null, absenceDays: 0 }] }],
    }));
    expect(error.message).toBe('Iteration 1 of PI 1 (PI 27.1): the end date is before the start');
    expect(error.i18n).toEqual({
      key: 'validation.refusal',
      params: { where: { key: 'settings.place.iterationNamed', params: { n: 1, pi: 1, name: 'PI 27.1' } }, what: { key: 'validation.endBeforeStart' } },
    });
    expect(inGerman(error.i18n)).toBe('Iteration 1 von PI 1 (PI 27.1): das Enddatum liegt vor dem Beginn');

    const member = await settingsRefusal((s) => ({ ...s, members: [{ name: 'Ana', fte: 2 }] }));
    expect(member.message).toBe('Team member 1 (Ana): the FTE must be at most 1');
    expect(inGerman(member.i18n)).toBe('Teammitglied 1 (Ana) – der FTE-Wert darf höchstens 1 sein');

    const program = await settingsRefusal((s) => ({ ...s, programProjects: ['ARTX'] }));
    expect(program.i18n).toEqual({ key: 'settings.refusal.unknownProgramProject', params: { key: 'ARTX' } });
    expect(inGerman(program.i18n)).toMatch(/^Programmprojekte: „ARTX“ ist kein Jira-Projekt, das Sie sehen können/);
  });

  it('a permission refusal names whom to ask, in German', async () => {
    const piId = data(await panel<BalanceDto>(world.site.po, 'getBalance', {})).pi.id;
    const error = refused(await panel(viewer(), 'saveAllocation', { piId, percents: { feature: 100 }, baseVersion: 0 }));
    expect(error.code).toBe('FORBIDDEN');
    expect(error.i18n?.key).toMatch(/^access\.askOne/);
    expect(error.message).toMatch(/can change plans and settings: ask one of them/);
    expect(inGerman(error.i18n)).toMatch(/^Nur die Administratoren von ORION .*können Pläne und Einstellungen ändern: Fragen Sie eine dieser Personen\./);
    const who = data(await panel<WhoAmIDto>(viewer(), 'whoAmI', {}));
    expect(who.hint).toBe(error.message);
    expect(who.hintI18n).toEqual(error.i18n);
  });

  it('a stale save says what changed, by key', async () => {
    const piId = data(await panel<BalanceDto>(world.site.po, 'getBalance', {})).pi.id;
    const percents = { feature: 50, enabler: 20, maintenance: 10, techDebt: 15, improvement: 5 };
    data(await panel(world.site.po, 'saveAllocation', { piId, percents, baseVersion: 0 }));
    const stale = refused(await panel(world.site.po, 'saveAllocation', { piId, percents, baseVersion: 0 }));
    expect(stale).toMatchObject({ code: 'STALE', i18n: { key: 'error.storage.stale', params: { what: { key: 'error.storage.what.allocation', params: { pi: piId } }, base: 0, current: 1 } } });
    expect(inGerman(stale.i18n)).toBe(`Seit dem Öffnen hat jemand anderes dies geändert: Die Aufteilung für ${piId} (Ihre Version 0, jetzt 1). Laden Sie neu, um die Änderung zu sehen, und speichern Sie dann erneut.`);
  });

  it('an unlicensed site: every write refused and whoAmI\'s read-only reason by key', async () => {
    const call = (functionKey: string, payload: unknown) =>
      panelHandler(
        {
          call: { functionKey, payload },
          context: { accountId: world.site.po.accountId, localId: 'test', moduleKey: 'backlog-balance-panel', extension: { type: 'jira:projectPage', project: { key: 'ORION', id: '10001', type: 'software' } } },
        },
        // Forge's runtime passes the licence beside the principal.
        { principal: { accountId: world.site.po.accountId }, license: { isActive: false } } as Parameters<typeof panelHandler>[1],
      ) as Promise<Result<unknown>>;
    const who = data((await call('whoAmI', {})) as Result<WhoAmIDto>);
    expect(who.readOnlyI18n).toEqual({ key: 'access.unlicensed' });
    expect(inGerman(who.readOnlyI18n)).toMatch(/^Backlog Balance hat auf dieser Site keine aktive Lizenz/);
    const write = refused(await call('saveAllocation', { piId: 'x', percents: { feature: 100 }, baseVersion: 0 }));
    expect(write).toMatchObject({ code: 'UNLICENSED', i18n: { key: 'access.unlicensed' } });
  });
});

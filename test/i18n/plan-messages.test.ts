/**
 * Plan flags, left-out details and capacity notes go to the UI by catalog key (docs/decisions/translations.md):
 * the English the DTO carries is the catalog's English for that key and params, and the same key reads in
 * German with German numbers and dates, a plural chosen by the reader's rules, and no placeholder left.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { estimateIterationCapacity, hiddenLinksFlag, parentClosedFlag, pinFlags, toBacklogItems, type FillResult, type PlanFlag } from '../../src/domain';
import { capacityMessage, flagMessage } from '../../src/usecases/plan-messages';
import { makeTranslator } from '../../static/shared/format';
import { issue } from '../domain/factories';

const catalog = (locale: string) => JSON.parse(readFileSync(path.resolve(__dirname, '..', '..', 'locales', `${locale}.json`), 'utf8')) as Record<string, string>;
const english = catalog('en-US');
const german = makeTranslator('de-DE', (key) => catalog('de-DE')[key] ?? null);
const englishUi = makeTranslator('en-US', (key) => english[key] ?? null);

function everyFlag(): PlanFlag[] {
  const iterations = [
    { name: 'Sprint 1', capacity: 10, allocation: { feature: 50, enabler: 50 } },
    { name: 'Sprint 2', capacity: 10, allocation: { feature: 50, enabler: 50 } },
  ];
  const plan: FillResult = {
    iterations: [
      { id: 'S1', keys: ['TEAM-1', 'TEAM-5'], points: 12.5, pointsByType: { feature: 12.5, enabler: 0 } },
      { id: 'S2', keys: ['TEAM-2'], points: 3, pointsByType: { feature: 3, enabler: 0 } },
    ],
    leftOut: [],
    costOfDelay: 0,
    late: [],
  };
  const pins = pinFlags([{ key: 'TEAM-1', iteration: 0, workType: 'feature', blockedBy: ['TEAM-2', 'TEAM-9'] }], plan, iterations, {
    borrowUnused: false,
    workTypeName: (id) => (id === 'feature' ? 'Features' : id),
  });
  const ctx = { teamProjectKey: 'TEAM', programProjectKeys: ['ART'], piName: 'PI 1' };
  const items = toBacklogItems(
    [
      issue('TEAM-3', { parent: { key: 'ART-1', projectKey: 'ART', summary: 'Feature', statusCategory: 'done', commitments: ['PI 1'] } }),
      issue('TEAM-4', { hidden: { dependents: 2, blockers: 1 } }),
      issue('TEAM-6', { hidden: { dependents: 1, blockers: 0 } }),
      issue('TEAM-7', { hidden: { dependents: 0, blockers: 3 } }),
    ],
    ctx,
  );
  const late: PlanFlag = { key: 'TEAM-8', kind: 'late', message: 'late for LYRA-9 (LYRA Sprint 10, 2026-11-30)', text: { id: 'late', params: { dependent: 'LYRA-9', sprint: 'LYRA Sprint 10', date: '2026-11-30' } } };
  return [...pins, ...items.flatMap((i) => [parentClosedFlag(i), hiddenLinksFlag(i)]).filter((f): f is PlanFlag => f !== null), late];
}

describe('plan flags by key', () => {
  const flags = everyFlag();

  it('covers every kind of flag the plan raises', () => {
    expect(new Set(flags.map((f) => f.text.id))).toEqual(
      new Set(['blockerNotPlanned', 'blockerLater', 'overCapacity', 'overSlice', 'parentClosed', 'hiddenBoth', 'hiddenNeededBy', 'hiddenDependsOn', 'late']),
    );
  });

  it('the catalog English for each key and params is the domain English the DTO carries, and the UI reads it back the same', () => {
    for (const flag of flags) {
      const sent = flagMessage(flag);
      expect(sent.text).toBe(flag.message);
      expect(englishUi.t(sent.i18n.key, sent.i18n.params)).toBe(flag.message.replace('2026-11-30', 'Nov 30, 2026'));
    }
  });

  it('reads in German, with German numbers and dates and no placeholder or English sentence left', () => {
    const texts = flags.map((f) => {
      const { i18n } = flagMessage(f);
      return german.t(i18n.key, i18n.params);
    });
    expect(texts).toEqual([
      'Blocker TEAM-2 erst später eingeplant (Sprint 2)',
      'Blocker TEAM-9 nicht eingeplant',
      'Sprint 1 über der Kapazität: 12,5 von 10 Punkten',
      'über dem Anteil Features von Sprint 1: 12,5 von 5 Punkten',
      'übergeordnetes ART-1 geschlossen: behalten oder kürzen?',
      'mit 3 Vorgängen verknüpft, die Sie nicht sehen können: gebraucht von 2, abhängig von 1',
      'wird von einem Vorgang gebraucht, den Sie nicht sehen können',
      'hängt von 3 Vorgängen ab, die Sie nicht sehen können',
      'zu spät für LYRA-9 (LYRA Sprint 10, 30. Nov. 2026)',
    ]);
  });

  it('a plural key names the English form; the reader\'s plural rules pick again by count', () => {
    expect(german.t('plan.flag.hiddenDependsOn.other', { count: 1 })).toBe('hängt von einem Vorgang ab, den Sie nicht sehen können');
    expect(german.t('plan.flag.hiddenDependsOn.one', { count: 4 })).toBe('hängt von 4 Vorgängen ab, die Sie nicht sehen können');
  });
});

describe('capacity notes by key', () => {
  const base = { manual: null, closedSprintPoints: [], members: [], absenceDays: 0, workingDays: 10 };
  const team = [
    { name: 'Ana', fte: 1 },
    { name: 'Bo', fte: 0.5 },
  ];
  const estimates = [
    estimateIterationCapacity({ ...base, manual: 30 }),
    estimateIterationCapacity({ ...base, closedSprintPoints: [21, 24, 18] }),
    estimateIterationCapacity({ ...base, closedSprintPoints: [21, 24, 18], members: team, daysOffByMember: { Ana: 2.5 } }),
    estimateIterationCapacity(base),
    estimateIterationCapacity({ ...base, members: team, daysOffByMember: { Bo: 1 }, absenceDays: 2 }),
    estimateIterationCapacity({ ...base, closedSprintPoints: [0, 0], members: team }),
  ];

  it('each source of capacity says how it was derived in the catalog English and in German', () => {
    expect(estimates.map((e) => e.detailText.id)).toEqual(['manual', 'velocity', 'velocityScaled', 'none', 'normalized', 'normalizedNoPoints']);
    for (const e of estimates) expect(capacityMessage(e.detailText).text).toBe(e.detail);
    const de = estimates.map((e) => {
      const { i18n } = capacityMessage(e.detailText);
      return german.t(i18n.key, i18n.params);
    });
    expect(de[0]).toBe('vom PO festgelegt');
    expect(de[1]).toBe('Mittel der letzten 3 Sprints: 21, 24, 18');
    expect(de[2]).toBe('Mittel der letzten 3 Sprints: 21, 24, 18, skaliert mit 12,5 von 15 Personentagen (freie Tage)');
    expect(de[4]).toBe('noch keine Velocity: 2 Mitglieder zu 8 Punkten je Vollzeitkraft (12), minus freie Personentage (1) und Abwesenheitstage (2)');
    for (const text of de) expect(text).not.toMatch(/[{}]|mean of|no velocity|set by/);
  });
});

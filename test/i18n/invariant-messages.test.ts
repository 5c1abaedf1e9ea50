/**
 * Issue 11: the domain's internal invariants (a UI cannot cause them; they reach a user only through a bug or
 * odd Jira data) are sent by key too, inside the "could not work with what it read" frame, so a German user
 * reads the whole message in German with only the issue key left as is. Each one is thrown by the real
 * domain function, as the use cases would meet it.
 */
import english from '../../locales/en-US.json';
import german from '../../locales/de-DE.json';
import type { I18nMessage } from '../../src/contracts';
import { englishText } from '../../src/contracts/messages';
import { DomainError } from '../../src/domain/errors';
import { applyRankMoves, rerankPlan } from '../../src/domain/refinement';
import { buildModel } from '../../src/domain/fill/model';
import type { FillRequest, PlanItem } from '../../src/domain/fill/types';
import { completionBy, coverageBy, simulateThroughput, throughputModel } from '../../src/domain/forecast';
import { peopleLoad } from '../../src/domain/peopleLoad';
import { toBacklogItems } from '../../src/domain/backlog';
import { failureOf } from '../../src/usecases/failures';
import { makeTranslator } from '../../static/shared/format';
import { localText } from '../../static/shared/errorText';
import { issue } from '../domain/factories';

const germanCatalog: Record<string, string> = german;
const englishCatalog: Record<string, string> = english;
const germanT = makeTranslator('de-DE', (key) => germanCatalog[key] ?? null).t;

function thrown(run: () => unknown): DomainError {
  try {
    run();
  } catch (error) {
    if (error instanceof DomainError) return error;
    throw error;
  }
  throw new Error('expected a DomainError');
}

const item = (key: string, over: Partial<PlanItem> = {}): PlanItem => ({ key, workType: 'feature', points: 3, ready: true, rank: 0, ...over });
const request = (over: Partial<FillRequest> = {}): FillRequest => ({ items: [item('ORION-7')], iterations: [{ id: 's1', capacity: 10 }], allocation: { feature: 100 }, ...over });
const sim = simulateThroughput(throughputModel([5, 8]), 2, { trials: 10 });

/** [what, the invariant thrown, text German must hold (the issue key or number it names)] */
const invariants: [name: string, run: () => unknown, named: string][] = [
  ['planned past the plan', () => peopleLoad({ members: [], iterations: [{ capacity: 10, workingDays: 10 }], planned: [{ key: 'ORION-7', iteration: 4, points: 3, assignee: null }] }), 'ORION-7'],
  ['an issue twice in the order', () => rerankPlan(['ORION-7', 'ORION-7'], ['ORION-7']), ''],
  ['a new order over other issues', () => rerankPlan(['ORION-7', 'ORION-8'], ['ORION-7', 'ORION-9']), ''],
  ['a moved issue not in the backlog', () => applyRankMoves(['ORION-7'], [{ key: 'ORION-9', after: null }]), 'ORION-9'],
  ['moved after an issue not in the backlog', () => applyRankMoves(['ORION-7', 'ORION-8'], [{ key: 'ORION-7', after: 'ORION-9' }]), 'ORION-9'],
  ['a fill request without lists', () => buildModel({ allocation: { feature: 100 } } as unknown as FillRequest), ''],
  ['an unknown fill mode', () => buildModel(request({ mode: 'fast' as unknown as 'greedy' })), 'fast'],
  ['an iteration without id', () => buildModel(request({ iterations: [{ id: '', capacity: 10 }] })), 'Nr. 1'],
  ['an iteration twice', () => buildModel(request({ iterations: [{ id: 's1', capacity: 10 }, { id: 's1', capacity: 10 }] })), 's1'],
  ['an item without key', () => buildModel(request({ items: [item('ORION-7'), item('')] })), 'Nr. 2'],
  ['an item twice', () => buildModel(request({ items: [item('ORION-7'), item('ORION-7')] })), 'ORION-7'],
  ['a bad earliest iteration', () => buildModel(request({ items: [item('ORION-7', { earliestIteration: -1 })] })), 'ORION-7'],
  ['a bad needed-by iteration', () => buildModel(request({ items: [item('ORION-7', { neededBy: 1.5 })] })), 'ORION-7'],
  ['readiness missing', () => buildModel(request({ items: [item('ORION-7', { ready: undefined as unknown as boolean })] })), 'ORION-7'],
  ['blockers not a list', () => buildModel(request({ items: [item('ORION-7', { blockedBy: 'ORION-8' as unknown as string[] })] })), 'ORION-7'],
  ['negative completed points', () => throughputModel([5, -2]), 'Nr. 2'],
  ['trials not whole', () => simulateThroughput(throughputModel([5]), 2, { trials: 0.5 }), '0,5'],
  ['past the simulation (coverage)', () => coverageBy(sim, 5), '6'],
  ['past the simulation (completion)', () => completionBy(sim, [3], 2), '3'],
  ['an issue twice in the backlog', () => toBacklogItems([issue('ORION-7'), issue('ORION-7')], { teamProjectKey: 'ORION', programProjectKeys: [], piName: null }), 'ORION-7'],
];

describe('internal invariants reach the user by key, in their language', () => {
  it.each(invariants)('%s', (_name, run, named) => {
    const error = thrown(run);
    const sent = failureOf(error);
    const i18n = sent.i18n as I18nMessage;
    // The frame says what to do; the detail is the invariant's own message by key.
    expect(['error.domain.failed', 'error.domain.invalidNumber']).toContain(i18n.key);
    const detail = i18n.params?.detail as I18nMessage;
    expect(typeof detail).toBe('object');
    expect(detail.key).toMatch(/^domain\.invariant\./);
    expect(Object.keys(englishCatalog)).toContain(detail.key);
    // English says exactly what the domain said; German says it in German, naming the same key or number.
    expect(englishText(detail.key, detail.params)).toBe(error.message);
    expect(sent.message).toBe(englishText(i18n.key, i18n.params));
    const inGerman = localText(germanT, i18n);
    expect(inGerman).not.toContain(error.message);
    expect(inGerman).not.toMatch(/\{\w+\}/);
    expect(inGerman).toContain(named);
    expect(inGerman).toMatch(/^Die App konnte|^Eine Zahl, die der Plan braucht/);
  });

  it('every invariant key has a German text that differs from the English one', () => {
    const keys = Object.keys(englishCatalog).filter((k) => k.startsWith('domain.invariant.'));
    expect(keys.length).toBeGreaterThanOrEqual(15);
    for (const key of keys) expect([key, germanCatalog[key] !== undefined && germanCatalog[key] !== englishCatalog[key]]).toEqual([key, true]);
  });
});

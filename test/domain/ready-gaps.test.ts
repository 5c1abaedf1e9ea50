import fc from 'fast-check';
import { checkReady, readyGapTypes, toBacklogItems, type ReadyPolicy } from '../../src/domain';
import { issue } from './factories';

// readyGapTypes is checkReady without the messages (a Backlog row needs only the gaps' bits; 10k messages
// built and dropped were a good part of a cold read's answer): for any item and policy they name the same gaps.
describe('readyGapTypes', () => {
  const policies = fc.record<ReadyPolicy>({
    requireEstimate: fc.boolean(),
    splitLimit: fc.option(fc.integer({ min: 1, max: 20 }), { nil: null }),
    splitAtHalfIteration: fc.boolean(),
    splitFractionOfCapacity: fc.constantFrom(0.3, 0.5, 0.8),
    requireAcceptanceCriteria: fc.boolean(),
    noExternalBlockers: fc.boolean(),
    requireWsjfForLocal: fc.boolean(),
  });
  const facts = fc.record({
    points: fc.option(fc.constantFrom(0, 1, 3, 8, 13, 21), { nil: null }),
    hasAcceptanceCriteria: fc.boolean(),
    scored: fc.boolean(),
    blocker: fc.constantFrom('none', 'local', 'external', 'externalDone', 'hidden'),
    parent: fc.boolean(),
  });

  it('names the very gaps checkReady finds, in the same order', () => {
    fc.assert(
      fc.property(policies, facts, fc.option(fc.integer({ min: 0, max: 40 }), { nil: null }), (policy, f, capacity) => {
        const links =
          f.blocker === 'local'
            ? [{ key: 'T-9', projectKey: 'T', direction: 'blockedBy' as const, statusCategory: 'new' as const }]
            : f.blocker === 'external' || f.blocker === 'externalDone'
              ? [{ key: 'X-1', projectKey: 'X', direction: 'blockedBy' as const, statusCategory: f.blocker === 'external' ? ('indeterminate' as const) : ('done' as const) }]
              : [];
        const raw = issue('T-1', {
          points: f.points,
          hasAcceptanceCriteria: f.hasAcceptanceCriteria,
          links,
          wsjfParts: f.scored ? { businessValue: 5, timeCriticality: 3, riskReduction: 2, jobSize: 3 } : { businessValue: null, timeCriticality: null, riskReduction: null, jobSize: null },
          ...(f.blocker === 'hidden' ? { hidden: { dependents: 0, blockers: 1 } } : {}),
          ...(f.parent ? { parent: { key: 'P-1', projectKey: 'P', summary: 'f', statusCategory: 'new' as const, commitments: [] } } : {}),
        });
        const [item] = toBacklogItems([raw], { teamProjectKey: 'T', programProjectKeys: ['P'], piName: null });
        const check = checkReady(item!, policy, capacity);
        expect(readyGapTypes(item!, policy, capacity)).toEqual(check.gaps.map((g) => g.type));
      }),
      { numRuns: 400 },
    );
  });
});

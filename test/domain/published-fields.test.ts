import { changedValues, publishedWsjf, readinessText, type PublishedValues } from '../../src/domain';

describe('the values published in the WSJF and Readiness fields', () => {
  it('says Ready, or what is missing in the order the Definition of Ready checks it', () => {
    expect(readinessText([])).toBe('Ready');
    expect(readinessText([{ type: 'noEstimate' }])).toBe('Not ready: no estimate');
    expect(readinessText([{ type: 'noWsjf' }, { type: 'externalBlocker' }, { type: 'noAcceptanceCriteria' }])).toBe(
      'Not ready: no acceptance criteria, blocked by another team, no WSJF',
    );
    expect(readinessText([{ type: 'overSplitLimit' }, { type: 'noEstimate' }])).toBe('Not ready: no estimate, too big');
  });

  it('rounds WSJF to the two decimals the panel shows; unscored stays empty', () => {
    expect(publishedWsjf(19 / 13)).toBe(1.46);
    expect(publishedWsjf(6)).toBe(6);
    expect(publishedWsjf(2.255)).toBe(2.26);
    expect(publishedWsjf(null)).toBeNull();
    expect(publishedWsjf(Number.POSITIVE_INFINITY)).toBeNull();
  });

  it('writes only the values that differ from what Jira holds, clearing a score that went away', () => {
    const desired = new Map<string, PublishedValues>([
      ['A-1', { wsjf: 3.8, readiness: 'Ready' }],
      ['A-2', { wsjf: 2.25, readiness: 'Not ready: no estimate' }],
      ['A-3', { wsjf: null, readiness: 'Not ready: no WSJF' }],
      ['A-4', { wsjf: 1, readiness: 'Ready' }],
    ]);
    const current = new Map<string, PublishedValues>([
      ['A-1', { wsjf: 3.8, readiness: 'Ready' }],
      ['A-2', { wsjf: 2.25, readiness: 'Ready' }],
      ['A-3', { wsjf: 5, readiness: 'Not ready: no WSJF' }],
    ]);
    expect(changedValues(desired, current)).toEqual([
      { key: 'A-2', field: 'readiness', value: 'Not ready: no estimate' },
      { key: 'A-3', field: 'wsjf', value: null },
      { key: 'A-4', field: 'wsjf', value: 1 },
      { key: 'A-4', field: 'readiness', value: 'Ready' },
    ]);
    expect(changedValues(desired, new Map([...desired]))).toEqual([]);
  });
});

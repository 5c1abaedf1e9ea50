import { DEFAULT_READY_POLICY, toBacklogItems, type BacklogItem } from '../../src/domain';
import { leftOutDetail, leftOutLookup } from '../../src/usecases/left-out';
import { issue } from '../domain/factories';

/** The backlog as an array that counts how many of its elements are read. */
function countingItems(items: BacklogItem[]): { items: BacklogItem[]; reads: () => number } {
  let reads = 0;
  const proxy = new Proxy(items, {
    get(target, prop, receiver) {
      if (typeof prop === 'string' && /^\d+$/.test(prop)) reads++;
      return Reflect.get(target, prop, receiver);
    },
  });
  return { items: proxy, reads: () => reads };
}

describe('left-out details', () => {
  it('explaining every left-out item reads the backlog a bounded number of times, not once per item', () => {
    const n = 2000;
    const facts = Array.from({ length: n }, (_, i) => issue(`TEAM-${i + 1}`, { points: 5 }));
    const backlog = toBacklogItems(facts, { teamProjectKey: 'TEAM', programProjectKeys: [], piName: 'PI 1' });
    const counted = countingItems(backlog);
    const data = { items: counted.items, readyPolicy: DEFAULT_READY_POLICY, iterationCapacity: 20 };
    const lookup = leftOutLookup(data, 20);
    const details = backlog.map((item) => leftOutDetail(data, lookup, item.key, 'noCapacity', false));
    expect(details.every((d, i) => d === `no room left for 5 points of ${backlog[i]?.workType} in these iterations`)).toBe(true);
    expect(counted.reads()).toBeLessThanOrEqual(2 * n);
  });
});

/**
 * The first open stores the loaded backlog's snapshot while it derives its answer, not before: the Balance
 * tab's own Jira read (the closed sprints' search) goes out while the snapshot is still being written (storage
 * takes its time: KVS is a round trip per chunk), and the call still answers only once the snapshot is stored.
 */

import { createPanelResolver } from '../../src/resolvers';
import { MemoryStore } from '../../src/storage';
import { caller, data, startWorld, type World } from './helpers';

/** A store whose snapshot chunk writes wait until `open()`. */
class GatedSnapshotStore extends MemoryStore {
  private opened = false;
  private readonly waiting: (() => void)[] = [];
  /** Requests sent to Jira when the first chunk write began; null before it did. */
  sentAtFirstChunk: number | null = null;

  constructor(private readonly sentSoFar: () => number) {
    super();
  }

  override async set<T>(key: string, value: T): Promise<void> {
    if (/:snap:.*:g\w+:c\d+$/.test(key)) {
      this.sentAtFirstChunk ??= this.sentSoFar();
      if (!this.opened) await new Promise<void>((resolve) => this.waiting.push(resolve));
    }
    return super.set(key, value);
  }

  open(): void {
    this.opened = true;
    this.waiting.splice(0).forEach((resolve) => resolve());
  }
}

let world: World | undefined;
afterAll(() => world?.site.close());

const pause = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

it('sends the closed sprints search while the snapshot is written, and answers once it is stored', async () => {
  const sent: { jql: string | null; fields: string }[] = [];
  const kv = new GatedSnapshotStore(() => sent.length);
  world = await startWorld({
    kv,
    wrapJira: (port) => async (path, init) => {
      const body = init?.body ? (JSON.parse(init.body) as { jql?: unknown; fields?: unknown }) : {};
      sent.push({ jql: typeof body.jql === 'string' ? body.jql : null, fields: JSON.stringify(body.fields ?? null) });
      return port(path, init);
    },
  });
  const call = caller(createPanelResolver(world.platform).getDefinitions());
  let answered = false;
  const balance = call(world.site.po, 'getBalance', {}).finally(() => (answered = true));
  // The Balance tab's own read: the closed sprints' issues with the backlog's fields (velocity asks fewer).
  const balanceSearch = (): boolean => {
    const backlogFields = sent.find((s) => s.jql === null && s.fields.length > 100)?.fields;
    return sent.some((s) => s.jql?.includes('closedSprints()') && s.fields === backlogFields);
  };
  const snapshotStored = async (): Promise<boolean> => (await kv.listByPrefix<unknown>('proj:')).some(({ key }) => key.includes(':snap:') && key.endsWith(':head'));
  for (let i = 0; i < 300 && !balanceSearch(); i++) await pause(10);
  expect(balanceSearch()).toBe(true);
  expect(await snapshotStored()).toBe(false);
  // The write gets as far as its first chunk, held back there; the call does not answer meanwhile.
  for (let i = 0; i < 300 && kv.sentAtFirstChunk === null; i++) await pause(10);
  expect(kv.sentAtFirstChunk).not.toBeNull();
  await pause(50);
  expect(answered).toBe(false);
  kv.open();
  data(await balance);
  expect(await snapshotStored()).toBe(true);
});

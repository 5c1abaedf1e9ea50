import { z } from 'zod';
import { createLocalPlatform } from '../../src/platform';
import { resolverFunction } from '../../src/resolvers/context';
import { finishBeforeAnswer } from '../../src/usecases/context';

// No Jira is asked: the bodies below only register writes.
const host = createLocalPlatform({ baseUrl: 'http://127.0.0.1:9', users: [{ accountId: 'po-1', email: 'po@example.com', apiToken: 't' }], storeDir: 'memory' });
const request = { payload: {}, context: { accountId: 'po-1', extension: { project: { key: 'ORION' } } } };
const later = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

describe('writes a call registers to finish before it answers', () => {
  it('a write registered while the registered ones are awaited is awaited too (the body had failed)', async () => {
    const stored: string[] = [];
    const call = resolverFunction(host, z.object({}), async (ctx) => {
      // A snapshot write whose completion registers a second write (as a plan stored after its snapshot).
      finishBeforeAnswer(ctx, later(10).then(() => {
        stored.push('snapshot');
        finishBeforeAnswer(ctx, later(10).then(() => void stored.push('plan')));
      }));
      throw new Error('compute failed after the load');
    });
    const answer = await call(request as never);
    expect(answer.ok).toBe(false);
    expect(stored).toEqual(['snapshot', 'plan']);
  });

  it('the answer waits for every registered write, and a failed write does not turn a good answer into an error', async () => {
    const stored: string[] = [];
    const call = resolverFunction(host, z.object({}), async (ctx) => {
      finishBeforeAnswer(ctx, later(5).then(() => Promise.reject(new Error('KVS over its rate'))));
      finishBeforeAnswer(ctx, later(15).then(() => void stored.push('snapshot')));
      return 'answer';
    });
    const answer = await call(request as never);
    expect(answer).toEqual({ ok: true, data: 'answer' });
    expect(stored).toEqual(['snapshot']);
  });
});

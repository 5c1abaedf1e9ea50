import { createPanelResolver } from '../../src/resolvers';
import { caller, data, startWorld, type World } from './helpers';

let world: World;
let call: ReturnType<typeof caller>;

beforeAll(async () => {
  world = await startWorld();
  call = caller(createPanelResolver(world.platform).getDefinitions());
});
afterAll(() => world.site.close());

const count = (prefix: string) => world.site.requestLog.filter((r) => r.method === 'GET' && r.path.startsWith(prefix)).length;

describe('first panel open on one instance', () => {
  it('reads /myself and the project permissions once across whoAmI, getBalance and getAllocationHistory', async () => {
    world.site.clearRequestLog();
    const [me] = await Promise.all([call<{ displayName: string }>(world.site.po, 'whoAmI', {}), call(world.site.po, 'getBalance', {})]);
    expect(data(me).displayName).not.toBe('');
    data(await call(world.site.po, 'getAllocationHistory', {}));
    expect(count('/rest/api/3/myself')).toBe(1);
    expect(count('/rest/api/3/mypermissions?projectKey=ORION')).toBe(1);
  });

  it('still asks Jira for every write, and another user or project is asked for itself', async () => {
    world.site.clearRequestLog();
    data(await call(world.site.dev, 'whoAmI', {}));
    const refused = await call(world.site.dev, 'saveAllocation', { piId: 'PI-2026.4', percents: { feature: 100 }, baseVersion: 0 });
    expect(refused.ok ? null : refused.error.code).toBe('FORBIDDEN');
    expect(count('/rest/api/3/mypermissions?projectKey=ORION')).toBe(2);
    data(await call(world.site.po, 'whoAmI', {}, { project: 'VEGA' }));
    expect(count('/rest/api/3/mypermissions?projectKey=VEGA')).toBe(1);
  });
});

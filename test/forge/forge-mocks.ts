/**
 * The module factories for `jest.mock('@forge/api' | '@forge/kvs' | '@forge/events', ...)` backed by the one
 * `fakeForge` runtime. Each looks the fake up when called, not when this file loads: the fake's KVS itself
 * imports `@forge/kvs` (for its error class), which would otherwise require the fake while it is loading.
 *
 *   jest.mock('@forge/api', () => (jest.requireActual('./forge-mocks') as typeof import('./forge-mocks')).forgeApiMock());
 */
type FakeForgeModule = typeof import('./fake-forge');

function fake(): FakeForgeModule['fakeForge'] {
  return (jest.requireActual('./fake-forge') as FakeForgeModule).fakeForge;
}

export function forgeApiMock() {
  return fake().apiModule();
}

export function forgeKvsMock() {
  return {
    ...jest.requireActual('@forge/kvs'),
    kvs: {
      get: (key: string) => fake().kvsModule().get(key),
      set: (key: string, value: unknown, options?: { keyPolicy: 'OVERRIDE' | 'FAIL_IF_EXISTS' }) => fake().kvsModule().set(key, value, options),
      delete: (key: string) => fake().kvsModule().delete(key),
      query: () => fake().kvsModule().query(),
    },
  };
}

export function forgeEventsMock() {
  return { Queue: fake().queueClass() };
}

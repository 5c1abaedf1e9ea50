/**
 * What the tests on the stand-in Forge runtime share: two installations of the app on two demo sites with the
 * same project keys and account ids, one load of src/index.ts serving both (one warm function instance), and
 * calling a resolver as Forge does. Each test file keeps its own `jest.mock` lines (Jest hoists them only there);
 * src/index.ts is imported here after them, so it sees the mocks.
 */
import { startDemoSite, type DemoSite } from '../demo-site';
import type { Result } from '../../src/contracts';
import { fakeForge } from './fake-forge';

export type Entry = typeof import('../../src/index');
/** A resolver's handler as src/index.ts exports it (panel, settings, gadget... all take the same call). */
export type ResolverHandler = Entry['panelHandler'];

export interface TwoInstallations {
  entry: Entry;
  siteA: DemoSite;
  siteB: DemoSite;
  installA: string;
  installB: string;
  close(): Promise<void>;
}

const NOW = new Date('2026-11-20T00:00:00Z');

/**
 * Starts two demo sites (same seeded users and project keys; the seeds decide whether their issues differ),
 * installs the app on each under the cloud ids given, and loads src/index.ts once.
 */
export async function startTwoInstallations(cloudIds: [string, string], seeds: [number, number] = [7, 7]): Promise<TwoInstallations> {
  const siteA = await startDemoSite({ scale: 300, seed: seeds[0], now: NOW });
  const siteB = await startDemoSite({ scale: 300, seed: seeds[1], now: NOW });
  const installA = fakeForge.install(cloudIds[0], siteA);
  const installB = fakeForge.install(cloudIds[1], siteB);
  const entry = await import('../../src/index');
  return {
    entry,
    siteA,
    siteB,
    installA,
    installB,
    async close() {
      await siteA.close();
      await siteB.close();
    },
  };
}

/** Calls a resolver as Forge does on a project page (ORION unless named), for a user of an installation. */
export function invokeResolver<T>(handler: ResolverHandler, installContext: string, accountId: string, functionKey: string, payload: unknown = {}, project = 'ORION'): Promise<Result<T>> {
  const cloudId = installContext.split('/').pop() as string;
  const context = { cloudId, localId: 'x', moduleKey: 'backlog-balance-panel', extension: { type: 'jira:projectPage', project: { key: project, id: '10001', type: 'software' } } };
  return fakeForge.run({ installContext, accountId }, async () =>
    (await handler({ call: { functionKey, payload }, context }, { principal: { accountId }, installContext })) as Result<T>,
  );
}

export function ok<T>(result: Result<T>): T {
  if (!result.ok) throw new Error(`${result.error.code}: ${result.error.message}`);
  return result.data;
}

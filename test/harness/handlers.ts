/** The resolver handlers Forge runs, built on the harness's local platform. */
import type { LocalPlatform } from '../../src/platform';
import type { HandlersByApp } from './backends';

export async function resolverHandlers(platform: LocalPlatform): Promise<HandlersByApp> {
  void platform;
  throw new Error('The resolvers have not landed yet (src/resolvers/index.ts).');
}

/** The resolver handlers Forge runs, built on the harness's local platform by the same factories. */
import { createAdminResolver, createGadgetResolver, createIssuePanelResolver, createPanelResolver, createSettingsResolver } from '../../src/resolvers';
import type { Host } from '../../src/platform';
import type { ForgeHandler, HandlersByApp } from './backends';

export function resolverHandlers(platform: Host): HandlersByApp {
  return {
    panel: createPanelResolver(platform).getDefinitions() as ForgeHandler,
    settings: createSettingsResolver(platform).getDefinitions() as ForgeHandler,
    admin: createAdminResolver(platform).getDefinitions() as ForgeHandler,
    'issue-panel': createIssuePanelResolver(platform).getDefinitions() as ForgeHandler,
    gadget: createGadgetResolver(platform).getDefinitions() as ForgeHandler,
  };
}

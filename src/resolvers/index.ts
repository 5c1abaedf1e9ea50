/**
 * The resolvers, built by factories that take a `Host` (one per function instance, serving every
 * installation), so Forge and the local harness run the very same handlers:
 *
 *   // Forge (src/index.ts):
 *   export const panelHandler = createPanelResolver(createForgeHost()).getDefinitions();
 *
 *   // Local (`npm start` harness, tests):
 *   import { createLocalPlatform } from '../platform';
 *   const platform = createLocalPlatform({ baseUrl, users: [{ accountId, email, apiToken }], storeDir: '.local/store' });
 *   const panel = createPanelResolver(platform).getDefinitions();
 *   const result = await panel(
 *     { call: { functionKey: 'getBalance', payload: { piId } },
 *       context: { extension: { project: { key: 'ORION' } } } },   // issue panel: also extension.issue.key
 *     { principal: { accountId }, installContext },                 // who is asking, on which site
 *   );                                                              // -> { ok: true, data } | { ok: false, error }
 *
 * The handler is `@forge/resolver`'s: it takes the user from its SECOND argument (`principal.accountId`, what
 * Forge's runtime passes) and overwrites `context.accountId` with it, so a host must pass
 * `{ principal: { accountId } }` there, and Forge's `installContext` (the site: every cache and store is
 * partitioned by it; a local platform serving one site accepts none). The project always comes from
 * `context.extension.project.key`.
 * Every function answers a `Result` (see definitions.ts); nothing is thrown to the UI. Long writes answer a
 * `{ jobId }` to poll with `getJob`; locally the job runs in-process right after the call returns
 * (`platform.idle()` waits for it).
 */
export { createPanelResolver, panelHandlers } from './panel';
export { createSettingsResolver, settingsHandlers } from './settings';
export { createAdminResolver, adminHandlers } from './admin';
export { createIssuePanelResolver, issuePanelHandlers } from './issue-panel';
export { createGadgetResolver, gadgetHandlers } from './gadget';
export type * from '../contracts';

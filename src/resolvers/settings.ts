import { makeResolver } from '@forge/resolver';
import type { ProjectSettingsDefinitions } from '../contracts';
import * as s from '../contracts/payloads';
import type { Host } from '../platform/types';
import { projectWhoAmI } from '../usecases/access';
import { previewWorkTypes, readSettings, saveProjectSettings } from '../usecases/settings';
import { resolverFunction } from './context';
import { requireBrowser, requireConfigurer } from './guards';

export function settingsHandlers(host: Host) {
  const fn = resolverFunction;
  return {
    whoAmI: fn(host, s.none, projectWhoAmI),
    getProjectSettings: fn(host, s.none, async (ctx) => readSettings(ctx, await requireBrowser(ctx))),
    saveProjectSettings: fn(host, s.saveProjectSettingsSchema, async (ctx, p) => saveProjectSettings(ctx, await requireConfigurer(ctx), p)),
    previewWorkTypes: fn(host, s.previewWorkTypesSchema, async (ctx, p) => previewWorkTypes(ctx, await requireBrowser(ctx), p)),
  } satisfies { [K in keyof ProjectSettingsDefinitions]: unknown };
}

export function createSettingsResolver(host: Host) {
  const handlers = settingsHandlers(host);
  return { getDefinitions: () => makeResolver<ProjectSettingsDefinitions>(handlers) };
}

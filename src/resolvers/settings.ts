import { makeResolver } from '@forge/resolver';
import type { ProjectSettingsDefinitions } from '../contracts';
import * as s from '../contracts/payloads';
import type { Platform } from '../platform/types';
import { projectWhoAmI } from '../usecases/access';
import { previewWorkTypes, readSettings, saveProjectSettings } from '../usecases/settings';
import { resolverFunction } from './context';
import { requireBrowser, requireConfigurer } from './guards';

export function settingsHandlers(platform: Platform) {
  const fn = resolverFunction;
  return {
    whoAmI: fn(platform, s.none, projectWhoAmI),
    getProjectSettings: fn(platform, s.none, async (ctx) => readSettings(ctx, await requireBrowser(ctx))),
    saveProjectSettings: fn(platform, s.saveProjectSettingsSchema, async (ctx, p) => saveProjectSettings(ctx, await requireConfigurer(ctx), p)),
    previewWorkTypes: fn(platform, s.previewWorkTypesSchema, async (ctx, p) => previewWorkTypes(ctx, await requireBrowser(ctx), p)),
  } satisfies { [K in keyof ProjectSettingsDefinitions]: unknown };
}

export function createSettingsResolver(platform: Platform) {
  const handlers = settingsHandlers(platform);
  return { getDefinitions: () => makeResolver<ProjectSettingsDefinitions>(handlers) };
}

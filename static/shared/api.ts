/**
 * Calls to the resolvers through `@forge/bridge`, typed by the shared contract. Resolvers answer with a
 * `Result`; `unwrap` turns a failure into an `AppFailure` carrying the typed `AppError` for the UI to show.
 */
import { makeInvoke } from '@forge/bridge';
import type {
  AdminDefinitions,
  AppError,
  GadgetDefinitions,
  IssuePanelDefinitions,
  PanelDefinitions,
  ProjectSettingsDefinitions,
  Result,
} from '../../src/contracts';
import { englishText } from '../../src/contracts/messages';

export class AppFailure extends Error {
  constructor(readonly appError: AppError) {
    super(appError.message);
    this.name = 'AppFailure';
  }
}

/** Any failure as an `AppError`: resolver errors keep their code; bridge or network failures become INTERNAL. */
export function toAppError(error: unknown): AppError {
  if (error instanceof AppFailure) return error.appError;
  const message = error instanceof Error ? error.message : String(error);
  const params = { detail: message };
  return { code: 'INTERNAL', message: englishText('error.backendUnreachable', params), i18n: { key: 'error.backendUnreachable', params } };
}

export function unwrap<T>(result: Result<T>): T {
  if (result.ok) return result.data;
  throw new AppFailure(result.error);
}

export const panelApi = makeInvoke<PanelDefinitions>();
export const settingsApi = makeInvoke<ProjectSettingsDefinitions>();
export const adminApi = makeInvoke<AdminDefinitions>();
export const issuePanelApi = makeInvoke<IssuePanelDefinitions>();
export const gadgetApi = makeInvoke<GadgetDefinitions>();

import { DomainError, type MessageRef } from '../domain/errors';
import {
  EstimatesInTimeError,
  InvalidJiraKeyError,
  InvalidWriteError,
  JiraAuthenticationError,
  JiraError,
  JiraNetworkError,
  JiraNotFoundError,
  JiraPartialDataError,
  JiraPermissionError,
  JiraRateLimitError,
  JiraServerError,
  MappedFieldMissingError,
  StoryPointsFieldNotFoundError,
  UnsafeRouteError,
} from '../jira';
import { DamagedRecordError, DamagedVersionError, StaleVersionError, StorageValueTooLargeError } from '../storage';
import type { AppError, ErrorCode, I18nMessage, I18nParam } from '../contracts';
import { AppFailure } from '../contracts/errors';
import { englishText, isMessageKey, message } from '../contracts/messages';

/**
 * A message named below the contract (domain, Jira client, storage) as the contract's `I18nMessage`; undefined
 * when a key is not in the catalog (the UI then shows the English text; `test/i18n/error-keys.test.ts` fails).
 */
export function i18nOf(named: MessageRef | undefined): I18nMessage | undefined {
  if (!named || !isMessageKey(named.key)) return undefined;
  if (!named.params) return { key: named.key };
  const params: Record<string, I18nParam> = {};
  for (const [name, value] of Object.entries(named.params)) {
    if (typeof value !== 'object') params[name] = value;
    else {
      const inner = i18nOf(value);
      params[name] = inner ?? value.key;
    }
  }
  return { key: named.key, params };
}

/** An AppError whose message is the catalog's English text of `i18n` (the UI shows `i18n` in the reader's language). */
function keyed(code: ErrorCode, i18n: I18nMessage, extra: Partial<AppError> = {}): AppError {
  return { code, message: englishText(i18n.key, i18n.params), i18n, ...extra };
}

/** A Jira error by its key, else by a key of its class with its English text as the detail. */
function jiraMessage(error: JiraError): I18nMessage {
  const own = i18nOf(error.i18n);
  if (own) return own;
  // Refused before sending, or an answer (2xx, or an odd status) this client cannot read: the detail is technical.
  return message(error instanceof UnsafeRouteError ? 'jira.error.unsafeRoute' : 'jira.error.unreadable', { detail: error.message });
}

/**
 * Whatever went wrong, as the typed error the UI shows: an English `message` and the same by catalog key
 * (`i18n`), so a German user reads it in German. Unexpected errors say only what to do next.
 */
export function failureOf(error: unknown): AppError {
  if (error instanceof AppFailure) return error.toAppError();
  if (error instanceof StaleVersionError) {
    return keyed('STALE', message('error.storage.stale', { what: i18nOf(error.whatRef) ?? error.what, base: error.baseVersion, current: error.currentVersion }));
  }
  if (error instanceof DamagedRecordError) {
    const i18n = i18nOf(error.i18n);
    return i18n ? keyed('NOT_CONFIGURED', i18n, { field: error.field }) : { code: 'NOT_CONFIGURED', message: error.message, field: error.field };
  }
  if (error instanceof DamagedVersionError) {
    const i18n = i18nOf(error.i18n);
    return i18n ? keyed('NOT_CONFIGURED', i18n) : { code: 'NOT_CONFIGURED', message: `${error.message} Save it again to replace it.` };
  }
  if (error instanceof DomainError) return domainFailure(error);
  if (error instanceof StoryPointsFieldNotFoundError || error instanceof MappedFieldMissingError || error instanceof EstimatesInTimeError) {
    return keyed('NOT_CONFIGURED', jiraMessage(error), { field: 'fieldOverrides' });
  }
  if (error instanceof JiraPartialDataError) return keyed('PARTIAL_DATA', jiraMessage(error));
  if (error instanceof JiraRateLimitError) return keyed('RATE_LIMITED', jiraMessage(error), { retryAfterSeconds: 60 });
  if (error instanceof JiraServerError || error instanceof JiraNetworkError) return keyed('JIRA_UNAVAILABLE', jiraMessage(error));
  if (error instanceof JiraPermissionError || error instanceof JiraAuthenticationError) return keyed('FORBIDDEN', jiraMessage(error));
  if (error instanceof JiraNotFoundError) return keyed('NOT_FOUND', jiraMessage(error));
  if (error instanceof InvalidWriteError || error instanceof InvalidJiraKeyError || error instanceof UnsafeRouteError) {
    return keyed('INVALID_INPUT', jiraMessage(error));
  }
  if (error instanceof JiraError) return keyed('JIRA_REJECTED', jiraMessage(error));
  if (error instanceof StorageValueTooLargeError) return keyed('INVALID_INPUT', message('error.storage.tooLarge'));
  return keyed('INTERNAL', message('error.internal'));
}

/**
 * A rule violation by its own key. An internal invariant a UI cannot cause (`domain.invariant.*`, or one
 * without a key) reaches a user only through a bug or odd data: framed by a key of its code, which says what to
 * do next, with the invariant as the detail.
 */
function domainFailure(error: DomainError): AppError {
  const code: ErrorCode = error.code === 'invalidConfig' || error.code === 'unknownWorkType' ? 'NOT_CONFIGURED' : 'INVALID_INPUT';
  const own = i18nOf(error.i18n);
  if (own && !own.key.startsWith('domain.invariant.')) return keyed(code, own);
  const generic = error.code === 'invalidNumber' ? 'error.domain.invalidNumber' : 'error.domain.failed';
  return keyed(code, message(generic, { detail: own ?? error.message }));
}

import type { ZodError } from 'zod';
import { DomainError } from '../domain/errors';
import {
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
  EstimatesInTimeError,
  MappedFieldMissingError,
  StoryPointsFieldNotFoundError,
  UnsafeRouteError,
} from '../jira';
import { DamagedRecordError, DamagedVersionError, StaleVersionError, StorageValueTooLargeError } from '../storage';
import type { AppError, ErrorCode } from '../contracts';
import { AppFailure } from '../contracts/errors';
import { settingsPlace } from './field-labels';

/**
 * A refused payload as a PO reads it: the settings field in the page's words and with the names being saved
 * ("Iteration 5 of PI 3 (PI 27.5): the end date is before the start"), other fields by a plain path; `field`
 * is the dot path, for the page to highlight that field.
 */
export function invalidInput(error: ZodError, payload?: unknown): AppFailure {
  const issue = error.issues[0];
  if (issue?.code === 'unrecognized_keys') {
    // Name the unexpected key itself (e.g. "__proto__"), not the object holding it.
    const field = [...issue.path.map(String), issue.keys[0] ?? ''].join('.');
    return new AppFailure('INVALID_INPUT', `"${field}" is not expected here: remove it.`, field);
  }
  const field = issue ? issue.path.map(String).join('.') : '';
  const more = error.issues.length > 1 ? ` (and ${error.issues.length - 1} more to fix)` : '';
  const root = issue?.path[0];
  const place = issue && (root === 'settings' || root === 'defaults') ? settingsPlace(issue.path.slice(1), (payload as Record<string, unknown> | undefined)?.[root]) : null;
  if (issue && place) {
    const message = issue.code === 'custom' ? lowerFirst(issue.message) : plainMessage(issue.message);
    const what = place.field === null || issue.code === 'custom' ? message : /^must /.test(message) ? `${place.field} ${message}` : `${place.field}: ${message}`;
    return new AppFailure('INVALID_INPUT', `${place.where}: ${what}${more}`, field);
  }
  const where = field === '' ? 'The request' : fieldLabel(issue?.path ?? []);
  return new AppFailure('INVALID_INPUT', `${where}: ${plainMessage(issue?.message ?? 'is not valid')}${more}`, field === '' ? undefined : field);
}

function lowerFirst(text: string): string {
  return /^[A-Z][a-z]/.test(text) ? text.charAt(0).toLowerCase() + text.slice(1) : text;
}

/** A field path as a PO reads it: "settings.splitLimit.fractionOfCapacity" -> "Split limit › fraction of capacity". */
function fieldLabel(path: readonly PropertyKey[]): string {
  const words = path
    .filter((part, i) => !(i === 0 && (part === 'settings' || part === 'defaults')))
    .map((part) => (typeof part === 'number' ? `#${part + 1}` : String(part).replace(/([a-z0-9])([A-Z])/g, '$1 $2').toLowerCase()));
  const label = words.join(' › ').slice(0, 120);
  return label === '' ? 'The request' : label.charAt(0).toUpperCase() + label.slice(1);
}

/** zod's wording for the common cases, as a sentence a PO can act on. */
function plainMessage(message: string): string {
  if (/^Too small: expected string to have >=1 characters$/.test(message)) return 'must not be empty';
  const length = /^Too big: expected string to have <=(\d+) characters$/.exec(message);
  if (length) return `must be at most ${length[1]} characters long`;
  const bound = /^Too (big|small): expected (?:number|string|array) to (?:be|have) ([<>]=?)(.+?)(?: characters| items)?$/.exec(message);
  if (bound) return `must be ${bound[2]?.startsWith('<') ? 'at most' : 'at least'} ${bound[3]}${bound[2] === '<' || bound[2] === '>' ? ' (exclusive)' : ''}`;
  const type = /^Invalid input: expected (\w+), received (\w+)$/.exec(message);
  const a = (word: string) => (/^[aeiou]/.test(word) ? `an ${word}` : `a ${word}`);
  if (type) return `must be ${a(type[1] as string)}, not ${a(type[2] as string)}`;
  return message.slice(0, 200);
}

/** Maps whatever went wrong to the typed error the UI shows; unexpected errors say only what to do next. */
export function toAppError(error: unknown): AppError {
  if (error instanceof AppFailure) return error.toAppError();
  if (error instanceof StaleVersionError) return { code: 'STALE', message: error.message };
  if (error instanceof DamagedRecordError) return { code: 'NOT_CONFIGURED', message: error.message, field: error.field };
  if (error instanceof DamagedVersionError) return { code: 'NOT_CONFIGURED', message: `${error.message} Save it again to replace it.` };
  if (error instanceof DomainError) return { code: domainCode(error), message: error.message };
  if (error instanceof StoryPointsFieldNotFoundError || error instanceof MappedFieldMissingError || error instanceof EstimatesInTimeError) {
    return { code: 'NOT_CONFIGURED', message: error.message, field: 'fieldOverrides' };
  }
  if (error instanceof JiraPartialDataError) return { code: 'PARTIAL_DATA', message: error.message };
  if (error instanceof JiraRateLimitError) return { code: 'RATE_LIMITED', message: error.message, retryAfterSeconds: 60 };
  if (error instanceof JiraServerError || error instanceof JiraNetworkError) return { code: 'JIRA_UNAVAILABLE', message: error.message };
  if (error instanceof JiraPermissionError || error instanceof JiraAuthenticationError) return { code: 'FORBIDDEN', message: error.message };
  if (error instanceof JiraNotFoundError) return { code: 'NOT_FOUND', message: error.message };
  if (error instanceof InvalidWriteError || error instanceof InvalidJiraKeyError || error instanceof UnsafeRouteError) {
    return { code: 'INVALID_INPUT', message: error.message };
  }
  if (error instanceof JiraError) return { code: 'JIRA_REJECTED', message: error.message };
  if (error instanceof StorageValueTooLargeError) {
    return { code: 'INVALID_INPUT', message: 'This is too much to save at once: shorten the lists and try again.' };
  }
  return { code: 'INTERNAL', message: 'Something went wrong on our side. Reload the page; if it happens again, tell your Jira admin.' };
}

function domainCode(error: DomainError): ErrorCode {
  return error.code === 'invalidConfig' || error.code === 'unknownWorkType' ? 'NOT_CONFIGURED' : 'INVALID_INPUT';
}

import type { ZodError, core } from 'zod';
import { failureOf } from '../usecases/failures';
import type { AppError, I18nMessage, I18nParam } from '../contracts';
import { AppFailure } from '../contracts/errors';
import { englishText, isMessageKey, message, validationKeyOf } from '../contracts/messages';

type ZodIssue = core.$ZodIssue;
import { settingsPlace } from './field-labels';

/**
 * A refused payload as a PO reads it: the settings field in the page's words and with the names being saved
 * ("Iteration 5 of PI 3 (PI 27.5): the end date is before the start"), other fields by a plain path; `field`
 * is the dot path, for the page to highlight that field. Sent by key too: each part (place, field, what is
 * wrong) is a message of its own, so the whole reads in the user's language.
 */
export function invalidInput(error: ZodError, payload?: unknown): AppFailure {
  const issue = error.issues[0];
  if (issue?.code === 'unrecognized_keys') {
    // Name the unexpected key itself (e.g. "__proto__"), not the object holding it.
    const field = [...issue.path.map(String), issue.keys[0] ?? ''].join('.');
    return AppFailure.of('INVALID_INPUT', 'error.unexpectedField', { field }, field);
  }
  const field = issue ? issue.path.map(String).join('.') : '';
  const root = issue?.path[0];
  const place = issue && (root === 'settings' || root === 'defaults') ? settingsPlace(issue.path.slice(1), (payload as Record<string, unknown> | undefined)?.[root]) : null;
  const refused = (refusal: I18nMessage, at: string | undefined): AppFailure => {
    const whole = error.issues.length > 1 ? message('validation.more', { refusal, count: error.issues.length - 1 }) : refusal;
    return AppFailure.of('INVALID_INPUT', whole.key, whole.params, at);
  };
  if (issue && place) {
    const custom = issue.code === 'custom';
    const what = custom ? customMessage(issue) : plainMessage(issue);
    if (place.field === null || custom) return refused(message('validation.refusal', { where: place.where, what }), field);
    const must = /^must /.test(englishText(what.key, what.params));
    return refused(message(must ? 'validation.refusalFieldMust' : 'validation.refusalField', { where: place.where, field: place.field, what }), field);
  }
  const where = field === '' ? message('validation.theRequest') : fieldLabel(issue?.path ?? []);
  const what = issue ? (issue.code === 'custom' ? customMessage(issue) : plainMessage(issue)) : message('validation.notValid');
  return refused(message('validation.refusal', { where, what }), field === '' ? undefined : field);
}

/** A refinement's own message: by the key it was given (`said`), else its text. */
function customMessage(issue: ZodIssue): I18nMessage {
  const named = (issue as { params?: { i18n?: unknown } }).params?.i18n;
  if (isI18nMessage(named)) return named;
  return byText(issue.message) ?? message('validation.asWritten', { text: lowerFirst(issue.message).slice(0, 200) });
}

function isI18nMessage(value: unknown): value is I18nMessage {
  return typeof value === 'object' && value !== null && typeof (value as { key?: unknown }).key === 'string' && isMessageKey((value as { key: string }).key);
}

function lowerFirst(text: string): string {
  return /^[A-Z][a-z]/.test(text) ? text.charAt(0).toLowerCase() + text.slice(1) : text;
}

/** A field path as a PO reads it: "settings.splitLimit.fractionOfCapacity" -> "Split limit › fraction of capacity". */
function fieldLabel(path: readonly PropertyKey[]): I18nParam {
  const words = path
    .filter((part, i) => !(i === 0 && (part === 'settings' || part === 'defaults')))
    .map((part) => (typeof part === 'number' ? `#${part + 1}` : String(part).replace(/([a-z0-9])([A-Z])/g, '$1 $2').toLowerCase()));
  const label = words.join(' › ').slice(0, 120);
  return label === '' ? message('validation.theRequest') : label.charAt(0).toUpperCase() + label.slice(1);
}

/** The schemas' fixed messages (`englishText('validation.…')`: zod keeps no params on them), found by their text. */
function byText(text: string): I18nMessage | null {
  const key = validationKeyOf(text);
  return key ? message(key) : null;
}

/** zod's wording for the common cases, as a sentence a PO can act on (by key). */
function plainMessage(issue: ZodIssue): I18nMessage {
  const text = issue.message;
  if (/^Too small: expected string to have >=1 characters$/.test(text)) return message('validation.notEmpty');
  const length = /^Too big: expected string to have <=(\d+) characters$/.exec(text);
  if (length) return message('validation.maxLength', { max: Number(length[1]) });
  const bound = /^Too (big|small): expected (?:number|string|array) to (?:be|have) ([<>]=?)(.+?)(?: characters| items)?$/.exec(text);
  if (bound) {
    const most = bound[2]?.startsWith('<') === true;
    const exclusive = bound[2] === '<' || bound[2] === '>';
    const key = most ? (exclusive ? 'validation.atMostExclusive' : 'validation.atMost') : exclusive ? 'validation.atLeastExclusive' : 'validation.atLeast';
    return message(key, { n: bound[3] ?? '' });
  }
  const type = /^Invalid input: expected (\w+), received (\w+)$/.exec(text);
  if (type) return message('validation.type', { expected: typeName(type[1] as string), received: typeName(type[2] as string) });
  return byText(text) ?? message('validation.asWritten', { text: text.slice(0, 200) });
}

const TYPE_NAMES = new Set(['string', 'number', 'boolean', 'array', 'object', 'null', 'undefined', 'int', 'date']);

/** "a number", "an array" in the reader's language; an odd type by its name. */
function typeName(type: string): I18nParam {
  return TYPE_NAMES.has(type) ? message(`validation.typeName.${type as 'string'}`) : message('validation.typeName', { type });
}

/** Maps whatever went wrong to the typed error the UI shows (English and by key); unexpected errors say only what to do next. */
export function toAppError(error: unknown): AppError {
  return failureOf(error);
}

/**
 * Issue 11, translations of backend messages: every error a user can see names a catalog message (key and
 * params) beside its English text, so the UI shows it in the reader's language. Read from the source with the
 * TypeScript parser, so a new `throw` without a key fails here; and run for one error of every typed class,
 * so the mapping to the UI's AppError keeps the key and says in English exactly what the catalog says.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import english from '../../locales/en-US.json';
import german from '../../locales/de-DE.json';
import type { I18nMessage } from '../../src/contracts';
import { AppFailure } from '../../src/contracts/errors';
import { englishText } from '../../src/contracts/messages';
import { DomainError, requireNonNegative } from '../../src/domain/errors';
import { validateWorkTypeConfig } from '../../src/domain/workTypes';
import { normalizedCapacity } from '../../src/domain/capacity';
import { backlogHealth } from '../../src/domain/health';
import { validateGuardrails } from '../../src/domain/art/guardrails';
import {
  EstimatesInTimeError,
  InvalidWriteError,
  JiraError,
  JiraNetworkError,
  JiraPartialDataError,
  JiraUnexpectedResponseError,
  MappedFieldMissingError,
  StoryPointsFieldNotFoundError,
  UnsafeRouteError,
} from '../../src/jira';
import { errorFromResponse } from '../../src/jira/http';
import { assertIssueKey } from '../../src/jira/jql';
import { DamagedRecordError, DamagedVersionError, StaleVersionError, StorageValueTooLargeError } from '../../src/storage';
import { ref } from '../../src/domain/errors';
import { failureOf } from '../../src/usecases/failures';
import { makeTranslator } from '../../static/shared/format';
import { localText } from '../../static/shared/errorText';

const ROOT = path.resolve(__dirname, '..', '..');
const SRC = path.join(ROOT, 'src');
const catalog: Record<string, string> = english;
const germanT = makeTranslator('de-DE', (key) => (german as Record<string, string>)[key] ?? null).t;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    return statSync(full).isDirectory() ? sourceFiles(full) : /\.ts$/.test(name) ? [full] : [];
  });
}

interface Site {
  file: string;
  line: number;
  node: ts.Node;
}

/** Every node of `src/` the predicate picks, with where it is. */
function sitesOf(pick: (node: ts.Node) => boolean): Site[] {
  const found: Site[] = [];
  for (const file of sourceFiles(SRC)) {
    const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
    const visit = (node: ts.Node): void => {
      if (pick(node)) found.push({ file: path.relative(ROOT, file), line: source.getLineAndCharacterOfPosition(node.getStart()).line + 1, node });
      ts.forEachChild(node, visit);
    };
    visit(source);
  }
  return found;
}

const newOf = (names: ReadonlySet<string>) => (node: ts.Node): boolean =>
  ts.isNewExpression(node) && ts.isIdentifier(node.expression) && names.has(node.expression.text);
const where = (site: Site) => `${site.file}:${site.line}`;
const argsOf = (site: Site) => (site.node as ts.NewExpression | ts.CallExpression).arguments ?? ts.factory.createNodeArray();

/** The text of a string or template literal as written (`${...}` kept), else null. */
function literalText(node: ts.Node | undefined): string | null {
  if (!node) return null;
  if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) return node.text;
  if (ts.isTemplateExpression(node)) return node.getText().slice(1, -1);
  return null;
}

describe('every error a user can see names a catalog message', () => {
  it('no AppFailure is built from English alone: each comes from AppFailure.of(code, key, params)', () => {
    const bare = sitesOf(newOf(new Set(['AppFailure']))).filter((s) => s.file !== 'src/contracts/errors.ts');
    expect(bare.map(where)).toEqual([]);
  });

  it('every DomainError names its message by key, internal invariants too (`domain.invariant.*`)', () => {
    const sites = sitesOf(newOf(new Set(['DomainError']))).filter((s) => s.file !== 'src/domain/errors.ts');
    expect(sites.length).toBeGreaterThan(30);
    const unkeyed = sites.filter((s) => argsOf(s).length < 3);
    expect(unkeyed.map((s) => `${where(s)} ${literalText(argsOf(s)[1])}`)).toEqual([]);
  });

  it("every number check names what it checks by key too (requireNonNegative's and requireFinite's `whatRef`)", () => {
    const calls = sitesOf((node) => ts.isCallExpression(node) && ts.isIdentifier(node.expression) && ['requireNonNegative', 'requireFinite'].includes(node.expression.text));
    expect(calls.length).toBeGreaterThan(15);
    expect(calls.filter((s) => argsOf(s).length < 4).map((s) => `${where(s)} ${literalText(argsOf(s)[1])}`)).toEqual([]);
    // And every date check (toMillis's `whatRef`).
    const dates = sitesOf((node) => ts.isCallExpression(node) && ts.isIdentifier(node.expression) && node.expression.text === 'toMillis');
    expect(dates.length).toBeGreaterThan(8);
    expect(dates.filter((s) => argsOf(s).length < 3).map((s) => `${where(s)} ${literalText(argsOf(s)[1])}`)).toEqual([]);
  });

  it('every Jira error built with a message names it by key (i18n), but the technical ones mapped by class', () => {
    const classes = new Set(['JiraError', 'JiraValidationError', 'JiraAuthenticationError', 'JiraPermissionError', 'JiraNotFoundError', 'JiraConflictError', 'JiraGoneError', 'JiraRateLimitError', 'JiraServerError', 'JiraNetworkError']);
    const sites = sitesOf(newOf(classes));
    expect(sites.length).toBeGreaterThan(5);
    const unkeyed = sites.filter((s) => {
      const details = argsOf(s)[1];
      if (!details) return true;
      // errorFromResponse's `by(key)` adds the key to the details.
      if (ts.isCallExpression(details) && ts.isIdentifier(details.expression) && details.expression.text === 'by') return false;
      return !(ts.isObjectLiteralExpression(details) && details.properties.some((p) => p.name !== undefined && ts.isIdentifier(p.name) && p.name.text === 'i18n'));
    });
    expect(unkeyed.map(where)).toEqual([]);
  });

  it('every key the backend names is in the catalog (a template names at least one key with its prefix)', () => {
    const namers = new Set(['ref', 'message', 'englishText']);
    const calls = sitesOf((node) => {
      if (!ts.isCallExpression(node)) return false;
      const callee = node.expression;
      if (ts.isIdentifier(callee)) return namers.has(callee.text);
      return ts.isPropertyAccessExpression(callee) && callee.name.text === 'of' && ts.isIdentifier(callee.expression) && callee.expression.text === 'AppFailure';
    });
    expect(calls.length).toBeGreaterThan(100);
    const missing: string[] = [];
    for (const site of calls) {
      const call = site.node as ts.CallExpression;
      const isOf = ts.isPropertyAccessExpression(call.expression);
      const keyArg = call.arguments[isOf ? 1 : 0];
      if (keyArg && ts.isConditionalExpression(keyArg)) {
        for (const branch of [keyArg.whenTrue, keyArg.whenFalse]) if (ts.isStringLiteral(branch) && !(branch.text in catalog)) missing.push(`${where(site)} ${branch.text}`);
        continue;
      }
      const text = literalText(keyArg);
      if (text === null) continue;
      const prefix = text.split('${')[0] as string;
      const known = text.includes('${') ? Object.keys(catalog).some((k) => k.startsWith(prefix)) : text in catalog;
      if (!known) missing.push(`${where(site)} ${text}`);
    }
    expect(missing).toEqual([]);
  });
});

describe('every Jira data warning names a catalog message', () => {
  /** Where a warning is handed on: an issue's problem (`problem`, `onProblem`), or into a warnings list or map. */
  const handsOnWarning = (node: ts.Node): boolean => {
    if (!ts.isCallExpression(node)) return false;
    const callee = node.expression;
    if (ts.isIdentifier(callee)) return /^(on)?problem$/i.test(callee.text);
    return ts.isPropertyAccessExpression(callee) && ['push', 'set'].includes(callee.name.text) && /warnings/i.test(callee.expression.getText());
  };
  /** Text built here: a string or template literal, or strings joined with `+`. */
  const isBuiltText = (node: ts.Node): boolean =>
    ts.isStringLiteral(node) ||
    ts.isNoSubstitutionTemplateLiteral(node) ||
    ts.isTemplateExpression(node) ||
    (ts.isBinaryExpression(node) && node.operatorToken.kind === ts.SyntaxKind.PlusToken && (isBuiltText(node.left) || isBuiltText(node.right)));

  it('no warning is built from English: each comes from src/jira/warnings.ts by key', () => {
    const sites = sitesOf(handsOnWarning);
    expect(sites.length).toBeGreaterThan(8);
    const english = sites.filter((s) => argsOf(s).some(isBuiltText));
    expect(english.map((s) => `${where(s)} ${s.node.getText()}`)).toEqual([]);
  });

  it('no warning constant holds English text', () => {
    const constants = sitesOf((node) => ts.isVariableDeclaration(node) && /warning/i.test(node.name.getText()) && node.initializer !== undefined && isBuiltText(node.initializer));
    expect(constants.map((s) => `${where(s)} ${s.node.getText()}`)).toEqual([]);
  });
});

/** Each error the UI can be sent, as the backend throws it. */
function thrown(run: () => unknown): unknown {
  try {
    run();
  } catch (error) {
    return error;
  }
  throw new Error('expected a throw');
}

const samples: [name: string, error: unknown][] = [
  ['AppFailure.of', AppFailure.of('JOB_RUNNING', 'error.jobRunning')],
  ['StaleVersionError', new StaleVersionError('The settings of ORION', 3, 4, null, ref('error.storage.what.settings', { project: 'ORION' }))],
  ['DamagedRecordError', new DamagedRecordError('x', 'pis', ref('error.storage.damagedSettings', { project: 'ORION', field: 'pis' }))],
  ['DamagedVersionError', new DamagedVersionError('x', 2, ref('error.storage.damagedVersion', { what: ref('error.storage.what.siteDefaults'), version: 2, problem: 'not JSON' }))],
  ['StorageValueTooLargeError', new StorageValueTooLargeError('k', 300_000)],
  ['DomainError (work types)', thrown(() => validateWorkTypeConfig({ workTypes: [{ id: 'a', name: 'A' }], rules: [], defaultWorkType: 'b' }))],
  ['DomainError (guardrails)', thrown(() => validateGuardrails({ feature: { min: 80, max: 20 } }))],
  ['DomainError (number)', thrown(() => requireNonNegative(-1, 'Story points of ORION-1'))],
  ['DomainError (a number read from Jira)', thrown(() => requireNonNegative(-3, 'Story points of ORION-1', 'invalidNumber', ref('domain.fieldOfIssue', { field: ref('settings.role.storyPoints'), key: 'ORION-1' })))],
  ['DomainError (internal invariant)', new DomainError('invalidRequest', 'Item #3 has no key', ref('domain.invariant.itemNoKey', { n: 3 }))],
  ['DomainError (without a key)', new DomainError('invalidRequest', 'Item #3 has no key')],
  ['HTTP 400 with Jira words', errorFromResponse(400, 'POST', '/rest/api/3/search/jql', { errorMessages: ["Field 'x' does not exist"] })],
  ['HTTP 403', errorFromResponse(403, 'PUT', '/rest/api/3/issue/ORION-1', {})],
  ['HTTP 404', errorFromResponse(404, 'GET', '/rest/api/3/issue/ORION-1', {})],
  ['HTTP 409', errorFromResponse(409, 'PUT', '/rest/api/3/issue/ORION-1', {})],
  ['HTTP 429', errorFromResponse(429, 'GET', '/rest/api/3/myself', {})],
  ['HTTP 503', errorFromResponse(503, 'GET', '/rest/api/3/myself', {})],
  ['HTTP 418', errorFromResponse(418, 'GET', '/rest/api/3/myself', {})],
  ['JiraNetworkError', new JiraNetworkError('Could not reach Jira (ECONNRESET). Check the connection and try again.', { status: null, i18n: ref('jira.error.network', { reason: 'ECONNRESET' }) })],
  ['JiraPartialDataError', new JiraPartialDataError(120, errorFromResponse(503, 'GET', '/rest/api/3/search/jql', {}))],
  ['StoryPointsFieldNotFoundError', new StoryPointsFieldNotFoundError('No field', ref('jira.error.storyPointsNotFound.noField'))],
  ['EstimatesInTimeError', new EstimatesInTimeError('Original estimate')],
  ['MappedFieldMissingError', new MappedFieldMissingError('job size', 'customfield_1', ref('settings.role.jobSize'))],
  ['InvalidWriteError', new InvalidWriteError('x', ref('jira.write.splitSum', { sum: 5, key: 'ORION-1', points: 8 }))],
  ['InvalidJiraKeyError', thrown(() => assertIssueKey('not a key'))],
  ['UnsafeRouteError', new UnsafeRouteError('Refusing path segment ".."')],
  ['JiraUnexpectedResponseError', new JiraUnexpectedResponseError('Jira answered the issue search without an issue list.', { status: 200 })],
  ['JiraError (split key)', new JiraError('x', { status: null, i18n: ref('jira.write.splitNoKey') })],
  ['an unexpected error', new TypeError('undefined is not a function')],
];

describe('each typed error reaches the UI with its key', () => {
  it.each(samples)('%s: a catalog key, the English message is the catalog text, German differs', (_name, error) => {
    const sent = failureOf(error);
    expect(sent.i18n).toBeDefined();
    const i18n = sent.i18n as I18nMessage;
    expect(Object.keys(catalog)).toContain(i18n.key);
    expect(sent.message).toBe(englishText(i18n.key, i18n.params));
    const inGerman = localText(germanT, i18n);
    expect(inGerman).not.toBe(sent.message);
    expect(inGerman).not.toMatch(/\{\w+\}/);
  });

  it('a negative estimate read from Jira stops the load with the field named in German too', () => {
    const sent = failureOf(thrown(() => requireNonNegative(-3, 'Story points of ORION-1', 'invalidNumber', ref('domain.fieldOfIssue', { field: ref('settings.role.storyPoints'), key: 'ORION-1' }))));
    expect(sent.message).toBe('Story points of ORION-1 must not be negative, got -3');
    expect(localText(germanT, sent.i18n as I18nMessage)).toBe('Story Points von ORION-1 darf nicht negativ sein, ist aber -3');
  });

  it('a creation date Jira sent that is not a date names the issue in German', () => {
    const sent = failureOf(thrown(() => backlogHealth([{ key: 'ORION-1', created: 'gestern', resolved: null, statusCategory: 'new' }], [], '2026-11-20')));
    expect(sent.message).toBe('Creation date of ORION-1 is not a valid date: gestern');
    expect(localText(germanT, sent.i18n as I18nMessage)).toBe('Erstelldatum von ORION-1 ist kein gültiges Datum: gestern');
  });

  it("a team member's negative FTE names the member in German", () => {
    const sent = failureOf(thrown(() => normalizedCapacity([{ fte: 1, daysOff: 0 }, { fte: -1, daysOff: 0 }])));
    expect(sent.message).toBe('FTE of team member #2 must not be negative, got -1');
    expect(localText(germanT, sent.i18n as I18nMessage)).toBe('FTE von Teammitglied Nr. 2 darf nicht negativ sein, ist aber -1');
  });

  it('a nested message is translated inside its sentence, in German and in English', () => {
    const sent = failureOf(new StaleVersionError('The settings of ORION', 3, 4, null, ref('error.storage.what.settings', { project: 'ORION' })));
    expect(sent.message).toBe('The settings of ORION was changed by someone else since you opened it (your version 3, now 4): reload to see their change, then save again.');
    expect(localText(germanT, sent.i18n as I18nMessage)).toBe(
      'Seit dem Öffnen hat jemand anderes dies geändert: Die Einstellungen von ORION (Ihre Version 3, jetzt 4). Laden Sie neu, um die Änderung zu sehen, und speichern Sie dann erneut.',
    );
  });
});

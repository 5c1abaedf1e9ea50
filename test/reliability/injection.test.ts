/**
 * Guarantee: JQL and REST paths are built only from validated keys and ids, escaped; user text never becomes
 * JQL or changes which endpoint is called. Properties over the route and JQL builders with hostile input
 * (JQL injection, path traversal, query smuggling, control characters, look-alike letters, huge strings),
 * and over every client entry point: a hostile key is refused before a single request leaves.
 */

import fc from 'fast-check';
import {
  createJiraHttp,
  getMyPermissions,
  getProject,
  InvalidJiraKeyError,
  InvalidWriteError,
  labelAsTail,
  listScrumBoards,
  loadTeamBacklog,
  moveIssuesToSprint,
  moveIssuesToBacklog,
  rankIssues,
  route,
  setIssueNumbers,
  splitIssue,
  trimTail,
  UnsafeRouteError,
  type FieldMap,
  type JiraHttp,
} from '../../src/jira';
import { assertIssueKey, assertProjectKey, jqlKeyIn, jqlLabelIs, jqlProjectIn } from '../../src/jira/jql';
import { faultyPort, Tally } from './helpers';

const tally = new Tally();
afterAll(() => tally.write('injection'));

const BASE = 'https://your-domain.atlassian.net';
const PROJECT_KEY = /^[A-Z][A-Z0-9_]{0,254}$/;
const ISSUE_KEY = /^[A-Z][A-Z0-9_]{0,254}-[1-9][0-9]{0,17}$/;

/** Fragments attackers use against JQL and URLs. */
const HOSTILE_FRAGMENTS = [
  '") OR project is not EMPTY OR key in ("',
  'ORION" OR project = "LYRA',
  "ORION' OR '1'='1",
  'ORION OR project = LYRA',
  'ORION) ORDER BY created',
  'ORION\\" OR 1=1',
  '../../../admin',
  '..',
  '.',
  '%2e%2e',
  '?expand=all',
  '&permissions=ADMINISTER',
  '#fragment',
  '/rest/api/3/user',
  'ORION\nAND project = LYRA',
  'ORION\u0000',
  'ОRION', // Cyrillic О
  'ORİON',
  ' ORION',
  'ORION ',
  '__proto__',
  'constructor',
  'ORION-1 OR key = LYRA-1',
  'ORION-0',
  'orion-1',
  'ORION--1',
  'ORION-1"',
  '\u202eNOIRO',
];

const hostileString: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(...HOSTILE_FRAGMENTS),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.string({ unit: 'grapheme-ascii', maxLength: 40 }),
  fc.tuple(fc.constantFrom(...HOSTILE_FRAGMENTS), fc.string({ maxLength: 10 }), fc.constantFrom(...HOSTILE_FRAGMENTS)).map((parts) => parts.join('')),
  fc.string({ unit: fc.constantFrom('"', "'", '\\', '(', ')', ',', ' ', '=', '-', '.', '/', '?', '&', '#', '%', 'A', '1', '_'), maxLength: 30 }),
  fc.integer({ min: 1000, max: 20_000 }).map((n) => 'A'.repeat(n)),
);

/** Splits a built JQL into its tokens: quoted strings (with escapes), words, and punctuation. */
function jqlTokens(jqlText: string): string[] {
  return jqlText.match(/"(?:[^"\\]|\\.)*"|[A-Za-z_]+|[(),=]|\S/g) ?? [];
}

describe('REST paths', () => {
  it('a value in a path segment stays one segment of that endpoint, or is refused', () => {
    fc.assert(
      fc.property(hostileString, (value) => {
        tally.add('routeValues');
        let built: string;
        try {
          built = route`/rest/api/3/issue/${value}/transitions`.value;
        } catch (error) {
          // Refused before anything was built; lone surrogates cannot be encoded at all.
          expect(error instanceof UnsafeRouteError || error instanceof URIError).toBe(true);
          return;
        }
        const url = new URL(built, BASE);
        expect(url.origin).toBe(BASE);
        expect(url.search).toBe('');
        expect(url.hash).toBe('');
        const segments = url.pathname.split('/');
        expect(segments.slice(0, 5)).toEqual(['', 'rest', 'api', '3', 'issue']);
        expect(segments).toHaveLength(7);
        expect(segments[6]).toBe('transitions');
        expect(decodeURIComponent(segments[5] as string)).toBe(value);
      }),
      { numRuns: 3000, seed: 11 },
    );
  });

  it('a value in the query stays the value of its own parameter', () => {
    fc.assert(
      fc.property(hostileString, hostileString, (projectKey, permissions) => {
        tally.add('routeValues', 2);
        let built: string;
        try {
          built = route`/rest/api/3/mypermissions?projectKey=${projectKey}&permissions=${permissions}`.value;
        } catch (error) {
          expect(error instanceof UnsafeRouteError || error instanceof URIError).toBe(true);
          return;
        }
        const url = new URL(built, BASE);
        expect(url.pathname).toBe('/rest/api/3/mypermissions');
        expect(url.hash).toBe('');
        expect([...url.searchParams.keys()]).toEqual(['projectKey', 'permissions']);
        expect(url.searchParams.get('projectKey')).toBe(projectKey);
        expect(url.searchParams.get('permissions')).toBe(permissions);
      }),
      { numRuns: 2000, seed: 12 },
    );
  });

  it('numbers in paths must be finite', () => {
    for (const n of [Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY]) {
      expect(() => route`/rest/agile/1.0/sprint/${n}/issue`).toThrow(UnsafeRouteError);
    }
  });
});

describe('JQL', () => {
  it('a project key reaches JQL only when it is a Jira key, and then only as one quoted value', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(hostileString, fc.stringMatching(/^[A-Z][A-Z0-9_]{0,9}$/)), { minLength: 1, maxLength: 3 }), (keys) => {
        tally.add('jqlValues', keys.length);
        const valid = keys.every((k) => PROJECT_KEY.test(k));
        if (!valid) {
          expect(() => jqlProjectIn(keys)).toThrow(InvalidJiraKeyError);
          return;
        }
        const text = jqlProjectIn(keys);
        const values = keys.flatMap((k, i) => (i === 0 ? [`"${k}"`] : [',', `"${k}"`]));
        expect(jqlTokens(text)).toEqual(['project', 'in', '(', ...values, ')']);
      }),
      { numRuns: 3000, seed: 13 },
    );
  });

  it('an issue key reaches JQL only when it is a Jira key, and then only as one quoted value', () => {
    fc.assert(
      fc.property(fc.oneof(hostileString, fc.stringMatching(ISSUE_KEY)), (key) => {
        tally.add('jqlValues');
        if (!ISSUE_KEY.test(key)) {
          expect(() => jqlKeyIn([key])).toThrow(InvalidJiraKeyError);
          expect(() => assertIssueKey(key)).toThrow(InvalidJiraKeyError);
          return;
        }
        expect(jqlTokens(jqlKeyIn([key]))).toEqual(['key', 'in', '(', `"${key}"`, ')']);
      }),
      { numRuns: 2000, seed: 14 },
    );
  });

  it('labels the app writes are checked the same way', () => {
    fc.assert(
      fc.property(hostileString, (label) => {
        tally.add('jqlValues');
        try {
          const text = jqlLabelIs(label);
          expect(jqlTokens(text)).toEqual(['labels', '=', `"${label}"`]);
          expect(label).toMatch(/^[A-Za-z0-9][A-Za-z0-9_.:-]*$/);
        } catch (error) {
          expect(error).toBeInstanceOf(InvalidJiraKeyError);
        }
      }),
      { numRuns: 1000, seed: 15 },
    );
  });

  it('valid keys that happen to be JQL words stay values', () => {
    expect(jqlTokens(jqlProjectIn(['AND', 'OR', 'ORDER', 'EMPTY']))).toEqual(['project', 'in', '(', '"AND"', ',', '"OR"', ',', '"ORDER"', ',', '"EMPTY"', ')']);
    expect(() => assertProjectKey('ORION" OR "1')).toThrow(InvalidJiraKeyError);
  });
});

describe('every client entry point refuses a hostile key before sending anything', () => {
  const fieldMap: FieldMap = {
    storyPoints: 'customfield_10016',
    sprint: 'customfield_10020',
    businessValue: 'customfield_10030',
    timeCriticality: 'customfield_10031',
    riskReduction: 'customfield_10032',
    jobSize: 'customfield_10033',
    acceptanceCriteria: null,
  };

  type EntryPoint = (http: JiraHttp, hostile: string) => Promise<unknown>;
  const entryPoints: Record<string, EntryPoint> = {
    loadTeamBacklog: (http, k) => loadTeamBacklog(http, { projectKey: k, timeZone: 'UTC' }),
    getMyPermissions: (http, k) => getMyPermissions(http, k),
    getProject: (http, k) => getProject(http, k),
    listScrumBoards: (http, k) => listScrumBoards(http, k),
    rankIssues: (http, k) => rankIssues(http, ['ORION-1', k], { before: 'ORION-9' }),
    rankAnchor: (http, k) => rankIssues(http, ['ORION-1'], { after: k }),
    moveIssuesToSprint: (http, k) => moveIssuesToSprint(http, 12, ['ORION-1', k]),
    moveIssuesToBacklog: (http, k) => moveIssuesToBacklog(http, [k]),
    labelAsTail: (http, k) => labelAsTail(http, ['ORION-1', k]),
    tailLabel: (http, k) => labelAsTail(http, ['ORION-1'], k),
    trimTail: (http, k) => trimTail(http, [k, 'ORION-1']),
    setIssueNumbers: (http, k) => setIssueNumbers(http, fieldMap, [{ key: 'ORION-1', values: { businessValue: 3 } }, { key: k, values: { businessValue: 5 } }]),
    splitOriginal: (http, k) => splitIssue(http, fieldMap, { originalKey: k, splitId: 'a-1', parts: [{ summary: 'a', points: 1 }, { summary: 'b', points: 1 }] }),
    splitId: (http, k) => splitIssue(http, fieldMap, { originalKey: 'ORION-1', splitId: k, parts: [{ summary: 'a', points: 1 }, { summary: 'b', points: 1 }] }),
  };

  /** Hostile for the entry point: not a Jira key of the kind it takes (labels and split ids have their own rules). */
  function isHostileFor(name: string, value: string): boolean {
    if (name === 'tailLabel') return !/^[A-Za-z0-9][A-Za-z0-9_.:-]{0,99}$/.test(value);
    if (name === 'splitId') return !/^[a-z0-9][a-z0-9-]{0,39}$/.test(value);
    if (['loadTeamBacklog', 'getMyPermissions', 'getProject', 'listScrumBoards'].includes(name)) return !PROJECT_KEY.test(value);
    return !ISSUE_KEY.test(value);
  }

  it.each(Object.keys(entryPoints))('%s', async (name) => {
    const entry = entryPoints[name] as EntryPoint;
    await fc.assert(
      fc.asyncProperty(hostileString.filter((v) => isHostileFor(name, v)), async (hostile) => {
        tally.add('hostileCalls');
        const port = faultyPort(async () => {
          throw new Error('no request may be sent');
        });
        const error = await entry(createJiraHttp(port, { retry: false }), hostile).then(
          () => null,
          (e: unknown) => e,
        );
        expect(port.sent).toEqual([]);
        expect(error instanceof InvalidJiraKeyError || error instanceof InvalidWriteError).toBe(true);
      }),
      { numRuns: 150, seed: 16 },
    );
  });
});

/**
 * The JQL subset the app sends, parsed into a predicate. Anything outside it is rejected with a
 * message in Jira's words, so the client sees the same 400 it would get from a real site.
 */
import { APP_FIELDS, type DemoIssue, type DemoStore, DUPLICATE_POINTS_FIELDS, FIELD_IDS, STATUSES, pointsFieldId, statusById } from './model';

export class JqlError extends Error {}

export interface JqlContext {
  store: DemoStore;
  canBrowse: (projectKey: string) => boolean;
  now: number;
}
export type IssuePredicate = (issue: DemoIssue) => boolean;
export interface ParsedJql {
  where: (ctx: JqlContext) => IssuePredicate;
  /**
   * The projects (as the JQL names them: key, id or name) that every match lies in, when a top-level clause
   * says so (`project = X` or `project in (...)`, alone or ANDed); null otherwise. Lets the site look at those
   * projects' issues only (its own CPU is not what the latency model stands for).
   */
  projects: readonly string[] | null;
  /**
   * How matches are ordered beyond rank: null for `ORDER BY Rank ASC` or no ORDER BY (rank order); otherwise a
   * comparator over the app's fields (`ORDER BY "WSJF" DESC`), ties kept in rank order.
   */
  order: (ctx: JqlContext) => ((a: DemoIssue, b: DemoIssue) => number) | null;
}

/** One `ORDER BY` term. */
interface SortTerm {
  field: string;
  desc: boolean;
}

type Token = { kind: 'word' | 'string' | 'op' | 'lparen' | 'rparen' | 'comma'; text: string; at: number };

function tokenize(jql: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < jql.length) {
    const c = jql[i];
    if (/\s/.test(c)) {
      i++;
    } else if (c === '"' || c === "'") {
      let j = i + 1;
      let text = '';
      while (j < jql.length && jql[j] !== c) {
        if (jql[j] === '\\' && j + 1 < jql.length) j++;
        text += jql[j++];
      }
      if (j >= jql.length) throw new JqlError(`Error in the JQL Query: The quoted string '${text}' has not been completed. (line 1, character ${i + 1})`);
      tokens.push({ kind: 'string', text, at: i });
      i = j + 1;
    } else if (c === '(' || c === ')' || c === ',') {
      tokens.push({ kind: c === '(' ? 'lparen' : c === ')' ? 'rparen' : 'comma', text: c, at: i });
      i++;
    } else if ('!<>=~'.includes(c)) {
      const two = jql.slice(i, i + 2);
      const op = ['!=', '>=', '<=', '!~'].includes(two) ? two : c;
      tokens.push({ kind: 'op', text: op, at: i });
      i += op.length;
    } else {
      const m = /^[A-Za-z0-9_\-.:\[\]]+/.exec(jql.slice(i));
      if (!m) throw new JqlError(`Error in the JQL Query: The character '${c}' is a reserved JQL character. You must enclose it in a string or use the escape '\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}' instead. (line 1, character ${i + 1})`);
      tokens.push({ kind: 'word', text: m[0], at: i });
      i += m[0].length;
    }
  }
  return tokens;
}

type Value = { kind: 'literal'; text: string } | { kind: 'function'; name: string };
interface Clause {
  field: string;
  op: string;
  values: Value[];
  list: boolean;
}
type Node = { kind: 'and' | 'or'; parts: Node[] } | { kind: 'not'; part: Node } | { kind: 'clause'; clause: Clause };

class Parser {
  private pos = 0;
  constructor(private readonly tokens: Token[]) {}

  private peek(): Token | undefined {
    return this.tokens[this.pos];
  }
  private isWord(word: string, offset = 0): boolean {
    const t = this.tokens[this.pos + offset];
    return t !== undefined && t.kind === 'word' && t.text.toLowerCase() === word;
  }
  private fail(expected: string): never {
    const t = this.peek();
    if (!t) throw new JqlError(`Error in the JQL Query: Expecting ${expected} but reached the end of the query.`);
    throw new JqlError(`Error in the JQL Query: Expecting ${expected} but got '${t.text}'. (line 1, character ${t.at + 1})`);
  }

  parse(): { where: Node | null; sort: SortTerm[] } {
    let where: Node | null = null;
    if (this.peek() && !(this.isWord('order') && this.isWord('by', 1))) where = this.orExpr();
    const sort: SortTerm[] = [];
    if (this.isWord('order')) {
      this.pos++;
      if (!this.isWord('by')) this.fail("'by'");
      this.pos++;
      do {
        if (sort.length > 0) this.pos++;
        const field = this.peek();
        if (!field || (field.kind !== 'word' && field.kind !== 'string')) this.fail('a field name');
        this.pos++;
        let desc = false;
        if (this.isWord('asc')) this.pos++;
        else if (this.isWord('desc')) {
          desc = true;
          this.pos++;
        }
        const isRank = field.text.toLowerCase() === 'rank';
        if (isRank && desc) throw new JqlError(`Error in the JQL Query: the demo site supports only ORDER BY Rank ASC.`);
        if (!isRank && appFieldOf(field.text) === null) throw new JqlError(`Not able to sort using field '${field.text}'.`);
        sort.push({ field: field.text, desc });
      } while (this.peek()?.kind === 'comma');
    }
    if (this.peek()) this.fail("either 'OR' or 'AND'");
    return { where, sort };
  }

  private orExpr(): Node {
    const parts = [this.andExpr()];
    while (this.isWord('or')) {
      this.pos++;
      parts.push(this.andExpr());
    }
    return parts.length === 1 ? parts[0] : { kind: 'or', parts };
  }
  private andExpr(): Node {
    const parts = [this.unary()];
    while (this.isWord('and')) {
      this.pos++;
      parts.push(this.unary());
    }
    return parts.length === 1 ? parts[0] : { kind: 'and', parts };
  }
  private unary(): Node {
    if (this.isWord('not')) {
      this.pos++;
      return { kind: 'not', part: this.unary() };
    }
    const t = this.peek();
    if (t?.kind === 'lparen') {
      this.pos++;
      const inner = this.orExpr();
      if (this.peek()?.kind !== 'rparen') this.fail("')'");
      this.pos++;
      return inner;
    }
    return { kind: 'clause', clause: this.clause() };
  }
  private clause(): Clause {
    const f = this.peek();
    if (!f || (f.kind !== 'word' && f.kind !== 'string')) this.fail('a field name');
    this.pos++;
    let op: string;
    const t = this.peek();
    if (t?.kind === 'op') {
      op = t.text;
      this.pos++;
    } else if (this.isWord('in')) {
      op = 'in';
      this.pos++;
    } else if (this.isWord('not') && this.isWord('in', 1)) {
      op = 'not in';
      this.pos += 2;
    } else if (this.isWord('is') && this.isWord('not', 1)) {
      op = 'is not';
      this.pos += 2;
    } else if (this.isWord('is')) {
      op = 'is';
      this.pos++;
    } else {
      this.fail("operator such as '=', '!=', '<', '>', '<=', '>=', '~', '!~', 'IN', 'NOT IN', 'IS' or 'IS NOT'");
    }
    if (this.peek()?.kind === 'lparen') {
      this.pos++;
      const values: Value[] = [];
      while (this.peek()?.kind !== 'rparen') {
        values.push(this.value());
        if (this.peek()?.kind === 'comma') this.pos++;
        else if (this.peek()?.kind !== 'rparen') this.fail("either ',' or ')'");
      }
      this.pos++;
      return { field: f.text, op, values, list: true };
    }
    return { field: f.text, op, values: [this.value()], list: false };
  }
  private value(): Value {
    const t = this.peek();
    if (!t || (t.kind !== 'word' && t.kind !== 'string')) this.fail('a value');
    this.pos++;
    if (t.kind === 'word' && this.peek()?.kind === 'lparen' && this.tokens[this.pos + 1]?.kind === 'rparen') {
      this.pos += 2;
      return { kind: 'function', name: t.text };
    }
    return { kind: 'literal', text: t.text };
  }
}

function literal(v: Value, field: string): string {
  if (v.kind === 'function') throw new JqlError(`Unable to find JQL function '${v.name}()' usable with field '${field}'.`);
  return v.text;
}

const DATE_FORMATS = "'yyyy/MM/dd HH:mm', 'yyyy-MM-dd HH:mm', 'yyyy/MM/dd', 'yyyy-MM-dd', or a period format e.g. '-5d', '4w 2d'";
function parseDate(text: string, field: string, now: number): number {
  const abs = /^(\d{4})[-/](\d{2})[-/](\d{2})(?:\s+(\d{2}):(\d{2}))?$/.exec(text.trim());
  if (abs) return Date.UTC(+abs[1], +abs[2] - 1, +abs[3], abs[4] ? +abs[4] : 0, abs[5] ? +abs[5] : 0);
  const rel = /^([-+]?)(\d+)([wdhm])$/.exec(text.trim());
  if (rel) {
    const unit = { w: 7 * 86_400_000, d: 86_400_000, h: 3_600_000, m: 60_000 }[rel[3] as 'w' | 'd' | 'h' | 'm'];
    return now + (rel[1] === '-' ? -1 : 1) * +rel[2] * unit;
  }
  throw new JqlError(`Date value '${text}' for field '${field}' is invalid. Valid formats include: ${DATE_FORMATS}.`);
}

function compare(op: string, a: number, b: number, field: string): boolean {
  switch (op) {
    case '=': return a === b;
    case '!=': return a !== b;
    case '>': return a > b;
    case '>=': return a >= b;
    case '<': return a < b;
    case '<=': return a <= b;
    default: throw new JqlError(`The operator '${op}' is not supported by the '${field}' field.`);
  }
}

/** A predicate over a set of allowed string values, honouring =, !=, in, not in. */
/** Parsed timestamps (Jira's `+0000` form is slow to parse; a search at 50k compares every issue's). */
const instants = new Map<string, number>();

function instant(timestamp: string): number {
  let ms = instants.get(timestamp);
  if (ms === undefined) {
    if (instants.size > 1_000_000) instants.clear();
    ms = Date.parse(timestamp);
    instants.set(timestamp, ms);
  }
  return ms;
}

function setMatch(clause: Clause, allowed: Set<string>, valueOf: (issue: DemoIssue) => string[]): IssuePredicate {
  const { op, field } = clause;
  const negate = op === '!=' || op === 'not in';
  if (!['=', '!=', 'in', 'not in'].includes(op) || (clause.list !== (op === 'in' || op === 'not in'))) {
    throw new JqlError(`The operator '${op}' is not supported by the '${field}' field.`);
  }
  return (issue) => valueOf(issue).some((v) => allowed.has(v)) !== negate;
}

function statusCategoryKey(text: string): string {
  const t = text.toLowerCase();
  if (t === 'done' || t === '3') return 'done';
  if (t === 'to do' || t === 'new' || t === '2') return 'new';
  if (t === 'in progress' || t === 'indeterminate' || t === '4') return 'indeterminate';
  throw new JqlError(`The value '${text}' does not exist for the field 'statusCategory'.`);
}

function compileClause(clause: Clause, ctx: JqlContext): IssuePredicate {
  const field = clause.field.toLowerCase();
  const values = clause.values;
  switch (field) {
    case 'project': {
      const keys = values.map((v) => {
        const text = literal(v, 'project');
        const project = ctx.store.projects.find((p) => p.key.toLowerCase() === text.toLowerCase() || p.id === text || p.name.toLowerCase() === text.toLowerCase());
        if (!project || !ctx.canBrowse(project.key)) throw new JqlError(`The value '${text}' does not exist for the field 'project'.`);
        return project.key;
      });
      return setMatch(clause, new Set(keys), (i) => [i.projectKey]);
    }
    case 'key':
    case 'issuekey':
    case 'id': {
      const keys = values.map((v) => {
        const text = literal(v, 'key').toUpperCase();
        if (!/^[A-Z][A-Z0-9_]*-\d+$/.test(text) && !/^\d+$/.test(text)) throw new JqlError(`The issue key '${text}' for field '${clause.field}' is invalid.`);
        const issue = /^\d+$/.test(text) ? [...ctx.store.issues.values()].find((i) => i.id === text) : ctx.store.issues.get(text);
        if (!issue || !ctx.canBrowse(issue.projectKey)) throw new JqlError(`An issue with key '${text}' does not exist for field '${clause.field}'.`);
        return issue.key;
      });
      return setMatch(clause, new Set(keys), (i) => [i.key]);
    }
    case 'statuscategory':
      return setMatch(clause, new Set(values.map((v) => statusCategoryKey(literal(v, 'statusCategory')))), (i) => [statusById(i.statusId).category]);
    case 'status': {
      const names = values.map((v) => {
        const text = literal(v, 'status');
        const status = STATUSES.find((s) => s.name.toLowerCase() === text.toLowerCase() || s.id === text);
        if (!status) throw new JqlError(`The value '${text}' does not exist for the field 'status'.`);
        return status.id;
      });
      return setMatch(clause, new Set(names), (i) => [i.statusId]);
    }
    case 'issuetype':
    case 'type':
      return setMatch(clause, new Set(values.map((v) => literal(v, 'issuetype').toLowerCase())), (i) => [i.issueType.toLowerCase()]);
    case 'labels': {
      if (clause.op === 'is' || clause.op === 'is not') {
        if (literal(values[0], 'labels').toLowerCase() !== 'empty') throw new JqlError(`The operator '${clause.op}' is not supported by the 'labels' field.`);
        return (i) => (i.labels.length === 0) === (clause.op === 'is');
      }
      return setMatch(clause, new Set(values.map((v) => literal(v, 'labels'))), (i) => i.labels);
    }
    case 'parent':
      return setMatch(clause, new Set(values.map((v) => literal(v, 'parent').toUpperCase())), (i) => (i.parentKey ? [i.parentKey] : []));
    case 'updated':
    case 'created':
    case 'resolutiondate':
    case 'resolved': {
      if (clause.list || values.length !== 1) throw new JqlError(`The operator '${clause.op}' is not supported by the '${clause.field}' field.`);
      const at = parseDate(literal(values[0], clause.field), clause.field, ctx.now);
      const read = (i: DemoIssue): string | null => (field === 'updated' ? i.updated : field === 'created' ? i.created : i.resolutiondate);
      return (i) => {
        const v = read(i);
        return v !== null && compare(clause.op, instant(v), at, clause.field);
      };
    }
    case 'sprint': {
      if (clause.op === 'is' || clause.op === 'is not') {
        if (literal(values[0], 'sprint').toLowerCase() !== 'empty') throw new JqlError(`The operator '${clause.op}' is not supported by the 'sprint' field.`);
        return (i) => (i.sprintIds.length === 0) === (clause.op === 'is');
      }
      const ids = new Set<string>();
      for (const v of values) {
        if (v.kind === 'function') {
          const fn = v.name.toLowerCase();
          const states = fn === 'closedsprints' ? ['closed'] : fn === 'opensprints' ? ['active', 'future'] : fn === 'futuresprints' ? ['future'] : null;
          if (!states) throw new JqlError(`Unable to find JQL function '${v.name}()'.`);
          for (const s of ctx.store.sprints) if (states.includes(s.state)) ids.add(String(s.id));
        } else {
          const sprint = ctx.store.sprints.find((s) => String(s.id) === v.text || s.name.toLowerCase() === v.text.toLowerCase());
          if (!sprint) throw new JqlError(`The value '${v.text}' does not exist for the field 'sprint'.`);
          ids.add(String(sprint.id));
        }
      }
      return setMatch({ ...clause, list: clause.list || values[0].kind === 'function' ? clause.op === 'in' || clause.op === 'not in' : false }, ids, (i) => i.sprintIds.map(String));
    }
    case 'statuscategorychangeddate': {
      if (clause.list || values.length !== 1) throw new JqlError(`The operator '${clause.op}' is not supported by the '${clause.field}' field.`);
      const at = parseDate(literal(values[0], clause.field), clause.field, ctx.now);
      return (i) => compare(clause.op, Date.parse(i.statusCategoryChangedDate ?? i.resolutiondate ?? i.created), at, clause.field);
    }
    default: {
      const app = appFieldOf(clause.field);
      if (app !== null) {
        if (ctx.store.quirks.noAppFields) throw new JqlError(`Field '${clause.field}' does not exist or you do not have permission to view it.`);
        return app === 'wsjf' ? numberClause(clause) : textClause(clause);
      }
      const custom = /^cf\[(\d+)\]$/.exec(field);
      if (custom && (clause.op === 'is' || clause.op === 'is not') && literal(values[0], clause.field).toLowerCase() === 'empty') {
        const read = customFieldValue(ctx.store, `customfield_${custom[1]}`, clause.field);
        return (i) => (read(i) === null) === (clause.op === 'is');
      }
      throw new JqlError(`Field '${clause.field}' does not exist or you do not have permission to view it.`);
    }
  }
}

/** The stored value of a custom field the site serves, for `cf[N] is [not] EMPTY`. */
function customFieldValue(store: DemoStore, id: string, asWritten: string): (issue: DemoIssue) => unknown {
  if (id === pointsFieldId(store)) return (i) => i.points;
  if (store.quirks.duplicatePointsFields && (DUPLICATE_POINTS_FIELDS as readonly string[]).includes(id)) return () => null;
  const byId: Record<string, (i: DemoIssue) => unknown> = {
    [FIELD_IDS.businessValue]: (i) => i.businessValue,
    [FIELD_IDS.timeCriticality]: (i) => i.timeCriticality,
    [FIELD_IDS.riskReduction]: (i) => i.riskReduction,
    [FIELD_IDS.jobSize]: (i) => i.jobSize,
    [FIELD_IDS.acceptanceCriteria]: (i) => i.acceptanceCriteria,
  };
  const read = byId[id];
  if (!read) throw new JqlError(`Field '${asWritten}' does not exist or you do not have permission to view it.`);
  return read;
}

function compile(node: Node, ctx: JqlContext): IssuePredicate {
  switch (node.kind) {
    case 'clause':
      return compileClause(node.clause, ctx);
    case 'not': {
      const inner = compile(node.part, ctx);
      return (i) => !inner(i);
    }
    case 'and': {
      const parts = node.parts.map((p) => compile(p, ctx));
      return (i) => parts.every((p) => p(i));
    }
    case 'or': {
      const parts = node.parts.map((p) => compile(p, ctx));
      return (i) => parts.some((p) => p(i));
    }
  }
}

/**
 * Which of the app's fields a JQL field reference names: its name ("WSJF", "Readiness", any case), its clause
 * `cf[10200]`, or its id `customfield_10200`; null for any other field.
 */
function appFieldOf(reference: string): keyof typeof APP_FIELDS | null {
  const ref = reference.toLowerCase();
  for (const [role, f] of Object.entries(APP_FIELDS) as [keyof typeof APP_FIELDS, (typeof APP_FIELDS)[keyof typeof APP_FIELDS]][]) {
    const n = f.id.replace('customfield_', '');
    if (ref === f.name.toLowerCase() || ref === `cf[${n}]` || ref === f.id) return role;
  }
  return null;
}

function appValue(issue: DemoIssue, role: keyof typeof APP_FIELDS): number | string | null {
  return issue.appValues?.[role] ?? null;
}

function emptyTest(clause: Clause, read: (i: DemoIssue) => unknown): IssuePredicate | null {
  if (clause.op !== 'is' && clause.op !== 'is not') return null;
  const v = clause.values[0];
  if (clause.list || v.kind !== 'literal' || !['empty', 'null'].includes(v.text.toLowerCase())) {
    throw new JqlError(`The operator '${clause.op}' is not supported by the '${clause.field}' field.`);
  }
  return (i) => (read(i) === null) === (clause.op === 'is');
}

/**
 * The WSJF field (a number). As in Jira, an issue without a value matches no comparison, `!=` and `not in`
 * included: only `is EMPTY` finds it.
 */
function numberClause(clause: Clause): IssuePredicate {
  const read = (i: DemoIssue) => appValue(i, 'wsjf') as number | null;
  const empty = emptyTest(clause, read);
  if (empty) return empty;
  const numbers = clause.values.map((v) => {
    const text = literal(v, clause.field);
    const n = Number(text);
    if (text.trim() === '' || !Number.isFinite(n)) throw new JqlError(`The value '${text}' for field '${clause.field}' is invalid: it must be a number.`);
    return n;
  });
  if (clause.op === 'in' || clause.op === 'not in') {
    if (!clause.list) throw new JqlError(`The operator '${clause.op}' is not supported by the '${clause.field}' field.`);
    const set = new Set(numbers);
    return (i) => {
      const v = read(i);
      return v !== null && set.has(v) === (clause.op === 'in');
    };
  }
  if (clause.list) throw new JqlError(`The operator '${clause.op}' is not supported by the '${clause.field}' field.`);
  return (i) => {
    const v = read(i);
    return v !== null && compare(clause.op, v, numbers[0], clause.field);
  };
}

/** The Readiness field (a string): exact `=`/`!=`/`in` (case-insensitive, as Jira's exact text searcher) and `~` for words it contains. */
function textClause(clause: Clause): IssuePredicate {
  const read = (i: DemoIssue) => appValue(i, 'readiness') as string | null;
  const empty = emptyTest(clause, read);
  if (empty) return empty;
  const texts = clause.values.map((v) => literal(v, clause.field).toLowerCase());
  if (clause.op === '~' || clause.op === '!~') {
    const words = texts[0].split(/\W+/).filter((w) => w !== '');
    return (i) => {
      const v = read(i);
      if (v === null) return false;
      const have = new Set(v.toLowerCase().split(/\W+/));
      return words.every((w) => have.has(w)) === (clause.op === '~');
    };
  }
  const allowed = new Set(texts);
  return (i) => {
    const v = read(i);
    return v !== null && setMatch(clause, allowed, () => [v.toLowerCase()])(i);
  };
}

/**
 * Orders by the app's fields. Issues without a value come last whichever the direction, as Jira sorts an empty
 * field (`ORDER BY "WSJF" DESC` lists the scored issues first, the unscored after them).
 */
function comparatorFor(sort: readonly SortTerm[]): ((a: DemoIssue, b: DemoIssue) => number) | null {
  if (sort.length === 0 || (sort.length === 1 && sort[0].field.toLowerCase() === 'rank')) return null;
  const terms = sort.map((t) => ({ ...t, role: appFieldOf(t.field) }));
  return (a, b) => {
    for (const term of terms) {
      if (term.role === null) {
        const byRank = a.rank < b.rank ? -1 : a.rank > b.rank ? 1 : 0;
        if (byRank !== 0) return byRank;
        continue;
      }
      const x = appValue(a, term.role);
      const y = appValue(b, term.role);
      if (x === y) continue;
      if (x === null) return 1;
      if (y === null) return -1;
      const order = typeof x === 'number' && typeof y === 'number' ? x - y : String(x).localeCompare(String(y));
      if (order !== 0) return term.desc ? -order : order;
    }
    return 0;
  };
}

/** Parse JQL; throws JqlError (answered as 400) for anything outside the supported subset. */
export function parseJql(jql: string): ParsedJql {
  const { where, sort } = new Parser(tokenize(jql)).parse();
  return {
    where: (ctx) => (where ? compile(where, ctx) : () => true),
    projects: where ? projectsOf(where) : null,
    order: (ctx) => {
      if (ctx.store.quirks.noAppFields && sort.some((t) => appFieldOf(t.field) !== null)) throw new JqlError(`Not able to sort using field '${sort.find((t) => appFieldOf(t.field) !== null)?.field}'.`);
      return comparatorFor(sort);
    },
  };
}

function projectsOf(node: Node): string[] | null {
  const clauses = node.kind === 'and' ? node.parts : [node];
  for (const part of clauses) {
    if (part.kind !== 'clause') continue;
    const { field, op, values } = part.clause;
    if (field.toLowerCase() !== 'project' || (op !== '=' && op.toLowerCase() !== 'in')) continue;
    if (values.some((v) => v.kind !== 'literal')) continue;
    return values.map((v) => (v.kind === 'literal' ? v.text : ''));
  }
  return null;
}

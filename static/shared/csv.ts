/**
 * CSV files a spreadsheet opens as the user's own (RFC 4180 with the choices below), built from the tables a
 * tab already shows. Pure: no DOM, no React, so the unit tests build exactly what the button downloads.
 *
 * Decided (docs/decisions/csv-exports.md):
 * - UTF-8 with a byte-order mark, so Excel reads umlauts and emoji as UTF-8 rather than the system code page;
 *   CRLF line ends; a field is quoted when it holds the delimiter, a quote, CR or LF (quotes doubled).
 * - The delimiter follows the locale's decimal mark, as spreadsheets of that locale expect on a double click:
 *   a locale writing 1,5 (de-DE) gets `;` between fields and decimal commas; one writing 1.5 (en-US) gets `,`
 *   and decimal points. Numbers carry no grouping separator (1234,5 not 1.234,5), so they stay numbers.
 * - CSV injection guard (OWASP): a text cell starting with = + - @, a tab or CR is prefixed with `'`, so a
 *   summary such as "=HYPERLINK(...)" is shown as text, never run as a formula. Numbers are written as numbers.
 */

/** A cell: text (guarded against formulas), a number (written in the locale's decimal form), or empty. */
export type CsvCell = string | number | null;

export interface CsvTable {
  header: string[];
  rows: CsvCell[][];
}

export interface CsvDialect {
  delimiter: ',' | ';';
  decimal: '.' | ',';
}

export const BOM = '\uFEFF';
const EOL = '\r\n';

/** The delimiter and decimal mark for `locale`: `;` and `,` where the locale writes decimal commas. */
export function csvDialect(locale: string): CsvDialect {
  let decimal = '.';
  try {
    decimal = new Intl.NumberFormat(locale).formatToParts(1.5).find((p) => p.type === 'decimal')?.value ?? '.';
  } catch {
    // An unknown locale writes decimal points, as English does.
  }
  return decimal === ',' ? { delimiter: ';', decimal: ',' } : { delimiter: ',', decimal: '.' };
}

/** Prefixes a text that a spreadsheet would read as a formula (= + - @, tab, CR first) with an apostrophe. */
export function guardFormula(text: string): string {
  return /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
}

/** A number as a spreadsheet of the dialect reads it: up to 2 decimals, no grouping, the dialect's mark. */
export function csvNumber(value: number, dialect: CsvDialect): string {
  if (!Number.isFinite(value)) return '';
  const rounded = Math.round(value * 100) / 100;
  const text = String(Object.is(rounded, -0) ? 0 : rounded);
  return dialect.decimal === ',' ? text.replace('.', ',') : text;
}

function field(cell: CsvCell, dialect: CsvDialect): string {
  if (cell === null) return '';
  const text = typeof cell === 'number' ? csvNumber(cell, dialect) : guardFormula(cell);
  return /["\r\n]/.test(text) || text.includes(dialect.delimiter) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** The whole file's text: BOM, the header row, then the rows, each line ended by CRLF. */
export function toCsv(table: CsvTable, dialect: CsvDialect): string {
  const lines = new Array<string>(table.rows.length + 1);
  lines[0] = table.header.map((h) => field(h, dialect)).join(dialect.delimiter);
  for (let i = 0; i < table.rows.length; i++) {
    lines[i + 1] = (table.rows[i] as CsvCell[]).map((c) => field(c, dialect)).join(dialect.delimiter);
  }
  return BOM + lines.join(EOL) + EOL;
}

/**
 * Reads a CSV text back into rows of fields (RFC 4180: quoted fields may hold the delimiter, doubled quotes
 * and line breaks); a leading BOM is dropped. The tests parse every export with it, as a spreadsheet would.
 */
export function parseCsv(text: string, delimiter: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let value = '';
  let quoted = false;
  let i = text.startsWith(BOM) ? 1 : 0;
  for (; i < text.length; i++) {
    const c = text[i] as string;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        value += '"';
        i++;
      } else if (c === '"') quoted = false;
      else value += c;
    } else if (c === '"' && value === '') quoted = true;
    else if (c === delimiter) {
      row.push(value);
      value = '';
    } else if (c === '\r' || c === '\n') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      row.push(value);
      rows.push(row);
      row = [];
      value = '';
    } else value += c;
  }
  if (value !== '' || row.length > 0) {
    row.push(value);
    rows.push(row);
  }
  return rows;
}

/**
 * The file name: project key, what it is, the PI and the day, e.g. "ORION-backlog-PI-27.1-2026-12-02.csv";
 * characters a file system refuses (/ \ : * ? " < > |) and spaces become "-".
 */
export function csvFileName(parts: (string | null | undefined)[]): string {
  const name = parts
    .filter((p): p is string => typeof p === 'string' && p.trim() !== '')
    .map((p) => p.trim().replace(/[\\/:*?"<>|\s]+/g, '-').replace(/-+/g, '-').replace(/^-|-$/g, ''))
    .filter((p) => p !== '')
    .join('-');
  return `${name || 'export'}.csv`;
}

/** Today as yyyy-mm-dd in `timeZone` (the user's Jira zone), for file names. */
export function isoToday(now: Date, timeZone: string): string {
  try {
    return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);
  } catch {
    return now.toISOString().slice(0, 10);
  }
}

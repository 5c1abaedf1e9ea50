/**
 * The pure CSV module the export buttons use: RFC 4180 quoting, the UTF-8 BOM, the locale's delimiter and
 * decimal mark, the formula-injection guard, and every file parsing back to the cells it was built from.
 */
import fc from 'fast-check';
import { BOM, csvDialect, csvFileName, csvNumber, guardFormula, isoToday, parseCsv, toCsv, type CsvCell } from '../../static/shared/csv';

const EN = csvDialect('en-US');
const DE = csvDialect('de-DE');

describe('the dialect follows the locale', () => {
  it('English: comma delimiter and decimal points; German: semicolon and decimal commas', () => {
    expect(EN).toEqual({ delimiter: ',', decimal: '.' });
    expect(DE).toEqual({ delimiter: ';', decimal: ',' });
    // Other decimal-comma locales too; an unknown one falls back to English.
    expect(csvDialect('fr-FR')).toEqual({ delimiter: ';', decimal: ',' });
    expect(csvDialect('not a locale')).toEqual({ delimiter: ',', decimal: '.' });
  });

  it('numbers: up to 2 decimals, no grouping, the locale mark', () => {
    expect(csvNumber(1234.5, EN)).toBe('1234.5');
    expect(csvNumber(1234.5, DE)).toBe('1234,5');
    expect(csvNumber(2.666666, DE)).toBe('2,67');
    expect(csvNumber(13, DE)).toBe('13');
    expect(csvNumber(-0, EN)).toBe('0');
    expect(csvNumber(Number.NaN, EN)).toBe('');
  });
});

describe('the file', () => {
  it('starts with a UTF-8 BOM, ends lines with CRLF, quotes only what needs it', () => {
    const text = toCsv({ header: ['Key', 'Summary', 'WSJF'], rows: [['ORION-1', 'Plain', 2.5], ['ORION-2', 'Says "hi", twice\nand more', null]] }, EN);
    expect(text.startsWith(BOM)).toBe(true);
    expect(text.slice(1)).toBe('Key,Summary,WSJF\r\nORION-1,Plain,2.5\r\nORION-2,"Says ""hi"", twice\nand more",\r\n');
  });

  it('German: a comma in text is not quoted, a semicolon is; decimals keep their comma unquoted', () => {
    const text = toCsv({ header: ['Schlüssel', 'Zusammenfassung', 'WSJF'], rows: [['ORION-1', 'Äpfel, Birnen', 1.5], ['ORION-2', 'a; b', 2]] }, DE);
    expect(text.slice(1)).toBe('Schlüssel;Zusammenfassung;WSJF\r\nORION-1;Äpfel, Birnen;1,5\r\nORION-2;"a; b";2\r\n');
  });

  it('guards formulas: a text cell starting with = + - @ tab or CR gets an apostrophe; numbers do not', () => {
    for (const start of ['=', '+', '-', '@', '\t', '\r']) expect(guardFormula(`${start}SUM(A1)`)).toBe(`'${start}SUM(A1)`);
    expect(guardFormula('Plain = fine')).toBe('Plain = fine');
    const text = toCsv({ header: ['a', 'b', 'c'], rows: [['=HYPERLINK("http://x","y")', '-- flag', -3]] }, EN);
    expect(parseCsv(text, ',')[1]).toEqual(["'=HYPERLINK(\"http://x\",\"y\")", "'-- flag", '-3']);
  });

  it('parses back to the cells it was built from (any text, any number, both dialects)', () => {
    const cell = fc.oneof(
      fc.string({ unit: 'grapheme' }),
      fc.constantFrom('a,b', 'a;b', '"q"', 'x\r\ny', '\n', '', 'Ü ö 🚀'),
      fc.integer({ min: 0, max: 100_000 }).map((n) => n / 100),
      fc.constant(null),
    );
    fc.assert(
      fc.property(fc.array(fc.array(cell, { minLength: 3, maxLength: 3 }), { maxLength: 20 }), fc.constantFrom(EN, DE), (rows: CsvCell[][], dialect) => {
        const text = toCsv({ header: ['one', 'two', 'three'], rows }, dialect);
        const parsed = parseCsv(text, dialect.delimiter);
        expect(parsed[0]).toEqual(['one', 'two', 'three']);
        expect(parsed.slice(1)).toEqual(
          rows.map((r) => r.map((c) => (c === null ? '' : typeof c === 'number' ? csvNumber(c, dialect) : guardFormula(c)))),
        );
      }),
    );
  });
});

describe('the file name', () => {
  it('names project, what, PI and day; characters a file system refuses become dashes', () => {
    expect(csvFileName(['ORION', 'backlog', 'PI 27.1', '2026-12-02'])).toBe('ORION-backlog-PI-27.1-2026-12-02.csv');
    expect(csvFileName(['ORION', 'Iterationsbefüllung', 'PI 3/4: "Q1"', null, '2026-12-02'])).toBe('ORION-Iterationsbefüllung-PI-3-4-Q1-2026-12-02.csv');
    expect(csvFileName([])).toBe('export.csv');
  });

  it('dates the file by the day in the user’s zone', () => {
    const late = new Date('2026-12-02T23:30:00Z');
    expect(isoToday(late, 'UTC')).toBe('2026-12-02');
    expect(isoToday(late, 'Pacific/Auckland')).toBe('2026-12-03');
    expect(isoToday(late, 'America/Los_Angeles')).toBe('2026-12-02');
  });
});

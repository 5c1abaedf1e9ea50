/**
 * Issue 19.3: the Backlog, Iteration fill and Balance exports as the buttons build them, parsed back as a
 * spreadsheet would: the tab's rows in its order, column names and reasons in the user's language (English and
 * German catalogs), work types as the PO named them, numbers in the locale's form, formulas guarded. Then the
 * same on the demo site's real answers, and a 5,000-row backlog timed once.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { encodeBacklogRow, DorGap, RowFlag, type BacklogDto, type BacklogRow, type BalanceDto, type FillDto } from '../../src/contracts';
import { createPanelResolver } from '../../src/resolvers';
import { csvDialect, parseCsv, toCsv, type CsvTable } from '../../static/shared/csv';
import { makeTranslator, type Translator } from '../../static/shared/format';
import { backlogTable, balanceTable, fillTable } from '../../static/panel/src/csvExports';
import { indexBacklog } from '../../static/panel/src/itemInfo';
import { caller, data, startWorld, type World } from '../resolvers/helpers';

const catalog = (locale: string) => JSON.parse(readFileSync(path.join(__dirname, '..', '..', 'locales', `${locale}.json`), 'utf8')) as Record<string, string>;
const translator = (locale: string): Translator => {
  const messages = catalog(locale);
  return makeTranslator(locale, (key) => messages[key] ?? null);
};
const EN = translator('en-US');
const DE = translator('de-DE');

/** The file a button downloads for `table` in `tr`'s locale, read back: header and rows. */
function roundTrip(tr: Translator, table: CsvTable): { header: string[]; rows: string[][] } {
  const dialect = csvDialect(tr.locale);
  const [header, ...rows] = parseCsv(toCsv(table, dialect), dialect.delimiter);
  return { header: header ?? [], rows };
}

const row = (over: Partial<Parameters<typeof encodeBacklogRow>[0]>): BacklogRow =>
  encodeBacklogRow({ key: 1, summary: 'S', workType: 0, source: 'l', points: 3, businessValue: null, timeCriticality: null, riskReduction: null, jobSize: null, wsjf: null, dorGaps: 0, flags: 0, parent: null, sprint: null, ...over });

const backlog: BacklogDto = {
  keyPrefix: 'ORION',
  workTypes: [{ id: 'feature', name: 'Kundennutzen' }, { id: 'maintenance', name: 'Wartung & Fehler' }],
  scale: [1, 2, 3, 5, 8, 13, 20],
  rows: [
    row({ key: 7, summary: 'Committed one', source: 'p', flags: RowFlag.COMMITTED | RowFlag.IN_SPRINT, parent: 0, sprint: 0, businessValue: 8, timeCriticality: 5, riskReduction: 3, jobSize: 5, wsjf: 3.2 }),
    row({ key: 3, summary: '=HYPERLINK("http://evil","click")', workType: 1, points: 2.5, businessValue: 2, timeCriticality: 1, riskReduction: 1, wsjf: 1.6 }),
    row({ key: 'VEGA-4', summary: 'Äpfel; Birnen, "quoted"', points: null, dorGaps: DorGap.NO_ESTIMATE | DorGap.NO_ACCEPTANCE_CRITERIA, flags: RowFlag.BLOCKED | RowFlag.TAIL_CANDIDATE }),
  ],
  parents: [['ART-1', 'Checkout, fast']],
  sprints: ['ORION Sprint 9'],
  loadedAt: '2026-11-20T09:00:00Z',
};
const allShown = backlog.rows.map((r, position) => ({ row: r, position }));

describe('Backlog export', () => {
  it('English: every column of the tab, in its order, with reasons and what else is true', () => {
    const { header, rows } = roundTrip(EN, backlogTable(EN, backlog, allShown));
    expect(header).toEqual(['Rank', 'Key', 'Summary', 'Parent feature', 'Parent feature summary', 'Work type', 'Source', 'Committed', 'Story points', 'Business value', 'Time criticality', 'Risk reduction', 'Job size', 'WSJF', 'Readiness', 'Not ready because', 'Also true']);
    expect(rows).toEqual([
      ['1', 'ORION-7', 'Committed one', 'ART-1', 'Checkout, fast', 'Kundennutzen', 'Program', 'yes', '3', '8', '5', '3', '5', '3.2', 'Ready', '', 'In ORION Sprint 9'],
      ['2', 'ORION-3', `'=HYPERLINK("http://evil","click")`, '', '', 'Wartung & Fehler', 'Local', '', '2.5', '2', '1', '1', '', '1.6', 'Ready', '', ''],
      ['3', 'VEGA-4', 'Äpfel; Birnen, "quoted"', '', '', 'Kundennutzen', 'Local', '', '', '', '', '', '', '', 'Not ready', 'No estimate; No acceptance criteria', 'Stale; Blocked'],
    ]);
  });

  it('German: German column names and reasons, decimal commas, semicolons between fields', () => {
    const table = backlogTable(DE, backlog, allShown);
    const text = toCsv(table, csvDialect('de-DE'));
    expect(text.split('\r\n')[0]).toBe('\uFEFFRang;Schlüssel;Zusammenfassung;Übergeordnetes Feature;Zusammenfassung des übergeordneten Features;Arbeitsart;Quelle;Zugesagt;Story Points;Geschäftswert;Zeitkritikalität;Risikoreduktion;Job Size;WSJF;Bereitschaft;Nicht bereit, weil;Außerdem');
    const { rows } = roundTrip(DE, table);
    expect(rows[0]).toEqual(['1', 'ORION-7', 'Committed one', 'ART-1', 'Checkout, fast', 'Kundennutzen', 'Programm', 'ja', '3', '8', '5', '3', '5', '3,2', 'Bereit', '', 'In ORION Sprint 9']);
    expect(rows[1]?.[8]).toBe('2,5');
    expect(rows[2]?.slice(14)).toEqual(['Nicht bereit', 'Keine Schätzung; Keine Akzeptanzkriterien', 'Veraltet; Blockiert']);
  });

  it('has the whole summaries the rows cut, of items and parent features', () => {
    const whole = new Map([['ORION-7', 'Committed one, told in far more words than a backlog row can carry'], ['ART-1', 'Checkout, fast, and the same in every market we sell in']]);
    const { rows } = roundTrip(EN, backlogTable(EN, backlog, allShown, whole));
    expect(rows[0]?.slice(2, 5)).toEqual([whole.get('ORION-7'), 'ART-1', whole.get('ART-1')]);
    expect(rows[1]?.[2]).toBe(`'=HYPERLINK("http://evil","click")`);
  });

  it('holds only what the filters show, with each row’s place in the whole backlog', () => {
    const { rows } = roundTrip(EN, backlogTable(EN, backlog, [allShown[2]!]));
    expect(rows.map((r) => [r[0], r[1]])).toEqual([['3', 'VEGA-4']]);
  });

  it('5,000 rows: built, written and parsed back whole (timed once, no timed assertion)', () => {
    const big: BacklogDto = { ...backlog, rows: Array.from({ length: 5000 }, (_, i) => row({ key: i + 1, summary: `Story ${i + 1}, with a comma`, points: (i % 13) + 1, wsjf: (i % 40) / 7, parent: 0 })) };
    const started = performance.now();
    const text = toCsv(backlogTable(EN, big, big.rows.map((r, position) => ({ row: r, position }))), csvDialect('en-US'));
    const built = performance.now() - started;
    const parsed = parseCsv(text, ',');
    expect(parsed).toHaveLength(5001);
    expect(parsed[5000]?.slice(0, 3)).toEqual(['5000', 'ORION-5000', 'Story 5000, with a comma']);
    console.log(`5,000-row backlog export built in ${built.toFixed(1)} ms (${(text.length / 1024).toFixed(0)} KiB)`);
  });
});

const fill: FillDto = {
  keyPrefix: 'ORION',
  piId: 'pi-1',
  workTypes: backlog.workTypes,
  mode: 'optimal',
  iterations: [
    { id: 'i1', name: 'Iteration 1', start: '2026-11-23', end: '2026-12-04', sprintId: 9, sprintName: 'ORION Sprint 9', capacity: 20, buffer: 0, slices: {}, items: [7, 3] },
    { id: 'i2', name: 'Iteration 2', start: '2026-12-07', end: '2026-12-18', sprintId: null, sprintName: null, capacity: 20, buffer: 0, slices: {}, items: [] },
  ],
  greedyCost: 10,
  optimalCost: 9,
  greedyItems: [[7, 3], []],
  leftOut: [['VEGA-4', 'notReady', ''], [12, 'noCapacity', 'no room in Wartung & Fehler']],
  flags: [
    [3, 'over the Wartung & Fehler slice of Iteration 1: 2.5 of 2 points', { key: 'plan.flag.overSlice', params: { workType: 'Wartung & Fehler', iteration: 'Iteration 1', planned: 2.5, slice: 2 } }],
    [3, 'late for VEGA-9 (VEGA Sprint 4, 2026-12-01)', { key: 'plan.flag.late', params: { dependent: 'VEGA-9', sprint: 'VEGA Sprint 4', date: '2026-12-01' } }],
  ],
  committedExclude: [11],
  flowUnused: false,
  forecast: { available: false } as unknown as FillDto['forecast'],
  people: { membersSet: false, iterations: [], rows: [], unassigned: [] },
};

describe('Iteration fill export', () => {
  it('per iteration its planned items in order (pins marked), then every left-out item with its reason', () => {
    const info = indexBacklog(backlog);
    const { header, rows } = roundTrip(EN, fillTable(EN, fill, info, { pinned: ['ORION-3'], excluded: ['ORION-5'] }));
    expect(header).toEqual(['Iteration', 'Start', 'End', 'Sprint', 'Key', 'Summary', 'Work type', 'Story points', 'Committed', 'Pinned by you', 'Reason', 'Detail', 'Needs your decision']);
    expect(rows).toEqual([
      ['Iteration 1', '2026-11-23', '2026-12-04', 'ORION Sprint 9', 'ORION-7', 'Committed one', 'Kundennutzen', '3', 'yes', '', '', '', ''],
      ['Iteration 1', '2026-11-23', '2026-12-04', 'ORION Sprint 9', 'ORION-3', `'=HYPERLINK("http://evil","click")`, 'Wartung & Fehler', '2.5', '', 'yes', '', '', expect.stringMatching(/^over the Wartung & Fehler slice of Iteration 1: 2.5 of 2 points; late for VEGA-9 \(VEGA Sprint 4, .+\)$/)],
      ['Left out', '', '', '', 'ORION-5', '', '', '', '', '', 'Left out by you', 'You took it out of the proposal.', ''],
      ['Left out', '', '', '', 'ORION-11', '', '', '', '', '', 'Left out by you', 'You left it out when you committed the plan to sprints.', ''],
      ['Left out', '', '', '', 'VEGA-4', 'Äpfel; Birnen, "quoted"', 'Kundennutzen', '', '', '', 'Not ready', 'No estimate, No acceptance criteria', ''],
      ['Left out', '', '', '', 'ORION-12', '', '', '', '', '', 'No room left', 'no room in Wartung & Fehler', ''],
    ]);
  });

  it('has the whole summaries the rows cut', () => {
    const whole = new Map([['VEGA-4', 'Äpfel; Birnen, "quoted", and a great deal more than forty-eight characters']]);
    const { rows } = roundTrip(EN, fillTable(EN, fill, indexBacklog(backlog), { pinned: [], excluded: [] }, whole));
    expect(rows.find((r) => r[4] === 'VEGA-4')?.[5]).toBe(whole.get('VEGA-4'));
  });

  it('German: column names, "Nicht eingeplant" and the reasons in German', () => {
    const { header, rows } = roundTrip(DE, fillTable(DE, fill, indexBacklog(backlog), { pinned: [], excluded: [] }));
    expect(header).toEqual(['Iteration', 'Beginn', 'Ende', 'Sprint', 'Schlüssel', 'Zusammenfassung', 'Arbeitsart', 'Story Points', 'Zugesagt', 'Von Ihnen festgelegt', 'Grund', 'Einzelheit', 'Braucht Ihre Entscheidung']);
    // The plan's flags in German, from their catalog keys.
    expect(rows.find((r) => r[4] === 'ORION-3')?.[12]).toMatch(/^.*Wartung & Fehler.*Iteration 1.*2,5.*; .*VEGA-9.*$/);
    expect(rows.find((r) => r[4] === 'ORION-3')?.[12]).not.toContain('over the');
    expect(rows.map((r) => [r[0], r[4], r[10], r[11]])).toEqual([
      ['Iteration 1', 'ORION-7', '', ''],
      ['Iteration 1', 'ORION-3', '', ''],
      ['Nicht eingeplant', 'ORION-11', 'Von Ihnen herausgenommen', 'Sie haben es beim Übernehmen des Plans in Sprints herausgelassen.'],
      ['Nicht eingeplant', 'VEGA-4', 'Nicht bereit', 'Keine Schätzung, Keine Akzeptanzkriterien'],
      ['Nicht eingeplant', 'ORION-12', 'Kein Platz mehr', 'no room in Wartung & Fehler'],
    ]);
  });
});

const balance = {
  pi: { id: 'pi-1', name: 'PI 27.1', start: '2026-11-09', end: '2026-12-18' },
  pis: [],
  workTypes: backlog.workTypes,
  rows: [
    { workType: 'feature', targetPct: 70, targetPoints: 27, plannedPoints: 30, donePoints: 8 },
    { workType: 'maintenance', targetPct: 30, targetPoints: 11, plannedPoints: 6.5, donePoints: 2 },
  ],
  iterations: [
    { id: 'i0', name: 'Iteration 0', start: '2026-11-09', end: '2026-11-20', sprintId: 8, capacity: 18.5, buffer: 0, source: 'velocity', detail: '', slices: { feature: 12, maintenance: 6 }, closed: true, percents: { feature: 60, maintenance: 40 }, planned: { feature: 10, maintenance: 4 }, done: { feature: 8, maintenance: 2 } },
    { id: 'i1', name: 'Iteration 1', start: '2026-11-23', end: '2026-12-04', sprintId: 9, capacity: 22, buffer: 2, source: 'manual', detail: '', slices: { feature: 15, maintenance: 5 }, closed: false, percents: { feature: 70, maintenance: 30 }, planned: { feature: 20, maintenance: 2.5 }, done: {} },
  ],
} as unknown as BalanceDto;

describe('Balance export', () => {
  it('per iteration and work type: share, slice, planned and done; then the PI totals as the tab shows them', () => {
    const { header, rows } = roundTrip(EN, balanceTable(EN, balance));
    expect(header).toEqual(['Iteration', 'Start', 'End', 'Closed', 'Capacity', 'Kept for unplanned work', 'Capacity from', 'Work type', 'Target %', 'Target points', 'Planned', 'Done']);
    expect(rows).toEqual([
      ['Iteration 0', '2026-11-09', '2026-11-20', 'yes', '18.5', '0', 'Velocity', 'Kundennutzen', '60', '12', '10', '8'],
      ['Iteration 0', '2026-11-09', '2026-11-20', 'yes', '18.5', '0', 'Velocity', 'Wartung & Fehler', '40', '6', '4', '2'],
      ['Iteration 1', '2026-11-23', '2026-12-04', '', '22', '2', 'Manual', 'Kundennutzen', '70', '15', '20', '0'],
      ['Iteration 1', '2026-11-23', '2026-12-04', '', '22', '2', 'Manual', 'Wartung & Fehler', '30', '5', '2.5', '0'],
      ['PI 27.1 total', '2026-11-09', '2026-12-18', '', '40.5', '2', '', 'Kundennutzen', '70', '27', '30', '8'],
      ['PI 27.1 total', '2026-11-09', '2026-12-18', '', '40.5', '2', '', 'Wartung & Fehler', '30', '11', '6.5', '2'],
    ]);
  });

  it('German: column names and decimal commas', () => {
    const { header, rows } = roundTrip(DE, balanceTable(DE, balance));
    expect(header).toEqual(['Iteration', 'Beginn', 'Ende', 'Abgeschlossen', 'Kapazität', 'Für ungeplante Arbeit freigehalten', 'Kapazität aus', 'Arbeitsart', 'Ziel %', 'Zielpunkte', 'Geplant', 'Erledigt']);
    expect(rows[0]?.slice(3, 5)).toEqual(['ja', '18,5']);
    expect(rows[4]?.[0]).toBe('PI 27.1 gesamt');
  });
});

describe('on the demo site’s answers', () => {
  let world: World;
  beforeAll(async () => {
    world = await startWorld();
  });
  afterAll(() => world.site.close());

  it('each export has the tab’s rows, in its order, and the Balance rows add up to the PI totals', async () => {
    const panel = caller(createPanelResolver(world.platform).getDefinitions());
    const b = data(await panel<BacklogDto>(world.site.po, 'getBacklog', {}));
    const backlogRows = roundTrip(DE, backlogTable(DE, b, b.rows.map((r, position) => ({ row: r, position })))).rows;
    expect(backlogRows.map((r) => r[1])).toEqual(b.rows.map((r) => (typeof r[0] === 'number' ? `ORION-${r[0]}` : r[0])));
    expect(backlogRows.map((r) => r[0])).toEqual(b.rows.map((_, i) => String(i + 1)));

    const f = data(await panel<FillDto>(world.site.po, 'getFill', {}));
    const fillRows = roundTrip(EN, fillTable(EN, f, indexBacklog(b), { pinned: [], excluded: [] })).rows;
    const planned = f.iterations.flatMap((it) => it.items.map((ref) => [it.name, typeof ref === 'number' ? `ORION-${ref}` : ref]));
    expect(fillRows.filter((r) => r[0] !== 'Left out').map((r) => [r[0], r[4]])).toEqual(planned);
    expect(fillRows.filter((r) => r[0] === 'Left out')).toHaveLength(f.leftOut.length + f.committedExclude.length);
    // Every left-out row has its reason; every planned item its summary from the backlog.
    expect(fillRows.filter((r) => r[0] === 'Left out' && r[10] === '')).toEqual([]);
    expect(fillRows.filter((r) => r[0] !== 'Left out' && r[5] === '')).toEqual([]);

    const bal = data(await panel<BalanceDto>(world.site.po, 'getBalance', {}));
    const balanceRows = roundTrip(EN, balanceTable(EN, bal)).rows;
    expect(balanceRows).toHaveLength((bal.iterations.length + 1) * bal.workTypes.length);
    for (const w of bal.workTypes) {
      const perIteration = balanceRows.filter((r) => r[7] === w.name && !r[0]!.endsWith(' total'));
      const total = balanceRows.find((r) => r[7] === w.name && r[0]!.endsWith(' total'))!;
      expect(perIteration.reduce((s, r) => s + Number(r[10]), 0)).toBeCloseTo(Number(total[10]), 5);
      expect(perIteration.reduce((s, r) => s + Number(r[11]), 0)).toBeCloseTo(Number(total[11]), 5);
      expect(perIteration.reduce((s, r) => s + Number(r[9]), 0)).toBeCloseTo(Number(total[9]), 5);
    }
  });
});

import { decodeBacklogRow, encodeBacklogRow, type BacklogRowFields } from '../../src/contracts';

const fields: BacklogRowFields = {
  key: 42,
  summary: 'Pay by invoice',
  workType: 2,
  source: 'o',
  points: 5,
  businessValue: 8,
  timeCriticality: 3,
  riskReduction: 1,
  jobSize: null,
  wsjf: 2.4,
  dorGaps: 4,
  flags: 17,
  parent: null,
  sprint: null,
};

it('a backlog row is read by field name with the one decoder the UI and the backend share', () => {
  const row = encodeBacklogRow(fields);
  // The wire order definitions.ts documents: key first, DorGap bits at 10, RowFlag bits last.
  expect(row).toEqual([42, 'Pay by invoice', 2, 'o', 5, 8, 3, 1, null, 2.4, 4, 17]);
  expect(decodeBacklogRow(row)).toEqual(fields);
});

it('the parent feature and the open sprint trail the row, and are left off when null (most rows)', () => {
  expect(encodeBacklogRow({ ...fields, parent: 3 })).toEqual([42, 'Pay by invoice', 2, 'o', 5, 8, 3, 1, null, 2.4, 4, 17, 3]);
  expect(encodeBacklogRow({ ...fields, sprint: 1 })).toEqual([42, 'Pay by invoice', 2, 'o', 5, 8, 3, 1, null, 2.4, 4, 17, null, 1]);
  for (const f of [{ ...fields, parent: 3 }, { ...fields, sprint: 1 }, { ...fields, parent: 0, sprint: 0 }]) expect(decodeBacklogRow(encodeBacklogRow(f))).toEqual(f);
});

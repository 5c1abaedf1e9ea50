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
};

it('a backlog row is read by field name with the one decoder the UI and the backend share', () => {
  const row = encodeBacklogRow(fields);
  // The wire order definitions.ts documents: key first, DorGap bits at 10, RowFlag bits last.
  expect(row).toEqual([42, 'Pay by invoice', 2, 'o', 5, 8, 3, 1, null, 2.4, 4, 17]);
  expect(decodeBacklogRow(row)).toEqual(fields);
});

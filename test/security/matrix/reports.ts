// Matrix rows for reports: every caller with reports.read gets an answer (narrowed to its scope,
// which server/routers/reports/reports.test.ts checks figure by figure); the rest are refused.
import { insertPipeline } from '../../../server/routers/reports/generate.ts';
import { row, type Fixture, type ListRow, type Row } from './kit.ts';

const pipeline = (f: Fixture) => insertPipeline(f.tdb.db, `Matrix ${f.uniq()}`, [30, 70]);
const period = { from: '2026-01-01', to: '2026-12-31' };

export const reportsRows: Row[] = [
  row({
    path: 'reports.funnel',
    permission: 'reports.read',
    perOwner: false,
    setup: pipeline,
    call: (c, _f, _r, p) => c.reports.funnel({ pipelineId: p.id, currency: 'CNY' }),
  }),
  row({
    path: 'reports.conversion',
    permission: 'reports.read',
    perOwner: false,
    setup: pipeline,
    call: (c, _f, _r, p) => c.reports.conversion({ pipelineId: p.id, period }),
  }),
  row({
    path: 'reports.velocity',
    permission: 'reports.read',
    perOwner: false,
    setup: pipeline,
    call: (c, _f, _r, p) => c.reports.velocity({ pipelineId: p.id, period }),
  }),
  row({
    path: 'reports.forecast',
    permission: 'reports.read',
    perOwner: false,
    call: (c) =>
      c.reports.forecast({ currency: 'CNY', from: '2026-01', to: '2026-06', groupBy: 'team' }),
  }),
  row({
    path: 'reports.lostReasons',
    permission: 'reports.read',
    perOwner: false,
    call: (c) => c.reports.lostReasons({ currency: 'CNY', period }),
  }),
];
export const reportsLists: ListRow[] = [];

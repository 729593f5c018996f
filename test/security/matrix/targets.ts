// Matrix rows for sales targets and the margin report. Each record-bound cell gets a target of
// its own (a period no other cell uses), owned by the cell's person: reps read their own, managers
// set and read their subtree's, finance reads all (server/routers/targets/*.test.ts checks the
// team targets and the figures).
import { TRPCError } from '@trpc/server';
import { row, type Fixture, type Owner, type Row } from './kit.ts';

let cells = 0;
/** An ISO week no other cell uses (every year has at least 52). */
function freshWeek(): string {
  const k = cells++;
  return `${2100 + Math.floor(k / 52)}-W${String((k % 52) + 1).padStart(2, '0')}`;
}
/** A year no other cell uses, for targets that are split into quarters. */
const freshYear = () => String(3000 + cells++);

const targetOf = (f: Fixture, owner: Owner | undefined, period = freshWeek()) =>
  f.admin.targets.set({ userId: f.org.users[owner!], period, currency: 'CNY', amount: 100_00 });

export const targetsRows: Row[] = [
  row({
    path: 'targets.set',
    permission: 'targets.set',
    perOwner: true,
    setup: async (f, _r, owner) => ({ userId: f.org.users[owner!], period: freshWeek() }),
    call: (c, _f, _r, s) => c.targets.set({ ...s, currency: 'CNY', amount: 100_00 }),
  }),
  row({
    path: 'targets.list',
    permission: 'targets.read',
    perOwner: true,
    setup: (f, _r, owner) => targetOf(f, owner),
    call: async (c, _f, _r, s) => {
      const page = await c.targets.list({ userId: s.userId!, period: s.period });
      if (!page.items.some((t) => t.id === s.id))
        throw new TRPCError({ code: 'NOT_FOUND', message: 'not in the list' });
    },
  }),
  row({
    path: 'targets.breakdown',
    permission: 'targets.set',
    perOwner: true,
    setup: (f, _r, owner) => targetOf(f, owner, freshYear()),
    call: (c, _f, _r, s) =>
      c.targets.breakdown({ by: 'period', id: s.id, version: s.version, into: 'quarter' }),
  }),
  row({
    path: 'targets.attainment',
    permission: 'targets.read',
    perOwner: true,
    setup: (f, _r, owner) => targetOf(f, owner),
    call: (c, _f, _r, s) => c.targets.attainment({ id: s.id }),
  }),
  row({
    path: 'reports.targets',
    permission: 'targets.read',
    perOwner: false,
    call: (c) => c.reports.targets({ year: 2026, periodKind: 'quarter' }),
  }),
  row({
    path: 'reports.margin',
    permission: 'reports.read',
    perOwner: false,
    call: (c) => c.reports.margin({ groupBy: 'customer', from: '2026-01-01', to: '2026-12-31' }),
  }),
];

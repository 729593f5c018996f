// Matrix rows for quotes and orders: one row per procedure (see kit.ts for the shapes). Lists are
// record-bound rows: the cell lists by the owner's partner and answers NOT_FOUND when the owner's
// record is missing, so a list that leaked would answer 'ok' where the grants say NOT_FOUND.
import { TRPCError } from '@trpc/server';
import { insertPipelines } from '../../../server/db/seeds/funnel-pipelines.ts';
import type { Caller } from '../../support/org.ts';
import { row, type Fixture, type Owner, type Records, type Row } from './kit.ts';

const LINES = [{ description: 'Licence', quantity: 2000, unitPrice: 500_00, taxRate: 600 }];

/** An open deal of `owner` on the owner's partner. */
async function dealOf(f: Fixture, r: Records | null, owner: Owner | undefined) {
  await f.tdb.db.transaction((trx) => insertPipelines(trx));
  return f.admin.opportunities.create({
    name: `Deal ${f.uniq()}`,
    partnerId: r!.partner.id,
    ownerId: f.org.users[owner!],
    expectedRevenue: 100_00,
  });
}

/** A draft quote on the owner's deal (the deal's owner holds its quotes). */
async function quoteOf(f: Fixture, r: Records | null, owner: Owner | undefined) {
  const deal = await dealOf(f, r, owner);
  return f.admin.quotes.create({ opportunityId: deal.id, lines: LINES });
}

async function sentQuoteOf(f: Fixture, r: Records | null, owner: Owner | undefined) {
  const q = await quoteOf(f, r, owner);
  return f.admin.quotes.send({ id: q.id, versionNo: 1, version: q.version });
}

/** A draft order of `owner`, written by the owner (so the discount guard is the owner's). */
async function orderOf(f: Fixture, r: Records | null, owner: Owner | undefined, discountBp = 0) {
  const c = await f.as(owner!);
  return c.orders.create({
    partnerId: r!.partner.id,
    title: `Order ${f.uniq()}`,
    lines: LINES,
    discount: discountBp ? { kind: 'percent', value: discountBp } : null,
  });
}

/** Submitted and waiting for a manager: the discount is above a rep's limit. */
async function submittedOf(f: Fixture, r: Records | null, owner: Owner | undefined) {
  const o = await orderOf(f, r, owner, 5000);
  return (await f.as(owner!)).orders.submit({ id: o.id, version: o.version });
}

const notFound = () => new TRPCError({ code: 'NOT_FOUND', message: 'not in the list' });

async function listed(ids: Promise<number[]>, id: number) {
  if (!(await ids).includes(id)) throw notFound();
}

const quoteRows: Row[] = [
  row({
    path: 'quotes.list',
    permission: 'quotes.read',
    perOwner: true,
    setup: quoteOf,
    call: (c: Caller, _f, r, s) =>
      listed(
        c.quotes.list({ partnerId: r!.partner.id }).then((p) => p.items.map((q) => q.id)),
        s.id,
      ),
  }),
  row({
    path: 'quotes.get',
    permission: 'quotes.read',
    perOwner: true,
    setup: quoteOf,
    call: (c, _f, _r, s) => c.quotes.get({ id: s.id }),
  }),
  row({
    path: 'quotes.compare',
    permission: 'quotes.read',
    perOwner: true,
    setup: quoteOf,
    call: (c, _f, _r, s) => c.quotes.compare({ id: s.id, a: 1, b: 1 }),
  }),
  row({
    path: 'quotes.create',
    permission: 'quotes.write',
    perOwner: true,
    setup: dealOf,
    call: (c, _f, _r, s) => c.quotes.create({ opportunityId: s.id, lines: LINES }),
  }),
  row({
    path: 'quotes.update',
    permission: 'quotes.write',
    perOwner: true,
    setup: quoteOf,
    call: (c, _f, _r, s) =>
      c.quotes.update({ id: s.id, versionNo: 1, version: s.version, patch: { terms: '30 天' } }),
  }),
  row({
    path: 'quotes.revise',
    permission: 'quotes.write',
    perOwner: true,
    setup: sentQuoteOf,
    call: (c, _f, _r, s) => c.quotes.revise({ id: s.id, fromVersionNo: 1 }),
  }),
  row({
    path: 'quotes.send',
    permission: 'quotes.write',
    perOwner: true,
    setup: quoteOf,
    call: (c, _f, _r, s) => c.quotes.send({ id: s.id, versionNo: 1, version: s.version }),
  }),
  row({
    path: 'quotes.accept',
    permission: 'quotes.decide',
    perOwner: true,
    setup: sentQuoteOf,
    call: (c, _f, _r, s) => c.quotes.accept({ id: s.id, versionNo: 1, version: s.version }),
  }),
  row({
    path: 'quotes.reject',
    permission: 'quotes.decide',
    perOwner: true,
    setup: sentQuoteOf,
    call: (c, _f, _r, s) =>
      c.quotes.reject({ id: s.id, versionNo: 1, version: s.version, reason: '太贵' }),
  }),
];

const orderRows: Row[] = [
  row({
    path: 'orders.list',
    permission: 'orders.read',
    perOwner: true,
    setup: (f, r, o) => orderOf(f, r, o),
    call: (c, _f, r, s) =>
      listed(
        c.orders.list({ partnerId: r!.partner.id }).then((p) => p.items.map((x) => x.id)),
        s.id,
      ),
  }),
  row({
    path: 'orders.get',
    permission: 'orders.read',
    perOwner: true,
    setup: (f, r, o) => orderOf(f, r, o),
    call: (c, _f, _r, s) => c.orders.get({ id: s.id }),
  }),
  row({
    path: 'orders.create',
    permission: 'orders.write',
    perOwner: true,
    call: (c, f, r) =>
      c.orders.create({ partnerId: r!.partner.id, title: `New ${f.uniq()}`, lines: LINES }),
  }),
  row({
    path: 'orders.createFromQuote',
    permission: 'orders.write',
    perOwner: true,
    setup: async (f, r, o) => {
      const q = await sentQuoteOf(f, r, o);
      return f.admin.quotes.accept({ id: q.id, versionNo: 1, version: q.version });
    },
    call: (c, _f, _r, s) => c.orders.createFromQuote({ quoteId: s.id }),
  }),
  row({
    path: 'orders.update',
    permission: 'orders.write',
    perOwner: true,
    setup: (f, r, o) => orderOf(f, r, o),
    call: (c, _f, _r, s) =>
      c.orders.update({ id: s.id, version: s.version, patch: { terms: '货到付款' } }),
  }),
  row({
    path: 'orders.submit',
    permission: 'orders.write',
    perOwner: true,
    setup: (f, r, o) => orderOf(f, r, o),
    call: (c, _f, _r, s) => c.orders.submit({ id: s.id, version: s.version }),
  }),
  row({
    path: 'orders.approve',
    permission: 'orders.approve',
    perOwner: true,
    setup: submittedOf,
    call: (c, _f, _r, s) => c.orders.approve({ id: s.id, version: s.version }),
  }),
  row({
    path: 'orders.reject',
    permission: 'orders.approve',
    perOwner: true,
    setup: submittedOf,
    call: (c, _f, _r, s) => c.orders.reject({ id: s.id, version: s.version, comment: '不行' }),
  }),
  row({
    path: 'orders.cancel',
    permission: 'orders.write',
    perOwner: true,
    setup: (f, r, o) => orderOf(f, r, o),
    call: (c, _f, _r, s) => c.orders.cancel({ id: s.id, version: s.version, reason: '取消' }),
  }),
  row({
    path: 'orders.amend',
    permission: 'orders.write',
    perOwner: true,
    setup: async (f, r, o) => {
      const d = await orderOf(f, r, o);
      // Within the owner's limit: the submit approves it.
      return (await f.as(o!)).orders.submit({ id: d.id, version: d.version });
    },
    call: (c, _f, _r, s) => c.orders.amend({ id: s.id, version: s.version }),
  }),
  row({
    path: 'orders.discountLimits.get',
    permission: 'orders.read',
    perOwner: false,
    call: (c) => c.orders.discountLimits.get({}),
  }),
  row({
    path: 'orders.discountLimits.set',
    permission: 'orders.configure',
    perOwner: false,
    call: (c) => c.orders.discountLimits.set({ role: 'finance', maxDiscountBp: 0 }),
  }),
];

export const quotesOrdersRows: Row[] = [...quoteRows, ...orderRows];

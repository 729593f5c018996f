// The Receipts dataset (收款单) of the Excel link: an entry sheet for a day's bank receipts. A
// typed row is recorded by recordReceiptTx exactly as a row of receipts.recordBatch (checked
// partner, currency, oldest-first allocation), with an idempotency key derived from the row's
// `new:<uuid>` key: a push retried, with the same batch or a new one, in sequence or at once,
// finds the receipt the first attempt recorded and never records a second. A recorded receipt
// is not changed from a sheet (its money is allocated); only new rows are written. A voided
// receipt leaves the sheet: pull skips it and changes reports it as removed (it is in reach but
// no longer matches).
import { z } from 'zod';
import { day, id } from '../../../core/schemas/common.ts';
import { receiptInput } from '../../../core/schemas/receipts.ts';
import { toInt } from '../../db/rows.ts';
import { forbidden, isUniqueViolation } from '../../trpc/errors.ts';
import { actorOf } from '../../trpc/context.ts';
import { str } from '../opportunity-parts.ts';
import { recordReceiptTx } from '../receipts.ts';
import { activeReceipts } from '../receipts-read.ts';
import type { Trx } from '../tx.ts';
import { resolveCustomer } from './customers.ts';
import { checkedInput, type Canon, type ColumnSpec, type SyncEntity } from './entity.ts';

const text = (zh: string, en: string) => ({ 'zh-CN': zh, en });

const COLUMNS: ColumnSpec[] = [
  { id: 'number', type: 'text', system: true, label: text('收款单号', 'Number') },
  { id: 'customer', type: 'lookup', required: true, label: text('客户', 'Customer') },
  { id: 'date', type: 'date', required: true, label: text('收款日期', 'Date') },
  {
    id: 'amount',
    type: 'money',
    required: true,
    currencyColumn: 'currency',
    label: text('金额', 'Amount'),
  },
  {
    id: 'currency',
    type: 'enum',
    enum: 'currencies',
    required: true,
    label: text('币种', 'Currency'),
  },
  {
    id: 'method',
    type: 'enum',
    enum: 'receiptMethods',
    required: true,
    label: text('收款方式', 'Method'),
  },
  { id: 'reference', type: 'text', maxLength: 100, label: text('银行流水号', 'Reference') },
  { id: 'note', type: 'text', maxLength: 2000, label: text('备注', 'Note') },
  {
    id: 'unallocated',
    type: 'money',
    system: true,
    currencyColumn: 'currency',
    label: text('预收余额', 'On account'),
  },
  { id: 'owner', type: 'enum', enum: 'users', system: true, label: text('负责人', 'Owner') },
  { id: 'createdAt', type: 'datetime', system: true, label: text('录入时间', 'Entered at') },
  {
    id: 'createdBy',
    type: 'enum',
    enum: 'users',
    system: true,
    label: text('录入人', 'Entered by'),
  },
];

const idLike = z.union([
  id,
  z
    .string()
    .regex(/^[1-9]\d{0,14}$/)
    .transform(Number),
]);
const filter = z.strictObject({
  customer: idLike.optional(),
  from: day.optional(),
  to: day.optional(),
});
type Filter = z.infer<typeof filter>;

/** The receipt's idempotency key: the sheet row's key, per user (at most 100 characters). */
const receiptKeyOf = (userId: number, rowKey: string) => `xl:${userId}:${rowKey}`;

export const receiptsDataset: SyncEntity<Filter> = {
  name: 'receipts',
  keyPrefix: 'r',
  label: text('收款单', 'Receipts'),
  table: 'receipts',
  read: 'receipts.read',
  writes: ['receipts.record'],
  create: 'receipts.record',
  remove: null,
  updatable: false,
  columns: COLUMNS,
  filters: [
    { id: 'customer', type: 'text', label: text('客户', 'Customer') },
    { id: 'from', type: 'date', label: text('日期起', 'From') },
    { id: 'to', type: 'date', label: text('日期止', 'To') },
  ],
  filter,

  lockedColumns: (grants) =>
    new Set(grants.has('receipts.record') ? [] : COLUMNS.filter((c) => !c.system).map((c) => c.id)),

  rows(db, vis, f) {
    const q = db('receipts as r')
      .join('partners as p', 'p.id', 'r.partner_id')
      .whereNull('r.deleted_at')
      .where(activeReceipts('r'))
      .where(vis.owner('r.owner_id'))
      .select('r.*', 'p.name as partner_name');
    if (f.customer) q.where('r.partner_id', f.customer);
    if (f.from) q.where('r.receipt_date', '>=', f.from);
    if (f.to) q.where('r.receipt_date', '<=', f.to);
    return q;
  },
  reach: (db, vis) => db('receipts as r').where(vis.owner('r.owner_id')),
  idColumn: 'r.id',
  updatedColumn: 'r.updated_at',

  canonical(r) {
    const idText = (v: unknown) => (v === null || v === undefined ? null : String(toInt(v)));
    return {
      number: String(r.number),
      customer: idText(r.partner_id),
      date: String(r.receipt_date),
      amount: toInt(r.amount),
      currency: String(r.currency),
      method: String(r.method),
      reference: str(r.reference),
      note: str(r.note),
      unallocated: toInt(r.unallocated),
      owner: idText(r.owner_id),
      createdAt: String(r.created_at),
      createdBy: idText(r.created_by),
    } satisfies Record<(typeof COLUMNS)[number]['id'], Canon>;
  },
  lookupTexts: (r) => ({ customer: str(r.partner_name) }),
  resolveLookup: (trx, grants, _column, label) =>
    resolveCustomer(trx, grants.need('receipts.record').vis, label),

  async insert(trx, grants, values, key) {
    const g = grants.need('receipts.record');
    const input = checkedInput(receiptInput, {
      partnerId: Number(values.customer),
      date: values.date,
      amount: values.amount,
      currency: values.currency,
      method: values.method,
      ...(values.reference ? { reference: values.reference } : {}),
      ...(values.note ? { note: values.note } : {}),
      idempotencyKey: receiptKeyOf(g.ctx.identity.user.id, key),
      allocations: 'oldest-first',
    });
    const record = (t: Trx) => recordReceiptTx(t, actorOf(g.ctx), g.vis, input, null);
    try {
      // In a savepoint: a concurrent push of the same row commits the key first and this insert
      // fails on the key's unique index; run again, it finds that receipt and replays it.
      return (await trx.transaction((sp) => record(sp))).receipt.id;
    } catch (err) {
      if (!isUniqueViolation(err)) throw err;
      return (await record(trx)).receipt.id;
    }
  },

  update() {
    throw forbidden('a recorded receipt is not changed from a sheet; correct it in Lodestone');
  },

  errorFields: { partnerId: 'customer', date: 'date', idempotencyKey: 'customer' },
};

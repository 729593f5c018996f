// The Installments dataset (回款计划明细 / receivables) of the Excel link: one row per live
// installment of a live order's payment plan. Due date, amount and note (the installment's
// label) are edited through updatePaymentPlanTx, so a paid or partly paid installment stays
// locked exactly as in the plan editor, and the plan still sums to its total: a changed amount
// is balanced by the plan's last other unpaid installment.
import { TRPCError } from '@trpc/server';
import { z } from 'zod';
import { day, id } from '../../../core/schemas/common.ts';
import { paymentPlanUpdateInput } from '../../../core/schemas/payment-plans.ts';
import { daysOverdue, installmentStatus, outstandingOf } from '../../../core/receivables/index.ts';
import { toInt } from '../../db/rows.ts';
import { fieldIssues, forbidden, invalidField } from '../../trpc/errors.ts';
import { actorOf } from '../../trpc/context.ts';
import { str } from '../opportunity-parts.ts';
import { updatePaymentPlanTx } from '../payment-plans.ts';
import { asOfDay, ofLiveOrders } from '../receivables-shared.ts';
import type { Trx } from '../tx.ts';
import {
  checkedInput,
  type Canon,
  type CanonRow,
  type ColumnSpec,
  type DbRow,
  type SyncEntity,
} from './entity.ts';

const text = (zh: string, en: string) => ({ 'zh-CN': zh, en });

const COLUMNS: ColumnSpec[] = [
  { id: 'order', type: 'text', system: true, label: text('订单', 'Order') },
  { id: 'customer', type: 'text', system: true, label: text('客户', 'Customer') },
  { id: 'seq', type: 'integer', system: true, label: text('期次', 'No.') },
  { id: 'dueDate', type: 'date', required: true, label: text('到期日', 'Due date') },
  {
    id: 'amount',
    type: 'money',
    required: true,
    currencyColumn: 'currency',
    label: text('应收金额', 'Amount'),
  },
  {
    id: 'currency',
    type: 'enum',
    enum: 'currencies',
    system: true,
    label: text('币种', 'Currency'),
  },
  { id: 'note', type: 'text', maxLength: 100, label: text('说明', 'Note') },
  {
    id: 'paidAmount',
    type: 'money',
    system: true,
    currencyColumn: 'currency',
    label: text('已收金额', 'Paid'),
  },
  {
    id: 'outstanding',
    type: 'money',
    system: true,
    currencyColumn: 'currency',
    label: text('未收金额', 'Outstanding'),
  },
  {
    id: 'status',
    type: 'enum',
    enum: 'installmentStatuses',
    system: true,
    label: text('状态', 'Status'),
  },
  { id: 'daysOverdue', type: 'integer', system: true, label: text('逾期天数', 'Days overdue') },
  { id: 'lastPaidAt', type: 'date', system: true, label: text('最近收款', 'Last paid') },
  { id: 'owner', type: 'enum', enum: 'users', system: true, label: text('负责人', 'Owner') },
  { id: 'updatedAt', type: 'datetime', system: true, label: text('更新时间', 'Updated at') },
  {
    id: 'updatedBy',
    type: 'enum',
    enum: 'users',
    system: true,
    label: text('更新人', 'Updated by'),
  },
];

/** Editable columns → the plan editor's installment fields. */
const FIELDS = { dueDate: 'dueDate', amount: 'amount', note: 'label' } as const;

const idLike = z.union([
  id,
  z
    .string()
    .regex(/^[1-9]\d{0,14}$/)
    .transform(Number),
]);
/** What "receivables" means in the task pane: unpaid (due or overdue), overdue, partly paid. */
const STATES = ['unpaid', 'overdue', 'partly_paid', 'paid'] as const;
const filter = z.strictObject({
  owner: idLike.optional(),
  customer: idLike.optional(),
  state: z.enum(STATES).optional(),
  dueFrom: day.optional(),
  dueTo: day.optional(),
});
type Filter = z.infer<typeof filter>;

/** The plan's live installments as the plan editor lists them. */
const planRows = (trx: Trx, planId: number) =>
  trx('installments')
    .where({ plan_id: planId })
    .whereNull('deleted_at')
    .orderBy('seq')
    .orderBy('id') as Promise<DbRow[]>;

/**
 * The whole edited list updatePaymentPlanTx takes: every installment as stored (amounts fixed),
 * the edited one with its new values, and, when its amount changed, the last other unpaid
 * installment without an amount so it takes what the others leave of the total.
 */
function editedList(rows: DbRow[], target: number, patch: CanonRow) {
  const balancing =
    'amount' in patch
      ? rows.filter((r) => toInt(r.id) !== target && toInt(r.paid_amount) === 0).at(-1)
      : undefined;
  return rows.map((r) => {
    const rid = toInt(r.id);
    const entry = {
      id: rid,
      dueDate: String(r.due_date),
      amount: toInt(r.amount) as number | undefined,
      label: str(r.label),
    };
    if (rid === target) {
      if ('dueDate' in patch) entry.dueDate = String(patch.dueDate ?? '');
      if ('amount' in patch)
        entry.amount = patch.amount === null ? undefined : Number(patch.amount);
      if ('note' in patch) entry.label = patch.note === null ? null : String(patch.note);
    } else if (balancing && rid === toInt(balancing.id)) entry.amount = undefined;
    return entry;
  });
}

/** `installments.2.amount` (the service's field) → the sheet's column. */
function asColumnError(err: unknown): unknown {
  if (!(err instanceof TRPCError) || err.code !== 'BAD_REQUEST') return err;
  const issue = fieldIssues(err.cause)?.[0];
  const name = issue?.field.split('.').at(-1) ?? '';
  const column = Object.entries(FIELDS).find(([, f]) => f === name)?.[0];
  if (!issue || !column) return err;
  const total = issue.field === 'installments' || !/\.\d+\./.test(issue.field);
  return invalidField(
    total ? 'amount' : column,
    issue.rule,
    total ? `${issue.message} (the plan must still sum to its total)` : issue.message,
  );
}

export const installmentsDataset: SyncEntity<Filter> = {
  name: 'installments',
  keyPrefix: 'i',
  label: text('回款计划', 'Installments'),
  table: 'installments',
  read: 'paymentPlans.read',
  writes: ['paymentPlans.write'],
  create: null,
  remove: null,
  columns: COLUMNS,
  filters: [
    { id: 'owner', type: 'enum', enum: 'users', label: text('负责人', 'Owner') },
    { id: 'customer', type: 'text', label: text('客户', 'Customer') },
    { id: 'state', type: 'text', label: text('状态', 'State') },
    { id: 'dueFrom', type: 'date', label: text('到期日起', 'Due from') },
    { id: 'dueTo', type: 'date', label: text('到期日止', 'Due to') },
  ],
  filter,

  lockedColumns: (grants) => new Set(grants.has('paymentPlans.write') ? [] : Object.keys(FIELDS)),

  rows(db, vis, f) {
    const q = db('installments as i')
      .join('orders as o', 'o.id', 'i.order_id')
      .join('partners as p', 'p.id', 'i.partner_id')
      .whereNull('i.deleted_at')
      .where(vis.owner('i.owner_id'))
      .where(ofLiveOrders('i'))
      .select('i.*', 'o.number as order_number', 'p.name as partner_name');
    if (f.owner) q.where('i.owner_id', f.owner);
    if (f.customer) q.where('i.partner_id', f.customer);
    if (f.dueFrom) q.where('i.due_date', '>=', f.dueFrom);
    if (f.dueTo) q.where('i.due_date', '<=', f.dueTo);
    if (f.state === 'unpaid') q.whereNot('i.status', 'paid');
    if (f.state === 'partly_paid' || f.state === 'paid') q.where('i.status', f.state);
    if (f.state === 'overdue')
      q.whereNot('i.status', 'paid').where('i.due_date', '<', asOfDay(undefined));
    return q;
  },
  reach: (db, vis) => db('installments as i').where(vis.owner('i.owner_id')),
  idColumn: 'i.id',
  updatedColumn: 'i.updated_at',

  canonical(r) {
    const idText = (v: unknown) => (v === null || v === undefined ? null : String(toInt(v)));
    const figures = {
      dueDate: String(r.due_date),
      amount: toInt(r.amount),
      paidAmount: toInt(r.paid_amount),
    };
    const today = asOfDay(undefined);
    return {
      order: str(r.order_number),
      customer: str(r.partner_name),
      seq: toInt(r.seq),
      dueDate: figures.dueDate,
      amount: figures.amount,
      currency: String(r.currency),
      note: str(r.label),
      paidAmount: figures.paidAmount,
      outstanding: outstandingOf(figures),
      status: installmentStatus(figures, today),
      daysOverdue: daysOverdue(figures, today),
      lastPaidAt: str(r.last_paid_at),
      owner: idText(r.owner_id),
      updatedAt: String(r.updated_at),
      updatedBy: idText(r.updated_by),
    } satisfies Record<(typeof COLUMNS)[number]['id'], Canon>;
  },

  insert() {
    throw forbidden('installments are added in the payment plan, not typed into a sheet');
  },

  async update(trx, grants, current, patch) {
    const g = grants.need('paymentPlans.write');
    const planId = toInt(current.plan_id);
    const plan = (await trx('payment_plans').where({ id: planId }).first('version')) as DbRow;
    const input = checkedInput(paymentPlanUpdateInput, {
      id: planId,
      version: toInt(plan.version),
      installments: editedList(await planRows(trx, planId), toInt(current.id), patch),
    });
    try {
      await updatePaymentPlanTx(trx, actorOf(g.ctx), g.vis, input);
    } catch (err) {
      throw asColumnError(err);
    }
  },

  errorFields: { dueDate: 'dueDate', amount: 'amount', label: 'note' },
};

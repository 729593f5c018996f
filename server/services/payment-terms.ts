// Payment terms (付款条件): the admin's templates a payment plan is generated from, e.g. 30% on
// signing, 40% at 30 days, 30% at 90 days. One template at most is the default. Plans copy the
// amounts and dates they generate, so changing or archiving a template never changes a plan.
import type { z } from 'zod';
import type {
  PaymentTerms,
  paymentTermsArchiveInput,
  paymentTermsCreateInput,
  paymentTermsListInput,
  paymentTermsUpdateInput,
  TermStep,
} from '../../core/schemas/payment-terms.ts';
import type { Db } from '../db/knex.ts';
import { stampsOf, toBool } from '../db/rows.ts';
import { actorOf } from '../trpc/context.ts';
import { notFound } from '../trpc/errors.ts';
import { audit, diff, type Actor } from './audit.ts';
import { once } from './idempotency.ts';
import { changeAudited, insertAudited, str, type Row } from './opportunity-parts.ts';
import type { ScopedCtx } from './scoped-ctx.ts';
import { writeTx, type Trx } from './tx.ts';
import { assertVersion, softDelete, updateVersioned } from './versioned.ts';

/** The schedule as stored: JSON text of the steps, every key written out. */
function scheduleText(steps: TermStep[]): string {
  return JSON.stringify(
    steps.map((s) => ({ ratio: s.ratio, days: s.days, months: s.months, label: s.label ?? null })),
  );
}

export function mapPaymentTerms(r: Row): PaymentTerms {
  const steps = JSON.parse(String(r.schedule)) as Partial<PaymentTerms['schedule'][number]>[];
  return {
    name: String(r.name),
    nameEn: str(r.name_en),
    schedule: steps.map((s) => ({
      ratio: Number(s.ratio),
      days: Number(s.days ?? 0),
      months: Number(s.months ?? 0),
      label: s.label ?? null,
    })),
    isDefault: toBool(r.is_default),
    active: toBool(r.active),
    ...stampsOf(r),
  };
}

/** Live terms by id, or NOT_FOUND: payment plan generation loads its template through this. */
export async function loadPaymentTerms(db: Db | Trx, id: number): Promise<PaymentTerms> {
  const row = (await db('payment_terms').where({ id }).whereNull('deleted_at').first()) as Row;
  if (!row) throw notFound('Payment terms');
  return mapPaymentTerms(row);
}

/** The active default terms, if an admin marked one. */
export async function loadDefaultPaymentTerms(db: Db | Trx): Promise<PaymentTerms | null> {
  const row = (await db('payment_terms')
    .where({ is_default: true, active: true })
    .whereNull('deleted_at')
    .orderBy('id')
    .first()) as Row | undefined;
  return row ? mapPaymentTerms(row) : null;
}

export async function listPaymentTerms(
  ctx: ScopedCtx,
  input: z.infer<typeof paymentTermsListInput>,
) {
  const q = ctx
    .db('payment_terms')
    .whereNull('deleted_at')
    .orderBy([{ column: 'is_default', order: 'desc' }, 'name', 'id']);
  if (!input.includeInactive) q.where({ active: true });
  return { items: ((await q) as Row[]).map(mapPaymentTerms) };
}

/** One default: making terms the default takes the flag from the others (audited). */
async function clearDefault(trx: Trx, actor: Actor, exceptId: number) {
  const others = (await trx('payment_terms')
    .where({ is_default: true })
    .whereNull('deleted_at')
    .whereNot({ id: exceptId })) as Row[];
  for (const o of others)
    await changeAudited(trx, actor, 'payment_terms', o, { is_default: false }, 'Payment terms');
}

type TermsFields = Omit<z.infer<typeof paymentTermsCreateInput>, 'idempotencyKey'>;

/** Inserts terms in the caller's transaction (paymentTerms.create and the demo seed). */
export async function insertPaymentTerms(trx: Trx, actor: Actor, fields: TermsFields) {
  const id = await insertAudited(trx, actor, 'payment_terms', {
    name: fields.name,
    name_en: fields.nameEn ?? null,
    schedule: scheduleText(fields.schedule),
    is_default: fields.isDefault,
    active: fields.active,
  });
  if (fields.isDefault) await clearDefault(trx, actor, id);
  return loadPaymentTerms(trx, id);
}

export async function createPaymentTerms(
  ctx: ScopedCtx,
  input: z.infer<typeof paymentTermsCreateInput>,
) {
  const { idempotencyKey, ...fields } = input;
  return writeTx(ctx.db, (trx) =>
    once(trx, ctx.identity.user.id, idempotencyKey, 'paymentTerms.create', fields, () =>
      insertPaymentTerms(trx, actorOf(ctx), fields),
    ),
  );
}

export async function updatePaymentTerms(
  ctx: ScopedCtx,
  input: z.infer<typeof paymentTermsUpdateInput>,
) {
  const actor = actorOf(ctx);
  const p = input.patch;
  return writeTx(ctx.db, async (trx) => {
    const before = (await trx('payment_terms')
      .where({ id: input.id })
      .whereNull('deleted_at')
      .first()) as Row;
    if (!before) throw notFound('Payment terms');
    assertVersion(before, input.version, 'Payment terms');
    const values: Row = {};
    if (p.name !== undefined) values.name = p.name;
    if (p.nameEn !== undefined) values.name_en = p.nameEn;
    if (p.schedule !== undefined) values.schedule = scheduleText(p.schedule);
    if (p.isDefault !== undefined) values.is_default = p.isDefault;
    if (p.active !== undefined) values.active = p.active;
    const changes = diff(before, values);
    if (Object.keys(changes).length === 0) return mapPaymentTerms(before);
    if (p.isDefault) await clearDefault(trx, actor, input.id);
    await updateVersioned(
      trx,
      'payment_terms',
      input.id,
      input.version,
      values,
      actor,
      'Payment terms',
    );
    await audit(trx, actor, 'payment_terms', input.id, 'update', changes);
    return loadPaymentTerms(trx, input.id);
  });
}

export async function archivePaymentTerms(
  ctx: ScopedCtx,
  input: z.infer<typeof paymentTermsArchiveInput>,
) {
  const actor = actorOf(ctx);
  return writeTx(ctx.db, async (trx) => {
    const before = await trx('payment_terms')
      .where({ id: input.id })
      .whereNull('deleted_at')
      .first();
    if (!before) throw notFound('Payment terms');
    assertVersion(before as Row, input.version, 'Payment terms');
    const at = await softDelete(
      trx,
      actor,
      'payment_terms',
      input.id,
      input.version,
      'Payment terms',
    );
    return { id: input.id, version: input.version + 1, archivedAt: at };
  });
}

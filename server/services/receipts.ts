// Receipts (收款单): recording money received, one at a time or a day's bank statement at once,
// and applying what is on account later. A receipt carries an idempotency key (unique): a retry,
// sequential or concurrent, finds the receipt the first attempt recorded and returns it.
import { randomUUID } from 'node:crypto';
import { TRPCError } from '@trpc/server';
import type { z } from 'zod';
import {
  allocateOldestFirst,
  checkAllocations,
  type AllocationResult,
} from '../../core/receivables/index.ts';
import type {
  Receipt,
  ReceiptBatchResult,
  ReceiptBatchRow,
  receiptBatchInput,
  ReceiptDetail,
  ReceiptInput,
  receiptAllocateInput,
} from '../../core/schemas/receipts.ts';
import type { Db } from '../db/knex.ts';
import { toInt, toIntOrNull } from '../db/rows.ts';
import { visibility, type Visibility } from '../auth/scope.ts';
import { actorOf } from '../trpc/context.ts';
import {
  FieldValidationError,
  fieldIssues,
  invalidField,
  isUniqueViolation,
  type FieldIssue,
} from '../trpc/errors.ts';
import { audit, type Actor } from './audit.ts';
import { loadVisiblePartner } from './partners.ts';
import { applyAllocations } from './receipts-allocation.ts';
import {
  loadVisibleReceipt,
  mapReceipt,
  reachesReceipt,
  receiptDetail,
  receiptNumber,
} from './receipts-read.ts';
import { applyRules, openInstallmentsOf, type Row } from './receivables-shared.ts';
import type { ScopedCtx } from './scoped-ctx.ts';
import { writeTx, type Trx } from './tx.ts';
import { assertVersion, createStamps, updateVersioned } from './versioned.ts';

export interface RecordOutcome {
  receipt: Receipt;
  /** The key had recorded this receipt before: nothing was written. */
  replayed: boolean;
}

/** Currency codes already checked in this call (a batch names the same few thousands of times). */
export type CurrencyMemo = Map<string, boolean>;

async function assertCurrency(trx: Trx, code: string, memo: CurrencyMemo): Promise<void> {
  let known = memo.get(code);
  if (known === undefined) {
    known = Boolean(await trx('currencies').where({ code }).first('code'));
    memo.set(code, known);
  }
  if (!known) throw invalidField('currency', 'exists', 'is not a known currency');
}

/** The receipt a key recorded, replayed only for the same money: same partner, day, amount, currency, method, reference. */
function replay(row: Row, input: ReceiptInput, vis: Visibility): RecordOutcome {
  const same =
    toInt(row.partner_id) === input.partnerId &&
    String(row.receipt_date) === input.date &&
    toInt(row.amount) === input.amount &&
    String(row.currency) === input.currency &&
    String(row.method) === input.method &&
    (row.reference ?? null) === (input.reference ?? null);
  if (!same || !reachesReceipt(vis, toIntOrNull(row.owner_id))) {
    throw new TRPCError({
      code: 'UNPROCESSABLE_CONTENT',
      message: 'idempotencyKey: this key was already used for a different receipt',
    });
  }
  return { receipt: mapReceipt(row), replayed: true };
}

/**
 * Records one receipt in the caller's transaction. Everything is checked before the first write
 * (so a refused row of an all-or-nothing batch leaves nothing behind): the key, the partner in
 * the caller's scope, the currency, and the allocations against the partner's unpaid
 * installments in that currency, locked for the rest of the transaction.
 */
export async function recordReceiptTx(
  trx: Trx,
  actor: Actor,
  vis: Visibility,
  input: ReceiptInput,
  batchId: string | null,
  currencies: CurrencyMemo = new Map(),
): Promise<RecordOutcome> {
  const seen = (await trx('receipts as r')
    .join('partners as p', 'p.id', 'r.partner_id')
    .where('r.idempotency_key', input.idempotencyKey)
    .first('r.*', 'p.name as partner_name')) as Row | undefined;
  if (seen) return replay(seen, input, vis);
  const partner = await loadVisiblePartner(trx, vis, input.partnerId);
  await assertCurrency(trx, input.currency, currencies);
  const open =
    input.allocations === 'none'
      ? []
      : await openInstallmentsOf(trx, vis, input.partnerId, input.currency);
  const choice = input.allocations;
  const result: AllocationResult =
    choice === 'none'
      ? { allocations: [], unallocated: input.amount }
      : choice === 'oldest-first'
        ? allocateOldestFirst(input.amount, open)
        : applyRules(() => checkAllocations(input.amount, input.currency, choice, open));

  const at = new Date().toISOString();
  const values = {
    partner_id: input.partnerId,
    owner_id: toIntOrNull(partner.owner_id),
    team_id: toIntOrNull(partner.team_id),
    receipt_date: input.date,
    currency: input.currency,
    amount: input.amount,
    unallocated: result.unallocated,
    method: input.method,
    reference: input.reference ?? null,
    idempotency_key: input.idempotencyKey,
    batch_id: batchId,
    note: input.note ?? null,
  };
  const [inserted] = await trx('receipts')
    .insert({ ...createStamps(actor, at), ...values, number: `~${randomUUID()}`.slice(0, 32) })
    .returning('id');
  const id = toInt((inserted as Row).id);
  const number = receiptNumber(id);
  await trx('receipts').where({ id }).update({ number });
  await applyAllocations(trx, actor, { id, date: input.date }, result.allocations, open, at);
  await audit(
    trx,
    actor,
    'receipts',
    id,
    'create',
    {
      number: { old: null, new: number },
      ...Object.fromEntries(
        Object.entries(values)
          .filter(([, v]) => v !== null)
          .map(([k, v]) => [k, { old: null, new: v }]),
      ),
    },
    at,
  );
  return {
    receipt: mapReceipt({
      ...values,
      ...createStamps(actor, at),
      id,
      number,
      partner_name: partner.name,
    }),
    replayed: false,
  };
}

/**
 * One receipt in a transaction of its own. A concurrent retry of the same key waits on the key's
 * unique index and then fails; run again, it finds the receipt the other attempt committed.
 */
async function recordOne(
  db: Db,
  actor: Actor,
  vis: Visibility,
  input: ReceiptInput,
  batchId: string | null,
  currencies: CurrencyMemo,
): Promise<RecordOutcome> {
  const attempt = () =>
    writeTx(db, (trx) => recordReceiptTx(trx, actor, vis, input, batchId, currencies));
  try {
    return await attempt();
  } catch (err) {
    if (isUniqueViolation(err)) return attempt();
    throw err;
  }
}

export async function recordReceipt(
  ctx: ScopedCtx,
  input: ReceiptInput,
): Promise<ReceiptDetail & { replayed: boolean }> {
  const vis = await visibility(ctx);
  const outcome = await recordOne(ctx.db, actorOf(ctx), vis, input, null, new Map());
  const row = await loadVisibleReceipt(ctx.db, vis, outcome.receipt.id);
  return { ...(await receiptDetail(ctx.db, row)), replayed: outcome.replayed };
}

/** A refused row's answer: the code, the sentence, and field issues relative to the row. */
function rowError(err: TRPCError): Extract<ReceiptBatchRow, { ok: false }>['error'] {
  const issues = err.code === 'BAD_REQUEST' ? fieldIssues(err.cause) : null;
  return { code: err.code, message: err.message, ...(issues ? { issues } : {}) };
}

/** The row's refusal as field issues of the whole batch (`receipts.3.amount`). */
function batchIssues(index: number, err: TRPCError): FieldIssue[] {
  const at = `receipts.${index}`;
  const issues = err.code === 'BAD_REQUEST' ? fieldIssues(err.cause) : null;
  if (issues) return issues.map((i) => ({ ...i, field: `${at}.${i.field}` }));
  const field = err.code === 'NOT_FOUND' ? `${at}.partnerId` : at;
  return [{ field, rule: err.code.toLowerCase(), message: err.message }];
}

function summarize(
  batchId: string | null,
  atomic: boolean,
  rows: ReceiptBatchRow[],
): ReceiptBatchResult {
  const ok = rows.filter((r) => r.ok);
  return {
    batchId,
    atomic,
    recorded: ok.filter((r) => !r.replayed).length,
    replayed: ok.filter((r) => r.replayed).length,
    failed: rows.length - ok.length,
    rows,
  };
}

/**
 * A day's bank statement. By default each row is checked and committed on its own and answered
 * in `rows` (a refused row does not stop the others). With `atomic`, all rows commit together or
 * none does: every refused row is reported, as field issues `receipts.N.…`, and nothing is
 * recorded. Either way a retried row (same key) is replayed, never recorded twice.
 */
export async function recordReceiptBatch(
  ctx: ScopedCtx,
  input: z.infer<typeof receiptBatchInput>,
): Promise<ReceiptBatchResult> {
  const vis = await visibility(ctx);
  const actor = actorOf(ctx);
  const batchId = input.batchId ?? null;
  const currencies: CurrencyMemo = new Map();
  if (!input.atomic) {
    const rows: ReceiptBatchRow[] = [];
    for (const [index, receipt] of input.receipts.entries()) {
      try {
        const outcome = await recordOne(ctx.db, actor, vis, receipt, batchId, currencies);
        rows.push({ index, ok: true, ...outcome });
      } catch (err) {
        if (!(err instanceof TRPCError) || err.code === 'SERVICE_UNAVAILABLE') throw err;
        rows.push({ index, ok: false, error: rowError(err) });
      }
    }
    return summarize(batchId, false, rows);
  }
  const all = () =>
    writeTx(ctx.db, async (trx) => {
      const rows: ReceiptBatchRow[] = [];
      const issues: FieldIssue[] = [];
      for (const [index, receipt] of input.receipts.entries()) {
        try {
          const outcome = await recordReceiptTx(trx, actor, vis, receipt, batchId, currencies);
          rows.push({ index, ok: true, ...outcome });
        } catch (err) {
          if (!(err instanceof TRPCError)) throw err;
          issues.push(...batchIssues(index, err));
        }
      }
      if (issues.length) {
        throw new TRPCError({
          code: 'BAD_REQUEST',
          message: `${issues.length} receipt(s) refused; nothing was recorded`,
          cause: new FieldValidationError(
            issues.map((i) => ({ code: i.rule, path: i.field.split('.'), message: i.message })),
          ),
        });
      }
      return summarize(batchId, true, rows);
    });
  try {
    return await all();
  } catch (err) {
    // A concurrent retry of the same batch: once the other commits, every row replays.
    if (isUniqueViolation(err)) return all();
    throw err;
  }
}

/**
 * Applies what a receipt has on account (预收), to chosen installments or oldest-first, in the
 * caller's transaction.
 */
export async function allocateReceiptTx(
  trx: Trx,
  actor: Actor,
  vis: Visibility,
  input: z.infer<typeof receiptAllocateInput>,
): Promise<void> {
  const receipt = await loadVisibleReceipt(trx, vis, input.receiptId);
  if (receipt.voided_at) {
    throw invalidField('receiptId', 'voided', 'a voided receipt has nothing to allocate');
  }
  assertVersion(receipt, input.version, 'Receipt');
  const available = toInt(receipt.unallocated);
  const currency = String(receipt.currency);
  if (available === 0) {
    throw invalidField('receiptId', 'on_account', 'nothing of this receipt is left on account');
  }
  const open = await openInstallmentsOf(trx, vis, toInt(receipt.partner_id), currency);
  const choice = input.allocations;
  const result =
    choice === 'oldest-first'
      ? allocateOldestFirst(available, open)
      : applyRules(() => checkAllocations(available, currency, choice, open));
  if (result.allocations.length === 0) {
    throw invalidField(
      'allocations',
      'open',
      `the partner has no unpaid installments in ${currency} to apply this to`,
    );
  }
  const at = new Date().toISOString();
  const id = toInt(receipt.id);
  await applyAllocations(
    trx,
    actor,
    { id, date: String(receipt.receipt_date) },
    result.allocations,
    open,
    at,
  );
  await updateVersioned(
    trx,
    'receipts',
    id,
    input.version,
    { unallocated: result.unallocated },
    actor,
    'Receipt',
  );
  await audit(
    trx,
    actor,
    'receipts',
    id,
    'allocate',
    { unallocated: { old: available, new: result.unallocated } },
    at,
  );
}

/**
 * A change to one receipt in one transaction, then the receipt as the caller sees it now: the
 * shape every receipt write after recording shares (allocate, void, unallocate, reallocate).
 */
export async function writeReceipt(
  ctx: ScopedCtx,
  receiptId: number,
  write: (trx: Trx, actor: Actor, vis: Visibility) => Promise<unknown>,
): Promise<ReceiptDetail> {
  const vis = await visibility(ctx);
  await writeTx(ctx.db, (trx) => write(trx, actorOf(ctx), vis));
  return receiptDetail(ctx.db, await loadVisibleReceipt(ctx.db, vis, receiptId));
}

export function allocateReceipt(
  ctx: ScopedCtx,
  input: z.infer<typeof receiptAllocateInput>,
): Promise<ReceiptDetail> {
  return writeReceipt(ctx, input.receiptId, (trx, actor, vis) =>
    allocateReceiptTx(trx, actor, vis, input),
  );
}

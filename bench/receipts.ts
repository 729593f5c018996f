// npx tsx bench/receipts.ts [--db sqlite|postgres] [--receipts N] [--rounds N]
//
// receipts.recordBatch of N receipts (a day's bank statement, default 10,000) in one tRPC call
// over HTTP, as the finance user with a personal token, against the same inserts and updates
// written by hand in one raw transaction on the same knex instance, in the same run: per receipt
// the receipt row and its number, the allocation, the installment's paid amount and status, and
// the audit rows the service writes. The tRPC call runs per-row commits (the default) and
// `atomic: true`. Each line pays off its own, identical set of installments (N / 4 customers with
// five installments each; receipt k pays customer k mod N/4 oldest-first). Prints receipts per
// second and the ratio to the raw line; exits non-zero if the lines disagree on what was paid.
import http from 'node:http';
import { seedDemo } from '../server/db/seeds/index.ts';
import { DEMO_USERS } from '../server/db/seeds/demo-company.ts';
import { insertReturningIds } from '../server/db/seeds/bulk.ts';
import { startServer } from '../server/http/server.ts';
import { createTokenFromCli } from '../server/cli/commands/token.ts';
import type { Db } from '../server/db/knex.ts';
import { countOf, toInt } from '../server/db/rows.ts';
import { audit } from '../server/services/audit.ts';
import { receiptNumber } from '../server/services/receipts-read.ts';
import type { ReceiptBatchResult } from '../core/schemas/receipts.ts';
import { addDays } from '../core/receivables/index.ts';
import { createBenchDatabase } from './database.ts';
import { median } from './load.ts';
import { benchOptions } from './options.ts';

const { kind, size: count, rounds } = benchOptions('receipts', '10000');

const INSTALLMENTS_PER_CUSTOMER = 5;
const RECEIPTS_PER_CUSTOMER = 4;
const ORDER_DATE = '2026-06-01';
const RECEIPT_DATE = '2026-11-20';

type Line = 'raw' | 'per-row' | 'atomic';
const LINES: Line[] = ['raw', 'per-row', 'atomic'];
const LABELS: Record<Line, string> = {
  raw: 'raw SQL, one transaction',
  'per-row': 'tRPC receipts.recordBatch (per-row commits)',
  atomic: 'tRPC receipts.recordBatch (atomic: true)',
};

interface Book {
  tag: string;
  partners: number[];
  /** Installment ids per customer, in due order, and their amounts. */
  installments: { id: number; amount: number }[][];
}

/** Customers with one approved order each and its plan of five installments, inserted in bulk. */
async function book(db: Db, tag: string, customers: number, ownerId: number): Promise<Book> {
  const at = new Date().toISOString();
  const stamps = { version: 1, created_at: at, updated_at: at };
  return db.transaction(async (trx) => {
    const partners = await insertReturningIds(
      trx,
      'partners',
      Array.from({ length: customers }, (_, n) => ({
        ...stamps,
        code: `B${tag}${n}`,
        name: `Bench ${tag} ${n}`,
        kind: 'customer',
        owner_id: ownerId,
      })),
    );
    const amountOf = (n: number, seq: number) => 1_000_00 + n * 10 + seq;
    const totals = partners.map((_, n) =>
      Array.from({ length: INSTALLMENTS_PER_CUSTOMER }, (_, s) => amountOf(n, s)).reduce(
        (a, b) => a + b,
      ),
    );
    const orders = await insertReturningIds(
      trx,
      'orders',
      partners.map((partnerId, n) => ({
        ...stamps,
        number: `SO-${tag}-${n}`,
        title: 'Bench',
        partner_id: partnerId,
        owner_id: ownerId,
        order_date: ORDER_DATE,
        status: 'approved',
        currency: 'CNY',
        net: totals[n],
        gross: totals[n],
        subtotal: totals[n],
      })),
    );
    const plans = await insertReturningIds(
      trx,
      'payment_plans',
      orders.map((orderId, n) => ({
        ...stamps,
        order_id: orderId,
        partner_id: partners[n],
        owner_id: ownerId,
        currency: 'CNY',
        total: totals[n],
      })),
    );
    const rows = plans.flatMap((planId, n) =>
      Array.from({ length: INSTALLMENTS_PER_CUSTOMER }, (_, s) => ({
        ...stamps,
        plan_id: planId,
        order_id: orders[n],
        partner_id: partners[n],
        owner_id: ownerId,
        seq: s + 1,
        due_date: addDays(ORDER_DATE, 30 * (s + 1)),
        currency: 'CNY',
        amount: amountOf(n, s),
        paid_amount: 0,
        status: 'open',
      })),
    );
    const ids = await insertReturningIds(trx, 'installments', rows);
    return {
      tag,
      partners,
      installments: partners.map((_, n) =>
        Array.from({ length: INSTALLMENTS_PER_CUSTOMER }, (_, s) => ({
          id: ids[n * INSTALLMENTS_PER_CUSTOMER + s]!,
          amount: amountOf(n, s),
        })),
      ),
    };
  });
}

/** Receipt k pays customer k mod C its next installment in full. */
function statement(b: Book) {
  const c = b.partners.length;
  return Array.from({ length: count }, (_, k) => {
    const n = k % c;
    const seq = Math.floor(k / c);
    return {
      partnerId: b.partners[n]!,
      installment: b.installments[n]![seq]!,
      input: {
        partnerId: b.partners[n]!,
        date: RECEIPT_DATE,
        amount: b.installments[n]![seq]!.amount,
        currency: 'CNY',
        method: 'bank_transfer' as const,
        reference: `BOC${b.tag}${k}`,
        idempotencyKey: `bench-${b.tag}-${k}`,
      },
    };
  });
}

/** The same writes recordBatch makes, by hand, in one transaction: no lookups, no checks. */
async function raw(db: Db, b: Book, ownerId: number, batchId: string): Promise<void> {
  const actor = { userId: null, requestId: 'bench:raw' };
  await db.transaction(async (trx) => {
    for (const { input, installment } of statement(b)) {
      const at = new Date().toISOString();
      const values = {
        partner_id: input.partnerId,
        owner_id: ownerId,
        team_id: null,
        receipt_date: input.date,
        currency: input.currency,
        amount: input.amount,
        unallocated: 0,
        method: input.method,
        reference: input.reference,
        idempotency_key: input.idempotencyKey,
        batch_id: batchId,
        note: null,
      };
      const [row] = await trx('receipts')
        .insert({
          version: 1,
          created_at: at,
          updated_at: at,
          ...values,
          number: `~${input.idempotencyKey}`.slice(0, 32),
        })
        .returning('id');
      const id = toInt((row as { id: unknown }).id);
      const number = receiptNumber(id);
      await trx('receipts').where({ id }).update({ number });
      await trx('receipt_allocations').insert({
        receipt_id: id,
        installment_id: installment.id,
        amount: installment.amount,
        created_at: at,
      });
      await trx('installments')
        .where({ id: installment.id })
        .update({
          paid_amount: installment.amount,
          status: 'paid',
          last_paid_at: input.date,
          version: trx.raw('version + 1'),
          updated_at: at,
        });
      await audit(trx, actor, 'installments', installment.id, 'allocate', {
        paid_amount: { old: 0, new: installment.amount },
        status: { old: 'open', new: 'paid' },
        receipt_id: { old: null, new: id },
      });
      await audit(trx, actor, 'receipts', id, 'create', {
        number: { old: null, new: number },
        ...Object.fromEntries(
          Object.entries(values)
            .filter(([, v]) => v !== null)
            .map(([k, v]) => [k, { old: null, new: v }]),
        ),
      });
    }
  });
}

function post(
  url: string,
  token: string,
  body: unknown,
): Promise<{ status: number; text: string }> {
  const data = Buffer.from(JSON.stringify(body));
  return new Promise((resolve, reject) => {
    const req = http.request(
      url,
      {
        method: 'POST',
        headers: {
          authorization: `Bearer ${token}`,
          'content-type': 'application/json',
          'content-length': data.length,
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString() }),
        );
      },
    );
    req.on('error', reject);
    req.end(data);
  });
}

/** What a line left behind: receipts, allocated money, paid installments. Must be equal for all. */
async function outcome(db: Db, b: Book) {
  const receipts = await db('receipts')
    .whereIn('partner_id', b.partners)
    .select(
      db.raw('count(*) as n'),
      db.raw('sum(amount) as amount'),
      db.raw('sum(unallocated) as u'),
    )
    .first();
  const paid = (await db('installments')
    .whereIn('partner_id', b.partners)
    .groupBy('seq', 'status')
    .orderBy('seq')
    .select(
      'seq',
      'status',
      db.raw('count(*) as n'),
      db.raw('sum(paid_amount) as paid'),
    )) as Record<string, unknown>[];
  return JSON.stringify({
    receipts: [
      countOf(receipts as { n?: unknown }),
      toInt(receipts?.amount ?? 0),
      toInt(receipts?.u ?? 0),
    ],
    installments: paid.map((r) => [
      toInt(r.seq),
      r.status,
      countOf(r as { n?: unknown }),
      toInt(r.paid),
    ]),
  });
}

async function main() {
  if (count % RECEIPTS_PER_CUSTOMER !== 0) throw new Error('--receipts must be a multiple of 4');
  const bench = await createBenchDatabase(kind);
  const { db } = bench;
  // A statement of 10,000 receipts is about 1.7 MB of JSON: raise the body limit for this server.
  const config = { ...bench.config, maxBodyBytes: 64 * 1024 * 1024 };
  try {
    await seedDemo(db, { scale: 1 });
    const finance = DEMO_USERS.find((u) => u.key === 'finance')!;
    const rep = DEMO_USERS.find((u) => u.key === 'repShanghai1')!;
    const ownerId = toInt((await db('users').where({ email: rep.email }).first('id'))!.id);
    const { token } = await createTokenFromCli(db, {
      email: finance.email,
      name: 'bench',
      scopes: ['read', 'write'],
      days: 1,
    });
    const server = await startServer(db, config);
    const url = `http://127.0.0.1:${server.port}/trpc/receipts.recordBatch`;
    const customers = count / RECEIPTS_PER_CUSTOMER;
    const seconds: Record<Line, number[]> = { raw: [], 'per-row': [], atomic: [] };
    let disagreements = 0;
    try {
      for (let r = 0; r < rounds; r++) {
        const books = {} as Record<Line, Book>;
        for (const line of LINES) {
          books[line] = await book(db, `${r}${line[0]}`, customers, ownerId);
        }
        // Alternate the order, so drift on a shared machine does not always favour one line.
        for (const line of r % 2 ? [...LINES].reverse() : LINES) {
          const b = books[line];
          const batchId = `bench-${b.tag}`;
          const started = process.hrtime.bigint();
          if (line === 'raw') {
            await raw(db, b, ownerId, batchId);
          } else {
            const res = await post(url, token, {
              batchId,
              atomic: line === 'atomic',
              receipts: statement(b).map((s) => s.input),
            });
            if (res.status !== 200)
              throw new Error(`${line}: HTTP ${res.status} ${res.text.slice(0, 500)}`);
            const result = (JSON.parse(res.text) as { result: { data: ReceiptBatchResult } }).result
              .data;
            if (result.recorded !== count || result.failed !== 0) {
              throw new Error(`${line}: recorded ${result.recorded}, failed ${result.failed}`);
            }
          }
          seconds[line].push(Number(process.hrtime.bigint() - started) / 1e9);
        }
        const [first, ...rest] = await Promise.all(LINES.map((l) => outcome(db, books[l])));
        for (const [n, o] of rest.entries()) {
          if (o !== first) {
            disagreements++;
            console.error(`${LINES[n + 1]} disagrees with raw:\n${o}\n${first}`);
          }
        }
      }
    } finally {
      await server.close();
    }
    const rate = (line: Line, r: number) => count / seconds[line][r]!;
    console.log(
      `\n${kind}, ${count} receipts per line (${customers} customers × ${RECEIPTS_PER_CUSTOMER}), ` +
        `${rounds} round(s)${rounds > 1 ? ' (medians)' : ''}\n`,
    );
    console.log('| line | seconds | receipts/s | ratio to raw |');
    console.log('| --- | ---: | ---: | ---: |');
    for (const line of LINES) {
      const perRound = seconds[line].map((_, r) => rate(line, r));
      const ratio = median(seconds[line].map((_, r) => rate(line, r) / rate('raw', r)));
      console.log(
        `| ${LABELS[line]} | ${median(seconds[line]).toFixed(2)} | ${Math.round(median(perRound))} | ${ratio.toFixed(3)} |`,
      );
    }
    if (disagreements) process.exitCode = 1;
  } finally {
    await bench.drop();
  }
}

await main();

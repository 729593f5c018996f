import type { Knex } from 'knex';
import {
  contactKeyColumnsOfRow,
  leadKeyColumns,
  partnerKeyColumnsOfRow,
} from '../../services/duplicates.ts';

// Partners and contacts written before collision analysis (撞单) have empty keys, and would never
// be found as duplicates. Fills them in with the same functions every write now uses. Rows whose
// keys are already set are left alone, so running it on a fresh database changes nothing.
const BATCH = 500;

async function backfill(
  knex: Knex,
  table: string,
  unset: (qb: Knex.QueryBuilder) => void,
  keysOf: (row: Record<string, unknown>) => Record<string, unknown>,
): Promise<void> {
  for (let after = 0; ;) {
    const rows = await knex(table)
      .where('id', '>', after)
      .where(unset)
      .orderBy('id')
      .limit(BATCH)
      .select('*');
    if (!rows.length) return;
    for (const row of rows) await knex(table).where({ id: row.id }).update(keysOf(row));
    after = Number(rows[rows.length - 1].id);
  }
}

export async function up(knex: Knex): Promise<void> {
  await backfill(
    knex,
    'partners',
    (qb) => qb.whereNull('norm_company').andWhere('norm_phones', '').andWhere('norm_domains', ''),
    partnerKeyColumnsOfRow,
  );
  await backfill(
    knex,
    'contacts',
    (qb) => qb.whereNull('norm_email').whereNull('norm_phone'),
    contactKeyColumnsOfRow,
  );
  await backfill(
    knex,
    'leads',
    (qb) =>
      qb
        .whereNull('norm_email')
        .whereNull('norm_domain')
        .whereNull('norm_phone')
        .whereNull('norm_company'),
    (row) =>
      leadKeyColumns({
        company: row.company as string | null,
        email: row.email as string | null,
        phone: row.phone as string | null,
      }),
  );
}

/**
 * Nothing to undo: the keys are derived data in columns that 20261122100002 owns (and drops in
 * its own down); the services of every version keep them current, so clearing them would only
 * make an older server miss duplicates.
 */
export async function down(): Promise<void> {}

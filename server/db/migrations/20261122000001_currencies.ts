import type { Knex } from 'knex';

/** ISO 4217 codes with their minor-unit exponents: money is stored in minor units everywhere. */
const CURRENCIES = [
  { code: 'CNY', exponent: 2, name: 'Chinese yuan', symbol: '¥' },
  { code: 'USD', exponent: 2, name: 'US dollar', symbol: '$' },
  { code: 'EUR', exponent: 2, name: 'Euro', symbol: '€' },
  { code: 'HKD', exponent: 2, name: 'Hong Kong dollar', symbol: 'HK$' },
  { code: 'GBP', exponent: 2, name: 'Pound sterling', symbol: '£' },
  { code: 'JPY', exponent: 0, name: 'Japanese yen', symbol: '¥' },
  { code: 'KRW', exponent: 0, name: 'South Korean won', symbol: '₩' },
  { code: 'KWD', exponent: 3, name: 'Kuwaiti dinar', symbol: 'KD' },
  { code: 'BHD', exponent: 3, name: 'Bahraini dinar', symbol: 'BD' },
];

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('currencies', (t) => {
    t.string('code', 3).primary();
    t.integer('exponent').notNullable();
    t.string('name', 100).notNullable();
    t.string('symbol', 10).notNullable();
    t.boolean('active').notNullable().defaultTo(true);
  });
  await knex('currencies').insert(CURRENCIES.map((c) => ({ ...c, active: true })));
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('currencies');
}

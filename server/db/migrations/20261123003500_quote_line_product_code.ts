import type { Knex } from 'knex';

// A quote line keeps the code (编码) of its product as it was when the line was written, like its
// description: a quote sent last year still shows the code the customer saw. Lines written before
// this migration take the product's code as it is now (the best there is).
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('quote_lines', (t) => {
    t.string('product_code', 32).nullable();
  });
  await knex('quote_lines')
    .whereNotNull('product_id')
    .update({
      product_code: knex('products')
        .select('code')
        .where('products.id', knex.ref('quote_lines.product_id')),
    });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('quote_lines', (t) => {
    t.dropColumn('product_code');
  });
}

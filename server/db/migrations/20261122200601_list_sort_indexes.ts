import type { Knex } from 'knex';

/** Lists sort by name with id as tie-breaker: these let the page be read in index order. */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('partners', (t) =>
    t.index(['name', 'id'], 'partners_name_id_index'),
  );
  await knex.schema.alterTable('contacts', (t) =>
    t.index(['name', 'id'], 'contacts_name_id_index'),
  );
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('contacts', (t) =>
    t.dropIndex(['name', 'id'], 'contacts_name_id_index'),
  );
  await knex.schema.alterTable('partners', (t) =>
    t.dropIndex(['name', 'id'], 'partners_name_id_index'),
  );
}

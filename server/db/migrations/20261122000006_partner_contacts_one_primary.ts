import type { Knex } from 'knex';

// At most one live primary contact per partner. contacts.link/updateLink clear the previous
// primary in the same transaction; this index is what makes a concurrent race fail instead of
// leaving two primaries. Same SQL on both databases.
export async function up(knex: Knex): Promise<void> {
  await knex.raw(
    'CREATE UNIQUE INDEX partner_contacts_one_primary ON partner_contacts (partner_id) ' +
      'WHERE is_primary = TRUE AND deleted_at IS NULL',
  );
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('DROP INDEX partner_contacts_one_primary');
}

import type { Knex } from 'knex';

// Stored answers of idempotent calls are kept for a retention period (server/jobs/prune.ts); the
// prune deletes by age, so it needs the age indexed.
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('idempotency_keys', (t) => {
    t.index(['created_at']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('idempotency_keys', (t) => {
    t.dropIndex(['created_at']);
  });
}

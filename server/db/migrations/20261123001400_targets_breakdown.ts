import type { Knex } from 'knex';

// What a target breakdown (指标分解) needs beyond the targets table: the weight a child got its
// share by (so a changed parent re-splits its children the same way), a lock for figures set by
// hand (a re-run or a re-split keeps them), and one live target per subject, period, product and
// basis, so a re-run updates the children it made instead of adding a second set.
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('targets', (t) => {
    t.integer('weight').nullable();
    t.boolean('locked').notNullable().defaultTo(false);
    t.index(['parent_target_id']);
  });
  await knex.raw(
    'CREATE UNIQUE INDEX targets_live_key ON targets ' +
      '(coalesce(team_id, 0), coalesce(user_id, 0), period, coalesce(product_id, 0), basis) ' +
      'WHERE deleted_at IS NULL',
  );
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('DROP INDEX targets_live_key');
  await knex.schema.alterTable('targets', (t) => {
    t.dropIndex(['parent_target_id']);
    t.dropColumn('locked');
    t.dropColumn('weight');
  });
}

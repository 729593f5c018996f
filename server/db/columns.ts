import type { Knex } from 'knex';

/**
 * The columns every business table carries (ROADMAP "Data rules"): a version bumped on every
 * write for optimistic concurrency, who/when stamps, and a soft-delete marker so Excel refresh
 * can ask what changed or disappeared since a time. Times are ISO-8601 UTC text on both
 * databases, so they compare and sort the same everywhere.
 */
export function businessColumns(t: Knex.CreateTableBuilder): void {
  t.increments('id').primary();
  t.integer('version').notNullable().defaultTo(1);
  t.string('created_at', 30).notNullable();
  t.integer('created_by').nullable().references('id').inTable('users');
  t.string('updated_at', 30).notNullable();
  t.integer('updated_by').nullable().references('id').inTable('users');
  t.string('deleted_at', 30).nullable();
  t.index(['updated_at']);
}

/** A JSON array stored as text: identical on SQLite and PostgreSQL, parsed by the row mappers. */
export function jsonArray(t: Knex.CreateTableBuilder, name: string): void {
  t.text(name).notNullable().defaultTo('[]');
}

import type { Knex } from 'knex';
import { businessColumns, jsonArray } from '../columns.ts';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('users', (t) => {
    businessColumns(t);
    t.string('email', 254).notNullable().unique();
    t.string('name', 100).notNullable();
    t.string('phone', 50).nullable();
    t.string('password_hash', 200).notNullable();
    t.string('role', 10).notNullable();
    t.string('locale', 10).notNullable().defaultTo('zh-CN');
    t.boolean('active').notNullable().defaultTo(true);
  });
  await knex.schema.createTable('teams', (t) => {
    businessColumns(t);
    t.string('name', 100).notNullable();
    t.string('name_en', 100).nullable();
    t.integer('parent_id').nullable().references('id').inTable('teams');
    t.integer('manager_id').nullable().references('id').inTable('users');
    t.index(['parent_id']);
  });
  await knex.schema.createTable('team_members', (t) => {
    t.increments('id').primary();
    t.integer('team_id').notNullable().references('id').inTable('teams');
    t.integer('user_id').notNullable().references('id').inTable('users');
    t.string('created_at', 30).notNullable();
    t.integer('created_by').nullable().references('id').inTable('users');
    t.unique(['team_id', 'user_id']);
    t.index(['user_id']);
  });
  await knex.schema.createTable('api_tokens', (t) => {
    t.increments('id').primary();
    t.integer('user_id').notNullable().references('id').inTable('users');
    t.string('kind', 10).notNullable(); // session | personal | widget
    t.string('name', 100).notNullable();
    t.string('prefix', 20).notNullable().unique(); // shown to the user; the secret is only hashed
    t.string('secret_hash', 64).notNullable();
    jsonArray(t, 'scopes');
    jsonArray(t, 'allowed_origins');
    t.string('expires_at', 30).nullable();
    t.string('last_used_at', 30).nullable();
    t.string('revoked_at', 30).nullable();
    t.string('created_at', 30).notNullable();
    t.index(['user_id']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('api_tokens');
  await knex.schema.dropTable('team_members');
  await knex.schema.dropTable('teams');
  await knex.schema.dropTable('users');
}

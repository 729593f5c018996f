import type { Knex } from 'knex';
import { businessColumns, jsonArray } from '../columns.ts';

export async function up(knex: Knex): Promise<void> {
  // Round-robin and escalation settings live on the team and its membership.
  await knex.schema.alterTable('teams', (t) => {
    t.integer('escalate_after_hours').nullable(); // untouched leads move to the parent team
    t.integer('rr_last_user_id').nullable(); // the member who received the last lead
  });
  await knex.schema.alterTable('team_members', (t) => {
    t.integer('lead_capacity').nullable(); // open leads a rep may hold; null = no limit
  });
  await knex.schema.createTable('leads', (t) => {
    businessColumns(t);
    t.string('name', 100).notNullable(); // the person
    t.string('company', 200).nullable();
    t.string('job_title', 100).nullable();
    t.string('email', 254).nullable();
    t.string('phone', 50).nullable();
    t.string('region', 100).nullable();
    t.string('industry', 100).nullable();
    t.string('channel', 50).nullable(); // 渠道: website, trade_show, referral, …
    t.string('campaign', 100).nullable(); // 促销活动 code; campaigns get their own table later
    t.string('source', 10).notNullable(); // manual | capture | import | api
    t.string('status', 15).notNullable().defaultTo('new'); // new | working | converted | disqualified
    t.integer('owner_id').nullable().references('id').inTable('users');
    t.integer('team_id').nullable().references('id').inTable('teams');
    t.string('assigned_at', 30).nullable();
    t.string('last_touched_at', 30).nullable();
    t.integer('escalation_level').notNullable().defaultTo(0);
    t.string('disqualify_reason', 200).nullable();
    t.integer('partner_id').nullable().references('id').inTable('partners');
    t.integer('contact_id').nullable().references('id').inTable('contacts');
    t.integer('opportunity_id').nullable(); // FK added with opportunities
    jsonArray(t, 'tags');
    t.text('notes').nullable();
    // Normalized keys for collision analysis (撞单分析), maintained on write.
    t.string('norm_email', 254).nullable();
    t.string('norm_domain', 254).nullable();
    t.string('norm_phone', 30).nullable();
    t.string('norm_company', 200).nullable();
    t.text('search_text').notNullable().defaultTo('');
    t.index(['owner_id']);
    t.index(['team_id', 'status']);
    t.index(['norm_email']);
    t.index(['norm_domain']);
    t.index(['norm_phone']);
    t.index(['norm_company']);
  });
  // The same keys on partners and contacts, so one query finds collisions across all three.
  await knex.schema.alterTable('partners', (t) => {
    t.string('norm_company', 200).nullable();
    t.text('norm_phones').notNullable().defaultTo('');
    t.text('norm_domains').notNullable().defaultTo('');
    t.index(['norm_company']);
  });
  await knex.schema.alterTable('contacts', (t) => {
    t.string('norm_email', 254).nullable();
    t.string('norm_phone', 30).nullable();
    t.index(['norm_email']);
    t.index(['norm_phone']);
  });
  await knex.schema.createTable('lead_capture_forms', (t) => {
    businessColumns(t);
    t.string('name', 100).notNullable();
    t.string('form_key', 64).notNullable().unique(); // public, embedded in the website form
    t.string('channel', 50).nullable();
    t.string('campaign', 100).nullable();
    t.integer('team_id').nullable().references('id').inTable('teams');
    jsonArray(t, 'allowed_origins');
    t.boolean('active').notNullable().defaultTo(true);
  });
  await knex.schema.createTable('lead_assignment_rules', (t) => {
    businessColumns(t);
    t.integer('sequence').notNullable();
    t.string('name', 100).notNullable();
    // A null criterion matches anything; the first active rule that matches wins.
    t.string('region', 100).nullable();
    t.string('industry', 100).nullable();
    t.string('channel', 50).nullable();
    t.string('campaign', 100).nullable();
    t.integer('team_id').notNullable().references('id').inTable('teams');
    t.boolean('active').notNullable().defaultTo(true);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('lead_assignment_rules');
  await knex.schema.dropTable('lead_capture_forms');
  await knex.schema.alterTable('contacts', (t) => {
    t.dropIndex(['norm_email']);
    t.dropIndex(['norm_phone']);
    t.dropColumn('norm_email');
    t.dropColumn('norm_phone');
  });
  await knex.schema.alterTable('partners', (t) => {
    t.dropIndex(['norm_company']);
    t.dropColumn('norm_company');
    t.dropColumn('norm_phones');
    t.dropColumn('norm_domains');
  });
  await knex.schema.dropTable('leads');
  await knex.schema.alterTable('team_members', (t) => {
    t.dropColumn('lead_capacity');
  });
  await knex.schema.alterTable('teams', (t) => {
    t.dropColumn('escalate_after_hours');
    t.dropColumn('rr_last_user_id');
  });
}

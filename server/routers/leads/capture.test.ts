import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { describeEachDatabase, type TestDatabase } from '../../../test/support/databases.ts';
import {
  anonymousCaller,
  callerAs,
  createOrg,
  type Caller,
  type Org,
} from '../../../test/support/org.ts';
import { CAPTURE_PER_IP_PER_MINUTE } from '../../services/lead-capture.ts';
import { toInt } from '../../db/rows.ts';
import { ownerCounts, teamWithReps } from './intake-fixtures.ts';

const SITE = 'https://www.example.cn';
let ipSeq = 0;

describeEachDatabase('leads.capture (website forms)', (getDb) => {
  let tdb: TestDatabase;
  let org: Org;
  let admin: Caller;
  /** A visitor from a fresh IP (the capture limit is per IP and lives across tests). */
  const visitor = (origin: string | null = SITE) =>
    anonymousCaller(tdb, { ip: `10.9.${Math.floor(++ipSeq / 250)}.${ipSeq % 250}`, origin });
  const leadCount = async () => toInt((await tdb.db('leads').count({ n: '*' }).first())!.n);

  before(async () => {
    tdb = getDb();
    org = await createOrg(tdb);
    admin = await callerAs(tdb, org, 'admin');
  });

  test('forms: the admin creates a form with a random key and edits it', async () => {
    const form = await admin.leads.forms.create({
      name: '官网咨询 Website enquiry',
      channel: 'website',
      campaign: 'expo-2026',
      teamId: org.teams.shanghai,
      allowedOrigins: ['HTTPS://www.example.cn'],
    });
    assert.match(form.formKey, /^[A-Za-z0-9_-]{22}$/);
    assert.deepEqual(form.allowedOrigins, [SITE]);
    const other = await admin.leads.forms.create({ name: 'Other' });
    assert.notEqual(other.formKey, form.formKey);
    const off = await admin.leads.forms.update({
      id: other.id,
      version: 1,
      patch: { active: false },
    });
    assert.equal(off.active, false);
    assert.equal((await admin.leads.forms.list()).length, 2);
  });

  test('a post is stored with the form’s channel, campaign and team, routed, and answered with { ok: true } only', async () => {
    const form = await admin.leads.forms.create({
      name: 'Routed',
      channel: 'website',
      campaign: 'spring',
      teamId: org.teams.shanghai,
      allowedOrigins: [SITE],
    });
    const answer = await visitor().leads.capture({
      formKey: form.formKey,
      honeypot: '',
      name: '周敏',
      company: '杭州远景贸易有限公司',
      email: 'zhou.min@yuanjing-trade.cn',
      phone: '+86 571 8888 1234',
      message: '想了解批发价格',
      utmCampaign: 'ignored-the-form-has-one',
    });
    assert.deepEqual(answer, { ok: true });
    const lead = await tdb.db('leads').where({ email: 'zhou.min@yuanjing-trade.cn' }).first();
    assert.equal(lead.source, 'capture');
    assert.equal(lead.channel, 'website');
    assert.equal(lead.campaign, 'spring');
    assert.equal(toInt(lead.team_id), org.teams.shanghai);
    assert.ok(
      [org.users.rep1, org.users.rep2].includes(toInt(lead.owner_id)),
      'round-robin in Shanghai',
    );
    assert.equal(lead.notes, '想了解批发价格');
    assert.equal(lead.norm_domain, 'yuanjing-trade.cn');
    // The same person again: still { ok: true } (no duplicate is echoed), and the owner gets a note.
    const again = await visitor().leads.capture({
      formKey: form.formKey,
      name: '周敏',
      email: 'Zhou.Min@yuanjing-trade.cn',
    });
    assert.deepEqual(again, { ok: true });
    const second = await tdb.db('leads').where({ email: 'Zhou.Min@yuanjing-trade.cn' }).first();
    const note = await tdb.db('activities').where({ lead_id: second.id }).first();
    assert.match(String(note?.subject), /撞单/);
    assert.match(String(note?.body), new RegExp(`lead #${lead.id}`));
  });

  test('a form without a team is routed by the assignment rules', async () => {
    await admin.leads.rules.create({
      sequence: 1,
      name: 'campaign south',
      campaign: 'south-expo',
      teamId: org.teams.shenzhen,
    });
    const form = await admin.leads.forms.create({ name: 'Rules', campaign: 'south-expo' });
    await visitor(null).leads.capture({ formKey: form.formKey, name: 'Ruled Visitor' });
    const lead = await tdb.db('leads').where({ name: 'Ruled Visitor' }).first();
    assert.equal(toInt(lead.team_id), org.teams.shenzhen);
    assert.equal(toInt(lead.owner_id), org.users.repSouth);
  });

  test('a filled honeypot answers ok and stores nothing', async () => {
    const form = await admin.leads.forms.create({ name: 'Bots' });
    const before = await leadCount();
    const answer = await visitor().leads.capture({
      formKey: form.formKey,
      honeypot: 'http://spam',
      name: 'Bot',
    });
    assert.deepEqual(answer, { ok: true });
    assert.equal(await leadCount(), before);
  });

  test('unknown or inactive keys, a wrong origin and bad fields store nothing', async () => {
    const form = await admin.leads.forms.create({ name: 'Guarded', allowedOrigins: [SITE] });
    const off = await admin.leads.forms.create({ name: 'Off', active: false });
    const before = await leadCount();
    const code = (p: Promise<unknown>) =>
      p.then(
        () => 'ok',
        (e: { code?: string }) => e.code,
      );
    assert.equal(
      await code(visitor().leads.capture({ formKey: 'no-such-key', name: 'X' })),
      'NOT_FOUND',
    );
    assert.equal(
      await code(visitor().leads.capture({ formKey: off.formKey, name: 'X' })),
      'NOT_FOUND',
    );
    assert.equal(
      await code(
        visitor('https://evil.example').leads.capture({ formKey: form.formKey, name: 'X' }),
      ),
      'FORBIDDEN',
    );
    assert.equal(
      await code(visitor(null).leads.capture({ formKey: form.formKey, name: 'X' })),
      'FORBIDDEN',
    );
    assert.equal(
      await code(
        visitor().leads.capture({ formKey: form.formKey, name: 'X', email: 'not-an-email' }),
      ),
      'BAD_REQUEST',
    );
    assert.equal(
      await code(
        visitor().leads.capture({ formKey: form.formKey, name: 'X', ownerId: 1 } as never),
      ),
      'BAD_REQUEST',
    );
    assert.equal(await leadCount(), before);
  });

  test('the per-IP limit is tighter than the global one', async () => {
    const form = await admin.leads.forms.create({ name: 'Flood' });
    const one = visitor();
    for (let i = 0; i < CAPTURE_PER_IP_PER_MINUTE; i++)
      await one.leads.capture({ formKey: form.formKey, honeypot: 'x', name: `Flood ${i}` });
    await assert.rejects(
      one.leads.capture({ formKey: form.formKey, name: 'One too many' }),
      (e: { code?: string }) => e.code === 'TOO_MANY_REQUESTS',
    );
    assert.equal(await tdb.db('leads').where({ name: 'One too many' }).first(), undefined);
    // Another visitor is not held back.
    assert.deepEqual(
      await visitor().leads.capture({ formKey: form.formKey, honeypot: 'x', name: 'Other' }),
      { ok: true },
    );
  });

  test('concurrent captures take turns: no rep gets a lead out of turn', async () => {
    const { teamId, reps } = await teamWithReps(tdb, admin, org, 3);
    const form = await admin.leads.forms.create({ name: 'Rush', teamId });
    await Promise.all(
      Array.from({ length: 9 }, (_, i) =>
        visitor().leads.capture({ formKey: form.formKey, name: `Rush ${i}` }),
      ),
    );
    const ids = await tdb
      .db('leads')
      .where({ team_id: teamId })
      .orderBy('id')
      .select('id', 'owner_id');
    assert.equal(ids.length, 9);
    const counts = await ownerCounts(
      tdb,
      ids.map((r) => toInt(r.id)),
    );
    assert.deepEqual(
      reps.map((r) => counts.get(r)),
      [3, 3, 3],
    );
    const owners = ids.map((r) => toInt(r.owner_id));
    for (let i = 3; i < owners.length; i++) assert.equal(owners[i], owners[i - 3]);
  });
});

import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { describeEachDatabase, type TestDatabase } from '../../../test/support/databases.ts';
import { callerAs, createOrg, type Caller, type Org } from '../../../test/support/org.ts';
import { loadDefaultPaymentTerms, loadPaymentTerms } from '../../services/payment-terms.ts';

const code = (c: string) => (e: { code?: string }) => e.code === c;

describeEachDatabase('payment terms', (getDb) => {
  let tdb: TestDatabase;
  let org: Org;
  let admin: Caller;
  let finance: Caller;

  before(async () => {
    tdb = getDb();
    org = await createOrg(tdb);
    admin = await callerAs(tdb, org, 'admin');
    finance = await callerAs(tdb, org, 'finance');
  });

  test('admin keeps templates; the schedule comes back with every key; finance and reps read them', async () => {
    const t = await admin.paymentTerms.create({
      name: '30/40/30',
      nameEn: '30% on signing, 40% at 30 days, 30% at 90 days',
      schedule: [
        { ratio: 3000, label: '签约' },
        { ratio: 4000, days: 30, label: '30天' },
        { ratio: 3000, days: 90 },
      ],
      isDefault: true,
    });
    assert.deepEqual(t.schedule, [
      { ratio: 3000, days: 0, months: 0, label: '签约' },
      { ratio: 4000, days: 30, months: 0, label: '30天' },
      { ratio: 3000, days: 90, months: 0, label: null },
    ]);
    assert.deepEqual([t.isDefault, t.active, t.version], [true, true, 1]);
    const listed = await finance.paymentTerms.list({});
    assert.deepEqual(
      listed.items.map((x) => x.id),
      [t.id],
    );
    const rep1 = await callerAs(tdb, org, 'rep1');
    assert.equal((await rep1.paymentTerms.list({})).items.length, 1);
    await assert.rejects(
      finance.paymentTerms.create({ name: 'x', schedule: [{ ratio: 1 }] }),
      code('FORBIDDEN'),
    );
    // The loaders payment plan generation uses.
    assert.deepEqual(await loadPaymentTerms(tdb.db, t.id), t);
    assert.equal((await loadDefaultPaymentTerms(tdb.db))?.id, t.id);
  });

  test('one default: marking another default takes the flag, audited, versions bumped', async () => {
    const before = await loadDefaultPaymentTerms(tdb.db);
    const monthly = await admin.paymentTerms.create({
      name: '分3期月付',
      schedule: [
        { ratio: 1, months: 1 },
        { ratio: 1, months: 2 },
        { ratio: 1, months: 3 },
      ],
    });
    const made = await admin.paymentTerms.update({
      id: monthly.id,
      version: monthly.version,
      patch: { isDefault: true },
    });
    assert.deepEqual([made.isDefault, made.version], [true, 2]);
    const all = await admin.paymentTerms.list({});
    assert.deepEqual(
      all.items.filter((x) => x.isDefault).map((x) => x.id),
      [monthly.id],
    );
    assert.equal(all.items[0]!.id, monthly.id, 'the default comes first');
    const old = all.items.find((x) => x.id === before!.id)!;
    assert.deepEqual([old.isDefault, old.version], [false, before!.version + 1]);
    const flagged = await tdb
      .db('audit_log')
      .where({
        entity: 'payment_terms',
        entity_id: before!.id,
        field: 'is_default',
        action: 'update',
      })
      .first('new_value');
    assert.equal(flagged.new_value, 'false');
  });

  test('update and archive are versioned; inactive terms are listed only on request', async () => {
    const t = await admin.paymentTerms.create({ name: '100% 签约', schedule: [{ ratio: 1 }] });
    await assert.rejects(
      admin.paymentTerms.update({ id: t.id, version: 5, patch: { active: false } }),
      code('CONFLICT'),
    );
    const off = await admin.paymentTerms.update({
      id: t.id,
      version: t.version,
      patch: { active: false, schedule: [{ ratio: 1, days: 7, label: '发货前' }] },
    });
    assert.deepEqual(off.schedule, [{ ratio: 1, days: 7, months: 0, label: '发货前' }]);
    assert.ok(!(await admin.paymentTerms.list({})).items.some((x) => x.id === t.id));
    assert.ok(
      (await admin.paymentTerms.list({ includeInactive: true })).items.some((x) => x.id === t.id),
    );
    await admin.paymentTerms.archive({ id: t.id, version: off.version });
    assert.ok(
      !(await admin.paymentTerms.list({ includeInactive: true })).items.some((x) => x.id === t.id),
    );
    await assert.rejects(loadPaymentTerms(tdb.db, t.id), code('NOT_FOUND'));
  });

  test('a schedule needs a step with a positive ratio, whole numbers, and at most 60 steps', async () => {
    const bad = [
      [],
      [{ ratio: 0 }],
      [{ ratio: -1 }],
      [{ ratio: 1.5 }],
      [{ ratio: 1, days: -1 }],
      [{ ratio: 1, when: 'later' }],
      Array.from({ length: 61 }, () => ({ ratio: 1 })),
    ];
    for (const schedule of bad)
      await assert.rejects(
        admin.paymentTerms.create({ name: 'bad', schedule: schedule as never }),
        code('BAD_REQUEST'),
        JSON.stringify(schedule).slice(0, 60),
      );
  });
});

// Runs the example script as a customer would (a separate process, configured by environment)
// against the real server, and checks what it printed and what it wrote.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { before, test } from 'node:test';
import { describeEachDatabase } from '../test/support/databases.ts';
import { callerAs, PASSWORD } from '../test/support/org.ts';
import { serveDuringSuite } from '../test/support/http.ts';

const ROOT = path.resolve(import.meta.dirname, '..');
const SCRIPT = 'examples/list-customers-and-log-call.ts';

/** Runs the script; resolves with its output and exit code (a failing run does not throw). */
async function runScript(env: Record<string, string>) {
  try {
    const { stdout, stderr } = await promisify(execFile)(
      process.execPath,
      ['--import', 'tsx', SCRIPT],
      { cwd: ROOT, env: { ...process.env, ...env }, timeout: 60_000 },
    );
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code?: number; stdout?: string; stderr?: string };
    return { code: e.code ?? -1, stdout: e.stdout ?? '', stderr: e.stderr ?? '' };
  }
}

describeEachDatabase('example: list customers and log a call', (getDb) => {
  const http = serveDuringSuite(getDb);
  const ids: Record<string, number> = {};
  before(async () => {
    const { org } = http();
    const rep1 = await callerAs(getDb(), org, 'rep1');
    const repDeep = await callerAs(getDb(), org, 'repDeep');
    const repSouth = await callerAs(getDb(), org, 'repSouth');
    ids.acme = (await rep1.partners.create({ name: 'Acme 上海 Trading' })).id;
    ids.deep = (await repDeep.partners.create({ name: 'Pudong Precision' })).id;
    ids.supplier = (await rep1.partners.create({ name: 'Bolt Supply', kind: 'supplier' })).id;
    ids.south = (await repSouth.partners.create({ name: 'Shenzhen Only Co.' })).id;
  });

  test('a manager lists the customers of the team subtree and logs a call on the first', async () => {
    const run = await runScript({
      LODESTONE_URL: http().url,
      LODESTONE_EMAIL: 'mgreast@test.lodestone',
      LODESTONE_PASSWORD: PASSWORD,
    });
    assert.equal(run.code, 0, run.stderr);
    const lines = run.stdout.trim().split('\n');
    assert.match(lines[0] ?? '', /^王东 East Manager \(manager\) sees 2 customers:$/);
    assert.match(lines[1] ?? '', /^ {2}C\d{6} {2}Acme 上海 Trading$/);
    assert.match(lines[2] ?? '', /^ {2}C\d{6} {2}Pudong Precision$/);
    assert.doesNotMatch(run.stdout, /Bolt Supply|Shenzhen Only/);
    const logged = /^Logged call #(\d+) on Acme 上海 Trading at \S+$/.exec(lines[3] ?? '');
    assert.ok(logged, run.stdout);

    const { db } = getDb();
    const activity = await db('activities')
      .where({ id: Number(logged[1]) })
      .first();
    assert.equal(activity.type, 'call');
    assert.equal(activity.subject, 'Check-in call');
    assert.equal(Number(activity.partner_id), ids.acme);
    assert.equal(Number(activity.owner_id), http().org.users.mgrEast);
    // The script signs out at the end: its session token is revoked.
    const open = await db('api_tokens')
      .where({ user_id: http().org.users.mgrEast, kind: 'session' })
      .whereNull('revoked_at');
    assert.equal(open.length, 0);
  });

  test('a wrong password exits 1 with the server’s message', async () => {
    const run = await runScript({
      LODESTONE_URL: http().url,
      LODESTONE_EMAIL: 'mgreast@test.lodestone',
      LODESTONE_PASSWORD: 'not-the-password',
    });
    assert.equal(run.code, 1);
    assert.equal(run.stderr.trim(), 'Lodestone: Email or password is wrong');
  });
});

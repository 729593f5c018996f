// `lodestone serve` as a person runs it: a child process started through bin/lodestone.mjs,
// talked to over HTTP on loopback, stopped with SIGTERM, started again on the same data.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import https from 'node:https';
import { execFileSync } from 'node:child_process';
import { after, before, describe, test } from 'node:test';
import { describeEachDatabase, type TestDatabase } from '../../test/support/databases.ts';
import { countOf } from '../db/rows.ts';
import { DEMO_LOGINS, DEMO_PASSWORD } from '../db/seeds/demo-company.ts';

const BIN = path.resolve(import.meta.dirname, '../../bin/lodestone.mjs');
/** Not a timing assertion: only how long to wait before calling a start-up hung. */
const START_LIMIT_MS = 60_000;

interface Run {
  /** Everything printed so far. */
  stdout(): string;
  stderr(): string;
  /** Resolves with the port once the start-up box is printed (rejects if the process ends). */
  started: Promise<number>;
  exited: Promise<number | null>;
  kill(signal: NodeJS.Signals): void;
}

function lodestone(args: string[], env: Record<string, string>): Run {
  const child = spawn(process.execPath, [BIN, ...args], {
    env: { ...process.env, HOST: '127.0.0.1', PORT: '0', LODESTONE_LOG: 'silent', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const started = new Promise<number>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`no start within ${START_LIMIT_MS} ms`)),
      START_LIMIT_MS,
    );
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString('utf8');
      const m = /Lodestone is running at https?:\/\/localhost:(\d+)/.exec(out);
      if (m && out.includes('└')) {
        clearTimeout(timer);
        resolve(Number(m[1]));
      }
    });
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`exited with ${code} before starting: ${err}`));
    });
  });
  started.catch(() => undefined); // observed by the tests that wait for it
  child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString('utf8')));
  return {
    stdout: () => out,
    stderr: () => err,
    started,
    exited,
    kill: (signal) => child.kill(signal),
  };
}

function dbEnv(tdb: TestDatabase): Record<string, string> {
  return tdb.kind === 'postgres'
    ? { DATABASE_URL: tdb.config.databaseUrl!, LODESTONE_DB_FILE: '' }
    : { DATABASE_URL: '', LODESTONE_DB_FILE: tdb.config.sqliteFile };
}

async function partnerCount(tdb: TestDatabase): Promise<number> {
  return countOf(await tdb.db('partners').count({ n: '*' }).first());
}

describeEachDatabase('lodestone serve (child process)', (getDb) => {
  test('first start seeds and prints the logins; SIGTERM stops it with exit code 0', async () => {
    const run = lodestone(['serve'], dbEnv(getDb()));
    const port = await run.started;
    const base = `http://127.0.0.1:${port}`;
    const health = await fetch(`${base}/healthz`);
    assert.equal(health.status, 200);
    const out = run.stdout();
    assert.match(out, /Seeded the demo company: 65 partners/);
    for (const login of DEMO_LOGINS) {
      assert.ok(out.includes(login.email), login.email);
      assert.ok(out.includes(login.role));
    }
    assert.ok(out.includes(DEMO_PASSWORD));
    const login = await fetch(`${base}/trpc/auth.login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: DEMO_LOGINS[1]!.email, password: DEMO_PASSWORD }),
    });
    assert.equal(login.status, 200);
    const body = (await login.json()) as {
      result: { data: { token: string; user: { role: string } } };
    };
    assert.match(body.result.data.token, /^lds_/);
    assert.equal(body.result.data.user.role, 'manager');
    const landing = await fetch(`${base}/`);
    assert.equal(landing.status, 200);
    assert.match(await landing.text(), /Lodestone/);
    run.kill('SIGTERM');
    assert.equal(await run.exited, 0);
    assert.match(run.stdout(), /Stopped\./);
    assert.equal(run.stderr(), '');
    assert.equal(await partnerCount(getDb()), 65);
  });

  test('a second start reuses the data: no second seed', async () => {
    const run = lodestone(['serve'], dbEnv(getDb()));
    const port = await run.started;
    assert.equal((await fetch(`http://127.0.0.1:${port}/healthz`)).status, 200);
    assert.match(run.stdout(), /Using the data already in the database/);
    assert.ok(run.stdout().includes(DEMO_LOGINS[0]!.email));
    run.kill('SIGINT');
    assert.equal(await run.exited, 0);
    assert.equal(await partnerCount(getDb()), 65);
    const users = countOf(await getDb().db('users').count({ n: '*' }).first());
    assert.equal(users, DEMO_LOGINS.length);
  });
});

describe('lodestone serve: start-up failures are one line and exit code 1', () => {
  let dir: string;
  let blocker: net.Server;
  let blockedPort: number;
  before(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lodestone-serve-'));
    blocker = net.createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    blockedPort = (blocker.address() as net.AddressInfo).port;
  });
  after(async () => {
    await new Promise((resolve) => blocker.close(resolve));
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const oneLine = (run: Run) => {
    const lines = run.stderr().trimEnd().split('\n');
    assert.equal(lines.length, 1, run.stderr());
    return lines[0]!;
  };

  test('port in use', async () => {
    const run = lodestone(['serve'], {
      DATABASE_URL: '',
      LODESTONE_DB_FILE: path.join(dir, 'port.db'),
      PORT: String(blockedPort),
      LODESTONE_SEED: 'none',
    });
    assert.equal(await run.exited, 1);
    assert.match(oneLine(run), new RegExp(`^lodestone: Port ${blockedPort} is already in use`));
  });

  test('a DATABASE_URL nobody answers, and one that is not PostgreSQL', async () => {
    const refused = lodestone(['serve'], { DATABASE_URL: 'postgres://u:pw@127.0.0.1:1/none' });
    assert.equal(await refused.exited, 1);
    const line = oneLine(refused);
    assert.match(
      line,
      /^lodestone: Cannot connect to PostgreSQL at postgres:\/\/u:\*\*\*@127\.0\.0\.1:1/,
    );
    const wrong = lodestone(['serve'], { DATABASE_URL: 'mysql://localhost/crm' });
    assert.equal(await wrong.exited, 1);
    assert.match(oneLine(wrong), /DATABASE_URL must start with postgres:\/\//);
  });

  test('LODESTONE_SEED=none leaves an empty database empty and says how to add an admin', async () => {
    const run = lodestone(['serve'], {
      DATABASE_URL: '',
      LODESTONE_DB_FILE: path.join(dir, 'empty.db'),
      LODESTONE_SEED: 'none',
    });
    await run.started;
    assert.match(run.stdout(), /No demo logins in this database/);
    assert.match(run.stdout(), /lodestone user create/);
    run.kill('SIGTERM');
    assert.equal(await run.exited, 0);
  });

  test('--https without a certificate says how to make one', async () => {
    const run = lodestone(['serve', '--https'], {
      DATABASE_URL: '',
      LODESTONE_DB_FILE: path.join(dir, 'tls.db'),
      HOME: dir,
    });
    assert.equal(await run.exited, 1);
    assert.match(oneLine(run), /--https needs a certificate: .*office-addin-dev-certs install/);
  });
});

describe('lodestone serve --https', () => {
  let dir: string;
  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lodestone-tls-'));
    // A throwaway self-signed certificate for localhost, as office-addin-dev-certs would make.
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'rsa:2048',
        '-nodes',
        '-days',
        '1',
        '-subj',
        '/CN=localhost',
        '-addext',
        'subjectAltName=DNS:localhost',
        '-keyout',
        path.join(dir, 'localhost.key'),
        '-out',
        path.join(dir, 'localhost.crt'),
      ],
      { stdio: 'ignore' },
    );
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  test('serves over TLS with the configured certificate', async () => {
    const run = lodestone(['serve', '--https'], {
      DATABASE_URL: '',
      LODESTONE_DB_FILE: path.join(dir, 'tls.db'),
      LODESTONE_SEED: 'none',
      LODESTONE_TLS_CERT: path.join(dir, 'localhost.crt'),
      LODESTONE_TLS_KEY: path.join(dir, 'localhost.key'),
    });
    const port = await run.started;
    assert.match(run.stdout(), new RegExp(`https://localhost:${port}`));
    const ca = fs.readFileSync(path.join(dir, 'localhost.crt'));
    const status = await new Promise<number | undefined>((resolve, reject) => {
      https
        .get({ host: '127.0.0.1', servername: 'localhost', port, path: '/healthz', ca }, (res) => {
          res.resume();
          resolve(res.statusCode);
        })
        .on('error', reject);
    });
    assert.equal(status, 200);
    run.kill('SIGTERM');
    assert.equal(await run.exited, 0);
  });
});

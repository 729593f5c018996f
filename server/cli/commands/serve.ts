import fs from 'node:fs';
import os from 'node:os';
import { officeDevCerts, type ServerConfig } from '../../config.ts';
import type { Db } from '../../db/knex.ts';
import { migrateLatest } from '../../db/migrate.ts';
import { isEmptyDatabase, seedDemo } from '../../db/seeds/index.ts';
import { DEMO_LOGINS, DEMO_PASSWORD } from '../../db/seeds/demo-company.ts';
import { DEMO_FORM } from '../../db/seeds/demo-funnel-vocab.ts';
import type { SeedCounts } from '../../db/seeds/context.ts';
import { startServer } from '../../http/server.ts';
import { escalationIntervalMs, startEscalationJob } from '../../jobs/escalation.ts';
import { startPruneJob } from '../../jobs/prune.ts';
import { box, columns } from '../banner.ts';
import { CliError } from '../errors.ts';
import { configFrom, describeDatabase, openDb, parse, type Command, type Io } from '../command.ts';

/** A running Lodestone: the server, and the database it owns. */
export interface Lodestone {
  url: string;
  port: number;
  /** Where it runs and who can sign in, boxed for the terminal. */
  banner: string;
  /** Stops accepting connections, lets open requests finish, then closes the database pool. */
  stop(): Promise<void>;
}

/** The demo logins that exist (and are active) in this database. */
async function demoLoginsIn(db: Db) {
  const live = new Set(
    (
      await db('users')
        .whereIn(
          'email',
          DEMO_LOGINS.map((l) => l.email),
        )
        .whereNull('deleted_at')
        .where({ active: true })
        .pluck('email')
    ).map(String),
  );
  return DEMO_LOGINS.filter((l) => live.has(l.email));
}

function banner(
  url: string,
  config: ServerConfig,
  seeded: SeedCounts | null,
  logins: typeof DEMO_LOGINS,
) {
  const lines = [
    `Lodestone is running at ${url}`,
    `Health check: ${url}/healthz`,
    `Database: ${describeDatabase(config)}`,
    ...(seeded
      ? [
          `Seeded the demo company: ${seeded.partners} partners, ${seeded.contacts} contacts, ${seeded.activities} activities, ${seeded.leads} leads, ${seeded.opportunities} opportunities.`,
          `Website lead form key: ${DEMO_FORM.formKey}`,
        ]
      : ['Using the data already in the database.']),
    '',
  ];
  if (logins.length) {
    lines.push(
      `Demo logins (password ${DEMO_PASSWORD} unless changed since):`,
      ...columns([
        ['Email', 'Password', 'Role', 'Name', 'Team'],
        ...logins.map((l) => [l.email, l.password, l.role, l.name, l.team]),
      ]),
    );
  } else {
    lines.push(
      'No demo logins in this database. Create an admin with:',
      '  lodestone user create --email you@example.com --name "Your Name" --role admin',
    );
  }
  return box(lines);
}

/**
 * Migrates, seeds the demo company into a database nobody has used yet (unless
 * LODESTONE_SEED=none) and starts the server, and the escalation job every `escalationMs`
 * (none when null).
 */
export async function startLodestone(
  config: ServerConfig,
  escalationMs: number | null = null,
): Promise<Lodestone> {
  const db = openDb(config);
  try {
    await migrateLatest(db);
    const seeded = config.seedDemo && (await isEmptyDatabase(db)) ? await seedDemo(db) : null;
    const server = await startServer(db, config);
    // Jobs run together or not at all (LODESTONE_JOBS=off turns both off).
    const jobs =
      escalationMs === null ? [] : [startEscalationJob(db, escalationMs), startPruneJob(db)];
    return {
      url: server.url,
      port: server.port,
      banner: banner(server.url, config, seeded, await demoLoginsIn(db)),
      stop: async () => {
        await server.close();
        for (const job of jobs) await job.stop();
        await db.destroy();
      },
    };
  } catch (err) {
    await db.destroy().catch(() => undefined);
    throw err;
  }
}

/** Open requests get this long to finish after a stop signal before the process gives up. */
const STOP_GRACE_MS = 10_000;

/**
 * The first SIGINT or SIGTERM. One that comes during start-up lets the start finish (a seed
 * chunk is never cut in half) and then stops; a second one exits at once.
 */
function waitForStopSignal(): Promise<NodeJS.Signals> {
  return new Promise((resolve) => {
    const onSignal = (signal: NodeJS.Signals) => {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
      // A second signal while stopping means "now": exit without waiting.
      process.once('SIGINT', () => process.exit(1));
      process.once('SIGTERM', () => process.exit(1));
      resolve(signal);
    };
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
  });
}

/** `--https`: the configured certificate, or office-addin-dev-certs' one when none is set. */
function withHttps(config: ServerConfig, env: NodeJS.ProcessEnv): ServerConfig {
  const tls = config.tls ?? officeDevCerts(env.HOME ?? os.homedir());
  for (const file of [tls.certFile, tls.keyFile]) {
    if (!fs.existsSync(file))
      throw new CliError(
        `--https needs a certificate: ${file} does not exist. Make a development one with ` +
          '`npx office-addin-dev-certs install`, or set LODESTONE_TLS_CERT and LODESTONE_TLS_KEY.',
      );
  }
  return { ...config, tls };
}

export const serve: Command = {
  summary: 'start the server (migrates, seeds the demo company into an empty database)',
  help: `Usage: lodestone serve [--https]

Starts the Lodestone server. The database is migrated to the latest schema first; when it has
no users yet, the demo company is seeded (set LODESTONE_SEED=none to skip). A second start
reuses the data. SIGINT or SIGTERM stops it gracefully. --https serves over TLS (Office add-ins
need it) with LODESTONE_TLS_CERT and LODESTONE_TLS_KEY, or office-addin-dev-certs' localhost
certificate when those are unset.

Environment: PORT (3000), HOST (0.0.0.0), LODESTONE_DB_FILE (data/lodestone.db),
DATABASE_URL (postgres://… selects PostgreSQL), LODESTONE_SQLITE_DRIVER, LODESTONE_SEED,
LODESTONE_CORS_ORIGINS, LODESTONE_LOG (silent), LODESTONE_ESCALATION_MINUTES (15: how often
untouched leads are escalated), LODESTONE_JOBS (off: no scheduled jobs; otherwise escalation,
and an hourly prune of idempotency answers older than 30 days).`,
  async run(args: string[], io: Io) {
    const { values } = parse('serve', args, { https: { type: 'boolean' } });
    const config = values.https ? withHttps(configFrom(io), io.env) : configFrom(io);
    let escalationMs: number | null;
    try {
      escalationMs = escalationIntervalMs(io.env);
    } catch (err) {
      throw new CliError((err as Error).message);
    }
    const stopSignal = waitForStopSignal();
    const running = await startLodestone(config, escalationMs);
    io.out(running.banner);
    io.out('Press Ctrl+C to stop.');
    const signal = await stopSignal;
    io.out(`${signal}: stopping; open requests may finish…`);
    const timer = setTimeout(() => {
      process.stderr.write('lodestone: open requests did not finish in time; exiting\n');
      process.exit(1);
    }, STOP_GRACE_MS);
    timer.unref();
    await running.stop();
    clearTimeout(timer);
    io.out('Stopped.');
  },
};

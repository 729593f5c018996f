import { tokenCreateInput } from '../../../core/schemas/auth.ts';
import type { Role } from '../../../core/permissions.ts';
import type { Identity } from '../../auth/tokens.ts';
import type { Db } from '../../db/knex.ts';
import { migrateLatest } from '../../db/migrate.ts';
import { toBool, toInt } from '../../db/rows.ts';
import { createToken } from '../../services/auth.ts';
import { CliError } from '../errors.ts';
import { configFrom, parse, withDb, type Command } from '../command.ts';

export interface CliTokenInput {
  email: string;
  name: string;
  scopes: string[];
  days: number;
}

/**
 * A personal API token for a user (scripts, Excel), made by the same service as
 * auth.tokens.create. Whoever runs the CLI holds the database, so they act with the user's
 * full authority, as a fresh sign-in of that user would.
 */
export async function createTokenFromCli(db: Db, input: CliTokenInput) {
  const row = await db('users')
    .where({ email: input.email.toLowerCase() })
    .whereNull('deleted_at')
    .first();
  if (!row) throw new CliError(`no user with email ${input.email}`);
  if (!toBool(row.active)) throw new CliError(`${input.email} is deactivated`);
  const signIn: Identity = {
    user: {
      id: toInt(row.id),
      role: row.role as Role,
      name: String(row.name),
      email: String(row.email),
      locale: String(row.locale),
    },
    token: { id: 0, kind: 'session', scopes: ['read', 'write'], allowedOrigins: [] },
  };
  const request = tokenCreateInput.parse({
    kind: 'personal',
    name: input.name,
    scopes: input.scopes,
    expiresInDays: input.days,
  });
  return createToken(db, signIn, request);
}

export const token: Command = {
  summary: 'token create: a personal API token for scripts and Excel, printed once',
  help: `Usage: lodestone token create --email <user> --name <name> [--scopes read,write] [--days N]

  --email    whose token it is
  --name     what it is for ("nightly export")
  --scopes   read, write or read,write (default)
  --days     days until it expires, 1 to 365 (default 90)

The token is printed once; only its hash is stored.`,
  async run(args, io) {
    const { values, positionals } = parse(
      'token',
      args,
      {
        email: { type: 'string' },
        name: { type: 'string' },
        scopes: { type: 'string', default: 'read,write' },
        days: { type: 'string', default: '90' },
      },
      true,
    );
    if (positionals[0] !== 'create' || positionals.length > 1) {
      throw new CliError('usage: lodestone token create --email … --name …');
    }
    if (!values.email) throw new CliError('--email is required');
    if (!values.name) throw new CliError('--name is required');
    const days = Number(values.days);
    if (!Number.isInteger(days)) throw new CliError('--days must be a whole number');
    const config = configFrom(io);
    const made = await withDb(config, async (db) => {
      await migrateLatest(db);
      return createTokenFromCli(db, {
        email: values.email!,
        name: values.name!,
        scopes: values.scopes
          .split(',')
          .map((s) => s.trim())
          .filter(Boolean),
        days,
      });
    });
    io.out(`Token for ${values.email} (${made.scopes.join(', ')}), expires ${made.expiresAt}:`);
    io.out(made.token);
    io.out('Copy it now: it is not shown again. Send it as "Authorization: Bearer <token>".');
  },
};

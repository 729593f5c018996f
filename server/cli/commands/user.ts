import { randomBytes } from 'node:crypto';
import type { z } from 'zod';
import { userCreateInput } from '../../../core/schemas/users.ts';
import { hashPassword } from '../../auth/passwords.ts';
import type { Db } from '../../db/knex.ts';
import { migrateLatest } from '../../db/migrate.ts';
import { toInt } from '../../db/rows.ts';
import { audit, diff } from '../../services/audit.ts';
import { writeTx } from '../../services/tx.ts';
import { createStamps } from '../../services/versioned.ts';
import { CliError } from '../errors.ts';
import { configFrom, parse, withDb, type Command } from '../command.ts';

/** The CLI acts as the machine's operator, not as a user: stamps and audit say "system". */
const CLI_ACTOR = { userId: null, requestId: 'cli' };

/**
 * Creates a user from the command line: how the first admin of a database without the demo
 * company comes to be. Validated by the same schema as users.create.
 */
export async function createUserFromCli(
  db: Db,
  input: z.input<typeof userCreateInput>,
): Promise<{ id: number; email: string }> {
  const user = userCreateInput.parse(input);
  const hash = await hashPassword(user.password);
  return writeTx(db, async (trx) => {
    if (await trx('users').where({ email: user.email }).first('id')) {
      throw new CliError(`a user with email ${user.email} exists already`);
    }
    const fields = {
      email: user.email,
      name: user.name,
      role: user.role,
      locale: user.locale,
      phone: user.phone ?? null,
      active: true,
    };
    const [row] = await trx('users')
      .insert({ ...createStamps(CLI_ACTOR), ...fields, password_hash: hash })
      .returning('id');
    const id = toInt((row as { id: unknown }).id);
    await audit(trx, CLI_ACTOR, 'users', id, 'create', diff({}, fields));
    return { id, email: user.email };
  });
}

export const user: Command = {
  summary: 'user create: add a user (the first admin, say)',
  help: `Usage: lodestone user create --email <email> --name <name> --role <role> [options]

  --email      sign-in email
  --name       display name
  --role       admin, manager, rep or finance
  --password   at least 8 characters; if left out, one is generated and printed once
  --locale     zh-CN (default) or en

Add the user to teams afterwards as an admin (teams.addMember).`,
  async run(args, io) {
    const { values, positionals } = parse(
      'user',
      args,
      {
        email: { type: 'string' },
        name: { type: 'string' },
        role: { type: 'string' },
        password: { type: 'string' },
        locale: { type: 'string' },
      },
      true,
    );
    if (positionals[0] !== 'create' || positionals.length > 1) {
      throw new CliError('usage: lodestone user create --email … --name … --role …');
    }
    for (const required of ['email', 'name', 'role'] as const) {
      if (!values[required]) throw new CliError(`--${required} is required`);
    }
    const generated = values.password ? null : randomBytes(12).toString('base64url');
    const config = configFrom(io);
    const created = await withDb(config, async (db) => {
      await migrateLatest(db);
      return createUserFromCli(db, {
        email: values.email!,
        name: values.name!,
        role: values.role as z.input<typeof userCreateInput>['role'],
        locale: values.locale as z.input<typeof userCreateInput>['locale'],
        password: values.password ?? generated!,
      });
    });
    io.out(`Created user #${created.id} ${created.email} (${values.role}).`);
    if (generated) io.out(`Password (shown once): ${generated}`);
  },
};

// `lodestone <command>`: the entry point of bin/lodestone.mjs and `npm start`. Every failure ends
// as one line on stderr and exit code 1; the logic lives in ./commands so tests call it directly.
import { readFileSync } from 'node:fs';
import { processIo, type Command } from './command.ts';
import { explainError } from './errors.ts';
import { backup } from './commands/backup.ts';
import { migrate } from './commands/migrate.ts';
import { seed } from './commands/seed.ts';
import { serve } from './commands/serve.ts';
import { token } from './commands/token.ts';
import { user } from './commands/user.ts';

const COMMANDS: Record<string, Command> = { serve, migrate, seed, user, token, backup };

function version(): string {
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
    version: string;
  };
  return pkg.version;
}

function overview(): string {
  const names = Object.keys(COMMANDS);
  const width = Math.max(...names.map((n) => n.length));
  return [
    'Lodestone: an open-source CRM for intranet pages and Excel.',
    '',
    'Usage: lodestone <command> [options]',
    '',
    ...names.map((n) => `  ${n.padEnd(width)}  ${COMMANDS[n]!.summary}`),
    '',
    'lodestone <command> --help shows a command in full. `npm start` is `lodestone serve`.',
  ].join('\n');
}

async function main(argv: string[]): Promise<void> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h') {
    processIo.out(overview());
    return;
  }
  if (name === '--version' || name === '-v') {
    processIo.out(version());
    return;
  }
  if (name === 'help') {
    const topic = rest[0] === undefined ? undefined : COMMANDS[rest[0]];
    processIo.out(topic ? topic.help : overview());
    return;
  }
  const command = COMMANDS[name];
  if (!command) throw new Error(`unknown command "${name}" (see: lodestone --help)`);
  if (rest.includes('--help') || rest.includes('-h')) {
    processIo.out(command.help);
    return;
  }
  await command.run(rest, processIo);
}

try {
  await main(process.argv.slice(2));
  // Exit now rather than wait on whatever a library left scheduled: every command is done here.
  process.exit(0);
} catch (err) {
  process.stderr.write(
    `lodestone: ${explainError(err, { databaseUrl: process.env.DATABASE_URL })}\n`,
  );
  process.exit(1);
}

// Turns whatever went wrong into one line a person can act on: no stack, no SQL.
import { ZodError } from 'zod';

/** An error whose message is already meant for the person at the terminal. */
export class CliError extends Error {}

interface ErrorLike {
  code?: string;
  port?: number;
  syscall?: string;
  message?: string;
  errors?: ErrorLike[];
}

/** `postgres://user:secret@host/db` → `postgres://user:***@host/db`. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return '(unparsable DATABASE_URL)';
  }
}

const PG_REASONS: Record<string, string> = {
  ECONNREFUSED: 'connection refused (is PostgreSQL running there?)',
  ENOTFOUND: 'unknown host',
  EAI_AGAIN: 'host name lookup failed',
  ETIMEDOUT: 'connection timed out',
  '28P01': 'password authentication failed',
  '28000': 'the server refused this user',
};

function codeOf(err: ErrorLike): string | undefined {
  // Node reports a refused dual-stack connection as an AggregateError of one error per address.
  return err.code ?? err.errors?.find((e) => e.code)?.code;
}

export function explainError(err: unknown, where: { databaseUrl?: string } = {}): string {
  if (err instanceof CliError) return err.message;
  if (err instanceof ZodError) {
    return err.issues
      .map((i) => `${i.path.length ? `--${i.path.join('.')}` : 'input'}: ${i.message}`)
      .join('; ');
  }
  const e = (err ?? {}) as ErrorLike;
  const code = codeOf(e);
  if (code === 'EADDRINUSE') {
    return `Port ${e.port ?? ''} is already in use: stop the other program or set PORT to a free port.`;
  }
  if (code === 'EACCES' && e.syscall === 'listen') {
    return `No permission to listen on port ${e.port ?? ''}: choose a port above 1023 with PORT.`;
  }
  if (where.databaseUrl && code && (PG_REASONS[code] || code === '3D000')) {
    const reason = PG_REASONS[code] ?? e.message;
    return `Cannot connect to PostgreSQL at ${redactUrl(where.databaseUrl)}: ${reason}.`;
  }
  if (code?.startsWith('SQLITE_CANTOPEN') || code === 'SQLITE_NOTADB') {
    return `Cannot open the SQLite database: ${e.message}. Check LODESTONE_DB_FILE.`;
  }
  const message = e.message || String(err);
  return message.split('\n')[0]!;
}

import path from 'node:path';

/** Everything the server reads from its environment, parsed once at start-up. */
export interface ServerConfig {
  port: number;
  host: string;
  /** `postgres://…` selects PostgreSQL; otherwise the SQLite file below is used. */
  databaseUrl: string | undefined;
  sqliteFile: string;
  sqliteDriver: 'better-sqlite3' | 'sqlite3';
  corsOrigins: string[];
  /** Calls per identity (token, or IP when anonymous) per minute, counted per procedure call. */
  rateLimitPerMinute: number;
  maxBodyBytes: number;
  maxBatchSize: number;
  sessionHours: number;
  logLevel: 'info' | 'silent';
  seedDemo: boolean;
  /**
   * Certificate and key (PEM files) for HTTPS; Office add-ins load only over HTTPS. Null serves
   * plain HTTP. `serve --https` without LODESTONE_TLS_CERT/KEY uses office-addin-dev-certs' files.
   */
  tls: { certFile: string; keyFile: string } | null;
  /**
   * The company's IANA time zone (LODESTONE_TIMEZONE, Asia/Shanghai by default): what "today" is
   * for quote dates, expiry and price-list validity (services/company-day.ts reads it).
   */
  timeZone: string;
  /**
   * Which proxies' X-Forwarded-For to believe for the client's address (rate limits, logs):
   * express's `trust proxy` (LODESTONE_TRUST_PROXY: `loopback` by default; a hop count, or a list
   * of addresses and subnets such as `loopback, 10.0.0.0/8` behind a load balancer).
   */
  trustProxy: number | string;
}

/** The zone LODESTONE_TIMEZONE names when unset. */
export const DEFAULT_TIME_ZONE = 'Asia/Shanghai';

/** LODESTONE_TIMEZONE, checked: an IANA zone Intl knows (`Asia/Shanghai`, `UTC`, …). */
export function parseTimeZone(value: string | undefined): string {
  const zone = value?.trim() || DEFAULT_TIME_ZONE;
  try {
    return new Intl.DateTimeFormat('en-US', { timeZone: zone }).resolvedOptions().timeZone;
  } catch {
    throw new Error(
      `LODESTONE_TIMEZONE must be an IANA time zone such as Asia/Shanghai, got "${zone}"`,
    );
  }
}

function intFromEnv(value: string | undefined, fallback: number, name: string): number {
  if (value === undefined || value === '') return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0)
    throw new Error(`${name} must be a whole number, got "${value}"`);
  return n;
}

/** LODESTONE_TRUST_PROXY: a hop count, or addresses and subnets; `true` is refused (spoofable). */
export function parseTrustProxy(value: string | undefined): number | string {
  const text = value?.trim() || 'loopback';
  if (/^\d+$/.test(text)) return Number(text);
  if (/^(true|false)$/i.test(text))
    throw new Error(
      'LODESTONE_TRUST_PROXY must be a hop count or the proxies\' addresses (e.g. "loopback, 10.0.0.0/8"); "true" would let any client choose its address',
    );
  return text;
}

function tlsFromEnv(env: NodeJS.ProcessEnv): ServerConfig['tls'] {
  const certFile = env.LODESTONE_TLS_CERT || undefined;
  const keyFile = env.LODESTONE_TLS_KEY || undefined;
  if (!certFile && !keyFile) return null;
  if (!certFile || !keyFile)
    throw new Error('LODESTONE_TLS_CERT and LODESTONE_TLS_KEY must be set together');
  return { certFile: path.resolve(certFile), keyFile: path.resolve(keyFile) };
}

/** Where `npx office-addin-dev-certs install` puts its trusted localhost certificate. */
export function officeDevCerts(home: string): { certFile: string; keyFile: string } {
  const dir = path.join(home, '.office-addin-dev-certs');
  return { certFile: path.join(dir, 'localhost.crt'), keyFile: path.join(dir, 'localhost.key') };
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): ServerConfig {
  const driver = env.LODESTONE_SQLITE_DRIVER ?? 'better-sqlite3';
  if (driver !== 'better-sqlite3' && driver !== 'sqlite3') {
    throw new Error(`LODESTONE_SQLITE_DRIVER must be better-sqlite3 or sqlite3, got "${driver}"`);
  }
  const databaseUrl = env.DATABASE_URL || undefined;
  if (databaseUrl && !/^postgres(ql)?:\/\//.test(databaseUrl)) {
    throw new Error('DATABASE_URL must start with postgres:// (leave it unset for SQLite)');
  }
  return {
    port: intFromEnv(env.PORT, 3000, 'PORT'),
    host: env.HOST || '0.0.0.0',
    databaseUrl,
    sqliteFile: path.resolve(env.LODESTONE_DB_FILE || 'data/lodestone.db'),
    sqliteDriver: driver,
    corsOrigins: (env.LODESTONE_CORS_ORIGINS ?? '')
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean),
    rateLimitPerMinute: intFromEnv(env.LODESTONE_RATE_LIMIT, 1200, 'LODESTONE_RATE_LIMIT'),
    maxBodyBytes: intFromEnv(env.LODESTONE_MAX_BODY_BYTES, 1_000_000, 'LODESTONE_MAX_BODY_BYTES'),
    maxBatchSize: intFromEnv(env.LODESTONE_MAX_BATCH, 50, 'LODESTONE_MAX_BATCH'),
    sessionHours: intFromEnv(env.LODESTONE_SESSION_HOURS, 12, 'LODESTONE_SESSION_HOURS'),
    logLevel: env.LODESTONE_LOG === 'silent' ? 'silent' : 'info',
    seedDemo: env.LODESTONE_SEED !== 'none',
    tls: tlsFromEnv(env),
    timeZone: parseTimeZone(env.LODESTONE_TIMEZONE),
    trustProxy: parseTrustProxy(env.LODESTONE_TRUST_PROXY),
  };
}

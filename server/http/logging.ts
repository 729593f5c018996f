import { randomUUID } from 'node:crypto';
import type { RequestHandler } from 'express';

export interface Logger {
  info(fields: Record<string, unknown>): void;
  error(fields: Record<string, unknown>): void;
}

/** One JSON object per line on stdout/stderr: easy to grep, easy to ship to a log store. */
export function jsonLogger(level: 'info' | 'silent'): Logger {
  const write = (stream: NodeJS.WriteStream, lvl: string, fields: Record<string, unknown>) =>
    stream.write(`${JSON.stringify({ time: new Date().toISOString(), level: lvl, ...fields })}\n`);
  return {
    info: (f) => level !== 'silent' && write(process.stdout, 'info', f),
    // Errors are always written: a silent server must not swallow failures.
    error: (f) => write(process.stderr, 'error', f),
  };
}

const REQUEST_ID = /^[A-Za-z0-9._-]{1,64}$/;

/** Takes a sane incoming x-request-id (from a proxy) or makes one, echoes it, logs the request. */
export function requestLog(logger: Logger): RequestHandler {
  return (req, res, next) => {
    const incoming = req.headers['x-request-id'];
    const id = typeof incoming === 'string' && REQUEST_ID.test(incoming) ? incoming : randomUUID();
    res.locals.requestId = id;
    res.setHeader('x-request-id', id);
    const start = process.hrtime.bigint();
    res.on('finish', () => {
      logger.info({
        requestId: id,
        method: req.method,
        path: req.path,
        status: res.statusCode,
        ms: Number((process.hrtime.bigint() - start) / 1000n) / 1000,
        user: res.locals.userId ?? null,
      });
    });
    next();
  };
}

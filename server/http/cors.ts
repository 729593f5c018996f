import type { RequestHandler } from 'express';

/**
 * Public endpoints any web page may call: website lead forms post to leads.capture from the
 * company's own sites, and the form's allowed origins are checked inside the procedure. Only
 * the exact, unbatched path is open, and without the authorization header.
 */
const OPEN_PATHS = new Set(['/trpc/leads.capture']);

/**
 * CORS from an allow-list only. A disallowed origin gets no CORS headers at all, so the browser
 * refuses to hand it the response. Bearer tokens (no cookies), so credentials are never allowed.
 */
export function corsAllowList(origins: readonly string[]): RequestHandler {
  const allowed = new Set(origins);
  return (req, res, next) => {
    const origin = req.headers.origin;
    if (origin && !allowed.has(origin) && OPEN_PATHS.has(req.path)) {
      res.setHeader('Access-Control-Allow-Origin', origin);
      res.setHeader('Access-Control-Allow-Methods', 'POST, OPTIONS');
      res.setHeader('Access-Control-Allow-Headers', 'content-type');
      res.setHeader('Vary', 'Origin');
      if (req.method === 'OPTIONS') {
        res.status(204).end();
        return;
      }
      next();
      return;
    }
    if (origin && allowed.has(origin)) {
      res.setHeader('Access-Control-Allow-Origin', origin);
      res.setHeader('Access-Control-Allow-Methods', 'GET, POST, OPTIONS');
      res.setHeader(
        'Access-Control-Allow-Headers',
        // last-event-id: a change stream resuming after a reconnect (core/fetch-event-source.ts).
        'authorization, content-type, trpc-accept, x-request-id, last-event-id',
      );
      res.setHeader('Access-Control-Expose-Headers', 'x-request-id');
      res.setHeader('Access-Control-Max-Age', '600');
    }
    res.setHeader('Vary', 'Origin');
    if (req.method === 'OPTIONS') {
      res.status(origin && allowed.has(origin) ? 204 : 403).end();
      return;
    }
    next();
  };
}

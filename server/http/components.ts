import path from 'node:path';
import express, { type RequestHandler, type Response } from 'express';

/**
 * The built web components (`npm run build` → dist/): `/components.js` is the one-file bundle a
 * portal loads with a script tag; `/components/…` the per-element modules, their chunks, the
 * theme stylesheets and the Custom Elements Manifest. Module scripts are fetched with CORS, so
 * every file says any origin may load it (it is public code; the API keeps its own allow-list).
 * Chunk names carry a content hash and are cached for good; the rest is revalidated after five
 * minutes (ETag), so a new release reaches portals quickly.
 */
export function componentAssets(distDir: string): RequestHandler {
  const setHeaders = (res: Response, file: string) => {
    res.setHeader('Access-Control-Allow-Origin', '*');
    res.setHeader('Cross-Origin-Resource-Policy', 'cross-origin');
    const hashed = file.includes(`${path.sep}chunks${path.sep}`);
    res.setHeader(
      'Cache-Control',
      hashed ? 'public, max-age=31536000, immutable' : 'public, max-age=300, must-revalidate',
    );
  };
  const files = express.static(distDir, { index: false, setHeaders });
  const router = express.Router();
  router.get('/components.js', files);
  router.use('/components', files);
  return router;
}

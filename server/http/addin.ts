import express, { type RequestHandler } from 'express';

/**
 * The Excel add-in's files (`npm run build` → dist/addin/): the task pane page (which also hosts
 * the ribbon commands and the LODESTONE functions: one shared runtime), functions.json, the help
 * page and the icons, under `/addin/` as manifest.xml names them. Office loads them over HTTPS
 * from the origin in the manifest; they are revalidated after five minutes (ETag), so a new
 * release reaches open workbooks quickly.
 */
export function addinAssets(addinDir: string): RequestHandler {
  const router = express.Router();
  router.use(
    '/addin',
    express.static(addinDir, {
      index: false,
      setHeaders: (res) => res.setHeader('Cache-Control', 'public, max-age=300, must-revalidate'),
    }),
  );
  return router;
}

/**
 * The web dashboard: plain HTML, CSS and modern JavaScript in web/, served as static files by the API
 * (no build step, no separate server). The pages call the same JSON API with the bearer token the user
 * signs in with; they hold no data of their own.
 */
import path from 'node:path';
import express, { Router } from 'express';

export const WEB_DIR = path.resolve(__dirname, '..', 'web');

export function webRouter(dir: string): Router {
  const router = Router();
  router.get('/', (_req, res) => {
    res.redirect(302, '/web/');
  });
  router.use(
    '/web',
    express.static(dir, {
      index: 'index.html',
      fallthrough: true,
      setHeaders(res) {
        // The pages are small and change with the code: always revalidate.
        res.setHeader('Cache-Control', 'no-cache');
        res.setHeader('X-Content-Type-Options', 'nosniff');
        res.setHeader(
          'Content-Security-Policy',
          "default-src 'self'; style-src 'self'; script-src 'self'; img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'",
        );
      },
    }),
  );
  return router;
}

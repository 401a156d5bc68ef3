/**
 * The web dashboard: plain HTML, CSS and modern JavaScript in web/, served as static files by the API
 * (no build step, no separate server). The pages call the same JSON API with the bearer token the user
 * signs in with (authorization code + PKCE at the identity provider, web/app.js); they hold no data of their own.
 */
import path from 'node:path';
import express, { Router } from 'express';

export const WEB_DIR = path.resolve(__dirname, '..', 'web');

/** What the dashboard needs to sign people in (GET /web/sign-in.json): the identity provider and its client. */
export interface WebSignIn {
  /** null: no identity provider (production without OIDC_ISSUER); only a pasted token remains. */
  issuer: string | null;
  clientId: string;
  scope: string;
  /** Development and test only: the page also offers pasting a token (the dev credentials). */
  tokenPaste: boolean;
}

export function webRouter(dir: string, signIn?: WebSignIn): Router {
  const router = Router();
  router.get('/', (_req, res) => {
    res.redirect(302, '/web/');
  });
  // The dashboard exchanges the code at the provider's token endpoint from the page itself.
  const connectSrc = ["'self'", ...(signIn?.issuer ? [new URL(signIn.issuer).origin] : [])].join(' ');
  router.get('/web/sign-in.json', (_req, res) => {
    res.setHeader('Cache-Control', 'no-cache');
    res.json(signIn ?? { issuer: null, clientId: '', scope: '', tokenPaste: true });
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
          `default-src 'self'; style-src 'self'; script-src 'self'; img-src 'self' data:; connect-src ${connectSrc}; frame-ancestors 'none'`,
        );
      },
    }),
  );
  return router;
}

/**
 * The development identity provider `make start` runs (panva's oidc-provider, a certified OpenID Provider)
 * so that people sign in to the dashboard the way they will in production: authorization code + PKCE
 * against a provider on another origin, an RS256 access token for the API (audience OIDC_AUDIENCE),
 * verified by the API against the provider's JWKS.
 *
 * Its users are the development principals of api/auth.ts that belong to people (staff of every licensor
 * body and of the CTRM approval chain, a counter operator per branch, viewer, admin); its login page lists
 * them and asks for no password. Every token it issues carries `dev: true`, which production refuses, and
 * production refuses to start it at all (config/index.ts).
 *
 * Its signing key is kept in DATA_DIR/oidc-dev-provider/jwks.json so that tokens survive a restart;
 * sessions and codes live in memory.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import path from 'node:path';
import express from 'express';
import type * as Jose from 'jose' with { 'resolution-mode': 'import' };
import { devPrincipals } from '../api/auth';
import { PERSON_ROLES } from '../api/oidc';
import type { Principal } from '../domain/roles';

// jose and oidc-provider are ES modules only; Node 20.19+ loads them with require.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const jose = require('jose') as typeof Jose;

/** The little of oidc-provider's API used here (the package ships no types). */
interface OidcProvider {
  callback(): (req: IncomingMessage, res: ServerResponse) => void;
  interactionDetails(
    req: IncomingMessage,
    res: ServerResponse,
  ): Promise<{ uid: string; prompt: { name: string }; params: Record<string, unknown> }>;
  interactionFinished(
    req: IncomingMessage,
    res: ServerResponse,
    result: unknown,
    opts: { mergeWithLastSubmission: boolean },
  ): Promise<void>;
  Grant: new (init: { accountId: string; clientId: string }) => OidcGrant;
  on(event: string, listener: (...args: unknown[]) => void): void;
}
interface OidcGrant {
  addOIDCScope(scope: string): void;
  addResourceScope(resource: string, scope: string): void;
  save(): Promise<string>;
}
interface GrantContext {
  oidc: {
    client?: { clientId: string };
    session?: { accountId?: string; grantIdFor(clientId: string): string | undefined };
    result?: { consent?: { grantId?: string } };
    provider: {
      Grant: { find(id: string): Promise<OidcGrant | undefined> } & (new (init: { accountId: string; clientId: string }) => OidcGrant);
    };
  };
}
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { Provider } = require('oidc-provider') as { Provider: new (issuer: string, configuration: object) => OidcProvider };

/** The API's one scope: the roles in the token say what the person may do. */
export const API_SCOPE = 'api';

export interface DevProviderOptions {
  /** http://host:port the provider is reached at (its issuer). */
  issuer: string;
  /** The API's audience (resource indicator). */
  audience: string;
  /** The dashboard's public client id. */
  clientId: string;
  /** Where the dashboard may receive the code (its /web/ page on each origin the API is reached at). */
  redirectUris: string[];
  /** Keeps the signing key across restarts; without it a new key each start. */
  dataDir?: string;
  /** Access token lifetime in seconds (default 1 hour). */
  accessTokenTtlSec?: number;
}

/** The people who can sign in: one or more per person role. */
export function devUsers(): Principal[] {
  return devPrincipals().filter((p) => PERSON_ROLES.includes(p.role));
}

/** Claims of the access token for one user (the names api/oidc.ts principalFromClaims reads). */
export function claimsOf(p: Principal): Record<string, unknown> {
  return {
    role: p.role,
    ...(p.licensorBody ? { licensor_body: p.licensorBody } : {}),
    ...(p.branch ? { branch: p.branch } : {}),
    ...(p.displayName ? { name: p.displayName } : {}),
    dev: true,
  };
}

async function signingKeys(dataDir: string | undefined): Promise<Jose.JWK[]> {
  const file = dataDir ? path.join(dataDir, 'oidc-dev-provider', 'jwks.json') : null;
  if (file && fs.existsSync(file)) {
    const saved = JSON.parse(fs.readFileSync(file, 'utf8')) as { keys: Jose.JWK[] };
    if (saved.keys.length > 0) return saved.keys;
  }
  const { privateKey } = await jose.generateKeyPair('RS256', { extractable: true });
  const jwk = { ...(await jose.exportJWK(privateKey)), alg: 'RS256', use: 'sig' };
  const keys = [{ ...jwk, kid: await jose.calculateJwkThumbprint(jwk) }];
  if (file) {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, `${JSON.stringify({ keys }, null, 2)}\n`, { mode: 0o600 });
  }
  return keys;
}

export async function createDevProvider(opts: DevProviderOptions): Promise<{ app: express.Express; provider: OidcProvider }> {
  const users = new Map(devUsers().map((u) => [u.subject, u]));
  const origins = new Set(opts.redirectUris.map((u) => new URL(u).origin));
  const provider = new Provider(opts.issuer, {
    clients: [
      {
        client_id: opts.clientId,
        application_type: 'web',
        token_endpoint_auth_method: 'none', // a browser app keeps no secret: PKCE protects the code
        grant_types: ['authorization_code'],
        response_types: ['code'],
        redirect_uris: opts.redirectUris,
        post_logout_redirect_uris: opts.redirectUris,
      },
    ],
    async findAccount(_ctx: unknown, sub: string) {
      const user = users.get(sub);
      if (!user) return undefined;
      return { accountId: sub, claims: () => ({ sub, ...(user.displayName ? { name: user.displayName } : {}) }) };
    },
    claims: { openid: ['sub'], profile: ['name'] },
    scopes: ['openid', 'profile'],
    jwks: { keys: await signingKeys(opts.dataDir) },
    cookies: { keys: [crypto.randomBytes(32).toString('base64url')] },
    pkce: { methods: ['S256'], required: () => true },
    // The dashboard calls the token endpoint from its own origin.
    clientBasedCORS: (_ctx: unknown, origin: string) => origins.has(origin),
    features: {
      devInteractions: { enabled: false }, // our own login page below
      resourceIndicators: {
        enabled: true,
        defaultResource: () => opts.audience,
        useGrantedResource: () => true,
        getResourceServerInfo: (_ctx: unknown, resource: string) => {
          if (resource !== opts.audience) throw new Error(`unknown resource ${resource}`);
          return {
            scope: API_SCOPE,
            audience: opts.audience,
            accessTokenTTL: opts.accessTokenTtlSec ?? 3600,
            accessTokenFormat: 'jwt',
            jwt: { sign: { alg: 'RS256' } },
          };
        },
      },
    },
    // The roles, body and branch of the user, for the API (api/oidc.ts).
    extraTokenClaims: (_ctx: unknown, token: { accountId?: string }) => {
      const user = token.accountId ? users.get(token.accountId) : undefined;
      return user ? claimsOf(user) : undefined;
    },
    // A first-party app: no consent screen; the dashboard is granted openid, profile and the API's scope.
    async loadExistingGrant(ctx: GrantContext) {
      const { client, session, result, provider: p } = ctx.oidc;
      if (!client || !session?.accountId) return undefined;
      const existing = result?.consent?.grantId ?? session.grantIdFor(client.clientId);
      if (existing) {
        const found = await p.Grant.find(existing);
        if (found) return found;
      }
      const grant = new p.Grant({ accountId: session.accountId, clientId: client.clientId });
      grant.addOIDCScope('openid profile');
      grant.addResourceScope(opts.audience, API_SCOPE);
      await grant.save();
      return grant;
    },
    ttl: {
      AccessToken: opts.accessTokenTtlSec ?? 3600,
      AuthorizationCode: 60,
      Session: 8 * 3600,
      Grant: 8 * 3600,
      Interaction: 600,
      IdToken: 3600,
    },
    renderError: (ctx: { type: string; body: string }, out: Record<string, string>) => {
      ctx.type = 'html';
      ctx.body = page('Sign-in error', `<p role="alert">${escapeHtml(out.error ?? '')}: ${escapeHtml(out.error_description ?? '')}</p>`);
    },
  });

  const app = express();
  app.disable('x-powered-by');
  app.get('/interaction/:uid', async (req, res, next) => {
    try {
      const details = await provider.interactionDetails(req, res);
      if (details.prompt.name !== 'login') {
        // Consent is granted by loadExistingGrant; any other prompt is finished as is.
        await provider.interactionFinished(req, res, {}, { mergeWithLastSubmission: true });
        return;
      }
      res.setHeader('Cache-Control', 'no-store');
      res.type('html').send(loginPage(details.uid, [...users.values()]));
    } catch (e) {
      next(e);
    }
  });
  app.post('/interaction/:uid/login', express.urlencoded({ extended: false, limit: '4kb' }), async (req, res, next) => {
    try {
      const sub = typeof req.body === 'object' && req.body !== null ? (req.body as Record<string, unknown>).sub : undefined;
      if (typeof sub !== 'string' || !users.has(sub)) {
        res.status(400).type('html').send(page('Sign-in error', '<p role="alert">Choose one of the listed users.</p>'));
        return;
      }
      await provider.interactionFinished(req, res, { login: { accountId: sub } }, { mergeWithLastSubmission: false });
    } catch (e) {
      next(e);
    }
  });
  app.use(provider.callback());
  return { app, provider };
}

export async function listenDevProvider(opts: DevProviderOptions & { host: string; port: number }): Promise<Server> {
  const { app } = await createDevProvider(opts);
  return new Promise((resolve, reject) => {
    const s = app.listen(opts.port, opts.host, () => resolve(s));
    s.once('error', reject);
  });
}

// ---- the login page -----------------------------------------------------------------------------------

const ROLE_TITLES: Record<string, string> = {
  staff: 'Staff of a licensor body',
  operator: 'State Corporation counter operators',
  viewer: 'Dashboard viewers',
  admin: 'Administrators',
};

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function page(title: string, body: string): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>body{font-family:system-ui,sans-serif;max-width:44rem;margin:2rem auto;padding:0 1rem}
button{display:block;width:100%;text-align:left;margin:.25rem 0;padding:.5rem;font:inherit;cursor:pointer}
small{color:#555}.warn{background:#fff3cd;padding:.5rem}</style></head>
<body>${body}</body></html>`;
}

function loginPage(uid: string, users: Principal[]): string {
  const groups = PERSON_ROLES.map((role) => {
    const members = users.filter((u) => u.role === role);
    if (members.length === 0) return '';
    const buttons = members
      .map((u) => {
        const where = u.licensorBody ?? u.branch ?? '';
        return `<button type="submit" name="sub" value="${escapeHtml(u.subject)}" data-sub="${escapeHtml(u.subject)}">${escapeHtml(
          u.displayName ?? u.subject,
        )} <small>${escapeHtml(u.subject)}${where ? ` · ${escapeHtml(where)}` : ''}</small></button>`;
      })
      .join('\n');
    return `<section><h2>${escapeHtml(ROLE_TITLES[role] ?? role)}</h2>${buttons}</section>`;
  }).join('\n');
  return page(
    'Development sign-in',
    `<h1>Development sign-in</h1>
<p class="warn">Development identity provider: choose who you are, no password. Production uses the real identity provider and refuses these users.</p>
<form method="post" action="/interaction/${escapeHtml(uid)}/login" id="dev-login">${groups}</form>`,
  );
}

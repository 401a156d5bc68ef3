/**
 * Access tokens of the identity provider (api/oidc.ts): issuer, audience, expiry, signing keys from its
 * JWKS (rotation included), the claims → principal mapping, and how shared-secret tokens are limited to
 * outside systems in production. The provider here is a JWKS served over HTTP by the test, with keys it
 * generates and rotates itself.
 */
import crypto from 'node:crypto';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import pino from 'pino';
import request from 'supertest';
import type * as Jose from 'jose' with { 'resolution-mode': 'import' };
import { createApp } from '../../api/app';
import { createAuthenticator, mintToken } from '../../api/auth';
import { createOidcVerifier, createSignIn, principalFromClaims, SERVICE_ROLES, type OidcVerifier } from '../../api/oidc';
import { ConfigError, loadConfig } from '../../config';
import { DomainError } from '../../domain/errors';
import { ROLES } from '../../domain/roles';
import { InMemoryStateDatabases } from '../../adapters/state-databases/fake';
import { InMemoryPermitRegister } from '../../register/permit-register-memory';
import { FakeCases } from './helpers/fake-cases';
import { MemoryStore } from './helpers/memory-store';
import { testLicenseModule } from './helpers/test-modules';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const jose = require('jose') as typeof Jose;

const AUDIENCE = 'urn:kz-services:api';
let server: http.Server;
let issuer = '';
/** What the provider publishes at /jwks right now, and how often it was asked. */
let published: Jose.JWK[] = [];
let jwksFetches = 0;

interface SigningKey {
  kid: string;
  privateKey: Jose.CryptoKey;
  publicJwk: Jose.JWK;
}

async function newKey(): Promise<SigningKey> {
  const { privateKey, publicKey } = await jose.generateKeyPair('RS256', { extractable: true });
  const kid = crypto.randomUUID();
  return { kid, privateKey, publicJwk: { ...(await jose.exportJWK(publicKey)), kid, alg: 'RS256', use: 'sig' } };
}

let keyA: SigningKey;
let keyB: SigningKey;

const STAFF = { role: 'staff', licensor_body: 'ctrm', name: 'Айгерім Сейтқали' };

async function sign(
  key: SigningKey,
  claims: Record<string, unknown> = STAFF,
  opts: { iss?: string; aud?: string; exp?: string | number; sub?: string | null } = {},
): Promise<string> {
  const jwt = new jose.SignJWT(claims)
    .setProtectedHeader({ alg: 'RS256', kid: key.kid, typ: 'at+jwt' })
    .setIssuer(opts.iss ?? issuer)
    .setAudience(opts.aud ?? AUDIENCE)
    .setIssuedAt()
    .setExpirationTime(opts.exp ?? '5m');
  if (opts.sub !== null) jwt.setSubject(opts.sub ?? 'person-1');
  return jwt.sign(key.privateKey);
}

const verifier = (over: Partial<Parameters<typeof createOidcVerifier>[0]> = {}): OidcVerifier =>
  createOidcVerifier({ issuer, audience: AUDIENCE, jwksUrl: `${issuer}/jwks`, refuseDevUsers: false, jwksCooldownMs: 0, ...over });

async function refusal(p: Promise<unknown>): Promise<DomainError> {
  const e: unknown = await p.then(
    () => new Error('accepted'),
    (err: unknown) => err,
  );
  if (!(e instanceof DomainError)) throw e instanceof Error ? e : new Error(String(e));
  return e;
}

beforeAll(async () => {
  keyA = await newKey();
  keyB = await newKey();
  published = [keyA.publicJwk];
  server = http.createServer((req, res) => {
    if (req.url === '/jwks') {
      jwksFetches++;
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ keys: published }));
    } else if (req.url === '/.well-known/openid-configuration') {
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ issuer, jwks_uri: `${issuer}/jwks` }));
    } else {
      res.statusCode = 404;
      res.end();
    }
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
});

beforeEach(() => {
  published = [keyA.publicJwk];
});

describe('an access token of the identity provider', () => {
  test('signed with a published key, for this API, by the issuer: the person with their role, body and name', async () => {
    await expect(verifier().verify(await sign(keyA))).resolves.toEqual({
      subject: 'person-1',
      role: 'staff',
      licensorBody: 'ctrm',
      displayName: 'Айгерім Сейтқали',
    });
  });

  test('the JWKS is found through the issuer’s discovery document when no JWKS URL is configured', async () => {
    const v = createOidcVerifier({ issuer, audience: AUDIENCE, refuseDevUsers: false });
    await expect(v.verify(await sign(keyA))).resolves.toMatchObject({ role: 'staff' });
  });

  test.each([
    ['another issuer', { iss: 'https://idp.example.org' }, 'the token was not issued by'],
    ['another audience', { aud: 'urn:someone-else' }, 'the token is not meant for this API (audience urn:kz-services:api)'],
    ['expired', { exp: Math.floor(Date.now() / 1000) - 120 }, 'the token has expired'],
    ['no subject', { sub: null }, 'the token’s sub claim is not valid'],
  ])('%s → 401 saying so', async (_what, opts, message) => {
    const e = await refusal(verifier().verify(await sign(keyA, STAFF, opts)));
    expect(e.code).toBe('UNAUTHENTICATED');
    expect(e.message.replace("'", '’')).toContain(message);
  });

  test('signed with a key the provider does not publish (unknown kid) → 401', async () => {
    const rogue = await newKey();
    const e = await refusal(verifier().verify(await sign(rogue)));
    expect(e.code).toBe('UNAUTHENTICATED');
    expect(e.message).toBe('the token is signed with a key the identity provider does not publish');
  });

  test('a published kid with a forged signature → 401', async () => {
    const forged = await sign({ ...keyB, kid: keyA.kid });
    const e = await refusal(verifier().verify(forged));
    expect(e.message).toBe('the token signature is not valid');
  });

  test('key rotation: after the provider rotates to a new key its tokens are accepted at once, and the retired key’s are refused', async () => {
    const v = verifier({ jwksCooldownMs: 0 });
    await expect(v.verify(await sign(keyA))).resolves.toMatchObject({ subject: 'person-1' });
    const before = jwksFetches;
    // Cached: a second token with the same key does not ask the provider again.
    await v.verify(await sign(keyA));
    expect(jwksFetches).toBe(before);

    published = [keyB.publicJwk, keyA.publicJwk]; // rotation: the new key first, the old one still published
    await expect(v.verify(await sign(keyB, STAFF, { sub: 'person-2' }))).resolves.toMatchObject({ subject: 'person-2' });
    expect(jwksFetches).toBe(before + 1); // the unknown kid made it fetch the set again
    await expect(v.verify(await sign(keyA))).resolves.toMatchObject({ subject: 'person-1' });

    published = [keyB.publicJwk]; // the old key retired
    const rogue = await newKey(); // an unknown kid refreshes the cache, which now lacks key A
    await refusal(v.verify(await sign(rogue)));
    const e = await refusal(v.verify(await sign(keyA)));
    expect(e.message).toBe('the token is signed with a key the identity provider does not publish');
    await expect(v.verify(await sign(keyB))).resolves.toMatchObject({ role: 'staff' });
  });

  test('with the default cooldown an unknown kid does not make every request fetch the JWKS again', async () => {
    const v = verifier({ jwksCooldownMs: 30_000 });
    await v.verify(await sign(keyA));
    const before = jwksFetches;
    const rogue = await newKey();
    for (let i = 0; i < 5; i++) await refusal(v.verify(await sign(rogue)));
    expect(jwksFetches - before).toBeLessThanOrEqual(1);
  });

  test('an HS256 token claiming the issuer is never checked against the JWKS', async () => {
    const secret = new TextEncoder().encode('x'.repeat(40));
    const hs = await new jose.SignJWT(STAFF)
      .setProtectedHeader({ alg: 'HS256' })
      .setIssuer(issuer)
      .setAudience(AUDIENCE)
      .setSubject('x')
      .setExpirationTime('5m')
      .sign(secret);
    const e = await refusal(verifier().verify(hs));
    expect(e.code).toBe('UNAUTHENTICATED');
  });

  test('the provider unreachable → 503 (the caller may try again), not a 401', async () => {
    const v = createOidcVerifier({ issuer, audience: AUDIENCE, jwksUrl: 'http://127.0.0.1:9/jwks', refuseDevUsers: false });
    const e = await refusal(v.verify(await sign(keyA)));
    expect(e.code).toBe('UPSTREAM_UNAVAILABLE');
  });
});

describe('claims → principal (the one mapping)', () => {
  const map =
    (claims: Record<string, unknown>, refuseDevUsers = false) =>
    () =>
      principalFromClaims({ sub: 'p', ...claims }, { refuseDevUsers });

  test.each([
    [{ role: 'viewer' }, { subject: 'p', role: 'viewer' }],
    [{ roles: ['offline_access', 'admin'] }, { subject: 'p', role: 'admin' }],
    [
      { role: 'operator', branch: 'astana-yesil' },
      { subject: 'p', role: 'operator', branch: 'astana-yesil' },
    ],
    [
      { role: 'viewer', licensor_body: 'ctrm' },
      { subject: 'p', role: 'viewer' },
    ],
  ])('%j → %j', (claims, principal) => {
    expect(map(claims)()).toEqual(principal);
  });

  test.each([
    [{}, 'names no role of a person'],
    [{ role: 'gateway' }, 'names no role of a person'], // outside systems never come through the provider
    [{ role: 'portal' }, 'names no role of a person'],
    [{ roles: ['staff', 'admin'], licensor_body: 'ctrm' }, 'exactly one is needed'],
    [{ role: 'staff' }, 'staff tokens must name a licensor_body'],
    [{ role: 'staff', licensor_body: 'nowhere' }, 'licensor_body must be one of'],
    [{ role: 'operator' }, 'operator tokens must name a branch'],
  ])('%j → 401: %s', (claims, message) => {
    expect(map(claims)).toThrow(DomainError);
    expect(map(claims)).toThrow(message);
  });

  test('development users are refused in production', () => {
    expect(map({ role: 'viewer', dev: true }, true)).toThrow('development users are refused in production');
    expect(map({ role: 'viewer', dev: true }, false)()).toMatchObject({ role: 'viewer' });
  });
});

describe('one sign-in for both kinds of token', () => {
  const secret = 'a'.repeat(40);
  const shared = createAuthenticator({ secret, refuseDevTokens: true });
  const production = () =>
    createSignIn({ sharedSecret: shared, oidc: verifier({ refuseDevUsers: true }), sharedSecretRoles: SERVICE_ROLES });
  const development = () =>
    createSignIn({ sharedSecret: createAuthenticator({ secret, refuseDevTokens: false }), oidc: verifier(), sharedSecretRoles: ROLES });

  test('production: outside systems keep their service credentials; a person with a shared-secret token is refused', async () => {
    const auth = production();
    await expect(auth.authenticate(`Bearer ${mintToken(secret, { subject: 'payment-gateway', role: 'gateway' })}`)).resolves.toMatchObject({
      role: 'gateway',
    });
    await expect(auth.authenticate(`Bearer ${mintToken(secret, { subject: 'egov', role: 'portal' })}`)).resolves.toMatchObject({
      role: 'portal',
    });
    for (const role of ['staff', 'viewer', 'admin', 'operator'] as const) {
      const where = role === 'staff' ? { licensorBody: 'ctrm' } : role === 'operator' ? { branch: 'astana-yesil' } : {};
      const token = mintToken(secret, { subject: 's', role, ...where });
      await expect(Promise.resolve().then(() => auth.authenticate(`Bearer ${token}`))).rejects.toThrow(
        `a ${role} signs in through OpenID Connect; shared-secret tokens are for outside systems only`,
      );
    }
    await expect(auth.authenticate(`Bearer ${await sign(keyA)}`)).resolves.toMatchObject({ role: 'staff', licensorBody: 'ctrm' });
    await expect(auth.authenticate(`Bearer ${await sign(keyA, { ...STAFF, dev: true })}`)).rejects.toThrow(
      'development users are refused in production',
    );
  });

  test('development: both kinds are accepted (the tests’ HS256 tokens keep working)', async () => {
    const auth = development();
    await expect(
      Promise.resolve(auth.authenticate(`Bearer ${mintToken(secret, { subject: 's', role: 'staff', licensorBody: 'ctrm' })}`)),
    ).resolves.toMatchObject({ role: 'staff' });
    await expect(auth.authenticate(`Bearer ${await sign(keyA)}`)).resolves.toMatchObject({ role: 'staff' });
    await expect(Promise.resolve(auth.authenticate(undefined))).resolves.toBeNull();
  });

  test('without a configured provider a provider’s token is refused in words', async () => {
    const auth = createSignIn({ sharedSecret: shared, oidc: null, sharedSecretRoles: SERVICE_ROLES });
    await expect(auth.authenticate(`Bearer ${await sign(keyA)}`)).rejects.toThrow('no identity provider is configured');
  });

  test('through the API: GET /v1/me answers who the token names; a bad token is a 401 problem naming why', async () => {
    const config = loadConfig({ APP_ENV: 'test', LOG_LEVEL: 'silent', DATA_DIR: path.join(os.tmpdir(), `kz-oidc-${crypto.randomUUID()}`) });
    const app = createApp({
      config,
      store: new MemoryStore(),
      cases: new FakeCases(),
      modules: [testLicenseModule],
      auth: development(),
      logger: pino({ level: 'silent' }),
      preAcceptance: { stateDatabases: new InMemoryStateDatabases({}), permits: new InMemoryPermitRegister() },
    });
    const me = await request(app)
      .get('/v1/me')
      .set('Authorization', `Bearer ${await sign(keyA)}`);
    expect(me.status).toBe(200);
    expect(me.body).toMatchObject({ subject: 'person-1', role: 'staff', licensorBody: 'ctrm', displayName: 'Айгерім Сейтқали' });

    const expired = await request(app)
      .get('/v1/me')
      .set('Authorization', `Bearer ${await sign(keyA, STAFF, { exp: Math.floor(Date.now() / 1000) - 120 })}`);
    expect(expired.status).toBe(401);
    expect(expired.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(expired.headers['www-authenticate']).toMatch(/^Bearer/);
    expect(expired.body).toMatchObject({ code: 'UNAUTHENTICATED', detail: 'the token has expired' });

    const noBody = await request(app)
      .get('/v1/me')
      .set('Authorization', `Bearer ${await sign(keyA, { role: 'staff' })}`);
    expect(noBody.status).toBe(401);
    expect(noBody.body.detail).toBe("the token's claims are not valid: licensor_body staff tokens must name a licensor_body");

    // The dashboard learns where to sign in.
    const settings = await request(app).get('/web/sign-in.json');
    expect(settings.body).toEqual({ issuer: 'http://127.0.0.1:3100', clientId: 'kz-dashboard', scope: 'openid profile', tokenPaste: true });
    const page = await request(app).get('/web/');
    expect(page.headers['content-security-policy']).toContain("connect-src 'self' http://127.0.0.1:3100");
  });
});

describe('configuration', () => {
  const prod = { APP_ENV: 'production', DATABASE_URL: 'postgresql://u@db/app', AUTH_TOKEN_SECRET: 'p'.repeat(40) };

  test('development: the embedded provider is the issuer by default', () => {
    const c = loadConfig({ APP_ENV: 'development' }).oidc;
    expect(c).toMatchObject({ issuer: 'http://127.0.0.1:3100', audience: AUDIENCE, clientId: 'kz-dashboard', refuseDevUsers: false });
    expect(c.devProvider).toEqual({ host: '127.0.0.1', port: 3100, url: 'http://127.0.0.1:3100' });
    expect(loadConfig({ APP_ENV: 'development', OIDC_ISSUER: 'https://idp.example.org/realms/kz' }).oidc.devProvider).toBeNull();
  });

  test('production: no development provider, no development users, an https issuer', () => {
    const c = loadConfig({ ...prod, OIDC_ISSUER: 'https://idp.gov.kz/realms/staff' }).oidc;
    expect(c).toMatchObject({ issuer: 'https://idp.gov.kz/realms/staff', refuseDevUsers: true, devProvider: null });
    expect(loadConfig(prod).oidc).toMatchObject({ issuer: null, devProvider: null }); // people cannot sign in at all
    expect(() => loadConfig({ ...prod, OIDC_DEV_PROVIDER: 'on' })).toThrow(ConfigError);
    expect(() => loadConfig({ ...prod, OIDC_DEV_PROVIDER: 'on' })).toThrow(
      /OIDC_DEV_PROVIDER: the development identity provider never runs in production/,
    );
    expect(() => loadConfig({ ...prod, OIDC_ISSUER: 'http://idp.gov.kz' })).toThrow(/OIDC_ISSUER: must be an https:\/\/ URL in production/);
  });
});

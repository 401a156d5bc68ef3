/**
 * Sign-in through the real development identity provider (identity/dev-provider.ts, panva's oidc-provider)
 * as its own process, the way `make start` runs it: authorization code + PKCE driven over HTTP (the login
 * page, its cookies, the redirects, the token endpoint), then the API checking the access token against
 * the provider's JWKS.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import request from 'supertest';
import { createApp } from '../../api/app';
import { createAuthenticator, devPrincipals } from '../../api/auth';
import { createOidcVerifier, createSignIn, PERSON_ROLES } from '../../api/oidc';
import { loadConfig } from '../../config';
import { ROLES } from '../../domain/roles';
import { InMemoryStateDatabases } from '../../adapters/state-databases/fake';
import { InMemoryPermitRegister } from '../../register/permit-register-memory';
import { FakeCases } from '../api/helpers/fake-cases';
import { MemoryStore } from '../api/helpers/memory-store';
import { testLicenseModule } from '../api/helpers/test-modules';
import { signInWithCodeFlow, startDevProviderProcess, type DevProviderProcess } from '../helpers/oidc';
import { freePort } from '../../scripts/ports';

const AUDIENCE = 'urn:kz-services:api';
let idp: DevProviderProcess;
let dataDir = '';
let apiPort = 0;
let idpPort = 0;
const redirectUri = (): string => `http://127.0.0.1:${apiPort}/web/`;

beforeAll(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kz-oidc-'));
  apiPort = await freePort();
  idpPort = await freePort();
  idp = await startDevProviderProcess({ port: idpPort, apiPort, dataDir });
});

afterAll(async () => {
  await idp?.stop();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

const signIn = (subject: string, extra: { tamperVerifier?: boolean } = {}) =>
  signInWithCodeFlow({ issuer: idp.issuer, clientId: 'kz-dashboard', redirectUri: redirectUri(), subject, ...extra });

const verifier = (refuseDevUsers = false) => createOidcVerifier({ issuer: idp.issuer, audience: AUDIENCE, refuseDevUsers });

test('a staff member signs in with code + PKCE; the API accepts the access token with their role, body and name', async () => {
  const r = await signIn('dev-staff-ctrm');
  expect(r.tokenType).toBe('Bearer');
  expect(r.expiresIn).toBeGreaterThan(0);
  const [header] = r.accessToken.split('.');
  expect(JSON.parse(Buffer.from(header ?? '', 'base64url').toString())).toMatchObject({ alg: 'RS256', typ: 'at+jwt' });
  await expect(verifier().verify(r.accessToken)).resolves.toEqual({
    subject: 'dev-staff-ctrm',
    role: 'staff',
    licensorBody: 'ctrm',
    displayName: expect.stringContaining('Committee for Technical Regulation and Metrology'),
  });

  // And through the API's own middleware, as the dashboard calls it.
  const config = loadConfig({ APP_ENV: 'test', LOG_LEVEL: 'silent', DATA_DIR: dataDir, OIDC_ISSUER: idp.issuer });
  const app = createApp({
    config,
    store: new MemoryStore(),
    cases: new FakeCases(),
    modules: [testLicenseModule],
    auth: createSignIn({
      sharedSecret: createAuthenticator({ secret: crypto.randomBytes(32).toString('hex'), refuseDevTokens: false }),
      oidc: verifier(),
      sharedSecretRoles: ROLES,
    }),
    logger: pino({ level: 'silent' }),
    preAcceptance: { stateDatabases: new InMemoryStateDatabases({}), permits: new InMemoryPermitRegister() },
  });
  const me = await request(app).get('/v1/me').set('Authorization', `Bearer ${r.accessToken}`);
  expect(me.status).toBe(200);
  expect(me.body).toMatchObject({ subject: 'dev-staff-ctrm', role: 'staff', licensorBody: 'ctrm' });
});

test('the login page lists one user or more for every person role, and no outside system', async () => {
  const { loginPage } = await signIn('dev-viewer');
  const subjects = [...loginPage.matchAll(/data-sub="([^"]+)"/g)].map((m) => m[1]);
  expect(subjects).toEqual(
    expect.arrayContaining(['dev-viewer', 'dev-admin', 'dev-staff-ctrm', 'ctrm:chairman', 'dev-operator-astana-yesil']),
  );
  expect(subjects).not.toContain('dev-gateway');
  expect(subjects).not.toContain('dev-portal');
  for (const role of PERSON_ROLES) {
    const ofRole = devPrincipals().filter((p) => p.role === role);
    expect(ofRole.length).toBeGreaterThan(0);
    expect(subjects).toEqual(expect.arrayContaining(ofRole.map((p) => p.subject)));
  }
});

test.each([
  ['dev-viewer', { role: 'viewer' }],
  ['dev-admin', { role: 'admin' }],
  ['dev-operator-astana-yesil', { role: 'operator', branch: 'astana-yesil' }],
  ['ctrm:chairman', { role: 'staff', licensorBody: 'ctrm' }],
])('%s signs in as %j', async (subject, principal) => {
  await expect(verifier().verify((await signIn(subject)).accessToken)).resolves.toMatchObject({ subject, ...principal });
});

test('the counter operator’s workstation (web/counter.html) signs in the same way', async () => {
  const r = await signInWithCodeFlow({
    issuer: idp.issuer,
    clientId: 'kz-dashboard',
    redirectUri: `http://127.0.0.1:${apiPort}/web/counter.html`,
    subject: 'dev-operator-almaty-almaly',
  });
  await expect(verifier().verify(r.accessToken)).resolves.toMatchObject({ role: 'operator', branch: 'almaty-almaly' });
});

test('a redirect URI the provider does not know gets no code', async () => {
  await expect(
    signInWithCodeFlow({ issuer: idp.issuer, clientId: 'kz-dashboard', redirectUri: 'http://evil.example/web/', subject: 'dev-admin' }),
  ).rejects.toThrow(/authorization request: 400/);
});

test('a wrong PKCE verifier at the token endpoint gets no token', async () => {
  await expect(signIn('dev-staff-ctrm', { tamperVerifier: true })).rejects.toThrow(/token endpoint 400: .*invalid_grant/);
});

test('an authorization request without PKCE is refused', async () => {
  const url = new URL(`${idp.issuer}/auth`);
  url.search = new URLSearchParams({
    client_id: 'kz-dashboard',
    redirect_uri: redirectUri(),
    response_type: 'code',
    scope: 'openid',
    state: 's',
  }).toString();
  const res = await fetch(url, { redirect: 'manual' });
  const to = new URL(res.headers.get('location') ?? '', idp.issuer);
  expect(to.searchParams.get('error')).toBe('invalid_request');
  expect(to.searchParams.get('error_description')).toMatch(/PKCE/);
});

test('production refuses the development provider’s users', async () => {
  const { accessToken } = await signIn('dev-staff-ctrm');
  await expect(verifier(true).verify(accessToken)).rejects.toThrow('development users are refused in production');
});

test('the provider keeps its signing key across a restart: a token issued before still verifies', async () => {
  const { accessToken } = await signIn('dev-admin');
  await idp.stop();
  idp = await startDevProviderProcess({ port: idpPort, apiPort, dataDir });
  await expect(verifier().verify(accessToken)).resolves.toMatchObject({ role: 'admin' });
  await expect(verifier().verify((await signIn('dev-admin')).accessToken)).resolves.toMatchObject({ role: 'admin' });
});

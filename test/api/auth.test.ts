import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import jwt from 'jsonwebtoken';
import request from 'supertest';
import { createAuthenticator, mintToken, resolveTokenSecret, TOKEN_ISSUER, writeDevCredentials } from '../../api/auth';
import { ConfigError, loadConfig } from '../../config';
import { BRANCHES } from '../../counter/branches';
import { LICENSOR_BODIES } from '../../domain/services';
import { makeHarness, LICENSE_BODY, type Harness } from './helpers/harness';

let h: Harness;
beforeEach(() => {
  h = makeHarness();
});

const submitUrl = '/v1/services/flag-emblem-license/applications';
const submit = (token?: string) => {
  const r = request(h.app).post(submitUrl).set('Idempotency-Key', crypto.randomUUID());
  return (token ? r.set('Authorization', `Bearer ${token}`) : r).send(LICENSE_BODY);
};

describe('401: no or bad credentials', () => {
  test.each([
    ['no Authorization header', undefined],
    ['not a bearer token', 'Basic cG9ydGFsOnNlY3JldA=='],
    ['garbage', 'Bearer not.a.jwt'],
  ])('%s → 401 with WWW-Authenticate, nothing written', async (_what, header) => {
    const r = request(h.app).post(submitUrl).set('Idempotency-Key', 'k');
    const res = await (header ? r.set('Authorization', header) : r).send(LICENSE_BODY);
    expect(res.status).toBe(401);
    expect(res.body.code).toBe('UNAUTHENTICATED');
    expect(res.headers['www-authenticate']).toMatch(/^Bearer/);
    expect(h.store.rows().applications).toBe(0);
    expect(h.cases.starts).toHaveLength(0);
  });

  test('a token signed with another secret, an expired one, an unsigned one and one with bad claims are refused', async () => {
    const other = mintToken('another-secret-of-at-least-32-characters!!', { subject: 'x', role: 'portal' });
    const expired = jwt.sign({ role: 'portal' }, h.secret, { algorithm: 'HS256', issuer: TOKEN_ISSUER, subject: 'x', expiresIn: -10 });
    const unsigned = jwt.sign({ role: 'admin' }, '', { algorithm: 'none', issuer: TOKEN_ISSUER, subject: 'x' });
    const staffWithoutBody = jwt.sign({ role: 'staff' }, h.secret, { algorithm: 'HS256', issuer: TOKEN_ISSUER, subject: 'x' });
    const unknownRole = jwt.sign({ role: 'superuser' }, h.secret, { algorithm: 'HS256', issuer: TOKEN_ISSUER, subject: 'x' });
    for (const t of [other, expired, unsigned, staffWithoutBody, unknownRole]) {
      const res = await submit(t);
      expect(res.status).toBe(401);
    }
    expect((await submit(expired)).body.detail).toBe('the token has expired');
    expect(h.cases.starts).toHaveLength(0);
  });
});

describe('403: the right credentials for the wrong thing', () => {
  test('only the portal submits applications', async () => {
    for (const t of [h.tokens.viewer, h.tokens.admin, h.tokens.ctrm, h.tokens.gateway]) {
      const res = await submit(t);
      expect(res.status).toBe(403);
      expect(res.body.code).toBe('FORBIDDEN');
    }
    expect((await submit(h.tokens.portal)).status).toBe(201);
  });

  test("staff of another licensor body can neither act on nor read a body's cases", async () => {
    const { body } = await submit(h.tokens.portal);
    const act = await request(h.app)
      .post(`${body.statusUrl}/actions/record-completeness-check`)
      .set('Authorization', `Bearer ${h.tokens.stateCorp}`)
      .send({ complete: true });
    expect(act.status).toBe(403);
    expect(act.body.detail).toBe('staff of state-corporation may not act on cases of ctrm');
    const read = await request(h.app).get(body.statusUrl).set('Authorization', `Bearer ${h.tokens.stateCorp}`);
    expect(read.status).toBe(403);
    const docs = await request(h.app).get(`${body.statusUrl}/documents`).set('Authorization', `Bearer ${h.tokens.stateCorp}`);
    expect(docs.status).toBe(403);
    expect(h.cases.updates).toHaveLength(0);
    // …while the body's own staff can.
    const own = await request(h.app)
      .post(`${body.statusUrl}/actions/record-completeness-check`)
      .set('Authorization', `Bearer ${h.tokens.ctrm}`)
      .send({ complete: true });
    expect(own.status).toBe(200);
  });

  test('an action takes only the roles its module names: the portal cannot record staff decisions, staff cannot object for the applicant, the viewer does nothing', async () => {
    const { body } = await submit(h.tokens.portal);
    const asPortal = await request(h.app)
      .post(`${body.statusUrl}/actions/record-completeness-check`)
      .set('Authorization', `Bearer ${h.tokens.portal}`)
      .send({ complete: true });
    expect(asPortal.status).toBe(403);
    const objection = { objection: 'The calibration certificate is valid until 2026.' };
    const asStaff = await request(h.app)
      .post(`${body.statusUrl}/actions/object-to-preliminary-decision`)
      .set('Authorization', `Bearer ${h.tokens.ctrm}`)
      .send(objection);
    expect(asStaff.status).toBe(403);
    const asViewer = await request(h.app)
      .post(`${body.statusUrl}/actions/object-to-preliminary-decision`)
      .set('Authorization', `Bearer ${h.tokens.viewer}`)
      .send(objection);
    expect(asViewer.status).toBe(403);
    const asApplicant = await request(h.app)
      .post(`${body.statusUrl}/actions/object-to-preliminary-decision`)
      .set('Authorization', `Bearer ${h.tokens.portal}`)
      .send(objection);
    expect(asApplicant.status).toBe(200);
    expect(h.cases.updates).toHaveLength(1);
  });

  test('the dashboard list is not for the portal or the gateway', async () => {
    expect((await request(h.app).get('/v1/applications').set('Authorization', `Bearer ${h.tokens.portal}`)).status).toBe(403);
    expect((await request(h.app).get('/v1/applications').set('Authorization', `Bearer ${h.tokens.gateway}`)).status).toBe(403);
    expect((await request(h.app).get('/v1/applications')).status).toBe(401);
  });
});

describe('public resources need no credentials', () => {
  test.each([
    '/v1/services',
    '/v1/calendar/term?service=flag-emblem-license&submittedAt=2025-03-20T19:10:00%2B05:00',
    '/openapi.json',
    '/healthz',
  ])('%s', async (url) => {
    expect((await request(h.app).get(url)).status).toBe(200);
  });
});

describe('development credentials', () => {
  const tmp = () => fs.mkdtempSync(path.join(os.tmpdir(), 'kz-dev-creds-'));

  test('a secret is generated once into DATA_DIR, and a credential for every role is written with mode 0600', () => {
    const dataDir = tmp();
    const config = loadConfig({ APP_ENV: 'development', DATA_DIR: dataDir });
    const first = resolveTokenSecret(config);
    const again = resolveTokenSecret(config);
    expect(first.dev).toBe(true);
    expect(again.secret).toBe(first.secret);
    expect(fs.statSync(path.join(dataDir, 'auth-token-secret')).mode & 0o777).toBe(0o600);

    writeDevCredentials(config, first.secret);
    const file = path.join(dataDir, 'dev-credentials.json');
    expect(config.api.devCredentialsFile).toBe(file);
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    const { credentials } = JSON.parse(fs.readFileSync(file, 'utf8')) as {
      credentials: Array<{ role: string; licensorBody?: string; token: string }>;
    };
    const labels = credentials
      .map((c) =>
        c.licensorBody
          ? `${c.role}:${c.licensorBody}`
          : (c as { branch?: string }).branch
            ? `${c.role}:${(c as { branch?: string }).branch}`
            : c.role,
      )
      .sort();
    // Staff of every body, plus the two CTRM participants of the Flag/Emblem decision's approval chain (seed 004 ¶40).
    expect(labels).toEqual(
      [
        'admin',
        'gateway',
        'portal',
        ...Object.keys(LICENSOR_BODIES).map((b) => `staff:${b}`),
        'staff:ctrm',
        'staff:ctrm',
        // seed 001 ¶11(11): the MNE licence's chains (two division heads, then the authorized person)
        'staff:mne-trade',
        'staff:mne-trade',
        'staff:mne-trade',
        'viewer',
        // seed 001 ¶11(1): an operator at every State Corporation branch
        ...BRANCHES.map((b) => `operator:${b.id}`),
      ].sort(),
    );
    expect(credentials.filter((c) => c.licensorBody === 'ctrm').map((c) => (c as { subject?: string }).subject)).toEqual([
      'dev-staff-ctrm',
      'ctrm:licensing-head',
      'ctrm:chairman',
    ]);
    expect(credentials.filter((c) => c.licensorBody === 'mne-trade').map((c) => (c as { subject?: string }).subject)).toEqual([
      'dev-staff-mne-trade',
      'mne-trade:foreign-trade-head',
      'mne-trade:authorized-person',
      'mne-trade:exchange-head',
    ]);

    const auth = createAuthenticator({ secret: first.secret, refuseDevTokens: false });
    for (const c of credentials) expect(auth.authenticate(`Bearer ${c.token}`)).toMatchObject({ role: c.role });
    // Production never accepts them, even if someone reused the development secret.
    const prod = createAuthenticator({ secret: first.secret, refuseDevTokens: true });
    expect(() => prod.authenticate(`Bearer ${credentials[0]!.token}`)).toThrow('development credentials are refused in production');
  });

  test('AUTH_TOKEN_SECRET, when given, is used and no development secret is created', () => {
    const dataDir = tmp();
    const secret = 's'.repeat(40);
    const r = resolveTokenSecret(loadConfig({ APP_ENV: 'development', DATA_DIR: dataDir, AUTH_TOKEN_SECRET: secret }));
    expect(r).toEqual({ secret, dev: false });
    expect(fs.existsSync(path.join(dataDir, 'auth-token-secret'))).toBe(false);
  });

  test('production refuses to start without AUTH_TOKEN_SECRET and never writes development credentials', () => {
    expect(() => loadConfig({ APP_ENV: 'production', DATABASE_URL: 'postgresql://u@db/app' })).toThrow(ConfigError);
    expect(() => loadConfig({ APP_ENV: 'production', DATABASE_URL: 'postgresql://u@db/app' })).toThrow(/AUTH_TOKEN_SECRET/);
    const config = loadConfig({
      APP_ENV: 'production',
      DATABASE_URL: 'postgresql://u@db/app',
      AUTH_TOKEN_SECRET: 'p'.repeat(40),
      DATA_DIR: tmp(),
    });
    expect(() => writeDevCredentials(config, 'p'.repeat(40))).toThrow('development credentials are refused in production');
    expect(fs.existsSync(config.api.devCredentialsFile)).toBe(false);
  });
});

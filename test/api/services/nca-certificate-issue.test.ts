/**
 * seed 002 ¶9 on the API: a portal repeat application is signed with the applicant's currently valid NCA
 * certificate, checked before anything starts. Signed with a revoked certificate (or not signed) it is a
 * 422 naming `signedRequest`, with no ANCN, record or workflow; signed with a valid one it is accepted. The
 * provider's staff hand in a package at their counter without a signature; another body's staff may not.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import request from 'supertest';
import { signXml } from '../../../adapters/signer/xmldsig';
import type { NationalCertificationAuthority } from '../../../pki/nca';
import { SERVICE_MODULES } from '../../../services';
import { a1Package, ADULT, openTestNca } from '../../workflows/nca-services.fixtures';
import { makeHarness, type Harness } from '../helpers/harness';

const ISSUE_PATH = '/v1/services/nca-certificate-issue/applications';
let dir: string;
let keyPem: string;
let pub: string;
let nca: NationalCertificationAuthority;
let h: Harness;

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nca-api-'));
  execFileSync('openssl', ['genpkey', '-algorithm', 'RSA', '-pkeyopt', 'rsa_keygen_bits:2048', '-out', path.join(dir, 'k.pem')], {
    stdio: 'pipe',
  });
  keyPem = fs.readFileSync(path.join(dir, 'k.pem'), 'utf8');
  pub = execFileSync('openssl', ['pkey', '-in', path.join(dir, 'k.pem'), '-pubout']).toString();
  nca = await openTestNca(new Date(Date.now() - 3_600_000));
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
beforeEach(() => {
  h = makeHarness({ modules: SERVICE_MODULES, nca });
});

async function signedBy(requestKey: string, revoke: boolean): Promise<string> {
  const c = await nca.issue({
    subject: { commonName: 'SEIITOV NURLAN', iin: ADULT.iin },
    publicKey: pub,
    profile: 'signing',
    notBefore: new Date(Date.now() - 60_000),
    requestKey,
    caseId: null,
  });
  if (revoke)
    await nca.revoke({
      serial: c.serial,
      reason: 'keyCompromise',
      actor: 'test',
      basis: 'test',
      caseId: null,
      requestKey: `${requestKey}:r`,
    });
  return signXml(`<RepeatApplication><Iin>${ADULT.iin}</Iin></RepeatApplication>`, { keyPem, certPem: c.certPem });
}

const submit = (body: unknown, token: string, key = 'k-1') =>
  request(h.app)
    .post(ISSUE_PATH)
    .set('Authorization', `Bearer ${token}`)
    .set('Idempotency-Key', key)
    .send(body as object);

function expectNothingSubmitted(): void {
  expect(h.cases.starts).toEqual([]);
  expect(h.store.rows()).toMatchObject({ applications: 0, sequences: 0, idempotency: 0 });
}

test('a portal repeat application signed with a revoked certificate → 422 naming signedRequest (seed 002 ¶9); nothing started', async () => {
  const body = { ...(await a1Package(ADULT, '2025-03-20')), signedRequest: await signedBy('api-revoked', true) };
  const res = await submit(body, h.tokens.portal);
  expect(res.status).toBe(422);
  expect(res.body.errors).toEqual([
    expect.objectContaining({
      check: 'signed-by-valid-certificate',
      field: 'signedRequest',
      reason: expect.stringMatching(/^revoked: /),
      regulation: 'seed 002 ¶9',
    }),
  ]);
  expectNothingSubmitted();
});

test('a portal application without a signature → 422; with a valid certificate → 201 and the case starts', async () => {
  const pkg = await a1Package(ADULT, '2025-03-20');
  const unsigned = await submit(pkg, h.tokens.portal);
  expect(unsigned.status).toBe(422);
  expect(unsigned.body.errors[0]).toMatchObject({ field: 'signedRequest' });
  expectNothingSubmitted();
  const ok = await submit({ ...pkg, signedRequest: await signedBy('api-valid', false) }, h.tokens.portal, 'k-2');
  expect(ok.status).toBe(201);
  expect(h.cases.starts).toHaveLength(1);
});

test("the provider's staff hand in the package at its counter without a signature; another body's staff may not", async () => {
  const pkg = await a1Package(ADULT, '2025-03-20');
  expect((await submit(pkg, h.tokens.ctrm)).status).toBe(403);
  const res = await submit(pkg, h.token({ subject: 'sts-employee-1', role: 'staff', licensorBody: 'sts' }), 'k-3');
  expect(res.status).toBe(201);
  expect(h.cases.starts).toHaveLength(1);
});

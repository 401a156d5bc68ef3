/**
 * The NCA checked by an independent verifier, OpenSSL: `openssl verify -crl_check` on an issued
 * certificate with the CRL fetched from the distribution point, `openssl crl -text` on that CRL, and
 * `openssl ocsp` against the running responder (good, then revoked with time and reason).
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import request from 'supertest';
import { NationalCertificationAuthority } from '../../pki/nca';
import { authorityUrls, openAuthority } from '../../pki/setup';
import { InMemoryCertificateStatusStore } from '../../pki/store-memory';
import { makeHarness } from '../api/helpers/harness';

const run = promisify(execFile);
async function openssl(args: string[]): Promise<string> {
  try {
    const { stdout, stderr } = await run('openssl', args, { timeout: 30_000 });
    return stdout + stderr;
  } catch (e) {
    const err = e as { stdout?: string; stderr?: string };
    return `${err.stdout ?? ''}${err.stderr ?? ''}FAILED`;
  }
}

let dir: string;
let server: http.Server;
let base: string;
let nca: NationalCertificationAuthority;
let store: InMemoryCertificateStatusStore;
let app: ReturnType<typeof makeHarness>['app'];

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nca-openssl-'));
  // The server first, so the certificates can name its real URLs in their CDP and AIA.
  let handler: http.RequestListener = (_req, res) => res.end();
  server = http.createServer((req, res) => handler(req, res));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  store = new InMemoryCertificateStatusStore();
  nca = new NationalCertificationAuthority(await openAuthority(path.join(dir, 'keys'), authorityUrls(base)), store);
  app = makeHarness({ nca }).app;
  handler = app;
  await openssl(['genpkey', '-algorithm', 'RSA', '-pkeyopt', 'rsa_keygen_bits:2048', '-out', path.join(dir, 'applicant.key')]);
  await openssl(['pkey', '-in', path.join(dir, 'applicant.key'), '-pubout', '-out', path.join(dir, 'applicant.pub')]);
});

afterAll(async () => {
  await new Promise((r) => server.close(r));
  fs.rmSync(dir, { recursive: true, force: true });
});

async function fetchTo(url: string, file: string): Promise<Response> {
  const res = await fetch(url);
  fs.writeFileSync(path.join(dir, file), Buffer.from(await res.arrayBuffer()));
  return res;
}

test('issue → verify with the CRL and OCSP good; revoke → the CRL lists the serial and OCSP says revoked with time and reason', async () => {
  const issued = await nca.issue({
    subject: { commonName: 'ASANOV ASAN', surname: 'ASANOV', givenName: 'ASAN', iin: '900101300126', email: 'asan@example.kz' },
    publicKey: fs.readFileSync(path.join(dir, 'applicant.pub'), 'utf8'),
    profile: 'signing',
    notBefore: new Date(),
    requestKey: 'test:signing',
    caseId: 'nca-certificate-issue-test',
  });
  const cert = path.join(dir, 'cert.pem');
  fs.writeFileSync(cert, issued.certPem);
  const text = await openssl(['x509', '-in', cert, '-noout', '-text']);
  expect(text).toContain('Digital Signature, Non Repudiation');
  expect(text).toContain(`URI:${base}/v1/pki/crl`);
  expect(text).toContain(`OCSP - URI:${base}/v1/pki/ocsp`);
  expect(text).toContain('serialNumber = IIN900101300126');

  const chainRes = await fetchTo(`${base}/v1/pki/chain.pem`, 'chain.pem');
  expect(chainRes.headers.get('content-type')).toContain('application/x-pem-file');
  const issuerRes = await fetchTo(`${base}/v1/pki/ca.crt`, 'issuing.der');
  expect(issuerRes.headers.get('content-type')).toBe('application/pkix-cert');
  await openssl(['x509', '-inform', 'DER', '-in', path.join(dir, 'issuing.der'), '-out', path.join(dir, 'issuing.pem')]);
  const chain = path.join(dir, 'chain.pem');
  const issuer = path.join(dir, 'issuing.pem');

  // Before: verify with the (empty) CRL, OCSP good.
  const crl1 = await fetchTo(`${base}/v1/pki/crl`, 'crl1.der');
  expect(crl1.headers.get('content-type')).toBe('application/pkix-crl');
  await openssl(['crl', '-inform', 'DER', '-in', path.join(dir, 'crl1.der'), '-out', path.join(dir, 'crl1.pem')]);
  expect(await openssl(['verify', '-crl_check', '-CAfile', chain, '-CRLfile', path.join(dir, 'crl1.pem'), cert])).toContain(`${cert}: OK`);
  const good = await openssl(['ocsp', '-issuer', issuer, '-cert', cert, '-url', `${base}/v1/pki/ocsp`, '-CAfile', chain]);
  expect(good).toContain('Response verify OK');
  expect(good).toContain(`${cert}: good`);

  // Revoke: status + audit row, a new CRL.
  const outcome = await nca.revoke({
    serial: issued.serial,
    reason: 'keyCompromise',
    actor: 'staff-1',
    basis: 'application',
    caseId: 'nca-certificate-revoke-test',
    requestKey: 'revoke-1',
  });
  expect(outcome).toBe('revoked');
  expect(store.audit()).toEqual([
    expect.objectContaining({ serial: issued.serial, reason: 'keyCompromise', actor: 'staff-1', basis: 'application' }),
  ]);
  // A retried request is the same revocation, no second audit row.
  expect(
    await nca.revoke({
      serial: issued.serial,
      reason: 'keyCompromise',
      actor: 'staff-1',
      basis: 'application',
      caseId: null,
      requestKey: 'revoke-1',
    }),
  ).toBe('revoked');
  expect(store.audit()).toHaveLength(1);

  await fetchTo(`${base}/v1/pki/crl`, 'crl2.der');
  const crlText = await openssl(['crl', '-inform', 'DER', '-in', path.join(dir, 'crl2.der'), '-noout', '-text']);
  expect(crlText).toContain('Version 2');
  expect(crlText).toMatch(/X509v3 CRL Number: \n\s+[2-9]/);
  expect(crlText).toContain('X509v3 Authority Key Identifier');
  expect(crlText).toContain(`Serial Number: ${issued.serial.toUpperCase()}`);
  expect(crlText).toContain('Key Compromise');
  expect(crlText).toContain('Next Update');
  await openssl(['crl', '-inform', 'DER', '-in', path.join(dir, 'crl2.der'), '-out', path.join(dir, 'crl2.pem')]);
  const verify = await openssl(['verify', '-crl_check', '-CAfile', chain, '-CRLfile', path.join(dir, 'crl2.pem'), cert]);
  expect(verify).toContain('certificate revoked');
  const revoked = await openssl(['ocsp', '-issuer', issuer, '-cert', cert, '-url', `${base}/v1/pki/ocsp`, '-CAfile', chain]);
  expect(revoked).toContain('Response verify OK');
  expect(revoked).toContain(`${cert}: revoked`);
  expect(revoked).toContain('Revocation Time');
  expect(revoked).toContain('keyCompromise');

  // The public status route says the same, without personal data.
  const status = await request(app).get(`/v1/pki/certificates/${issued.serial}`).expect(200);
  expect(status.body).toMatchObject({ serial: issued.serial, status: 'revoked', revocationReason: 'keyCompromise' });
  expect(JSON.stringify(status.body)).not.toContain('900101300126');
});

test('OCSP by GET; a serial the NCA never issued is unknown; no body is 400', async () => {
  // A request for serial 0x42 under our issuer: the NCA has no such certificate.
  await openssl(['ocsp', '-issuer', path.join(dir, 'issuing.pem'), '-serial', '0x42', '-no_nonce', '-reqout', path.join(dir, 'req.der')]);
  const b64 = encodeURIComponent(fs.readFileSync(path.join(dir, 'req.der')).toString('base64'));
  await fetchTo(`${base}/v1/pki/ocsp/${b64}`, 'resp.der');
  const out = await openssl([
    'ocsp',
    '-respin',
    path.join(dir, 'resp.der'),
    '-issuer',
    path.join(dir, 'issuing.pem'),
    '-serial',
    '0x42',
    '-no_nonce',
    '-CAfile',
    path.join(dir, 'chain.pem'),
  ]);
  expect(out).toContain('0x42: unknown');
  await request(app).post('/v1/pki/ocsp').set('Content-Type', 'application/ocsp-request').send(Buffer.alloc(0)).expect(400);
  await request(app).get('/v1/pki/certificates/zz').expect(400);
  await request(app).get('/v1/pki/certificates/42').expect(404);
});

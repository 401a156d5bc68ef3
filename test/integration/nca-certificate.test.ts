/**
 * The README's NCA walk-through on the real stack (`make start`'s processes, startStack()): the provider's
 * staff hand in an A1 package, record their check; the worker issues the certificates through the CA; the
 * result document carries the PEMs; `openssl verify -crl_check` says OK; the revocation case revokes the
 * signing certificate and the CRL served at the distribution point lists it.
 */
import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startStack, type Stack } from '../helpers/stack';
import { firstCertificatePem } from '../../pki/pem';
import { A1_FORM_EXAMPLE } from '../../services/nca/counter';

jest.setTimeout(300_000);

let stack: Stack;
let dir: string;
beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nca-int-'));
  stack = await startStack('nca');
}, 200_000);
afterAll(async () => {
  await stack?.stop();
  fs.rmSync(dir, { recursive: true, force: true });
});

type Json = Record<string, unknown> & { [k: string]: any }; // eslint-disable-line @typescript-eslint/no-explicit-any

async function get(p: string, token: string): Promise<{ status: number; text: string }> {
  const res = await fetch(`${stack.api}${p}`, { headers: { authorization: `Bearer ${token}` } });
  return { status: res.status, text: await res.text() };
}
async function post(p: string, token: string, body: unknown): Promise<{ status: number; body: Json }> {
  const res = await stack.post(`${stack.api}${p}`, token, randomUUID(), body);
  return { status: res.status, body: (await res.json()) as Json };
}
async function poll(p: string, token: string, done: (b: Json) => boolean): Promise<Json> {
  let last = '';
  for (let i = 0; i < 300; i += 1) {
    const r = await get(p, token);
    last = r.text;
    if (r.status === 200) {
      const b = JSON.parse(r.text) as Json;
      if (done(b)) return b;
    }
    await new Promise((x) => setTimeout(x, 200));
  }
  throw new Error(`${p} did not reach the expected state: ${last.slice(0, 3000)}`);
}
const openssl = (...args: string[]): string => execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' }).toString();

test('staff hand in an A1 package → check → certificates (openssl verify -crl_check OK) → revoked → in the CRL', async () => {
  const sts = stack.token('staff', 'sts');
  const keys = ['sign', 'auth'].map((k) => {
    openssl('genpkey', '-algorithm', 'RSA', '-pkeyopt', 'rsa_keygen_bits:2048', '-out', `${k}.key`);
    return openssl('pkey', '-in', `${k}.key`, '-pubout');
  });
  const today = new Date().toISOString().slice(0, 10);
  const submitted = await post('/v1/services/nca-certificate-issue/applications', sts, {
    package: {
      category: 1,
      // The counter's A1 example (services/nca/counter.ts), with this applicant's keys and day.
      form: { ...A1_FORM_EXAMPLE, signaturePublicKey: keys[0], authenticationPublicKey: keys[1], appliedOn: today },
      handedIn: ['application-form', 'identity-document'],
      representative: false,
      consentToProtectedData: true,
    },
  });
  expect(submitted.status).toBe(201);
  const id = submitted.body.applicationId as string;
  await poll(`/v1/applications/${id}`, sts, (b) => b.stage === 'provider-check');
  expect((await post(`/v1/applications/${id}/actions/record-nca-check`, sts, {})).status).toBeLessThan(300);
  // The read model records the result document shortly after the case closes.
  const done = await poll(`/v1/applications/${id}`, sts, (b) => b.outcome !== 'open' && typeof b.resultDocumentAncn === 'string');
  expect(done.outcome).toBe('issued');
  const doc = await get(`/v1/applications/${id}/documents/${done.resultDocumentAncn as string}`, sts);
  const pem = firstCertificatePem(doc.text);
  expect(pem).toBeDefined();
  fs.writeFileSync(path.join(dir, 'me.pem'), `${pem}\n`);
  fs.writeFileSync(path.join(dir, 'chain.pem'), await (await fetch(`${stack.api}/v1/pki/chain.pem`)).text());
  const crl = async (): Promise<void> => {
    const der = Buffer.from(await (await fetch(`${stack.api}/v1/pki/crl`)).arrayBuffer());
    fs.writeFileSync(path.join(dir, 'crl.der'), der);
    openssl('crl', '-inform', 'DER', '-in', 'crl.der', '-out', 'crl.pem');
  };
  await crl();
  expect(openssl('verify', '-crl_check', '-CAfile', 'chain.pem', '-CRLfile', 'crl.pem', 'me.pem')).toContain('me.pem: OK');

  const serial = openssl('x509', '-in', 'me.pem', '-noout', '-serial').trim().split('=')[1]!;
  const revoke = await post('/v1/services/nca-certificate-revoke/applications', sts, {
    reason: 'keyCompromise',
    form: {
      form: 'A7',
      iin: '850612300414',
      fullName: 'Сейітов Нұрлан',
      email: 'me@example.kz',
      phone: '+7 701 000 00 00',
      serials: [serial],
      consents: { personalData: true },
      appliedOn: today,
    },
  });
  expect(revoke.status).toBe(201);
  const r = await poll(`/v1/applications/${revoke.body.applicationId as string}`, sts, (b) => b.outcome !== 'open');
  expect(r.outcome).toBe('issued');
  await crl();
  expect(openssl('crl', '-in', 'crl.pem', '-noout', '-text').toUpperCase()).toContain(serial.toUpperCase());
  expect(() => openssl('verify', '-crl_check', '-CAfile', 'chain.pem', '-CRLfile', 'crl.pem', 'me.pem')).toThrow(/revoked/);
});

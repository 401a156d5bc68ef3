/**
 * The system's own signing keys are NCA certificates (issue 12 "one PKI"): recorded in the NCA's status
 * store (idempotently), checked by OpenSSL against the NCA's CRL and OCSP responder, and a revocation of
 * the provider's certificate through the NCA makes documents signed after it fail at
 * POST /v1/documents/verify while those signed before still pass.
 */
import { execFile } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import express from 'express';
import pino from 'pino';
import request from 'supertest';
import { LocalXmlSigner } from '../../adapters/signer/local';
import { ensureTestPki } from '../../adapters/signer/pki';
import { errorHandler } from '../../api/errors';
import { KeyedMutex } from '../../api/idempotency';
import { formatAncn } from '../../domain/ancn';
import { buildElectronicDocument } from '../../domain/documents';
import { CA_KEY_ALGORITHM, crypto, normalizeSerial } from '../../pki/crypto';
import type { IssueRequest } from '../../pki/authority';
import { NationalCertificationAuthority } from '../../pki/nca';
import { pkiRouter } from '../../pki/routes';
import { authorityUrls, openAuthority } from '../../pki/setup';
import { InMemoryCertificateStatusStore } from '../../pki/store-memory';
import { freshReads, registerSystemSigners, revocationCheckedSigner, SIGNER_ROLES } from '../../pki/system-signers';
import { PrismaCertificateStatusStore } from '../../pki/store-prisma';
import { migrate } from '../../persistence';
import { databaseConfig } from '../../persistence/database';
import { createPrismaClient } from '../../persistence/prisma-store';
import { SignerKeyRevokedError } from '../../adapters/signer/errors';
import { registerRouter } from '../../register/routes';
import type { RegisterService } from '../../register/service';
import { MemoryStore } from '../api/helpers/memory-store';
import { xmlsec1Verify } from '../adapters/signer/xmlsec1';

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
let keysDir: string;
let server: http.Server;
let base: string;
let nca: NationalCertificationAuthority;
let store: InMemoryCertificateStatusStore;
let app: express.Express;
let signer: LocalXmlSigner;

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nca-system-signers-'));
  keysDir = path.join(dir, 'pki');
  app = express();
  server = http.createServer(app);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  signer = await LocalXmlSigner.fromDir(keysDir, undefined, { publicBaseUrl: base });
  store = new InMemoryCertificateStatusStore();
  nca = new NationalCertificationAuthority(await openAuthority(keysDir, authorityUrls(base)), store);
  app.use(pkiRouter(nca));
  app.use(
    registerRouter({
      register: { store: { getDocument: () => Promise.resolve(null) } } as unknown as RegisterService,
      signer,
      idempotency: { store: new MemoryStore(), mutex: new KeyedMutex(), now: () => new Date() },
      signerStatus: nca.signerStatusAt.bind(nca),
    }),
  );
  app.use(errorHandler(pino({ level: 'silent' })));
}, 60_000);

afterAll(async () => {
  await new Promise((r) => server.close(r));
  fs.rmSync(dir, { recursive: true, force: true });
});

const file = (f: string): string => path.join(keysDir, f);

function notification(issuedAt: Date, n: number): string {
  return buildElectronicDocument({
    ancn: formatAncn('NTF', n),
    documentType: 'NTF',
    kind: 'registration-notification',
    title: 'Test',
    issuedAt: issuedAt.toISOString(),
    issuer: { code: 'ctrm', name: { kk: 'Provider', ru: 'Provider', en: 'Provider' } },
    serviceCode: 'flag-emblem-license',
    applicationId: `app-${n}`,
    recipientRef: 'applicant-1',
    signer: 'provider',
    body: { text: 'hello' },
  });
}

async function crlFile(name: string): Promise<string> {
  const res = await fetch(`${base}/v1/pki/crl`);
  fs.writeFileSync(path.join(dir, `${name}.der`), Buffer.from(await res.arrayBuffer()));
  await openssl(['crl', '-inform', 'DER', '-in', path.join(dir, `${name}.der`), '-out', path.join(dir, `${name}.pem`)]);
  return path.join(dir, `${name}.pem`);
}

const verifyArgs = (crl: string, role: string): string[] => [
  'verify',
  '-crl_check',
  '-CAfile',
  file('root.pem'),
  '-untrusted',
  file('chain.pem'),
  '-CRLfile',
  crl,
  file(`${role}.pem`),
];

test('the provider, system and operator certificates are recorded in the NCA status store once, however often the NCA opens', async () => {
  const first = await registerSystemSigners(nca, keysDir);
  const again = await registerSystemSigners(nca, keysDir);
  expect(again).toEqual(first);
  for (const role of SIGNER_ROLES) {
    const serial = normalizeSerial(new X509Certificate(fs.readFileSync(file(`${role}.pem`))).serialNumber);
    expect(first[role]).toBe(serial);
    expect(await store.get(serial)).toMatchObject({ status: 'good', caseId: 'system', profile: 'signing' });
  }
  // A restart keeps the keys: the same certificates, nothing new to record.
  const reopened = await ensureTestPki(keysDir, Date.now(), { publicBaseUrl: base });
  expect(reopened.keys.provider.certPem).toBe(fs.readFileSync(file('provider.pem'), 'utf8'));
});

test('openssl verify -crl_check and openssl ocsp accept the system certificates; revoking the provider certificate fails it there and at POST /v1/documents/verify for documents signed after the revocation only', async () => {
  await registerSystemSigners(nca, keysDir);
  const crl1 = await crlFile('crl1');
  for (const role of SIGNER_ROLES) expect(await openssl(verifyArgs(crl1, role))).toContain(`${file(`${role}.pem`)}: OK`);
  const ocspArgs = [
    'ocsp',
    '-issuer',
    file('chain.pem'),
    '-cert',
    file('provider.pem'),
    '-url',
    `${base}/v1/pki/ocsp`,
    '-CAfile',
    file('root.pem'),
  ];
  const good = await openssl(ocspArgs);
  expect(good).toContain('Response verify OK');
  expect(good).toContain(`${file('provider.pem')}: good`);

  const before = await signer.sign(notification(new Date(), 1));
  await new Promise((r) => setTimeout(r, 20)); // the revocation comes strictly after the signing time
  expect(xmlsec1Verify(before.signedXml, file('root.pem')).ok).toBe(true);
  const ok = await request(app).post('/v1/documents/verify').set('Content-Type', 'application/xml').send(before.signedXml).expect(200);
  expect(ok.body).toMatchObject({ valid: true, revocation: 'good' });

  const serial = normalizeSerial(new X509Certificate(fs.readFileSync(file('provider.pem'))).serialNumber);
  expect(
    await nca.revoke({ serial, reason: 'keyCompromise', actor: 'test', basis: 'application', caseId: null, requestKey: 'revoke-provider' }),
  ).toBe('revoked');
  const revokedAt = (await store.get(serial))?.revokedAt as Date;

  const crl2 = await crlFile('crl2');
  expect(await openssl(['crl', '-in', crl2, '-noout', '-text'])).toContain(`Serial Number: ${serial.toUpperCase()}`);
  expect(await openssl(verifyArgs(crl2, 'provider'))).toContain('certificate revoked');
  expect(await openssl(verifyArgs(crl2, 'system'))).toContain(`${file('system.pem')}: OK`);
  expect(await openssl(verifyArgs(crl2, 'operator'))).toContain(`${file('operator.pem')}: OK`);
  const revoked = await openssl(ocspArgs);
  expect(revoked).toContain(`${file('provider.pem')}: revoked`);
  expect(revoked).toContain('Reason: keyCompromise');

  // xmlsec1 checks the signature and the path, not revocation: the NCA's answer is what fails the later document.
  const after = await signer.sign(notification(new Date(revokedAt.getTime() + 60_000), 2));
  const bad = await request(app).post('/v1/documents/verify').set('Content-Type', 'application/xml').send(after.signedXml).expect(200);
  expect(bad.body).toMatchObject({ valid: false, integrity: true, revocation: 'revoked' });
  const still = await request(app).post('/v1/documents/verify').set('Content-Type', 'application/xml').send(before.signedXml).expect(200);
  expect(still.body).toMatchObject({
    valid: true,
    revocation: 'good',
    signedBeforeRevocation: { revokedAt: revokedAt.toISOString(), reason: 'keyCompromise' },
  });
});

test('a system key the NCA revokes signs nothing from that moment, in the running process (no restart, its files still there)', async () => {
  await registerSystemSigners(nca, keysDir);
  const checked = revocationCheckedSigner(signer, nca, keysDir);
  const ok = await checked.sign(notification(new Date(), 3), { signer: 'operator' });
  expect(ok.signerSubject).toContain('State Corporation operator');
  const serial = normalizeSerial(new X509Certificate(fs.readFileSync(file('operator.pem'))).serialNumber);
  expect(
    await nca.revoke({ serial, reason: 'keyCompromise', actor: 'test', basis: 'application', caseId: null, requestKey: 'revoke-operator' }),
  ).toBe('revoked');
  const refused = await checked.sign(notification(new Date(), 4), { signer: 'operator' }).catch((e: unknown) => e);
  expect(refused).toBeInstanceOf(SignerKeyRevokedError);
  expect(refused).toMatchObject({ role: 'operator', reason: 'keyCompromise', retryable: true });
  expect(fs.existsSync(file('operator.key'))).toBe(true);
  // The other keys sign on; verification is not affected.
  const system = await checked.sign(notification(new Date(), 5), { signer: 'system' });
  expect((await checked.verify(system.signedXml)).integrity).toBe(true);
});

test("before each signature only the NCA's revocation marker is read: the certificate is asked about again only after a revocation, and concurrent signatures share one marker read", async () => {
  await registerSystemSigners(nca, keysDir);
  const calls = { status: 0, marker: 0 };
  const counted = {
    revocationStatus: (pem: string) => {
      calls.status++;
      return nca.revocationStatus(pem);
    },
    revocationMarker: () => {
      calls.marker++;
      return nca.revocationMarker();
    },
  };
  const checked = revocationCheckedSigner(signer, counted, keysDir);
  for (let i = 0; i < 5; i++) await checked.sign(notification(new Date(), 10 + i), { signer: 'system' });
  expect(calls).toEqual({ status: 1, marker: 5 });
  await Promise.all(Array.from({ length: 10 }, (_, i) => checked.sign(notification(new Date(), 20 + i), { signer: 'system' })));
  expect(calls.status).toBe(1);
  expect(calls.marker).toBeLessThanOrEqual(5 + 2);
  // Another certificate's revocation moves the marker: the system certificate is asked about once more, and signs on.
  const other = await nca.issue({ ...(await otherCertificateRequest()), requestKey: 'other-cert', caseId: 'case-x' });
  await nca.revoke({
    serial: other.serial,
    reason: 'superseded',
    actor: 'test',
    basis: 'application',
    caseId: null,
    requestKey: 'revoke-other',
  });
  await checked.sign(notification(new Date(), 40), { signer: 'system' });
  expect(calls.status).toBe(2);
});

test('a revocation another process records on the same database (another connection, no memo shared) stops the next signature here', async () => {
  const db = { provider: 'sqlite' as const, url: `file:${path.join(dir, 'db', 'app.sqlite')}` };
  await migrate(db);
  const mine = createPrismaClient(databaseConfig(db));
  const theirs = createPrismaClient(databaseConfig(db));
  try {
    const ca = await openAuthority(keysDir, authorityUrls(base));
    const here = new NationalCertificationAuthority(ca, new PrismaCertificateStatusStore(mine));
    const there = new NationalCertificationAuthority(ca, new PrismaCertificateStatusStore(theirs));
    await registerSystemSigners(here, keysDir);
    const checked = revocationCheckedSigner(signer, here, keysDir);
    await checked.sign(notification(new Date(), 50), { signer: 'system' });
    await checked.sign(notification(new Date(), 51), { signer: 'system' });
    const serial = normalizeSerial(new X509Certificate(fs.readFileSync(file('system.pem'))).serialNumber);
    expect(
      await there.revoke({
        serial,
        reason: 'keyCompromise',
        actor: 'test',
        basis: 'application',
        caseId: null,
        requestKey: 'revoke-system',
      }),
    ).toBe('revoked');
    const refused = await checked.sign(notification(new Date(), 52), { signer: 'system' }).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(SignerKeyRevokedError);
    expect(refused).toMatchObject({ role: 'system', reason: 'keyCompromise' });
  } finally {
    await mine.$disconnect();
    await theirs.$disconnect();
  }
});

test('freshReads: a caller never gets the result of a read that began before it asked; callers waiting together share the next read', async () => {
  const pending: Array<(v: number) => void> = [];
  let reads = 0;
  const read = freshReads(
    () =>
      new Promise<number>((resolve) => {
        reads++;
        pending.push(resolve);
      }),
  );
  const a = read();
  const [b, c] = [read(), read()];
  expect(reads).toBe(1);
  pending[0]?.(1);
  expect(await a).toBe(1);
  await new Promise((r) => setImmediate(r));
  expect(reads).toBe(2);
  pending[1]?.(2);
  expect([await b, await c]).toEqual([2, 2]);
  const d = read();
  expect(reads).toBe(3);
  pending[2]?.(3);
  expect(await d).toBe(3);
});

/** A signing certificate for someone else, to revoke without touching the system's keys. */
async function otherCertificateRequest(): Promise<IssueRequest> {
  const keys = await crypto.subtle.generateKey(CA_KEY_ALGORITHM, true, ['sign', 'verify']);
  return {
    subject: { organization: 'Someone else', commonName: 'Other (test)' },
    publicKey: new Uint8Array(await crypto.subtle.exportKey('spki', keys.publicKey)),
    profile: 'signing',
    notBefore: new Date(Date.now() - 60_000),
  };
}

/**
 * POST /v1/documents/verify checks the signing certificate against the NCA (seed 002 ¶6(2)): a document
 * signed with a certificate revoked before its signing time fails with "revoked"; one signed before the
 * revocation stays valid and says so, with the signing time.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import express from 'express';
import pino from 'pino';
import request from 'supertest';
import { LocalXmlSigner } from '../../adapters/signer/local';
import { ensureTestPki } from '../../adapters/signer/pki';
import { errorHandler } from '../../api/errors';
import { KeyedMutex } from '../../api/idempotency';
import { formatAncn } from '../../domain/ancn';
import { buildElectronicDocument } from '../../domain/documents';
import { NationalCertificationAuthority } from '../../pki/nca';
import { authorityUrls, openAuthority } from '../../pki/setup';
import { InMemoryCertificateStatusStore } from '../../pki/store-memory';
import { registerRouter } from '../../register/routes';
import type { RegisterService } from '../../register/service';
import { MemoryStore } from '../api/helpers/memory-store';

let dir: string;
let app: express.Express;
let signer: LocalXmlSigner;
let serial: string;
let nca: NationalCertificationAuthority;
/** The documents the system keeps (what GET /v1/documents/{ancn}/verification reads). */
const kept = new Map<string, { ancn: string; applicationId: string; kind: string; xml: string; issuedAt: Date }>();
const clock = { now: new Date('2026-03-02T04:00:00Z') };

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nca-verify-'));
  const keysDir = path.join(dir, 'pki');
  // The CA first, dated before the holder's certificate (the system keys issued next use it as it is).
  nca = new NationalCertificationAuthority(
    await openAuthority(keysDir, authorityUrls('http://127.0.0.1:3000'), new Date('2026-01-01T00:00:00Z')),
    new InMemoryCertificateStatusStore(),
    () => clock.now,
  );
  const pki = await ensureTestPki(keysDir);
  execFileSync('openssl', ['genpkey', '-algorithm', 'RSA', '-pkeyopt', 'rsa_keygen_bits:2048', '-out', path.join(dir, 'holder.key')]);
  const keyPem = fs.readFileSync(path.join(dir, 'holder.key'), 'utf8');
  const pub = execFileSync('openssl', ['pkey', '-in', path.join(dir, 'holder.key'), '-pubout']).toString();
  const issued = await nca.issue({
    subject: { commonName: 'Сейітов Нұрлан', iin: '850612300414' },
    publicKey: pub,
    profile: 'signing',
    notBefore: new Date('2026-03-01T00:00:00Z'),
    requestKey: 'holder',
    caseId: null,
  });
  serial = issued.serial;
  // The holder signs with the NCA certificate (the signer's 'provider' slot carries it).
  const holderPki = {
    ...pki,
    keys: { ...pki.keys, provider: { ...pki.keys.provider, keyPem, certPem: issued.certPem, subject: issued.subject } },
  };
  signer = new LocalXmlSigner(
    holderPki,
    () => new Date('2026-04-01T00:00:00Z'),
    () => Promise.resolve([nca.ca.issuing.certificate.toString('pem')]),
  );
  app = express();
  app.use(
    registerRouter({
      register: { store: { getDocument: () => Promise.resolve(null) } } as unknown as RegisterService,
      signer,
      idempotency: { store: new MemoryStore(), mutex: new KeyedMutex(), now: () => clock.now },
      signerStatus: nca.signerStatusAt.bind(nca),
      documents: { getDocument: (ancn: string) => Promise.resolve(kept.get(ancn) ?? null) },
      publicBaseUrl: 'http://127.0.0.1:3000',
    }),
  );
  app.use(errorHandler(pino({ level: 'silent' })));
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

async function signedAt(issuedAt: string, n: number): Promise<string> {
  const xml = buildElectronicDocument({
    ancn: formatAncn('NTF', n),
    documentType: 'NTF',
    kind: 'registration-notification',
    title: 'Test',
    issuedAt,
    issuer: { code: 'ctrm', name: { kk: 'Holder', ru: 'Holder', en: 'Holder' } },
    serviceCode: 'nca-certificate-issue',
    applicationId: `app-${n}`,
    recipientRef: '850612300414',
    signer: 'provider',
    body: { text: 'hello' },
  });
  const signed = (await signer.sign(xml)).signedXml;
  kept.set(formatAncn('NTF', n), {
    ancn: formatAncn('NTF', n),
    applicationId: `app-${n}`,
    kind: 'registration-notification',
    xml: signed,
    issuedAt: new Date(issuedAt),
  });
  return signed;
}

const page = (n: number) => request(app).get(`/v1/documents/${formatAncn('NTF', n)}/verification`);

test('before the revocation: valid; after: a document signed later fails "revoked", an earlier one stays valid with its signing time', async () => {
  const early = await signedAt('2026-03-10T10:00:00+05:00', 1);
  const ok = await request(app).post('/v1/documents/verify').set('Content-Type', 'application/xml').send(early).expect(200);
  expect(ok.body).toMatchObject({ valid: true, integrity: true, certificateValid: true, revocation: 'good' });
  // The public page (no login) of the kept document: valid, its signer and certificate serial, the IIN masked.
  const before = await page(1).expect(200);
  expect(before.body).toMatchObject({
    ancn: formatAncn('NTF', 1),
    documentType: 'notification',
    kind: 'registration-notification',
    status: 'valid',
    revocation: 'good',
    signedAt: '2026-03-10T10:00:00+05:00',
    page: `http://127.0.0.1:3000/web/verify.html?ancn=${formatAncn('NTF', 1)}`,
  });
  expect(String(before.body.signer.serial).replace(/^0+/, '')).toBe(serial.toLowerCase().replace(/^0+/, ''));
  expect(JSON.stringify(before.body)).not.toContain('850612300414');
  expect(before.body.signer.subject).toMatch(/IIN85\*{8}14/);

  clock.now = new Date('2026-03-20T05:00:00Z');
  await nca.revoke({ serial, reason: 'keyCompromise', actor: 'staff-1', basis: 'application', caseId: null, requestKey: 'r' });

  const late = await signedAt('2026-03-25T10:00:00+05:00', 2);
  const bad = await request(app).post('/v1/documents/verify').set('Content-Type', 'application/xml').send(late).expect(200);
  expect(bad.body).toMatchObject({ valid: false, integrity: true, revocation: 'revoked' });
  expect((bad.body as { reasons: string[] }).reasons.join(' ')).toMatch(
    /^revoked: the signing certificate was revoked at 2026-03-20T05:00:00.000Z \(keyCompromise\)/,
  );

  // The page: the later document is revoked (with the revocation time and reason); the earlier one was
  // signed before the revocation and stays valid, saying so.
  expect((await page(2).expect(200)).body).toMatchObject({
    status: 'revoked',
    valid: false,
    revocation: 'revoked',
    revokedAt: '2026-03-20T10:00:00+05:00',
    revocationReason: 'keyCompromise',
  });
  expect((await page(1).expect(200)).body).toMatchObject({
    status: 'valid-signed-before-revocation',
    valid: true,
    signedBeforeRevocation: true,
    revokedAt: '2026-03-20T10:00:00+05:00',
    revocationReason: 'keyCompromise',
  });
  await page(99).expect(404);
  await request(app).get('/v1/documents/not-an-ancn/verification').expect(400);

  const still = await request(app).post('/v1/documents/verify').set('Content-Type', 'application/xml').send(early).expect(200);
  expect(still.body).toMatchObject({
    valid: true,
    revocation: 'good',
    signedBeforeRevocation: { signedAt: '2026-03-10T05:00:00.000Z', revokedAt: '2026-03-20T05:00:00.000Z', reason: 'keyCompromise' },
  });
});

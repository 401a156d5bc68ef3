/**
 * One contract for every face of the DocumentSigner port that checks certificates (issue 12 "one PKI"):
 * the local signer with the NCA as its revocation source, and the NCANode client against the NCANode
 * simulator asking the NCA over HTTP, by OCSP and by CRL. All sign with the system's keys issued by the
 * NCA's CA; the NCA's real routes (pki/routes.ts) answer on a local port.
 *
 *   - a provider document verifies: valid, revocation good, signer named;
 *   - the provider's certificate revoked through the NCA: a document signed after the revocation fails
 *     "revoked"; one signed before stays valid and says so, with its signing time;
 *   - the system's transport key, not revoked, still verifies;
 *   - a changed byte fails integrity on every face.
 */
import express from 'express';
import { X509Certificate } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { LocalXmlSigner } from '../../../adapters/signer/local';
import { NcaNodeSigner } from '../../../adapters/signer/ncanode';
import { ensureTestPki } from '../../../adapters/signer/pki';
import type { DocumentSigner } from '../../../adapters/signer/port';
import { errorHandler } from '../../../api/errors';
import { formatAncn } from '../../../domain/ancn';
import { buildElectronicDocument } from '../../../domain/documents';
import { LICENSOR_BODIES } from '../../../domain/services';
import { NationalCertificationAuthority } from '../../../pki/nca';
import { pkiRouter } from '../../../pki/routes';
import { authorityUrls, openAuthority } from '../../../pki/setup';
import { InMemoryCertificateStatusStore } from '../../../pki/store-memory';
import { registerSystemSigners } from '../../../pki/system-signers';
import { ncanodeRouter } from '../../../simulators/ncanode';
import { flipOneByte, xmlsec1Verify } from './xmlsec1';

let dir: string;
let server: http.Server;
let nca: NationalCertificationAuthority;
const faces: Record<string, DocumentSigner> = {};

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'signer-contract-'));
  const keysDir = path.join(dir, 'pki');
  const app = express();
  server = http.createServer(app);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  // The keys name this server's CRL and OCSP routes in their CDP and AIA, as under make start they name the API's.
  await ensureTestPki(keysDir, Date.now(), { publicBaseUrl: base });
  nca = new NationalCertificationAuthority(await openAuthority(keysDir, authorityUrls(base)), new InMemoryCertificateStatusStore());
  await registerSystemSigners(nca, keysDir);
  app.use(pkiRouter(nca));
  app.use('/ncanode', ncanodeRouter({ keysDir, revocation: 'ca' }));
  app.use(errorHandler(pino({ level: 'silent' })));

  faces.local = await LocalXmlSigner.fromDir(keysDir, undefined, { revocation: (pem) => nca.revocationStatus(pem) });
  faces['ncanode (OCSP)'] = await NcaNodeSigner.fromDir(`${base}/ncanode`, keysDir, { revocationCheck: ['OCSP'] });
  faces['ncanode (CRL)'] = await NcaNodeSigner.fromDir(`${base}/ncanode`, keysDir, { revocationCheck: ['CRL'] });
}, 60_000);

afterAll(async () => {
  await new Promise((r) => server.close(r));
  fs.rmSync(dir, { recursive: true, force: true });
});

function licence(seq: number): string {
  return buildElectronicDocument({
    ancn: formatAncn('PRM', seq),
    documentType: 'PRM',
    kind: 'license',
    title: 'Licence',
    issuedAt: new Date().toISOString(),
    issuer: { code: 'ctrm', name: LICENSOR_BODIES.ctrm },
    serviceCode: 'flag-emblem-license',
    applicationId: `app-${seq}`,
    recipientRef: 'applicant-1',
    signer: 'provider',
    body: { decision: 'granted' },
  });
}

const FACES = ['local', 'ncanode (OCSP)', 'ncanode (CRL)'] as const;
const face = (name: string): DocumentSigner => faces[name] as DocumentSigner;

describe.each(FACES)('%s', (name) => {
  it('a provider document signed with the NCA-issued key verifies, revocation good; xmlsec1 agrees against root.pem', async () => {
    const signed = await face(name).sign(licence(1));
    const result = await face(name).verify(signed.signedXml);
    expect(result).toMatchObject({ valid: true, integrity: true, certificateValid: true, revocation: 'good', reasons: [] });
    expect(result.signerSubject).toContain('CN=Authorized person (test)');
    expect(result.signedBeforeRevocation).toBeUndefined();
    expect(xmlsec1Verify(signed.signedXml, path.join(dir, 'pki', 'root.pem')).ok).toBe(true);
  });

  it('a changed byte fails integrity', async () => {
    const signed = await face(name).sign(licence(2));
    const result = await face(name).verify(flipOneByte(signed.signedXml, '<Title>'));
    expect(result).toMatchObject({ valid: false, integrity: false });
  });
});

describe('after the provider certificate is revoked through the NCA', () => {
  let revokedAt: Date;
  let signedBefore: Date;
  const documents: Record<string, string> = {};

  beforeAll(async () => {
    // Signed while the certificate was good (the signature itself does not change with the revocation).
    for (const name of FACES) documents[name] = (await face(name).sign(licence(3))).signedXml;
    signedBefore = new Date();
    await new Promise((r) => setTimeout(r, 1100)); // past the CRL's whole second: strictly after the signing time
    const provider = fs.readFileSync(path.join(dir, 'pki', 'provider.pem'), 'utf8');
    const serial = new X509Certificate(provider).serialNumber;
    expect(await nca.revoke({ serial, reason: 'keyCompromise', actor: 'test', basis: 'application', caseId: null, requestKey: 'r1' })).toBe(
      'revoked',
    );
    revokedAt = (await nca.store.get(serial.toLowerCase().replace(/^(00)+/, '')))?.revokedAt as Date;
    expect(revokedAt).toBeInstanceOf(Date);
  });

  it.each(FACES)('%s: a document signed after the revocation fails "revoked"', async (name) => {
    const signedAt = new Date(revokedAt.getTime() + 60_000);
    const result = await face(name).verify(documents[name] as string, { signedAt });
    expect(result).toMatchObject({ valid: false, integrity: true, certificateValid: false, revocation: 'revoked' });
    // A CRL's revocationDate is UTCTime, whole seconds: the same moment to the second on every face.
    expect(result.reasons.join(' ')).toMatch(
      new RegExp(`revoked: the signing certificate was revoked at ${revokedAt.toISOString().slice(0, 19)}\\.\\d{3}Z \\(keyCompromise\\)`),
    );
    expect(result.signedBeforeRevocation).toBeUndefined();
  });

  it.each(FACES)('%s: a document signed before the revocation stays valid and says so, with its signing time', async (name) => {
    const signedAt = signedBefore;
    const result = await face(name).verify(documents[name] as string, { signedAt });
    expect(result).toMatchObject({
      valid: true,
      integrity: true,
      certificateValid: true,
      revocation: 'good',
      signedBeforeRevocation: {
        signedAt: signedAt.toISOString(),
        revokedAt: expect.stringMatching(new RegExp(`^${revokedAt.toISOString().slice(0, 19)}`)) as unknown,
        reason: 'keyCompromise',
      },
    });
  });

  it.each(FACES)('%s: the system transport key, not revoked, still verifies', async (name) => {
    const signed = await face(name).sign(licence(4), { signer: 'system' });
    expect(await face(name).verify(signed.signedXml)).toMatchObject({ valid: true, revocation: 'good' });
  });
});

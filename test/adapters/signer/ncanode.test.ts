import fs from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import express from 'express';
import { formatAncn } from '../../../domain/ancn';
import { buildElectronicDocument } from '../../../domain/documents';
import { LICENSOR_BODIES } from '../../../domain/services';
import { RevocationUnknownError, SignerRejectedError, SignerUnavailableError } from '../../../adapters/signer/errors';
import { NcaNodeSigner } from '../../../adapters/signer/ncanode';
import { ensureTestPki } from '../../../adapters/signer/pki';
import { ncanodeRouter } from '../../../simulators/ncanode';
import { flipOneByte, xmlsec1Verify } from './xmlsec1';

let dir: string;
let server: Server;
let baseUrl: string;
let flakyUrl: string;

async function listen(app: express.Express): Promise<Server> {
  return new Promise((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
}

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pki-ncanode-'));
  await ensureTestPki(path.join(dir, 'pki'));
  const app = express();
  app.use('/ncanode', ncanodeRouter({ keysDir: path.join(dir, 'pki') }));
  app.use('/flaky', ncanodeRouter({ keysDir: path.join(dir, 'pki'), faults: { errorRate: 1 } }));
  server = await listen(app);
  const { port } = server.address() as AddressInfo;
  baseUrl = `http://127.0.0.1:${port}/ncanode`;
  flakyUrl = `http://127.0.0.1:${port}/flaky`;
});
afterAll(async () => {
  await new Promise((r) => server.close(r));
  fs.rmSync(dir, { recursive: true, force: true });
});

async function setRevocation(mode: 'good' | 'unknown' | 'revoked'): Promise<void> {
  const res = await fetch(`${baseUrl}/_simulator/revocation`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ mode }),
  });
  expect(res.status).toBe(200);
}
afterEach(() => setRevocation('good'));

const permit = (seq: number): string =>
  buildElectronicDocument({
    ancn: formatAncn('PRM', seq),
    documentType: 'PRM',
    kind: 'license',
    title: 'License to manufacture the State Flag and State Emblem',
    issuedAt: '2025-06-02T04:00:00Z',
    issuer: { code: 'ctrm', name: LICENSOR_BODIES.ctrm },
    serviceCode: 'flag-emblem-license',
    applicationId: `app-${seq}`,
    recipientRef: 'applicant-1',
    signer: 'provider',
    body: { licensee: 'ТОО «Ту»', activity: 'manufacture of the State Flag and State Emblem' },
  });

describe('NcaNodeSigner against the NCANode simulator', () => {
  it('signs through POST /xml/sign with the PKCS#12 key; the result verifies with xmlsec1', async () => {
    const signer = await NcaNodeSigner.fromDir(baseUrl, path.join(dir, 'pki'));
    const signed = await signer.sign(permit(1));
    expect(signed.signerSubject).toContain('CN=Authorized person (test)');
    expect(signed.signatureRef).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(xmlsec1Verify(signed.signedXml, path.join(dir, 'pki', 'root.pem')).ok).toBe(true);
    const system = await signer.sign(permit(2), { signer: 'system' });
    expect(system.signerSubject).toContain('transport signature');
  });

  it('verifies through POST /xml/verify with an OCSP check: valid, signer reported, revocation good', async () => {
    const signer = await NcaNodeSigner.fromDir(baseUrl, path.join(dir, 'pki'));
    const signed = await signer.sign(permit(3));
    const result = await signer.verify(signed.signedXml);
    expect(result).toMatchObject({ valid: true, integrity: true, certificateValid: true, revocation: 'good' });
    expect(result.signerSubject).toContain('Authorized person (test)');
  });

  it('one changed byte: not valid, integrity false (and xmlsec1 agrees)', async () => {
    const signer = await NcaNodeSigner.fromDir(baseUrl, path.join(dir, 'pki'));
    const tampered = flipOneByte((await signer.sign(permit(4))).signedXml, '<Title>');
    const result = await signer.verify(tampered);
    expect(result).toMatchObject({ valid: false, integrity: false, certificateValid: true });
    expect(xmlsec1Verify(tampered, path.join(dir, 'pki', 'root.pem')).ok).toBe(false);
  });

  it('"not valid but no revocation answer" is a retryable error, not a final refusal', async () => {
    const signer = await NcaNodeSigner.fromDir(baseUrl, path.join(dir, 'pki'));
    const signed = await signer.sign(permit(5));
    await setRevocation('unknown');
    const error = await signer.verify(signed.signedXml).then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(RevocationUnknownError);
    const unknown = error as RevocationUnknownError;
    expect(unknown.retryable).toBe(true);
    expect(unknown.result).toMatchObject({ valid: false, integrity: true, revocation: 'unknown' });
    expect(unknown.result.reasons.join(' ')).toContain('no revocation answer from OCSP');
    // once the responder answers again, the same document verifies
    await setRevocation('good');
    expect((await signer.verify(signed.signedXml)).valid).toBe(true);
  });

  it('a revoked certificate is a final verdict: not valid, revocation revoked', async () => {
    const signer = await NcaNodeSigner.fromDir(baseUrl, path.join(dir, 'pki'));
    const signed = await signer.sign(permit(6));
    await setRevocation('revoked');
    const result = await signer.verify(signed.signedXml);
    expect(result).toMatchObject({ valid: false, integrity: true, certificateValid: false, revocation: 'revoked' });
  });

  it('a document signed under a foreign root is not trusted (final, not retried)', async () => {
    const stranger = await NcaNodeSigner.fromDir(baseUrl, path.join(dir, 'stranger-pki'));
    const signer = await NcaNodeSigner.fromDir(baseUrl, path.join(dir, 'pki'));
    const signed = await stranger.sign(permit(7)); // the simulator signs with any key it is given
    const result = await signer.verify(signed.signedXml);
    expect(result).toMatchObject({ valid: false, integrity: true, certificateValid: false });
  });

  it('a wrong key password is a refusal (SignerRejectedError), not an outage', async () => {
    const pki = await ensureTestPki(path.join(dir, 'pki'));
    const key = { p12: pki.keys.provider.p12, password: 'wrong-password' };
    const signer = new NcaNodeSigner({ baseUrl, keys: { provider: key, system: key, operator: key } });
    await expect(signer.sign(permit(8))).rejects.toBeInstanceOf(SignerRejectedError);
    await expect(signer.sign(permit(8))).rejects.toThrow(/refused the request \(400\): cannot open the key/);
  });

  it('an NCANode outage (503) or an unreachable server is retryable (SignerUnavailableError)', async () => {
    const flaky = await NcaNodeSigner.fromDir(flakyUrl, path.join(dir, 'pki'));
    await expect(flaky.sign(permit(9))).rejects.toBeInstanceOf(SignerUnavailableError);
    const down = await NcaNodeSigner.fromDir('http://127.0.0.1:9/ncanode', path.join(dir, 'pki'), { timeoutMs: 2000 });
    await expect(down.verify('<a/>')).rejects.toBeInstanceOf(SignerUnavailableError);
  });

  it('the simulator refuses a malformed request the way NCANode does (400 with a message)', async () => {
    const res = await fetch(`${baseUrl}/xml/sign`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ xml: '<a/>', signers: [] }),
    });
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ status: 400, message: expect.stringContaining('signers') });
  });
});

import { X509Certificate } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { formatAncn } from '../../../domain/ancn';
import { buildElectronicDocument, DOCUMENT_KINDS } from '../../../domain/documents';
import { LICENSOR_BODIES } from '../../../domain/services';
import { LocalXmlSigner } from '../../../adapters/signer/local';
import { ensureTestPki, ROOT_CA_COMMON_NAME } from '../../../adapters/signer/pki';
import { flipOneByte, xmlsec1Verify } from './xmlsec1';

let dir: string;
let signer: LocalXmlSigner;

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pki-local-'));
  signer = await LocalXmlSigner.fromDir(path.join(dir, 'pki'));
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const rootPem = (): string => path.join(dir, 'pki', 'root.pem');

function documentOf(kind: string, type: string, seq: number, signerRole: 'provider' | 'system' = 'provider'): string {
  return buildElectronicDocument({
    ancn: formatAncn(type, seq),
    documentType: type,
    kind,
    title: `Test ${kind}`,
    issuedAt: '2025-06-02T04:00:00Z',
    issuer: { code: 'ctrm', name: LICENSOR_BODIES.ctrm },
    serviceCode: 'flag-emblem-license',
    applicationId: `app-${seq}`,
    recipientRef: 'applicant-1',
    signer: signerRole,
    body: { decision: 'granted', grounds: ['¶12'], applicant: { name: 'ТОО «Туған жер»' } },
  });
}

describe('signing keys issued by the NCA (scripts/setup-pki, LocalXmlSigner.fromDir)', () => {
  it('issues provider, system and operator keys from the NCA issuing CA under the root in root.pem', () => {
    const root = new X509Certificate(fs.readFileSync(rootPem()));
    const issuing = new X509Certificate(fs.readFileSync(path.join(dir, 'pki', 'chain.pem')));
    expect(root.subject).toContain(`CN=${ROOT_CA_COMMON_NAME}`);
    expect(root.ca).toBe(true);
    expect(fs.readFileSync(rootPem(), 'utf8')).toBe(fs.readFileSync(path.join(dir, 'pki', 'root-ca.pem'), 'utf8'));
    expect(issuing.checkIssued(root) && issuing.verify(root.publicKey)).toBe(true);
    for (const role of ['provider', 'system', 'operator']) {
      const leaf = new X509Certificate(fs.readFileSync(path.join(dir, 'pki', `${role}.pem`)));
      expect(leaf.ca).toBe(false);
      expect(leaf.checkIssued(issuing)).toBe(true);
      expect(leaf.verify(issuing.publicKey)).toBe(true);
      // An ordinary NCA certificate: relying parties find its CRL and OCSP responder in it.
      expect(leaf.infoAccess).toContain('OCSP - URI:http://127.0.0.1:3000/v1/pki/ocsp');
      expect(fs.statSync(path.join(dir, 'pki', `${role}.key`)).mode & 0o077).toBe(0);
    }
    expect(fs.statSync(path.join(dir, 'pki', 'issuing-ca.key')).mode & 0o077).toBe(0);
  });

  it('is idempotent: a second run keeps the keys; a missing leaf alone is re-issued by the same CA', async () => {
    const before = fs.readFileSync(rootPem(), 'utf8');
    const providerBefore = fs.readFileSync(path.join(dir, 'pki', 'provider.pem'), 'utf8');
    const operatorBefore = fs.readFileSync(path.join(dir, 'pki', 'operator.pem'), 'utf8');
    await ensureTestPki(path.join(dir, 'pki'));
    expect(fs.readFileSync(rootPem(), 'utf8')).toBe(before);
    expect(fs.readFileSync(path.join(dir, 'pki', 'provider.pem'), 'utf8')).toBe(providerBefore);

    fs.rmSync(path.join(dir, 'pki', 'system.pem'));
    const again = await ensureTestPki(path.join(dir, 'pki'));
    expect(again.rootCertPem).toBe(before);
    expect(again.keys.provider.certPem).toBe(providerBefore);
    expect(again.keys.operator.certPem).toBe(operatorBefore);
    const issuing = new X509Certificate(again.keys.system.chainPem);
    expect(new X509Certificate(again.keys.system.certPem).checkIssued(issuing)).toBe(true);
  });

  it('re-issues a directory holding the earlier self-contained openssl chain (manifest version 1) under the NCA', async () => {
    const old = path.join(dir, 'old-chain');
    fs.mkdirSync(old);
    fs.writeFileSync(path.join(old, 'manifest.json'), JSON.stringify({ version: 1, createdAt: '2026-01-01T00:00:00Z', p12Password: 'x' }));
    fs.writeFileSync(path.join(old, 'root.key'), 'old root key');
    const pki = await ensureTestPki(old);
    expect(new X509Certificate(pki.rootCertPem).subject).toContain(ROOT_CA_COMMON_NAME);
    expect(fs.existsSync(path.join(old, 'root.key'))).toBe(false);
    expect(JSON.parse(fs.readFileSync(path.join(old, 'manifest.json'), 'utf8'))).toMatchObject({ version: 2, issuedBy: 'nca' });
  });

  it('keys given by configuration (manifest "issuedBy": "external") are read, never replaced', async () => {
    const given = path.join(dir, 'given');
    fs.cpSync(path.join(dir, 'pki'), given, { recursive: true });
    const manifest = JSON.parse(fs.readFileSync(path.join(given, 'manifest.json'), 'utf8')) as Record<string, unknown>;
    fs.writeFileSync(path.join(given, 'manifest.json'), JSON.stringify({ ...manifest, issuedBy: 'external' }));
    fs.rmSync(path.join(given, 'root-ca.pem')); // not ours to keep: nothing is regenerated for its absence
    const pki = await ensureTestPki(given);
    expect(pki.keys.provider.certPem).toBe(fs.readFileSync(path.join(dir, 'pki', 'provider.pem'), 'utf8'));
    expect(fs.existsSync(path.join(given, 'root-ca.pem'))).toBe(false);
  });

  it('parallel first runs on one directory agree on a single CA and key set', async () => {
    const fresh = path.join(dir, 'parallel');
    const results = await Promise.all([ensureTestPki(fresh), ensureTestPki(fresh), ensureTestPki(fresh)]);
    expect(new Set(results.map((r) => r.rootCertPem)).size).toBe(1);
    expect(new Set(results.map((r) => r.keys.provider.certPem)).size).toBe(1);
    expect(results[0]?.rootCertPem).toBe(fs.readFileSync(path.join(fresh, 'root.pem'), 'utf8'));
  });
});

describe('LocalXmlSigner', () => {
  const kinds = Object.entries(DOCUMENT_KINDS);

  it.each(kinds)('%s: signed document verifies with our verifier and with xmlsec1', async (kind, [type]) => {
    const xml = documentOf(kind, type, 7);
    const signed = await signer.sign(xml);
    const ours = await signer.verify(signed.signedXml);
    expect(ours).toMatchObject({ valid: true, integrity: true, certificateValid: true, reasons: [] });
    expect(ours.signerSubject).toContain('CN=Authorized person (test)');
    const independent = xmlsec1Verify(signed.signedXml, rootPem());
    expect(independent.output).toContain('OK');
    expect(independent.ok).toBe(true);
  });

  it.each(kinds)('%s: one changed byte fails our verifier and xmlsec1', async (kind, [type]) => {
    const signed = await signer.sign(documentOf(kind, type, 8));
    const tampered = flipOneByte(signed.signedXml, '<Title>');
    const ours = await signer.verify(tampered);
    expect(ours.valid).toBe(false);
    expect(ours.integrity).toBe(false);
    expect(ours.reasons.join(' ')).toMatch(/digest mismatch/);
    const independent = xmlsec1Verify(tampered, rootPem());
    expect(independent.ok).toBe(false);
    expect(independent.output).toMatch(/FAIL|fail/);
  });

  it('a changed byte in the signature value itself fails both verifiers', async () => {
    const signed = await signer.sign(documentOf('license', 'PRM', 9));
    const tampered = flipOneByte(signed.signedXml, '<ds:SignatureValue>');
    expect((await signer.verify(tampered)).integrity).toBe(false);
    expect(xmlsec1Verify(tampered, rootPem()).ok).toBe(false);
  });

  it("signs automatic-mode results with the system's transport key (seed 004 ¶18-1)", async () => {
    const signed = await signer.sign(documentOf('license', 'PRM', 10, 'system'), { signer: 'system' });
    expect(signed.signerSubject).toContain('CN=E-licensing system transport signature (test)');
    expect((await signer.verify(signed.signedXml)).signerSubject).toContain('transport signature');
    expect(xmlsec1Verify(signed.signedXml, rootPem()).ok).toBe(true);
  });

  it('gives a stable signature reference: sha256 of the signature value, the same when read back', async () => {
    const signed = await signer.sign(documentOf('license', 'PRM', 11));
    expect(signed.signatureRef).toMatch(/^sha256:[0-9a-f]{64}$/);
    const again = await signer.sign(documentOf('license', 'PRM', 11));
    // RSA PKCS#1 v1.5 is deterministic: same key, same document, same signature
    expect(again.signatureRef).toBe(signed.signatureRef);
    expect((await signer.sign(documentOf('license', 'PRM', 12))).signatureRef).not.toBe(signed.signatureRef);
  });

  it('rejects a certificate from another root: integrity holds, trust does not (xmlsec1 agrees)', async () => {
    const stranger = await LocalXmlSigner.fromDir(path.join(dir, 'stranger'));
    const signed = await stranger.sign(documentOf('license', 'PRM', 13));
    const result = await signer.verify(signed.signedXml);
    expect(result).toMatchObject({ valid: false, integrity: true, certificateValid: false });
    expect(result.reasons.join(' ')).toContain('does not chain to a trusted root');
    expect(xmlsec1Verify(signed.signedXml, rootPem()).ok).toBe(false);
  });

  it('rejects a certificate outside its validity', async () => {
    const later = new LocalXmlSigner(await ensureTestPki(path.join(dir, 'pki')), () => new Date(Date.now() + 5 * 365 * 24 * 3600 * 1000));
    const signed = await signer.sign(documentOf('license', 'PRM', 14));
    const result = await later.verify(signed.signedXml);
    expect(result).toMatchObject({ valid: false, integrity: true, certificateValid: false });
    expect(result.reasons.join(' ')).toContain('outside its validity');
  });

  it('refuses to sign twice and reports an unsigned or malformed document as invalid', async () => {
    const signed = await signer.sign(documentOf('license', 'PRM', 15));
    await expect(signer.sign(signed.signedXml)).rejects.toThrow('already signed');
    await expect(signer.sign('<a><b></a>')).rejects.toThrow('not well-formed');
    expect(await signer.verify(documentOf('license', 'PRM', 16))).toMatchObject({
      valid: false,
      integrity: false,
      reasons: ['the document carries no XML signature'],
    });
    expect((await signer.verify('not xml')).valid).toBe(false);
  });

  it('rejects a signature that does not cover the whole document (wrapped into a child element)', async () => {
    const signed = await signer.sign(documentOf('license', 'PRM', 17));
    const sigStart = signed.signedXml.indexOf('<ds:Signature');
    const sigEnd = signed.signedXml.indexOf('</ds:Signature>') + '</ds:Signature>'.length;
    const signature = signed.signedXml.slice(sigStart, sigEnd);
    const moved = (signed.signedXml.slice(0, sigStart) + signed.signedXml.slice(sigEnd)).replace('<Body>', `<Body>${signature}`);
    const result = await signer.verify(moved);
    expect(result.valid).toBe(false);
    expect(result.reasons).toContain('the signature is not enveloped in the document element');
  });
});

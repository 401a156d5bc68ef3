/**
 * seed 002 ¶9: a repeat application signed with a currently valid NCA certificate passes; signed with a
 * revoked or an expired one, by another holder, with a changed byte or a certificate of another CA, it is
 * refused before anything starts.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { signXml } from '../../adapters/signer/xmldsig';
import { CertificationAuthority } from '../../pki/authority';
import { MemoryKeyStore } from '../../pki/keystore';
import { NationalCertificationAuthority } from '../../pki/nca';
import { InMemoryCertificateStatusStore } from '../../pki/store-memory';
import { checkSignedRequest } from '../../services/nca/signed-request';

const URLS = { crl: 'http://nca.test/crl', ocsp: 'http://nca.test/ocsp', caIssuers: 'http://nca.test/ca.crt' };
const T0 = new Date('2026-03-02T04:00:00Z');
const IIN = '850612300414';
let dir: string;
let keyPem: string;
let pub: string;
let nca: NationalCertificationAuthority;

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nca-signed-'));
  execFileSync('openssl', ['genpkey', '-algorithm', 'RSA', '-pkeyopt', 'rsa_keygen_bits:2048', '-out', path.join(dir, 'k.pem')]);
  keyPem = fs.readFileSync(path.join(dir, 'k.pem'), 'utf8');
  pub = execFileSync('openssl', ['pkey', '-in', path.join(dir, 'k.pem'), '-pubout']).toString();
  nca = new NationalCertificationAuthority(
    await CertificationAuthority.open(new MemoryKeyStore(), URLS, T0),
    new InMemoryCertificateStatusStore(),
    () => T0,
  );
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

async function requestSignedBy(requestKey: string, iin = IIN): Promise<{ xml: string; serial: string }> {
  const c = await nca.issue({
    subject: { commonName: 'SEIITOV NURLAN', iin },
    publicKey: pub,
    profile: 'signing',
    notBefore: T0,
    requestKey,
    caseId: null,
  });
  const xml = signXml(
    `<RepeatApplication><Iin>${IIN}</Iin><SignaturePublicKey>${pub.replace(/-----[^-]+-----|\s/g, '')}</SignaturePublicKey></RepeatApplication>`,
    { keyPem, certPem: c.certPem },
  );
  return { xml, serial: c.serial };
}

test('signed with a currently valid NCA certificate of the same IIN → passes', async () => {
  const { xml, serial } = await requestSignedBy('valid');
  expect(await checkSignedRequest(xml, nca, { iin: IIN }, new Date('2026-06-01T00:00:00Z'))).toEqual({ ok: true, serial });
});

test('signed with a revoked certificate → refused (revoked)', async () => {
  const { xml, serial } = await requestSignedBy('revoked');
  await nca.revoke({ serial, reason: 'keyCompromise', actor: 'a', basis: 'application', caseId: null, requestKey: 'r' });
  expect(await checkSignedRequest(xml, nca, { iin: IIN }, new Date('2026-06-01T00:00:00Z'))).toMatchObject({
    ok: false,
    problem: 'revoked',
  });
});

test('signed with an expired certificate → refused (expired): one year and a second after issue', async () => {
  const { xml } = await requestSignedBy('expired');
  const r = await checkSignedRequest(xml, nca, { iin: IIN }, new Date('2027-03-02T04:00:01Z'));
  expect(r.ok).toBe(false);
  // The XML verifier and the NCA both see the validity: either names it.
  expect(JSON.stringify(r)).toMatch(/expired|validity/);
});

test('another holder, a changed byte → refused', async () => {
  const { xml } = await requestSignedBy('other-holder', '900101300126');
  expect(await checkSignedRequest(xml, nca, { iin: IIN }, T0)).toMatchObject({ ok: false, problem: 'other-holder' });
  const { xml: good } = await requestSignedBy('tamper');
  expect(await checkSignedRequest(good.replace(`<Iin>${IIN}</Iin>`, '<Iin>900101300126</Iin>'), nca, { iin: IIN }, T0)).toMatchObject({
    ok: false,
    problem: 'signature-invalid',
  });
});

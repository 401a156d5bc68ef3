/**
 * The NCA's answer to "was this certificate valid and unrevoked at that moment" (pki/nca.ts checkAt):
 * the 1-year validity boundary (seed 002 A1), a signature made before the revocation stays valid, one
 * after it does not; another holder; a certificate of another CA; a retried issue is the same certificate.
 */
import { webcrypto } from 'node:crypto';
import { x509 } from '../../pki/crypto';
import { CertificationAuthority } from '../../pki/authority';
import { MemoryKeyStore } from '../../pki/keystore';
import { NationalCertificationAuthority } from '../../pki/nca';
import { InMemoryCertificateStatusStore } from '../../pki/store-memory';

const URLS = { crl: 'http://nca.test/v1/pki/crl', ocsp: 'http://nca.test/v1/pki/ocsp', caIssuers: 'http://nca.test/v1/pki/ca.crt' };
const T0 = new Date('2026-03-02T04:00:00Z');

async function applicantKey(): Promise<Uint8Array> {
  const keys = await webcrypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, true, ['sign', 'verify']);
  return new Uint8Array(await webcrypto.subtle.exportKey('spki', keys.publicKey));
}

let nca: NationalCertificationAuthority;
let clock: { now: Date };
beforeAll(async () => {
  clock = { now: T0 };
  nca = new NationalCertificationAuthority(
    await CertificationAuthority.open(new MemoryKeyStore(), URLS, T0),
    new InMemoryCertificateStatusStore(),
    () => clock.now,
  );
});

test('valid for exactly 1 year from issue: the last millisecond is valid, the next is expired', async () => {
  const c = await nca.issue({
    subject: { commonName: 'A', iin: '850612300414' },
    publicKey: await applicantKey(),
    profile: 'authentication',
    notBefore: T0,
    requestKey: 'k1',
    caseId: 'c1',
  });
  expect(c.notAfter.toISOString()).toBe('2027-03-02T04:00:00.000Z');
  const cert = new x509.X509Certificate(c.certPem);
  expect(cert.getExtension(x509.ExtendedKeyUsageExtension)?.usages).toEqual([x509.ExtendedKeyUsage.clientAuth]);
  expect((await nca.checkAt(c.certPem, new Date(c.notAfter.getTime()), { iin: '850612300414' })).ok).toBe(true);
  expect(await nca.checkAt(c.certPem, new Date(c.notAfter.getTime() + 1000))).toMatchObject({ ok: false, problem: 'expired' });
  expect(await nca.checkAt(c.certPem, new Date(T0.getTime() - 1000))).toMatchObject({ ok: false, problem: 'not-yet-valid' });
  expect(await nca.checkAt(c.certPem, T0, { iin: '900101300126' })).toMatchObject({ ok: false, problem: 'other-holder' });
  // A retried issue (same request key) is the same certificate.
  const again = await nca.issue({
    subject: { commonName: 'A', iin: '850612300414' },
    publicKey: await applicantKey(),
    profile: 'authentication',
    notBefore: T0,
    requestKey: 'k1',
    caseId: 'c1',
  });
  expect(again.serial).toBe(c.serial);
});

test('signed before the revocation → valid (with the signing time); signed after → revoked', async () => {
  const c = await nca.issue({
    subject: { commonName: 'B', iin: '850612300414' },
    publicKey: await applicantKey(),
    profile: 'signing',
    notBefore: T0,
    requestKey: 'k2',
    caseId: 'c2',
  });
  const revokedAt = new Date('2026-06-01T06:00:00Z');
  clock.now = revokedAt;
  expect(
    await nca.revoke({ serial: c.serial, reason: 'keyCompromise', actor: 'staff-1', basis: 'application', caseId: 'r1', requestKey: 'r1' }),
  ).toBe('revoked');
  expect((await nca.checkAt(c.certPem, new Date('2026-05-31T06:00:00Z'))).ok).toBe(true);
  expect(await nca.checkAt(c.certPem, new Date('2026-06-01T06:00:01Z'))).toMatchObject({
    ok: false,
    problem: 'revoked',
    revokedAt,
    reason: 'keyCompromise',
  });
  const crl = await nca.currentCrl();
  const parsed = new x509.X509Crl(crl.der);
  expect(parsed.entries.map((e) => e.serialNumber.toLowerCase())).toContain(c.serial);
  expect(await nca.status(c.serial)).toEqual({ status: 'revoked', revokedAt, reason: 'keyCompromise' });
});

test('a certificate of another CA is not an NCA certificate', async () => {
  const other = await CertificationAuthority.open(new MemoryKeyStore(), URLS, T0);
  const foreign = await other.issue({ subject: { commonName: 'C' }, publicKey: await applicantKey(), profile: 'signing', notBefore: T0 });
  expect(await nca.checkAt(foreign.toString('pem'), T0)).toMatchObject({ ok: false, problem: 'not-issued-by-nca' });
  expect(await nca.checkAt('garbage', T0)).toMatchObject({ ok: false, problem: 'not-issued-by-nca' });
});

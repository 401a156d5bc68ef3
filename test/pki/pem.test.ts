/** pki/pem.ts: the certificate in a result document's text, for openssl and node:crypto. */
import { X509Certificate } from 'node:crypto';
import { firstCertificatePem } from '../../pki/pem';
import { CA_KEY_ALGORITHM, crypto, x509 } from '../../pki/crypto';

async function selfSigned(cn: string): Promise<string> {
  const keys = await crypto.subtle.generateKey(CA_KEY_ALGORITHM, true, ['sign', 'verify']);
  const cert = await x509.X509CertificateGenerator.createSelfSigned({
    name: `CN=${cn}`,
    keys,
    signingAlgorithm: CA_KEY_ALGORITHM,
    notBefore: new Date('2026-01-01T00:00:00Z'),
    notAfter: new Date('2027-01-01T00:00:00Z'),
  });
  return cert.toString('pem');
}

test('finds the first certificate in a document, armour lines included, and nothing where there is none', async () => {
  const [a, b] = [await selfSigned('first'), await selfSigned('second')];
  const doc = `<Result><Certificate>${a}</Certificate><Chain>${b}</Chain></Result>`;
  const pem = firstCertificatePem(doc);
  expect(pem).toBe(a.trim());
  expect(new X509Certificate(`${pem}\n`).subject).toBe('CN=first');
  expect(firstCertificatePem('<Result><Text>no certificate</Text></Result>')).toBeUndefined();
  expect(firstCertificatePem('-----BEGIN CERTIFICATE-----\nMIIB')).toBeUndefined();
});

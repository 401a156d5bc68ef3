/**
 * The NCA's CA keys in a PKCS#11 token, for real: SoftHSM2 (Debian softhsm2, installed by scripts/setup.sh)
 * through pkcs11js. The root and issuing CA are generated in the token, not extractable; certificates,
 * CRLs and OCSP answers signed through C_Sign verify with OpenSSL; a reopened store finds the same CA.
 * Skipped, saying why, where SoftHSM2 or the pkcs11js native build is missing.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type * as Pkcs11js from 'pkcs11js';
import { CertificationAuthority, crlPem } from '../../pki/authority';
import { Pkcs11KeyStore } from '../../pki/keystore-pkcs11';
import { NationalCertificationAuthority } from '../../pki/nca';
import { authorityUrls, openAuthority } from '../../pki/setup';
import { LocalXmlSigner } from '../../adapters/signer/local';
import { xmlsec1Verify } from '../adapters/signer/xmlsec1';
import { InMemoryCertificateStatusStore } from '../../pki/store-memory';

const SOFTHSM_LIBRARY = '/usr/lib/softhsm/libsofthsm2.so';

function unavailable(): string | null {
  if (!fs.existsSync(SOFTHSM_LIBRARY)) return `SoftHSM2 is not installed (${SOFTHSM_LIBRARY}): apt-get install -y softhsm2`;
  if (spawnSync('softhsm2-util', ['--version']).status !== 0) return 'softhsm2-util is missing: apt-get install -y softhsm2';
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- probing the native build
    require('pkcs11js');
  } catch (e) {
    return `pkcs11js does not load (cd node_modules/pkcs11js && npx node-gyp rebuild): ${(e as Error).message}`;
  }
  return null;
}

const reason = unavailable();
if (reason) process.stderr.write(`test/pki/pkcs11.test.ts skipped: ${reason}\n`);
const suite = reason ? describe.skip : describe;

suite(`CA keys in a PKCS#11 token (SoftHSM2)${reason ? ` — skipped: ${reason}` : ''}`, () => {
  let dir: string;
  const options = { library: SOFTHSM_LIBRARY, tokenLabel: 'nca-test', pin: '1234' };
  const urls = authorityUrls('http://127.0.0.1:3000');
  const openssl = (args: string[]): string => {
    const r = spawnSync('openssl', args, { encoding: 'utf8', cwd: dir });
    return `${r.stdout}${r.stderr}${r.status === 0 ? '' : 'FAILED'}`;
  };

  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nca-softhsm-'));
    fs.mkdirSync(path.join(dir, 'tokens'));
    fs.writeFileSync(
      path.join(dir, 'softhsm2.conf'),
      `directories.tokendir = ${path.join(dir, 'tokens')}\nobjectstore.backend = file\nlog.level = ERROR\n`,
    );
    process.env.SOFTHSM2_CONF = path.join(dir, 'softhsm2.conf');
    execFileSync('softhsm2-util', ['--init-token', '--free', '--label', 'nca-test', '--pin', '1234', '--so-pin', '5678']);
  });
  afterAll(() => {
    delete process.env.SOFTHSM2_CONF;
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('generates the root and issuing CA in the token; issued certificates and the CRL verify with OpenSSL; a reopened store finds the same CA', async () => {
    const store = Pkcs11KeyStore.open(options);
    let rootPem: string;
    try {
      const ca = await CertificationAuthority.open(store, urls);
      rootPem = ca.root.certificate.toString('pem');
      expect(ca.issuing.keys.privateKey.extractable).toBe(false);
      fs.writeFileSync(path.join(dir, 'root.pem'), rootPem + '\n');
      fs.writeFileSync(path.join(dir, 'issuing.pem'), ca.issuing.certificate.toString('pem') + '\n');

      execFileSync('openssl', ['genpkey', '-algorithm', 'RSA', '-pkeyopt', 'rsa_keygen_bits:2048', '-out', path.join(dir, 'holder.key')], {
        stdio: 'ignore',
      });
      const pub = execFileSync('openssl', ['pkey', '-in', path.join(dir, 'holder.key'), '-pubout']).toString();
      const nca = new NationalCertificationAuthority(ca, new InMemoryCertificateStatusStore());
      const issued = await nca.issue({
        subject: { commonName: 'Holder', iin: '850612300414' },
        publicKey: pub,
        profile: 'signing',
        notBefore: new Date(),
        requestKey: 'holder',
        caseId: null,
      });
      fs.writeFileSync(path.join(dir, 'holder.pem'), issued.certPem);
      const crl = await ca.crl({ number: 1, thisUpdate: new Date(), nextUpdate: new Date(Date.now() + 3600_000), entries: [] });
      fs.writeFileSync(path.join(dir, 'crl.pem'), crlPem(crl));
      expect(
        openssl(['verify', '-crl_check', '-CAfile', 'root.pem', '-untrusted', 'issuing.pem', '-CRLfile', 'crl.pem', 'holder.pem']),
      ).toContain('holder.pem: OK');
      expect(openssl(['crl', '-in', 'crl.pem', '-CAfile', 'issuing.pem', '-noout'])).toContain('verify OK');
      // An OCSP answer signed in the token.
      openssl(['ocsp', '-issuer', 'issuing.pem', '-cert', 'holder.pem', '-no_nonce', '-reqout', 'req.der']);
      fs.writeFileSync(path.join(dir, 'resp.der'), await nca.ocsp(new Uint8Array(fs.readFileSync(path.join(dir, 'req.der')))));
      const ocsp = openssl(['ocsp', '-respin', 'resp.der', '-issuer', 'issuing.pem', '-cert', 'holder.pem', '-CAfile', 'root.pem']);
      expect(ocsp).toContain('Response verify OK');
      expect(ocsp).toContain('holder.pem: good');
    } finally {
      await store.close();
    }

    const reopened = Pkcs11KeyStore.open(options);
    try {
      const again = await CertificationAuthority.open(reopened, urls);
      expect(again.root.certificate.toString('pem')).toBe(rootPem);
      // The reopened key signs: a leaf issued now still chains to the same root.
      const pub = execFileSync('openssl', ['pkey', '-in', path.join(dir, 'holder.key'), '-pubout']).toString();
      const leaf = await again.issue({ subject: { commonName: 'Holder 2' }, publicKey: pub, profile: 'signing', notBefore: new Date() });
      fs.writeFileSync(path.join(dir, 'holder2.pem'), leaf.toString('pem') + '\n');
      expect(openssl(['verify', '-CAfile', 'root.pem', '-untrusted', 'issuing.pem', 'holder2.pem'])).toContain('holder2.pem: OK');
    } finally {
      await reopened.close();
    }
  });

  it('the system signing keys issued by the token CA (NCA_PKCS11_*): documents verify with xmlsec1 against root.pem; no CA key lands on disk', async () => {
    const store = Pkcs11KeyStore.open(options);
    try {
      const keysDir = path.join(dir, 'keys');
      const signer = await LocalXmlSigner.fromDir(keysDir, undefined, { caKeys: store });
      const signed = await signer.sign('<Document><Title>Licence</Title></Document>');
      expect(await signer.verify(signed.signedXml)).toMatchObject({ valid: true, certificateValid: true });
      expect(xmlsec1Verify(signed.signedXml, path.join(keysDir, 'root.pem')).ok).toBe(true);
      expect(fs.readdirSync(keysDir).filter((f) => f.endsWith('-ca.key'))).toEqual([]);
      expect(fs.existsSync(path.join(keysDir, 'issuing-ca.pem'))).toBe(true);
      // A file key store on that directory refuses to make a second CA beside the token's certificates.
      await expect(openAuthority(keysDir, urls)).rejects.toThrow(/PKCS#11 token/);
    } finally {
      await store.close();
    }
  });

  it('the private keys are sensitive and not extractable: the token refuses to export them', () => {
    const out = execFileSync('softhsm2-util', ['--show-slots']).toString();
    expect(out).toContain('nca-test');
    // pkcs11-tool is not in softhsm2; the attribute check goes through the binding itself.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const p11 = require('pkcs11js') as typeof Pkcs11js;
    const m = new p11.PKCS11();
    m.load(SOFTHSM_LIBRARY);
    m.C_Initialize();
    try {
      const slot = m.C_GetSlotList(true).find((s) => m.C_GetTokenInfo(s).label.trim() === 'nca-test');
      expect(slot).toBeDefined();
      const session = m.C_OpenSession(slot as Buffer, p11.CKF_SERIAL_SESSION);
      m.C_Login(session, p11.CKU_USER, '1234');
      m.C_FindObjectsInit(session, [{ type: p11.CKA_CLASS, value: p11.CKO_PRIVATE_KEY }]);
      const keys = m.C_FindObjects(session, 10);
      m.C_FindObjectsFinal(session);
      expect(keys).toHaveLength(2);
      for (const key of keys) {
        const [sensitive, extractable] = m.C_GetAttributeValue(session, key, [{ type: p11.CKA_SENSITIVE }, { type: p11.CKA_EXTRACTABLE }]);
        expect(sensitive?.value[0]).toBe(1);
        expect(extractable?.value[0]).toBe(0);
        expect(() => m.C_GetAttributeValue(session, key, [{ type: p11.CKA_PRIVATE_EXPONENT }])).toThrow(/CKR_ATTRIBUTE_SENSITIVE/);
      }
      m.C_Logout(session);
      m.C_CloseSession(session);
    } finally {
      m.C_Finalize();
    }
  });
});

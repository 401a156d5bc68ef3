/**
 * The CA keys in a PKCS#11 token (production: an HSM; tested on SoftHSM2 from Debian, test/pki/pkcs11.test.ts).
 * The root and issuing CA's RSA 2048 keys are generated inside the token, sensitive and not extractable,
 * labelled `nca-root-ca` / `nca-issuing-ca`; their certificates are kept in the token beside them (CKO_CERTIFICATE,
 * same label). The CA signs through C_Sign with CKM_SHA256_RSA_PKCS, the same signature WebCrypto's
 * RSASSA-PKCS1-v1_5/SHA-256 makes (./crypto.ts ExternalPrivateKey).
 *
 * Binding: pkcs11js (native; built with node-gyp against the machine's Node). One session per store,
 * logged in as the user; calls are serialised (a PKCS#11 session is not for concurrent operations).
 */
import type * as Pkcs11js from 'pkcs11js';
import { CA_KEY_ALGORITHM, crypto, type CryptoKeyPair, type ExternalPrivateKey, x509 } from './crypto';
import type { CaKeyMaterial, CaName, KeyStore } from './keystore';

export interface Pkcs11Options {
  /** The PKCS#11 module, e.g. /usr/lib/softhsm/libsofthsm2.so. */
  library: string;
  /** The token's label (softhsm2-util --init-token --label …). */
  tokenLabel: string;
  /** The user PIN. */
  pin: string;
}

export class Pkcs11Error extends Error {
  override readonly name = 'Pkcs11Error';
}

const labelOf = (name: CaName): string => `nca-${name}-ca`;

/** pkcs11js loaded on first use: a machine without its native build still runs everything else. */
function loadBinding(): typeof Pkcs11js {
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- native module, loaded only when PKCS#11 is configured
    return require('pkcs11js') as typeof Pkcs11js;
  } catch (e) {
    throw new Pkcs11Error(
      `the pkcs11js native module does not load (build it: cd node_modules/pkcs11js && npx node-gyp rebuild): ${(e as Error).message}`,
    );
  }
}

export class Pkcs11KeyStore implements KeyStore {
  private readonly p11: typeof Pkcs11js;
  private readonly module: Pkcs11js.PKCS11;
  private readonly session: Buffer;
  private queue: Promise<unknown> = Promise.resolve();

  private constructor(opts: Pkcs11Options) {
    this.p11 = loadBinding();
    this.module = new this.p11.PKCS11();
    this.module.load(opts.library);
    this.module.C_Initialize();
    try {
      const slot = this.module.C_GetSlotList(true).find((s) => this.module.C_GetTokenInfo(s).label.trim() === opts.tokenLabel);
      if (!slot) throw new Pkcs11Error(`no PKCS#11 token labelled "${opts.tokenLabel}" in ${opts.library}`);
      this.session = this.module.C_OpenSession(slot, this.p11.CKF_RW_SESSION | this.p11.CKF_SERIAL_SESSION);
      this.module.C_Login(this.session, this.p11.CKU_USER, opts.pin);
    } catch (e) {
      this.module.C_Finalize();
      throw e instanceof Pkcs11Error ? e : new Pkcs11Error(`PKCS#11 token "${opts.tokenLabel}": ${(e as Error).message}`);
    }
  }

  static open(opts: Pkcs11Options): Pkcs11KeyStore {
    return new Pkcs11KeyStore(opts);
  }

  /** Runs one token operation at a time. */
  private serial<T>(fn: () => T): Promise<T> {
    const next = this.queue.then(fn);
    this.queue = next.catch(() => undefined);
    return next;
  }

  private find(template: Pkcs11js.Template): Buffer | null {
    this.module.C_FindObjectsInit(this.session, template);
    try {
      return this.module.C_FindObjects(this.session);
    } finally {
      this.module.C_FindObjectsFinal(this.session);
    }
  }

  private externalKey(handle: Buffer): ExternalPrivateKey {
    const { module, session, p11 } = this;
    return {
      type: 'private',
      extractable: false,
      algorithm: { name: 'RSASSA-PKCS1-v1_5', hash: { name: 'SHA-256' } },
      usages: ['sign'],
      signExternally: (data) =>
        this.serial(() => {
          module.C_SignInit(session, { mechanism: p11.CKM_SHA256_RSA_PKCS }, handle);
          const sig = module.C_Sign(session, Buffer.from(data), Buffer.alloc(CA_KEY_ALGORITHM.modulusLength / 8));
          return new Uint8Array(sig).buffer;
        }),
    };
  }

  async generate(name: CaName): Promise<CryptoKeyPair> {
    const { p11 } = this;
    const label = labelOf(name);
    const pair = await this.serial(() => {
      if (
        this.find([
          { type: p11.CKA_CLASS, value: p11.CKO_PRIVATE_KEY },
          { type: p11.CKA_LABEL, value: label },
        ])
      )
        throw new Pkcs11Error(`the token already holds a key labelled ${label}: refusing to make a second`);
      return this.module.C_GenerateKeyPair(
        this.session,
        { mechanism: p11.CKM_RSA_PKCS_KEY_PAIR_GEN },
        [
          { type: p11.CKA_TOKEN, value: true },
          { type: p11.CKA_LABEL, value: label },
          { type: p11.CKA_VERIFY, value: true },
          { type: p11.CKA_MODULUS_BITS, value: CA_KEY_ALGORITHM.modulusLength },
          { type: p11.CKA_PUBLIC_EXPONENT, value: Buffer.from(CA_KEY_ALGORITHM.publicExponent) },
        ],
        [
          { type: p11.CKA_TOKEN, value: true },
          { type: p11.CKA_LABEL, value: label },
          { type: p11.CKA_PRIVATE, value: true },
          { type: p11.CKA_SIGN, value: true },
          { type: p11.CKA_SENSITIVE, value: true },
          { type: p11.CKA_EXTRACTABLE, value: false },
        ],
      );
    });
    const [modulus, exponent] = await this.serial(() =>
      this.module.C_GetAttributeValue(this.session, pair.publicKey, [{ type: p11.CKA_MODULUS }, { type: p11.CKA_PUBLIC_EXPONENT }]),
    );
    const jwk = { kty: 'RSA', n: modulus?.value.toString('base64url') ?? '', e: exponent?.value.toString('base64url') ?? '', ext: true };
    const publicKey = await crypto.subtle.importKey('jwk', jwk, { name: CA_KEY_ALGORITHM.name, hash: CA_KEY_ALGORITHM.hash }, true, [
      'verify',
    ]);
    // The token key stands in for a CryptoKey (./crypto.ts routes its signatures to C_Sign).
    return { publicKey, privateKey: this.externalKey(pair.privateKey) as unknown as CryptoKeyPair['privateKey'] };
  }

  async load(name: CaName): Promise<CaKeyMaterial | null> {
    const { p11 } = this;
    const label = labelOf(name);
    const found = await this.serial(() => {
      const key = this.find([
        { type: p11.CKA_CLASS, value: p11.CKO_PRIVATE_KEY },
        { type: p11.CKA_LABEL, value: label },
      ]);
      const cert = this.find([
        { type: p11.CKA_CLASS, value: p11.CKO_CERTIFICATE },
        { type: p11.CKA_LABEL, value: label },
      ]);
      if (!key || !cert) return null;
      const [value] = this.module.C_GetAttributeValue(this.session, cert, [{ type: p11.CKA_VALUE }]);
      return { key, der: value?.value ?? Buffer.alloc(0) };
    });
    if (!found) return null;
    const certificate = new x509.X509Certificate(new Uint8Array(found.der));
    const publicKey = await crypto.subtle.importKey(
      'spki',
      certificate.publicKey.rawData,
      { name: CA_KEY_ALGORITHM.name, hash: CA_KEY_ALGORITHM.hash },
      true,
      ['verify'],
    );
    return { keys: { publicKey, privateKey: this.externalKey(found.key) }, certificate };
  }

  /** Stores the certificate beside its key (the key itself was made in the token by generate()). */
  async save(name: CaName, material: CaKeyMaterial): Promise<void> {
    const { p11 } = this;
    const label = labelOf(name);
    const cert = material.certificate;
    await this.serial(() => {
      if (
        this.find([
          { type: p11.CKA_CLASS, value: p11.CKO_CERTIFICATE },
          { type: p11.CKA_LABEL, value: label },
        ])
      )
        return;
      this.module.C_CreateObject(this.session, [
        { type: p11.CKA_CLASS, value: p11.CKO_CERTIFICATE },
        { type: p11.CKA_CERTIFICATE_TYPE, value: p11.CKC_X_509 },
        { type: p11.CKA_TOKEN, value: true },
        { type: p11.CKA_LABEL, value: label },
        { type: p11.CKA_SUBJECT, value: Buffer.from(cert.subjectName.toArrayBuffer()) },
        { type: p11.CKA_VALUE, value: Buffer.from(cert.rawData) },
      ]);
    });
  }

  /** Logs out and unloads the module. */
  async close(): Promise<void> {
    await this.serial(() => {
      try {
        this.module.C_Logout(this.session);
        this.module.C_CloseSession(this.session);
      } finally {
        this.module.C_Finalize();
      }
    });
  }
}

/**
 * Where the CA keys live. `KeyStore` is the port; `FileKeyStore` keeps PKCS#8 PEM keys and PEM
 * certificates under the data directory (development and tests), `MemoryKeyStore` keeps them in memory.
 * `Pkcs11KeyStore` (./keystore-pkcs11.ts) keeps the keys in a PKCS#11 token (production; tested on SoftHSM2).
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import { CA_KEY_ALGORITHM, crypto, type CryptoKeyPair, x509 } from './crypto';

export type CaName = 'root' | 'issuing';

export interface CaKeyMaterial {
  keys: CryptoKeyPair;
  certificate: x509.X509Certificate;
}

export interface KeyStore {
  load(name: CaName): Promise<CaKeyMaterial | null>;
  save(name: CaName, material: CaKeyMaterial): Promise<void>;
  /** A store that makes its own keys (an HSM: the private key never leaves it); otherwise WebCrypto makes them. */
  generate?(name: CaName): Promise<CryptoKeyPair>;
}

export class MemoryKeyStore implements KeyStore {
  private readonly items = new Map<CaName, CaKeyMaterial>();
  load(name: CaName): Promise<CaKeyMaterial | null> {
    return Promise.resolve(this.items.get(name) ?? null);
  }
  save(name: CaName, material: CaKeyMaterial): Promise<void> {
    this.items.set(name, material);
    return Promise.resolve();
  }
}

const IMPORT = { name: CA_KEY_ALGORITHM.name, hash: CA_KEY_ALGORITHM.hash } as const;

/** `<dir>/<name>-ca.key` (PKCS#8 PEM, 0600) and `<dir>/<name>-ca.pem`. */
export class FileKeyStore implements KeyStore {
  constructor(readonly dir: string) {}

  async load(name: CaName): Promise<CaKeyMaterial | null> {
    let keyPem: string;
    let certPem: string;
    try {
      keyPem = await fs.readFile(path.join(this.dir, `${name}-ca.key`), 'utf8');
      certPem = await fs.readFile(path.join(this.dir, `${name}-ca.pem`), 'utf8');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
      // A certificate without its key: the keys live in a PKCS#11 token (pki/setup.ts); never make a second CA here.
      const certOnly = await fs.access(path.join(this.dir, `${name}-ca.pem`)).then(
        () => true,
        () => false,
      );
      if (
        certOnly &&
        !(await fs.access(path.join(this.dir, `${name}-ca.key`)).then(
          () => true,
          () => false,
        ))
      )
        throw new Error(`${name}-ca.pem is in ${this.dir} but its key is not: the CA keys are in a PKCS#11 token (set NCA_PKCS11_*)`);
      return null;
    }
    const certificate = new x509.X509Certificate(certPem);
    const privateKey = await crypto.subtle.importKey('pkcs8', x509.PemConverter.decodeFirst(keyPem), IMPORT, true, ['sign']);
    const publicKey = await crypto.subtle.importKey('spki', certificate.publicKey.rawData, IMPORT, true, ['verify']);
    return { keys: { privateKey, publicKey }, certificate };
  }

  async save(name: CaName, material: CaKeyMaterial): Promise<void> {
    await fs.mkdir(this.dir, { recursive: true, mode: 0o700 });
    const pkcs8 = await crypto.subtle.exportKey('pkcs8', material.keys.privateKey);
    const keyFile = path.join(this.dir, `${name}-ca.key`);
    await fs.writeFile(keyFile, x509.PemConverter.encode(pkcs8, 'PRIVATE KEY'), { mode: 0o600 });
    await fs.writeFile(path.join(this.dir, `${name}-ca.pem`), material.certificate.toString('pem') + '\n');
  }
}

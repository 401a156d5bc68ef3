/**
 * Opens the NCA's CA from its key store — files in the key directory (development:
 * config.adapters.signingKeysDir) or a PKCS#11 token (config.adapters.ncaPkcs11) — creating the root and
 * issuing CA on first use under a directory lock, so the API, the worker and the simulators starting
 * together make one CA, not three.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import { CertificationAuthority, type AuthorityUrls } from './authority';
import { FileKeyStore, type KeyStore } from './keystore';
import type * as Pkcs11Module from './keystore-pkcs11';
import { withDirectoryLock } from './lock';

/** The URLs the certificates name (CDP and AIA): the API's public routes (pki/routes.ts). */
export function authorityUrls(publicBaseUrl: string): AuthorityUrls {
  const base = publicBaseUrl.replace(/\/+$/, '');
  return { crl: `${base}/v1/pki/crl`, ocsp: `${base}/v1/pki/ocsp`, caIssuers: `${base}/v1/pki/ca.crt` };
}

const tokens = new Map<string, KeyStore>();

/**
 * The CA key store configuration asks for: a PKCS#11 token (one session per process and token), or
 * undefined for the key files in the key directory.
 */
export function caKeyStoreFor(pkcs11: Pkcs11Module.Pkcs11Options | undefined): KeyStore | undefined {
  if (!pkcs11) return undefined;
  const id = `${pkcs11.library}#${pkcs11.tokenLabel}`;
  let store = tokens.get(id);
  if (!store) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- the native binding only where a token is configured
    const { Pkcs11KeyStore } = require('./keystore-pkcs11') as typeof Pkcs11Module;
    store = Pkcs11KeyStore.open(pkcs11);
    tokens.set(id, store);
  }
  return store;
}

/**
 * `keys` (a PKCS#11 token) holds the CA keys when given; the CA certificates are then also copied into
 * `dir` (root-ca.pem, issuing-ca.pem) for relying parties and the signer. Otherwise files in `dir`.
 */
export async function openAuthority(
  dir: string,
  urls: AuthorityUrls,
  now: Date = new Date(),
  keys?: KeyStore,
): Promise<CertificationAuthority> {
  const store = keys ?? new FileKeyStore(path.resolve(dir));
  let ca: CertificationAuthority;
  if ((await store.load('root')) && (await store.load('issuing'))) ca = await CertificationAuthority.open(store, urls, now);
  else {
    await fs.mkdir(path.resolve(dir), { recursive: true, mode: 0o700 });
    ca = await withDirectoryLock(path.join(path.resolve(dir), '.nca-lock'), () => CertificationAuthority.open(store, urls, now));
  }
  if (keys) {
    await fs.mkdir(path.resolve(dir), { recursive: true, mode: 0o700 });
    await fs.writeFile(path.join(dir, 'root-ca.pem'), ca.root.certificate.toString('pem') + '\n');
    await fs.writeFile(path.join(dir, 'issuing-ca.pem'), ca.issuing.certificate.toString('pem') + '\n');
  }
  return ca;
}

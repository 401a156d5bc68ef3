/**
 * Opens the NCA's CA from a key directory (development: files; config.adapters.signingKeysDir), creating
 * the root and issuing CA on first use under a directory lock, so the API, the worker and the simulators
 * starting together make one CA, not three.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import { CertificationAuthority, type AuthorityUrls } from './authority';
import { FileKeyStore } from './keystore';
import { withDirectoryLock } from './lock';

/** The URLs the certificates name (CDP and AIA): the API's public routes (pki/routes.ts). */
export function authorityUrls(publicBaseUrl: string): AuthorityUrls {
  const base = publicBaseUrl.replace(/\/+$/, '');
  return { crl: `${base}/v1/pki/crl`, ocsp: `${base}/v1/pki/ocsp`, caIssuers: `${base}/v1/pki/ca.crt` };
}

export async function openAuthority(dir: string, urls: AuthorityUrls, now: Date = new Date()): Promise<CertificationAuthority> {
  const store = new FileKeyStore(path.resolve(dir));
  if ((await store.load('root')) && (await store.load('issuing'))) return CertificationAuthority.open(store, urls, now);
  await fs.mkdir(store.dir, { recursive: true, mode: 0o700 });
  return withDirectoryLock(path.join(store.dir, '.nca-lock'), () => CertificationAuthority.open(store, urls, now));
}

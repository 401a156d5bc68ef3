/**
 * The NCA on the database the process already opened (persistence's `openDatabase`) and the key directory
 * of config.adapters.signingKeysDir. The Prisma store is loaded lazily, like the register's.
 */
import type { PrismaClient } from '../prisma/generated/sqlite';
import { ensureTestPki } from '../adapters/signer/pki';
import { NationalCertificationAuthority } from './nca';
import type { Pkcs11Options } from './keystore-pkcs11';
import { authorityUrls, caKeyStoreFor, openAuthority } from './setup';
import type { CertificateStatusStore } from './store';
import type * as StorePrismaModule from './store-prisma';
import { registerSystemSigners } from './system-signers';

export function certificateStatusStoreOn(db: { client: PrismaClient }): CertificateStatusStore {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- lazy load of the generated clients
  const { PrismaCertificateStatusStore } = require('./store-prisma') as typeof StorePrismaModule;
  return new PrismaCertificateStatusStore(db.client);
}

/**
 * Opens the NCA and makes sure the system's own signing keys exist, issued by it, and are in its status
 * store (so its CRL and OCSP answer for them and revoking one takes effect at once).
 */
export async function ncaOn(
  db: { client: PrismaClient },
  keysDir: string,
  publicBaseUrl: string,
  /** config.adapters.ncaPkcs11: the CA keys in a PKCS#11 token instead of files in keysDir. */
  pkcs11?: Pkcs11Options,
): Promise<NationalCertificationAuthority> {
  const caKeys = caKeyStoreFor(pkcs11);
  await ensureTestPki(keysDir, Date.now(), { publicBaseUrl, ...(caKeys ? { caKeys } : {}) });
  const ca = await openAuthority(keysDir, authorityUrls(publicBaseUrl), new Date(), caKeys);
  const nca = new NationalCertificationAuthority(ca, certificateStatusStoreOn(db));
  await registerSystemSigners(nca, keysDir);
  return nca;
}

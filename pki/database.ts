/**
 * The NCA on the database the process already opened (persistence's `openDatabase`) and the key directory
 * of config.adapters.signingKeysDir. The Prisma store is loaded lazily, like the register's.
 */
import type { PrismaClient } from '../prisma/generated/sqlite';
import { NationalCertificationAuthority } from './nca';
import { authorityUrls, openAuthority } from './setup';
import type { CertificateStatusStore } from './store';
import type * as StorePrismaModule from './store-prisma';

export function certificateStatusStoreOn(db: { client: PrismaClient }): CertificateStatusStore {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- lazy load of the generated clients
  const { PrismaCertificateStatusStore } = require('./store-prisma') as typeof StorePrismaModule;
  return new PrismaCertificateStatusStore(db.client);
}

export async function ncaOn(db: { client: PrismaClient }, keysDir: string, publicBaseUrl: string): Promise<NationalCertificationAuthority> {
  const ca = await openAuthority(keysDir, authorityUrls(publicBaseUrl));
  return new NationalCertificationAuthority(ca, certificateStatusStoreOn(db));
}

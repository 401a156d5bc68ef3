/**
 * Benchmark (prints figures; not a timed test): what the revocation check of the system's signing keys
 * (pki/system-signers.ts revocationCheckedSigner) costs a signature. 1,000 sequential signatures of a small
 * document with the plain signer, then the checks alone (the signer a no-op) and signer + check, over the
 * NCA's status store on SQLite (the embedded default, migrated like the application's database) and in
 * memory: the check as it is (one read of the NCA's revocation marker) beside the former one (the NCA
 * asked every time: parse the certificate, verify the CA's signature on it, read its row), measured in
 * the same run so both meet the same machine load.
 *
 *   npx tsx bench/system-signers.bench.ts            # 1,000 of each
 *   npx tsx bench/system-signers.bench.ts 5000
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { LocalXmlSigner } from '../adapters/signer/local';
import type { DocumentSigner } from '../adapters/signer/port';
import { formatAncn } from '../domain/ancn';
import { buildElectronicDocument } from '../domain/documents';
import { migrate } from '../persistence';
import { databaseConfig } from '../persistence/database';
import { createPrismaClient } from '../persistence/prisma-store';
import { NationalCertificationAuthority } from '../pki/nca';
import { authorityUrls, openAuthority } from '../pki/setup';
import type { CertificateStatusStore } from '../pki/store';
import { InMemoryCertificateStatusStore } from '../pki/store-memory';
import { PrismaCertificateStatusStore } from '../pki/store-prisma';
import { registerSystemSigners, revocationCheckedSigner } from '../pki/system-signers';

const BASE = 'http://127.0.0.1:3000';

function document(n: number): string {
  return buildElectronicDocument({
    ancn: formatAncn('NTF', n + 1),
    documentType: 'NTF',
    kind: 'registration-notification',
    title: 'Benchmark',
    issuedAt: new Date().toISOString(),
    issuer: { code: 'ctrm', name: { kk: 'Provider', ru: 'Provider', en: 'Provider' } },
    serviceCode: 'flag-emblem-license',
    applicationId: `app-${n}`,
    recipientRef: 'applicant-1',
    signer: 'system',
    body: { text: 'hello' },
  });
}

/** Milliseconds for `n` sequential signatures after 20 warm-up ones. */
async function time(signer: DocumentSigner, n: number): Promise<number> {
  for (let i = 0; i < 20; i++) await signer.sign(document(i), { signer: 'system' });
  const docs = Array.from({ length: n }, (_, i) => document(i));
  const t0 = process.hrtime.bigint();
  for (const d of docs) await signer.sign(d, { signer: 'system' });
  return Number(process.hrtime.bigint() - t0) / 1e6;
}

async function main(): Promise<void> {
  const n = Number(process.argv[2] ?? 1000);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kz-bench-signers-'));
  const keysDir = path.join(dir, 'pki');
  const db = { provider: 'sqlite' as const, url: `file:${path.join(dir, 'app.sqlite')}` };
  await migrate(db);
  const client = createPrismaClient(databaseConfig(db));
  try {
    const signer = await LocalXmlSigner.fromDir(keysDir, undefined, { publicBaseUrl: BASE });
    const noop: DocumentSigner = {
      sign: () => Promise.resolve({ signedXml: '', signatureRef: '', signerSubject: '', signedAt: '' }),
      verify: (x, o) => signer.verify(x, o),
    };
    const stores: Array<[string, CertificateStatusStore]> = [
      ['SQLite', new PrismaCertificateStatusStore(client)],
      ['memory', new InMemoryCertificateStatusStore()],
    ];
    const row = (label: string, ms: number): void => {
      process.stdout.write(`  ${label.padEnd(46)} ${ms.toFixed(0).padStart(6)} ms  ${((ms * 1000) / n).toFixed(0).padStart(6)} µs each\n`);
    };
    process.stdout.write(
      `${n} system signatures (node ${process.version}, ${os.cpus().length} cores, load ${os.loadavg()[0]?.toFixed(2)})\n`,
    );
    row('plain signer (no check)', await time(signer, n));
    for (const [label, store] of stores) {
      const nca = new NationalCertificationAuthority(await openAuthority(keysDir, authorityUrls(BASE)), store);
      await registerSystemSigners(nca, keysDir);
      const checked = (s: DocumentSigner): DocumentSigner => revocationCheckedSigner(s, nca, keysDir);
      // The former check, for comparison: the NCA asked before every signature (a marker that always moved).
      let moved = 0;
      const everyTime = { revocationStatus: (pem: string) => nca.revocationStatus(pem), revocationMarker: () => Promise.resolve(++moved) };
      const former = (s: DocumentSigner): DocumentSigner => revocationCheckedSigner(s, everyTime, keysDir);
      row(`former check alone (ask every time), ${label}`, await time(former(noop), n));
      row(`check alone (marker), ${label}`, await time(checked(noop), n));
      row(`signer + former check, ${label}`, await time(former(signer), n));
      row(`signer + check (marker), ${label}`, await time(checked(signer), n));
    }
  } finally {
    await client.$disconnect();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

main().then(
  () => process.exit(0),
  (e: unknown) => {
    process.stderr.write(`${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    process.exit(1);
  },
);

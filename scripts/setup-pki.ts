/**
 * Has the NCA (root and issuing CA) issue the system's signing keys into config.adapters.signingKeysDir
 * (default .data/pki): provider (authorized person), system (transport) and operator keys. Idempotent:
 * existing, unexpired keys are kept. LocalXmlSigner.fromDir and the API/worker (pki/database.ts ncaOn)
 * do the same on first start, so this script is a convenience (make setup), never a required step.
 *
 *   npx tsx scripts/setup-pki.ts
 */
import path from 'node:path';
import { loadConfig } from '../config';
import { ensureTestPki } from '../adapters/signer/pki';
import { caKeyStoreFor } from '../pki/setup';

async function main(): Promise<void> {
  const config = loadConfig();
  const caKeys = caKeyStoreFor(config.adapters.ncaPkcs11);
  const pki = await ensureTestPki(config.adapters.signingKeysDir, Date.now(), {
    publicBaseUrl: config.api.publicBaseUrl,
    ...(caKeys ? { caKeys } : {}),
  });
  const rel = (f: string): string => {
    const r = path.relative(process.cwd(), path.join(pki.dir, f));
    return r.startsWith('..') ? path.join(pki.dir, f) : r;
  };
  process.stdout.write(
    [
      `signing keys issued by the NCA in ${pki.dir}`,
      `  root CA:  ${rel('root.pem')} (issuing CA: ${rel('chain.pem')})`,
      `  provider: ${pki.keys.provider.subject} (${rel('provider.pem')}, ${rel('provider.p12')})`,
      `  system:   ${pki.keys.system.subject} (${rel('system.pem')}, ${rel('system.p12')})`,
      `  operator: ${pki.keys.operator.subject} (${rel('operator.pem')}, ${rel('operator.p12')})`,
      `check them against the NCA's CRL (with the API running):`,
      `  openssl verify -crl_check -CAfile ${rel('root.pem')} -untrusted ${rel('chain.pem')} -CRLfile crl.pem ${rel('provider.pem')}`,
      `verify a signed document independently:`,
      `  xmlsec1 --verify --trusted-pem ${rel('root.pem')} document.xml`,
      '',
    ].join('\n'),
  );
}

main().catch((e: unknown) => {
  process.stderr.write(`setup-pki: ${(e as Error).message}\n`);
  process.exit(1);
});

/**
 * Generates the test certificate chain into config.adapters.signingKeysDir (default .data/pki):
 * root "KZ Orchestrator Test Root CA" → provider (authorized person) and system (transport) keys.
 * Idempotent: an existing, unexpired chain is kept. LocalXmlSigner.fromDir does the same on first
 * use, so this script is a convenience (make setup), never a required step.
 *
 *   npx tsx scripts/setup-pki.ts
 */
import path from 'node:path';
import { loadConfig } from '../config';
import { ensureTestPki } from '../adapters/signer/pki';

async function main(): Promise<void> {
  const dir = loadConfig().adapters.signingKeysDir;
  const pki = await ensureTestPki(dir);
  const rel = (f: string): string => {
    const r = path.relative(process.cwd(), path.join(pki.dir, f));
    return r.startsWith('..') ? path.join(pki.dir, f) : r;
  };
  process.stdout.write(
    [
      `test PKI ready in ${pki.dir}`,
      `  root CA:  ${rel('root.pem')}`,
      `  provider: ${pki.keys.provider.subject} (${rel('provider.pem')}, ${rel('provider.p12')})`,
      `  system:   ${pki.keys.system.subject} (${rel('system.pem')}, ${rel('system.p12')})`,
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

/**
 * The NCA from the command line, on the same database and keys as `make start` (the seed 002 services
 * nca-certificate-issue / -revoke do the same as cases: README "National Certification Authority"). Runs the
 * intake checks of the CSR (self-signature, SSL names) and issues through the same kernel the services use.
 *
 *   npx tsx scripts/nca.ts issue <request.csr> --iin 850612300414 --name "SEIITOV NURLAN" [--profile signing|authentication|ssl] [--domains a.kz,b.kz]
 *   npx tsx scripts/nca.ts revoke <serial> [--reason keyCompromise|affiliationChanged|superseded|cessationOfOperation|unspecified] [--at ISO]
 *   npx tsx scripts/nca.ts sign <document.xml> --key sign.key --cert me.pem     (the holder's side: enveloped XMLDSig, as a
 *        portal request or any document signed with an NCA certificate; needs no database)
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import { parseArgs } from 'node:util';
import { signXml } from '../adapters/signer/xmldsig';
import { loadConfig } from '../config';
import { migrate, openDatabase } from '../persistence';
import { readCsr, REVOCATION_REASONS, type RevocationReason } from '../pki/authority';
import { ncaOn } from '../pki/database';
import { PROFILES, type CertificateProfile } from '../pki/profiles';
import { SERVICE_CODES } from '../services';
import { unprovenDomains } from '../services/nca/rules';

async function main(): Promise<void> {
  const { positionals, values } = parseArgs({
    allowPositionals: true,
    options: {
      iin: { type: 'string' },
      bin: { type: 'string' },
      name: { type: 'string' },
      profile: { type: 'string', default: 'signing' },
      domains: { type: 'string' },
      reason: { type: 'string', default: 'unspecified' },
      at: { type: 'string' },
      key: { type: 'string' },
      cert: { type: 'string' },
    },
  });
  const [command, arg] = positionals;
  if (command === 'sign' && arg) {
    if (!values.key || !values.cert) throw new Error('sign needs --key <private key PEM> and --cert <certificate PEM>');
    const xml = fs.readFileSync(arg === '-' ? 0 : arg, 'utf8');
    process.stdout.write(
      signXml(xml.trim(), { keyPem: fs.readFileSync(values.key, 'utf8'), certPem: fs.readFileSync(values.cert, 'utf8') }),
    );
    return;
  }
  const config = loadConfig();
  await migrate(config);
  const db = await openDatabase(config.database, { serviceCodes: SERVICE_CODES });
  try {
    const nca = await ncaOn(db, config.adapters.signingKeysDir, config.api.publicBaseUrl, config.adapters.ncaPkcs11);
    if (command === 'issue' && arg) {
      const profile: CertificateProfile | undefined = PROFILES.find((p) => p === values.profile);
      if (!profile) throw new Error(`--profile is one of ${PROFILES.join(', ')}`);
      const csr = await readCsr(fs.readFileSync(arg, 'utf8'));
      const names = profile === 'ssl' ? [...new Set([...(csr.commonName ? [csr.commonName] : []), ...csr.dnsNames])] : [];
      const unproven = unprovenDomains(names, (values.domains ?? '').split(',').filter(Boolean));
      if (unproven.length > 0) throw new Error(`not proven by --domains (A4/A5): ${unproven.join(', ')}`);
      const issued = await nca.issue({
        subject: {
          commonName: values.name ?? csr.commonName ?? 'NCA applicant',
          ...(values.iin ? { iin: values.iin } : {}),
          ...(values.bin ? { bin: values.bin } : {}),
        },
        publicKey: csr.publicKey,
        profile,
        notBefore: new Date(),
        ...(names.length > 0 ? { dnsNames: names } : {}),
        requestKey: `cli:${crypto.randomUUID()}`,
        caseId: null,
      });
      process.stdout.write(issued.certPem);
      process.stderr.write(`issued serial ${issued.serial}, valid until ${issued.notAfter.toISOString()}\n`);
    } else if (command === 'revoke' && arg) {
      const reason: RevocationReason | undefined = REVOCATION_REASONS.find((r) => r === values.reason);
      if (!reason) throw new Error(`--reason is one of ${REVOCATION_REASONS.join(', ')}`);
      const outcome = await nca.revoke({
        serial: arg,
        reason,
        actor: 'cli',
        basis: 'application',
        caseId: null,
        requestKey: `cli:${crypto.randomUUID()}`,
        ...(values.at ? { at: new Date(values.at) } : {}),
      });
      process.stdout.write(`${outcome}\n`);
    } else {
      process.stderr.write(
        'usage: nca.ts issue <request.csr> --iin … --name … [--profile …] [--domains …] | nca.ts revoke <serial> [--reason …] | nca.ts sign <doc.xml> --key … --cert …\n',
      );
      process.exitCode = 2;
    }
  } finally {
    await db.close();
  }
}

main().catch((e: unknown) => {
  process.stderr.write(`${(e as Error).message}\n`);
  process.exit(1);
});

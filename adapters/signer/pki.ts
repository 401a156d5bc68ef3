/**
 * The signing keys the orchestrator signs with, issued by the NCA's CA (pki/, issue 12 "one PKI for the
 * whole system") and kept in config.adapters.signingKeysDir:
 *
 *   NCA RK Root CA (test) → NCA RK Issuing CA (test)          root-ca.pem/.key, issuing-ca.pem/.key (pki/keystore.ts)
 *     ├─ provider: the provider's authorized person's ECDS (seed 003 ¶12)             provider.pem/.key/.p12
 *     ├─ system:   the system owner's transport signature (seed 004 ¶18-1)            system.pem/.key/.p12
 *     └─ operator: the State Corporation operator's ECDS (seed 001 ¶11(6))           operator.pem/.key/.p12
 *   root.pem   the trust anchor (a copy of root-ca.pem): `xmlsec1 --verify --trusted-pem root.pem`
 *   chain.pem  the certificates between a leaf and the anchor (the issuing CA), also carried in each
 *              signature's KeyInfo so a verifier that trusts only the root builds the path
 *
 * Generated at setup or on first start, with no network: the CA with @peculiar/x509 (pki/authority.ts),
 * the leaf keys with WebCrypto, the PKCS#12 containers NCANode takes with the openssl CLI. Each leaf is an
 * ordinary NCA certificate with CDP and AIA; the NCA records it in its status store when it opens
 * (pki/system-signers.ts registerSystemSigners), so the CRL and OCSP know it and it can be revoked.
 *
 * Idempotent: a complete directory (manifest.json present, leaves issued by the current issuing CA and
 * not near expiry) is used as it is; a missing or expiring leaf is re-issued alone; a directory from the
 * earlier self-contained openssl test chain (manifest version 1) is re-issued under the NCA. Generation
 * holds a lock directory so parallel test workers and `make start` never produce two sets of keys.
 *
 * Production: keys given by configuration (SIGNING_KEYS_DIR with the three `<role>.pem/.key/.p12`, the
 * trust anchor `root.pem`, optional `chain.pem`, and a manifest with `"issuedBy": "external"`) are only
 * read, never generated or replaced.
 */
import { execFile } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { z } from 'zod';
import { ROOT_CA_NAME } from '../../pki/authority';
import { crypto } from '../../pki/crypto';
import type { KeyStore } from '../../pki/keystore';
import { withDirectoryLock } from '../../pki/lock';
import { authorityUrls, openAuthority } from '../../pki/setup';
import { issueSystemSignerKey, SIGNER_ROLES, type SignerRole } from '../../pki/system-signers';

const run = promisify(execFile);

export { SIGNER_ROLES, withDirectoryLock, type SignerRole };

/** The trust anchor's common name (the NCA's root CA). */
export const ROOT_CA_COMMON_NAME = /CN=([^,]+)/.exec(ROOT_CA_NAME)?.[1] ?? ROOT_CA_NAME;

/** ours: where the certificates' CDP/AIA point when no public base URL is given (config's default API address). */
export const DEFAULT_PUBLIC_BASE_URL = 'http://127.0.0.1:3000';

/** A leaf that expires within this margin is re-issued (a kept .data/pki never ages into failures). */
const RENEW_MARGIN_MS = 7 * 24 * 3600 * 1000;
/** How far in the future a certificate's notBefore may be and still count as usable (it was just issued). */
const NOT_BEFORE_TOLERANCE_MS = 5 * 60_000;

const ManifestSchema = z.object({
  /** 1: the earlier self-contained openssl test chain (re-issued under the NCA); 2: keys issued by the NCA or given. */
  version: z.union([z.literal(1), z.literal(2)]),
  createdAt: z.string(),
  /** PKCS#12 password of the leaf keys: a test key set, the password guards nothing real. */
  p12Password: z.string().min(1),
  /** 'nca': issued here by the NCA's CA; 'external': given by configuration, never regenerated. */
  issuedBy: z.enum(['nca', 'external']).optional(),
});
export type PkiManifest = z.infer<typeof ManifestSchema>;

export interface KeyMaterial {
  role: SignerRole;
  keyPem: string;
  certPem: string;
  /** The intermediate certificates up to the trust anchor (PEM, may be empty), carried in KeyInfo. */
  chainPem: string;
  /** PKCS#12 (key + certificate + chain) as NCANode takes it (`signers[].key`, base64). */
  p12: Buffer;
  p12Password: string;
  /** Alias of the key inside the PKCS#12 (NCANode `keyAlias`). */
  alias: string;
  subject: string;
}

export interface PkiMaterial {
  dir: string;
  /** The trust anchor (root.pem). */
  rootCertPem: string;
  keys: Record<SignerRole, KeyMaterial>;
}

export class PkiSetupError extends Error {
  override readonly name = 'PkiSetupError';
}

async function openssl(args: string[], cwd: string): Promise<void> {
  try {
    await run('openssl', args, { cwd, timeout: 60_000 });
  } catch (e) {
    const err = e as NodeJS.ErrnoException & { stderr?: string };
    if (err.code === 'ENOENT') {
      throw new PkiSetupError('the openssl command is needed to write the PKCS#12 key containers: apt-get install -y openssl');
    }
    throw new PkiSetupError(`openssl ${args[0] ?? ''} failed: ${(err.stderr ?? err.message).trim()}`);
  }
}

async function exists(p: string): Promise<boolean> {
  return fs.access(p).then(
    () => true,
    () => false,
  );
}

async function readManifest(dir: string): Promise<PkiManifest | null> {
  try {
    return ManifestSchema.parse(JSON.parse(await fs.readFile(path.join(dir, 'manifest.json'), 'utf8')));
  } catch {
    return null;
  }
}

function usable(cert: X509Certificate, now: number): boolean {
  // A certificate issued a moment ago by a parallel setup starts after a waiter's `now`: allow for that.
  return Date.parse(cert.validTo) - now > RENEW_MARGIN_MS && Date.parse(cert.validFrom) <= now + NOT_BEFORE_TOLERANCE_MS;
}

async function readCert(file: string): Promise<X509Certificate | null> {
  try {
    return new X509Certificate(await fs.readFile(file));
  } catch {
    return null;
  }
}

/** The roles whose key must be (re-)issued: all when there is no NCA manifest, none for given keys. */
async function rolesToIssue(dir: string, now: number): Promise<SignerRole[]> {
  const manifest = await readManifest(dir);
  if (manifest?.issuedBy === 'external') return [];
  if (!manifest || manifest.version !== 2) return [...SIGNER_ROLES];
  const issuing = await readCert(path.join(dir, 'issuing-ca.pem'));
  const root = await readCert(path.join(dir, 'root-ca.pem'));
  const anchor = await readCert(path.join(dir, 'root.pem'));
  if (!issuing || !root || !anchor || anchor.fingerprint256 !== root.fingerprint256) return [...SIGNER_ROLES];
  const stale: SignerRole[] = [];
  for (const role of SIGNER_ROLES) {
    const leaf = await readCert(path.join(dir, `${role}.pem`));
    const complete = (await exists(path.join(dir, `${role}.key`))) && (await exists(path.join(dir, `${role}.p12`)));
    if (!leaf || !complete || !usable(leaf, now) || !leaf.checkIssued(issuing) || !leaf.verify(issuing.publicKey)) stale.push(role);
  }
  return stale;
}

async function writeP12(work: string, role: SignerRole, p12Password: string): Promise<void> {
  await openssl(
    [
      'pkcs12',
      '-export',
      '-inkey',
      `${role}.key`,
      '-in',
      `${role}.pem`,
      '-certfile',
      'chain-and-root.pem',
      '-name',
      role,
      '-passout',
      `pass:${p12Password}`,
      '-out',
      `${role}.p12`,
    ],
    work,
  );
}

export interface EnsurePkiOptions {
  /** The API's public base URL: the leaves' CDP and AIA name its /v1/pki routes (config.api.publicBaseUrl). */
  publicBaseUrl?: string;
  /** Where the CA keys are when not in files in the directory (a PKCS#11 token, pki/setup.ts caKeyStoreFor). */
  caKeys?: KeyStore;
}

/**
 * Makes sure `dir` holds the NCA (root and issuing CA) and a complete, unexpired set of signer keys
 * issued by it, and returns them. Creates the directory and issues what is missing (in a scratch
 * directory, then moved in file by file, manifest last). Keys given by configuration are only read.
 */
export async function ensureTestPki(dir: string, now: number = Date.now(), opts: EnsurePkiOptions = {}): Promise<PkiMaterial> {
  const abs = path.resolve(dir);
  if ((await rolesToIssue(abs, now)).length > 0) {
    await fs.mkdir(abs, { recursive: true, mode: 0o700 });
    await withDirectoryLock(path.join(abs, '.lock'), async () => {
      const roles = await rolesToIssue(abs, now); // another process may have finished meanwhile
      if (roles.length === 0) return;
      const previous = await readManifest(abs);
      const manifest: PkiManifest = {
        version: 2,
        createdAt: new Date(now).toISOString(),
        // Kept from a v2 manifest: only then are some leaves (and their containers) kept as they are.
        p12Password:
          previous?.version === 2 ? previous.p12Password : Buffer.from(crypto.getRandomValues(new Uint8Array(12))).toString('base64url'),
        issuedBy: 'nca',
      };
      const ca = await openAuthority(abs, authorityUrls(opts.publicBaseUrl ?? DEFAULT_PUBLIC_BASE_URL), new Date(now), opts.caKeys);
      const rootPem = ca.root.certificate.toString('pem') + '\n';
      const chainPem = ca.issuing.certificate.toString('pem') + '\n';
      const work = await fs.mkdtemp(path.join(os.tmpdir(), 'kz-pki-'));
      try {
        await fs.writeFile(path.join(work, 'chain-and-root.pem'), chainPem + rootPem);
        for (const role of roles) {
          const key = await issueSystemSignerKey(ca, role, new Date(now));
          await fs.writeFile(path.join(work, `${role}.key`), key.keyPem, { mode: 0o600 });
          await fs.writeFile(path.join(work, `${role}.pem`), key.certPem);
          await writeP12(work, role, manifest.p12Password);
        }
        await fs.rm(path.join(abs, 'manifest.json'), { force: true });
        // The earlier openssl test chain's own root key signs nothing any more.
        await fs.rm(path.join(abs, 'root.key'), { force: true });
        await fs.writeFile(path.join(abs, 'root.pem'), rootPem);
        await fs.writeFile(path.join(abs, 'chain.pem'), chainPem);
        for (const role of roles) {
          for (const ext of ['key', 'pem', 'p12']) {
            await fs.copyFile(path.join(work, `${role}.${ext}`), path.join(abs, `${role}.${ext}`));
            if (ext !== 'pem') await fs.chmod(path.join(abs, `${role}.${ext}`), 0o600);
          }
        }
        await fs.writeFile(path.join(abs, 'manifest.json'), JSON.stringify(manifest, null, 2) + '\n', { mode: 0o600 });
      } finally {
        await fs.rm(work, { recursive: true, force: true });
      }
    });
  }
  return loadPki(abs);
}

/** Reads a complete key directory (no generation). */
export async function loadPki(dir: string): Promise<PkiMaterial> {
  const manifest = await readManifest(dir);
  if (!manifest) throw new PkiSetupError(`no signing keys in ${dir}: run scripts/setup-pki.ts`);
  const read = (f: string): Promise<Buffer> => fs.readFile(path.join(dir, f));
  const rootCertPem = (await read('root.pem')).toString('utf8');
  const chainPem = await fs.readFile(path.join(dir, 'chain.pem'), 'utf8').catch(() => '');
  const keys = {} as Record<SignerRole, KeyMaterial>;
  for (const role of SIGNER_ROLES) {
    const certPem = (await read(`${role}.pem`)).toString('utf8');
    keys[role] = {
      role,
      keyPem: (await read(`${role}.key`)).toString('utf8'),
      certPem,
      chainPem,
      p12: await read(`${role}.p12`),
      p12Password: manifest.p12Password,
      alias: role,
      subject: new X509Certificate(certPem).subject.replace(/\n/g, ', '),
    };
  }
  return { dir, rootCertPem, keys };
}

/**
 * Opens a PKCS#12 (as NCANode receives it) into PEM key, certificate and the CA certificates between it
 * and a self-signed root (chainPem), with the openssl CLI. Wrong password or a damaged file →
 * PkiSetupError naming the cause.
 */
export async function openPkcs12(p12: Buffer, password: string): Promise<{ keyPem: string; certPem: string; chainPem: string }> {
  const work = await fs.mkdtemp(path.join(os.tmpdir(), 'kz-p12-'));
  try {
    await fs.writeFile(path.join(work, 'in.p12'), p12, { mode: 0o600 });
    await fs.writeFile(path.join(work, 'pass'), password, { mode: 0o600 });
    await openssl(['pkcs12', '-in', 'in.p12', '-passin', 'file:pass', '-nocerts', '-nodes', '-out', 'key.pem'], work);
    await openssl(['pkcs12', '-in', 'in.p12', '-passin', 'file:pass', '-clcerts', '-nokeys', '-out', 'cert.pem'], work);
    await openssl(['pkcs12', '-in', 'in.p12', '-passin', 'file:pass', '-cacerts', '-nokeys', '-out', 'ca.pem'], work);
    const keyPem = await fs.readFile(path.join(work, 'key.pem'), 'utf8');
    const certPem = await fs.readFile(path.join(work, 'cert.pem'), 'utf8');
    const caPem = await fs.readFile(path.join(work, 'ca.pem'), 'utf8');
    const all = (s: string, label: string): string[] =>
      s.match(new RegExp(`-----BEGIN ${label}-----[\\s\\S]+?-----END ${label}-----`, 'g')) ?? [];
    const pick = (s: string, label: string): string => {
      const m = all(s, label)[0];
      if (!m) throw new PkiSetupError(`PKCS#12 holds no ${label.toLowerCase()}`);
      return m + '\n';
    };
    const chainPem = all(caPem, 'CERTIFICATE')
      .filter((pem) => {
        const c = new X509Certificate(pem);
        return c.subject !== c.issuer; // the root is the relying party's to trust, not the signature's to carry
      })
      .map((pem) => pem + '\n')
      .join('');
    return { keyPem: pick(keyPem, 'PRIVATE KEY'), certPem: pick(certPem, 'CERTIFICATE'), chainPem };
  } finally {
    await fs.rm(work, { recursive: true, force: true });
  }
}

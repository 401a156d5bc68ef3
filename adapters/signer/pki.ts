/**
 * The test certificate chain the local signer signs with, generated on first use with the openssl CLI:
 *
 *   "KZ Orchestrator Test Root CA"  (self-signed, 10 years)
 *     ├─ provider: the provider's authorized person's ECDS (seed 003 ¶12: results are signed with it)
 *     ├─ system:   the system owner's transport signature (seed 004 ¶18-1: automatic-mode results)
 *     └─ operator: the State Corporation operator's ECDS (seed 001 ¶11(6): the counter's intake form, receipts)
 *
 * Why the openssl CLI: it is on every Debian machine (ca-certificates depends on it), needs no npm
 * package with native parts, and produces PEM/PKCS#12 that xmlsec1 and NCANode read as they are.
 *
 * Idempotent: a complete directory (manifest.json present, leaf certificates not near expiry) is used as
 * it is. Generation is guarded by a lock directory so parallel test workers and `make start` never
 * produce two different chains in one directory.
 */
import { execFile } from 'node:child_process';
import { randomBytes, X509Certificate } from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { z } from 'zod';

const run = promisify(execFile);

export type SignerRole = 'provider' | 'system' | 'operator';
export const SIGNER_ROLES: readonly SignerRole[] = ['provider', 'system', 'operator'];

export const ROOT_CA_COMMON_NAME = 'KZ Orchestrator Test Root CA';

const SUBJECTS = {
  root: { C: 'KZ', O: 'KZ Services Orchestrator (test PKI)', CN: ROOT_CA_COMMON_NAME },
  provider: { C: 'KZ', O: 'KZ Services Orchestrator (test provider)', CN: 'Authorized person (test)' },
  system: { C: 'KZ', O: 'KZ Services Orchestrator (test PKI)', CN: 'E-licensing system transport signature (test)' },
  operator: { C: 'KZ', O: 'State Corporation Government for Citizens (test)', CN: 'State Corporation operator (test)' },
} as const;

const ROOT_DAYS = 3650;
const LEAF_DAYS = 825;
/** A leaf that expires within this margin is re-issued (a kept .data/pki never ages into failures). */
const RENEW_MARGIN_MS = 7 * 24 * 3600 * 1000;
const LOCK_STALE_MS = 60_000;
/** How far in the future a certificate's notBefore may be and still count as usable (it was just issued). */
const NOT_BEFORE_TOLERANCE_MS = 5 * 60_000;
const LOCK_WAIT_MS = 60_000;

const ManifestSchema = z.object({
  version: z.literal(1),
  createdAt: z.string(),
  /** PKCS#12 password of both leaf keys: a test chain, the password guards nothing real. */
  p12Password: z.string().min(1),
});
export type PkiManifest = z.infer<typeof ManifestSchema>;

export interface KeyMaterial {
  role: SignerRole;
  keyPem: string;
  certPem: string;
  /** PKCS#12 (key + certificate + root) as NCANode takes it (`signers[].key`, base64). */
  p12: Buffer;
  p12Password: string;
  /** Alias of the key inside the PKCS#12 (NCANode `keyAlias`). */
  alias: string;
  subject: string;
}

export interface PkiMaterial {
  dir: string;
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
      throw new PkiSetupError('the openssl command is needed to generate the test certificate chain: apt-get install -y openssl');
    }
    throw new PkiSetupError(`openssl ${args[0] ?? ''} failed: ${(err.stderr ?? err.message).trim()}`);
  }
}

function opensslConfig(subject: Record<string, string>, extensions: Record<string, string>): string {
  const dn = Object.entries(subject).map(([k, v]) => `${k} = ${v}`);
  const ext = Object.entries(extensions).map(([k, v]) => `${k} = ${v}`);
  return [
    '[req]',
    'distinguished_name = dn',
    'prompt = no',
    'utf8 = yes',
    'string_mask = utf8only',
    '',
    '[dn]',
    ...dn,
    '',
    '[ext]',
    ...ext,
    '',
  ].join('\n');
}

const ROOT_EXT = {
  basicConstraints: 'critical, CA:TRUE',
  keyUsage: 'critical, keyCertSign, cRLSign',
  subjectKeyIdentifier: 'hash',
};
const LEAF_EXT = {
  basicConstraints: 'critical, CA:FALSE',
  keyUsage: 'critical, digitalSignature, nonRepudiation',
  subjectKeyIdentifier: 'hash',
  authorityKeyIdentifier: 'keyid',
};

async function newKey(work: string, file: string): Promise<void> {
  await openssl(['genpkey', '-algorithm', 'RSA', '-pkeyopt', 'rsa_keygen_bits:2048', '-out', file], work);
  await fs.chmod(path.join(work, file), 0o600);
}

async function issueRoot(work: string): Promise<void> {
  await fs.writeFile(path.join(work, 'root.cnf'), opensslConfig(SUBJECTS.root, ROOT_EXT));
  await newKey(work, 'root.key');
  await openssl(
    [
      'req',
      '-x509',
      '-new',
      '-config',
      'root.cnf',
      '-extensions',
      'ext',
      '-key',
      'root.key',
      '-sha256',
      '-days',
      String(ROOT_DAYS),
      '-set_serial',
      `0x${randomBytes(8).toString('hex')}`,
      '-out',
      'root.pem',
    ],
    work,
  );
}

async function issueLeaf(work: string, role: SignerRole, p12Password: string): Promise<void> {
  await fs.writeFile(path.join(work, `${role}.cnf`), opensslConfig(SUBJECTS[role], LEAF_EXT));
  await newKey(work, `${role}.key`);
  await openssl(['req', '-new', '-config', `${role}.cnf`, '-key', `${role}.key`, '-out', `${role}.csr`], work);
  await openssl(
    [
      'x509',
      '-req',
      '-in',
      `${role}.csr`,
      '-CA',
      'root.pem',
      '-CAkey',
      'root.key',
      '-set_serial',
      `0x${randomBytes(8).toString('hex')}`,
      '-days',
      String(LEAF_DAYS),
      '-sha256',
      '-extfile',
      `${role}.cnf`,
      '-extensions',
      'ext',
      '-out',
      `${role}.pem`,
    ],
    work,
  );
  await openssl(
    [
      'pkcs12',
      '-export',
      '-inkey',
      `${role}.key`,
      '-in',
      `${role}.pem`,
      '-certfile',
      'root.pem',
      '-name',
      role,
      '-passout',
      `pass:${p12Password}`,
      '-out',
      `${role}.p12`,
    ],
    work,
  );
  await fs.chmod(path.join(work, `${role}.p12`), 0o600);
  await fs.rm(path.join(work, `${role}.csr`), { force: true });
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

async function certUsable(file: string, now: number): Promise<boolean> {
  try {
    const cert = new X509Certificate(await fs.readFile(file));
    // A certificate issued a moment ago by a parallel setup starts after a waiter's `now`: allow for that.
    return Date.parse(cert.validTo) - now > RENEW_MARGIN_MS && Date.parse(cert.validFrom) <= now + NOT_BEFORE_TOLERANCE_MS;
  } catch {
    return false;
  }
}

/** What is missing or stale in `dir`: nothing, the leaves only, or everything. */
async function needs(dir: string, now: number): Promise<'nothing' | 'leaves' | 'all'> {
  const manifest = await readManifest(dir);
  if (!manifest) return 'all';
  for (const f of ['root.pem', 'root.key']) if (!(await exists(path.join(dir, f)))) return 'all';
  if (!(await certUsable(path.join(dir, 'root.pem'), now))) return 'all';
  for (const role of SIGNER_ROLES) {
    for (const ext of ['pem', 'key', 'p12']) if (!(await exists(path.join(dir, `${role}.${ext}`)))) return 'leaves';
    if (!(await certUsable(path.join(dir, `${role}.pem`), now))) return 'leaves';
  }
  return 'nothing';
}

async function withLock<T>(dir: string, fn: () => Promise<T>): Promise<T> {
  return withDirectoryLock(path.join(dir, '.lock'), fn);
}

/**
 * Runs `fn` holding the lock directory `lock` (mkdir is atomic), so parallel processes never generate two
 * sets of keys in one place; a lock older than a minute is taken as left by a crash. Also the NCA's
 * (pki/setup.ts).
 */
export async function withDirectoryLock<T>(lock: string, fn: () => Promise<T>): Promise<T> {
  const started = Date.now();
  for (;;) {
    try {
      await fs.mkdir(lock);
      break;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      const st = await fs.stat(lock).catch(() => null);
      if (st && Date.now() - st.mtimeMs > LOCK_STALE_MS) {
        await fs.rm(lock, { recursive: true, force: true });
        continue;
      }
      if (Date.now() - started > LOCK_WAIT_MS) throw new PkiSetupError(`timed out waiting for ${lock} (remove it if no setup is running)`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  try {
    return await fn();
  } finally {
    await fs.rm(lock, { recursive: true, force: true });
  }
}

/**
 * Makes sure `dir` holds a complete, unexpired test chain and returns it. Creates the directory,
 * generates what is missing (in a scratch directory, then moved in file by file, manifest last).
 */
export async function ensureTestPki(dir: string, now: number = Date.now()): Promise<PkiMaterial> {
  const abs = path.resolve(dir);
  if ((await needs(abs, now)) !== 'nothing') {
    await fs.mkdir(abs, { recursive: true, mode: 0o700 });
    await withLock(abs, async () => {
      const need = await needs(abs, now); // another process may have finished meanwhile
      if (need === 'nothing') return;
      const work = await fs.mkdtemp(path.join(os.tmpdir(), 'kz-pki-'));
      try {
        const manifest: PkiManifest =
          need === 'leaves' && (await readManifest(abs))
            ? ((await readManifest(abs)) as PkiManifest)
            : { version: 1, createdAt: new Date(now).toISOString(), p12Password: randomBytes(12).toString('base64url') };
        if (need === 'all') {
          await issueRoot(work);
        } else {
          await fs.copyFile(path.join(abs, 'root.pem'), path.join(work, 'root.pem'));
          await fs.copyFile(path.join(abs, 'root.key'), path.join(work, 'root.key'));
        }
        for (const role of SIGNER_ROLES) await issueLeaf(work, role, manifest.p12Password);
        await fs.rm(path.join(abs, 'manifest.json'), { force: true });
        const files = ['root.pem', 'root.key', ...SIGNER_ROLES.flatMap((r) => [`${r}.pem`, `${r}.key`, `${r}.p12`])];
        for (const f of files) {
          await fs.copyFile(path.join(work, f), path.join(abs, f));
          if (f.endsWith('.key') || f.endsWith('.p12')) await fs.chmod(path.join(abs, f), 0o600);
        }
        await fs.writeFile(path.join(abs, 'manifest.json'), JSON.stringify(manifest, null, 2) + '\n', { mode: 0o600 });
      } finally {
        await fs.rm(work, { recursive: true, force: true });
      }
    });
  }
  return loadPki(abs);
}

/** Reads a complete PKI directory (no generation). */
export async function loadPki(dir: string): Promise<PkiMaterial> {
  const manifest = await readManifest(dir);
  if (!manifest) throw new PkiSetupError(`no test certificate chain in ${dir}: run scripts/setup-pki.ts`);
  const read = (f: string): Promise<Buffer> => fs.readFile(path.join(dir, f));
  const rootCertPem = (await read('root.pem')).toString('utf8');
  const keys = {} as Record<SignerRole, KeyMaterial>;
  for (const role of SIGNER_ROLES) {
    const certPem = (await read(`${role}.pem`)).toString('utf8');
    keys[role] = {
      role,
      keyPem: (await read(`${role}.key`)).toString('utf8'),
      certPem,
      p12: await read(`${role}.p12`),
      p12Password: manifest.p12Password,
      alias: role,
      subject: new X509Certificate(certPem).subject.replace(/\n/g, ', '),
    };
  }
  return { dir, rootCertPem, keys };
}

/**
 * Opens a PKCS#12 (as NCANode receives it) into PEM key + certificate, with the openssl CLI.
 * Wrong password or a damaged file → PkiSetupError naming the cause.
 */
export async function openPkcs12(p12: Buffer, password: string): Promise<{ keyPem: string; certPem: string }> {
  const work = await fs.mkdtemp(path.join(os.tmpdir(), 'kz-p12-'));
  try {
    await fs.writeFile(path.join(work, 'in.p12'), p12, { mode: 0o600 });
    await fs.writeFile(path.join(work, 'pass'), password, { mode: 0o600 });
    await openssl(['pkcs12', '-in', 'in.p12', '-passin', 'file:pass', '-nocerts', '-nodes', '-out', 'key.pem'], work);
    await openssl(['pkcs12', '-in', 'in.p12', '-passin', 'file:pass', '-clcerts', '-nokeys', '-out', 'cert.pem'], work);
    const keyPem = await fs.readFile(path.join(work, 'key.pem'), 'utf8');
    const certPem = await fs.readFile(path.join(work, 'cert.pem'), 'utf8');
    const pick = (s: string, label: string): string => {
      const m = s.match(new RegExp(`-----BEGIN ${label}-----[\\s\\S]+?-----END ${label}-----`));
      if (!m) throw new PkiSetupError(`PKCS#12 holds no ${label.toLowerCase()}`);
      return m[0] + '\n';
    };
    return { keyPem: pick(keyPem, 'PRIVATE KEY'), certPem: pick(certPem, 'CERTIFICATE') };
  } finally {
    await fs.rm(work, { recursive: true, force: true });
  }
}

/**
 * The orchestrator's own signing keys, issued by the NCA's issuing CA (issue 12 "one PKI"):
 *
 *   NCA RK Root CA (test) → NCA RK Issuing CA (test)
 *     ├─ provider: the provider's authorized person's ECDS (seed 003 ¶12: results are signed with it)
 *     ├─ system:   the system owner's transport signature (seed 004 ¶18-1: automatic-mode results)
 *     └─ operator: the State Corporation operator's ECDS (seed 001 ¶11(6): the counter's intake form, receipts)
 *
 * They are ordinary NCA certificates (signing profile, CDP and AIA naming the NCA's CRL and OCSP), so a
 * relying party checks them like any other; registerSystemSigners records them in the certificate status
 * store, where the CRL and the OCSP responder find them and a revocation takes effect.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import { SignerKeyRevokedError } from '../adapters/signer/errors';
import type { DocumentSigner } from '../adapters/signer/port';
import type { RevocationSource, RevocationStatus } from '../adapters/signer/revocation';
import type { CertificationAuthority } from './authority';
import { CA_KEY_ALGORITHM, crypto, normalizeSerial, x509 } from './crypto';
import type { NationalCertificationAuthority } from './nca';
import type { CertificateSubject } from './profiles';

export type SignerRole = 'provider' | 'system' | 'operator';
export const SIGNER_ROLES: readonly SignerRole[] = ['provider', 'system', 'operator'];

export const SYSTEM_SIGNER_SUBJECTS: Record<SignerRole, CertificateSubject> = {
  provider: { organization: 'KZ Services Orchestrator (test provider)', commonName: 'Authorized person (test)' },
  system: { organization: 'KZ Services Orchestrator (test PKI)', commonName: 'E-licensing system transport signature (test)' },
  operator: { organization: 'State Corporation Government for Citizens (test)', commonName: 'State Corporation operator (test)' },
};

/** ours: the system's signing certificates live 825 days (the old test chain's term), not the applicants' 1 year. */
export const SYSTEM_SIGNER_VALIDITY_DAYS = 825;
/** ours: notBefore a minute back, so a clock a little behind the CA's does not see a certificate "not yet valid". */
const BACKDATE_MS = 60_000;

export interface IssuedSignerKey {
  keyPem: string;
  certPem: string;
}

/** A fresh RSA 2048 key pair and its signing certificate from the issuing CA. */
export async function issueSystemSignerKey(ca: CertificationAuthority, role: SignerRole, now: Date): Promise<IssuedSignerKey> {
  const keys = await crypto.subtle.generateKey(CA_KEY_ALGORITHM, true, ['sign', 'verify']);
  const spki = new Uint8Array(await crypto.subtle.exportKey('spki', keys.publicKey));
  const pkcs8 = await crypto.subtle.exportKey('pkcs8', keys.privateKey);
  const notBefore = new Date(now.getTime() - BACKDATE_MS);
  const cert = await ca.issue({
    subject: SYSTEM_SIGNER_SUBJECTS[role],
    publicKey: spki,
    profile: 'signing',
    notBefore,
    notAfter: new Date(now.getTime() + SYSTEM_SIGNER_VALIDITY_DAYS * 24 * 3600 * 1000),
  });
  return { keyPem: x509.PemConverter.encode(pkcs8, 'PRIVATE KEY') + '\n', certPem: cert.toString('pem') + '\n' };
}

/** The request key a system signer's certificate is recorded under (one row per certificate, however often this runs). */
export function systemSignerRequestKey(serial: string): string {
  return `system-signer:${normalizeSerial(serial)}`;
}

/**
 * Records the system signers' certificates found in `dir` (`<role>.pem`) in the NCA's status store, so
 * they appear in its OCSP answers and can be revoked. Idempotent; certificates another CA issued
 * (production keys given by configuration) are left alone. Returns the serials recorded.
 */
export async function registerSystemSigners(nca: NationalCertificationAuthority, dir: string): Promise<Record<SignerRole, string | null>> {
  const out = { provider: null, system: null, operator: null } as Record<SignerRole, string | null>;
  for (const role of SIGNER_ROLES) {
    const pem = await fs.readFile(path.join(dir, `${role}.pem`), 'utf8').catch(() => null);
    if (!pem) continue;
    const cert = new x509.X509Certificate(pem);
    if ((await nca.ca.verifyIssued(cert, cert.notBefore)) !== 'ok') continue;
    const record = await nca.register(cert, { requestKey: systemSignerRequestKey(cert.serialNumber), caseId: 'system' });
    out[role] = record.serial;
  }
  return out;
}

/** What the checked signer asks the NCA (./nca.ts NationalCertificationAuthority). */
export interface SignerRevocationRegister {
  /** The certificate's status now (parses it and checks it is the NCA's: the costly part). */
  revocationStatus: RevocationSource;
  /** Grows with every revocation recorded on the NCA's database, by any process (one cheap read). */
  revocationMarker(): Promise<number>;
}

/**
 * A signer that checks, before every signature, that the role's certificate is still good: a revoked one
 * signs nothing from that moment — SignerKeyRevokedError — without waiting for its files to go and the
 * process to restart. The certificate checked is the one in `dir` when the signer was built (the key the
 * signer holds). An unknown answer (a key another CA issued, given by configuration) does not stop
 * signing: it is that CA's to revoke.
 *
 * Why a marker and not a question per signature: asking the NCA parses the certificate, verifies the
 * CA's signature on it and reads its row — about as much as the signature itself
 * (bench/system-signers.bench.ts). So each role's answer is kept together with the NCA's revocation
 * marker (the count of revocations on its database, bumped in the revocation's own transaction, whoever
 * revokes: the API, another worker, an NCA workflow). Before each signature only the marker is read; the
 * certificate is asked about again only when the marker moved. Nothing is weakened: a revocation
 * committed before the marker read is seen by this very signature, as before; no time-bounded memo, no
 * window in which another process's revocation goes unseen. Concurrent signatures share one marker read,
 * but only one that started after they asked (freshReads), so that still holds under load.
 */
export function revocationCheckedSigner(signer: DocumentSigner, register: SignerRevocationRegister, dir: string): DocumentSigner {
  const certs = new Map<SignerRole, Promise<string | null>>();
  const certOf = (role: SignerRole): Promise<string | null> => {
    let c = certs.get(role);
    if (!c) {
      c = fs.readFile(path.join(dir, `${role}.pem`), 'utf8').catch(() => null);
      certs.set(role, c);
    }
    return c;
  };
  const marker = freshReads(() => register.revocationMarker());
  const known = new Map<SignerRole, { marker: number; answer: RevocationStatus }>();
  const statusOf = async (role: SignerRole, pem: string): Promise<RevocationStatus> => {
    // The marker first: a revocation committed after this read moves it, so the next signature asks again.
    const now = await marker();
    const memo = known.get(role);
    if (memo && memo.marker === now) return memo.answer;
    const answer = await register.revocationStatus(pem);
    known.set(role, { marker: now, answer });
    return answer;
  };
  return {
    async sign(xml, opts = {}) {
      const role = opts.signer ?? 'provider';
      const pem = await certOf(role);
      if (pem) {
        const answer = await statusOf(role, pem);
        if (answer.status === 'revoked') throw new SignerKeyRevokedError(role, answer.revokedAt, answer.reason);
      }
      return signer.sign(xml, opts);
    },
    verify: (signedXml, opts) => signer.verify(signedXml, opts),
  };
}

/**
 * `read` shared by concurrent callers, each given the result of a read that started after it called (one
 * already running may have begun before a revocation this caller must see: it waits for the next one).
 * So at most one read runs and one waits, however many signatures are in flight.
 */
export function freshReads<T>(read: () => Promise<T>): () => Promise<T> {
  let running: Promise<T> | null = null;
  let next: Promise<T> | null = null;
  const start = (): Promise<T> => {
    const p = read();
    running = p;
    const done = (): void => {
      if (running === p) running = null;
    };
    void p.then(done, done);
    return p;
  };
  return () => {
    if (!running) return start();
    next ??= running
      .then(
        () => undefined,
        () => undefined,
      )
      .then(() => {
        next = null;
        return start();
      });
    return next;
  };
}

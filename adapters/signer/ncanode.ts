/**
 * NcaNodeSigner: DocumentSigner over NCANode v3's HTTP API (the signing server used with Kazakhstan's
 * NCA keys). Request and response shapes follow NCANode's own DTOs and openapi.yml (kz.ncanode.dto.*):
 *
 *   POST /xml/sign   { xml, signers: [{ key: base64 PKCS#12, password, keyAlias? }], clearSignatures, trimXml }
 *                    → { status, message, xml }
 *   POST /xml/verify { xml, revocationCheck: ['OCSP' | 'CRL'] }
 *                    → { status, message, valid, signers: [CertificateInfo { valid, revocations: [{ revoked,
 *                        by, revocationTime, reason }], notBefore, notAfter, serialNumber, subject, issuer, ... }] }
 *
 * NCANode answers an OCSP check it could not complete with revoked=false and the failure as `reason`
 * (a completed check says reason "OK"); the certificate is then not valid. That is "no revocation
 * answer": RevocationUnknownError, retryable. Integrity (digest + signature value) is computed here as
 * well, because NCANode folds it into the one `valid` flag.
 */
import { z } from 'zod';
import { SignerRejectedError, SignerUnavailableError, RevocationUnknownError } from './errors';
import type { DocumentSigner, SignedXml, VerificationResult, VerifyOptions } from './port';
import { revokedReason } from './revocation';
import { ensureTestPki, type EnsurePkiOptions, type SignerRole } from './pki';
import { signatureRefOf, signingCertificateOf, subjectOf, verifyXml } from './xmldsig';
import { describeIssues } from '../../domain/zod-issues';

export interface NcaNodeKey {
  /** PKCS#12 container. */
  p12: Buffer;
  password: string;
  alias?: string;
}

export type RevocationCheck = 'OCSP' | 'CRL';

export interface NcaNodeSignerOptions {
  baseUrl: string;
  keys: Record<SignerRole, NcaNodeKey>;
  /** Which revocation checks NCANode runs on verify (NCANode's default is none). */
  revocationCheck?: RevocationCheck[];
  timeoutMs?: number;
  now?: () => Date;
}

const StatusSchema = z.object({ status: z.number().int().optional(), message: z.string().nullish() });
const SignResponseSchema = StatusSchema.extend({ xml: z.string().min(1) });
const RevocationSchema = z.object({
  revoked: z.boolean(),
  by: z.enum(['OCSP', 'CRL']).nullish(),
  revocationTime: z.string().nullish(),
  reason: z.string().nullish(),
});
const SubjectSchema = z.object({ commonName: z.string().nullish(), dn: z.string().nullish() }).passthrough();
const CertificateInfoSchema = z
  .object({
    valid: z.boolean(),
    revocations: z.array(RevocationSchema).nullish(),
    notBefore: z.string().nullish(),
    notAfter: z.string().nullish(),
    serialNumber: z.string().nullish(),
    subject: SubjectSchema.nullish(),
    issuer: SubjectSchema.nullish(),
  })
  .passthrough();
const VerifyResponseSchema = StatusSchema.extend({ valid: z.boolean(), signers: z.array(CertificateInfoSchema.nullable()).default([]) });
export type NcaNodeCertificateInfo = z.infer<typeof CertificateInfoSchema>;

/** NCANode's message when it has no issuer certificate for OCSP: a trust problem, not an outage. */
const NO_ROOT_MESSAGE = /cannot find root certificate/i;

export class NcaNodeSigner implements DocumentSigner {
  private readonly baseUrl: string;
  private readonly now: () => Date;

  constructor(private readonly opts: NcaNodeSignerOptions) {
    this.baseUrl = opts.baseUrl.replace(/\/+$/, '');
    this.now = opts.now ?? (() => new Date());
  }

  /** Keys from the NCA-issued key directory (the simulator trusts the same root). */
  static async fromDir(
    baseUrl: string,
    dir: string,
    extra: Partial<Omit<NcaNodeSignerOptions, 'baseUrl' | 'keys'>> = {},
    pkiOptions: EnsurePkiOptions = {},
  ): Promise<NcaNodeSigner> {
    const pki = await ensureTestPki(dir, Date.now(), pkiOptions);
    const key = (role: SignerRole): NcaNodeKey => ({
      p12: pki.keys[role].p12,
      password: pki.keys[role].p12Password,
      alias: pki.keys[role].alias,
    });
    return new NcaNodeSigner({ baseUrl, keys: { provider: key('provider'), system: key('system'), operator: key('operator') }, ...extra });
  }

  private async post(path: string, body: unknown): Promise<unknown> {
    let res: Response;
    try {
      res = await fetch(`${this.baseUrl}${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json' },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(this.opts.timeoutMs ?? 15_000),
      });
    } catch (e) {
      throw new SignerUnavailableError(`NCANode ${path} unreachable: ${(e as Error).message}`);
    }
    const text = await res.text();
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      json = undefined;
    }
    const message = StatusSchema.safeParse(json).data?.message ?? text.slice(0, 200);
    if (res.status >= 500 || res.status === 429 || res.status === 408)
      throw new SignerUnavailableError(`NCANode ${path} answered ${res.status}: ${message}`);
    if (!res.ok) throw new SignerRejectedError(`NCANode ${path} refused the request (${res.status}): ${message}`, res.status);
    if (json === undefined) throw new SignerUnavailableError(`NCANode ${path} answered ${res.status} with a body that is not JSON`);
    return json;
  }

  async sign(xml: string, opts: { signer?: SignerRole } = {}): Promise<SignedXml> {
    const key = this.opts.keys[opts.signer ?? 'provider'];
    const raw = await this.post('/xml/sign', {
      xml,
      signers: [{ key: key.p12.toString('base64'), password: key.password, ...(key.alias ? { keyAlias: key.alias } : {}) }],
      clearSignatures: false,
      trimXml: false,
    });
    const parsed = SignResponseSchema.safeParse(raw);
    if (!parsed.success)
      throw new SignerUnavailableError(`NCANode /xml/sign answered an unexpected body: ${describeIssues(parsed.error, '(answer)')}`);
    if (parsed.data.status !== undefined && parsed.data.status !== 200) {
      throw new SignerRejectedError(`NCANode /xml/sign: ${parsed.data.message ?? `status ${parsed.data.status}`}`, parsed.data.status);
    }
    const signedXml = parsed.data.xml;
    const cert = signingCertificateOf(signedXml);
    if (!cert) throw new SignerUnavailableError('NCANode returned a document without a signing certificate');
    return { signedXml, signatureRef: signatureRefOf(signedXml), signerSubject: subjectOf(cert), signedAt: this.now().toISOString() };
  }

  /**
   * Verifies through NCANode. Throws RevocationUnknownError (retryable) when the only thing wrong is
   * that a revocation check got no answer; otherwise returns the final verdict.
   *
   * NCANode reports a certificate's revocation as it stands now, with its revocationTime. A revocation
   * after `opts.signedAt` leaves the signature valid (./revocation.ts): the document is then checked once
   * more without revocation checks, and valid if NCANode finds nothing else wrong (signedBeforeRevocation).
   */
  async verify(signedXml: string, opts: VerifyOptions = {}): Promise<VerificationResult> {
    const revocationCheck = this.opts.revocationCheck ?? ['OCSP'];
    const raw = await this.post('/xml/verify', { xml: signedXml, revocationCheck });
    const parsed = VerifyResponseSchema.safeParse(raw);
    if (!parsed.success)
      throw new SignerUnavailableError(`NCANode /xml/verify answered an unexpected body: ${describeIssues(parsed.error, '(answer)')}`);
    const { valid, signers } = parsed.data;

    // Integrity computed locally: trust-free check of digest and signature value with the KeyInfo cert.
    const local = verifyXml(signedXml, [], this.now());
    const integrity = local.integrity;
    const reasons = local.reasons.filter((r) => !/trusted root|validity/.test(r));
    const first = signers.find((s): s is NcaNodeCertificateInfo => s !== null);
    const signerSubject = local.signerSubject ?? first?.subject?.dn ?? first?.subject?.commonName ?? undefined;
    const base = { integrity, ...(signerSubject ? { signerSubject } : {}) };

    if (signers.length === 0 || !first) {
      return { ...base, valid: false, certificateValid: false, reasons: [...reasons, 'NCANode found no signer certificate'] };
    }
    const all = signers.filter((s): s is NcaNodeCertificateInfo => s !== null);
    const revocations = all.flatMap((s) => s.revocations ?? []);
    if (revocations.some((r) => r.revoked)) {
      const r = revocations.find((x) => x.revoked);
      const signedAt = opts.signedAt ?? this.now();
      const times = revocations.filter((x) => x.revoked).map((x) => (x.revocationTime ? Date.parse(x.revocationTime) : NaN));
      const revokedAt = Math.min(...times);
      if (times.every((t) => Number.isFinite(t)) && revokedAt > signedAt.getTime()) {
        const later = await this.verifyIgnoringRevocation(signedXml);
        if (later.valid && later.signers.every((s) => s === null || s.valid)) {
          return {
            ...base,
            valid: integrity,
            certificateValid: true,
            revocation: 'good',
            signedBeforeRevocation: {
              signedAt: signedAt.toISOString(),
              revokedAt: new Date(revokedAt).toISOString(),
              reason: r?.reason ?? 'unspecified',
            },
            reasons,
          };
        }
      }
      const at = Number.isFinite(revokedAt) ? revokedReason(new Date(revokedAt), r?.reason ?? 'unspecified', signedAt) : null;
      return {
        ...base,
        valid: false,
        certificateValid: false,
        revocation: 'revoked',
        reasons: [...reasons, at ?? `certificate revoked (${r?.by ?? 'revocation check'}${r?.reason ? `: ${r.reason}` : ''})`],
      };
    }
    if (valid && all.every((s) => s.valid)) {
      return { ...base, valid: integrity, certificateValid: true, revocation: 'good', reasons };
    }
    if (all.every((s) => s.valid)) {
      // Certificates fine, document not: the signature itself failed.
      return {
        ...base,
        valid: false,
        certificateValid: true,
        revocation: 'good',
        reasons: reasons.length > 0 ? reasons : ['NCANode: the signature does not match the document'],
      };
    }
    const now = this.now().getTime();
    const inValidity = all.every((s) => (!s.notBefore || Date.parse(s.notBefore) <= now) && (!s.notAfter || now <= Date.parse(s.notAfter)));
    const unanswered = revocationCheck.filter((check) => {
      const answers = revocations.filter((r) => r.by === check);
      return answers.length === 0 || answers.some((r) => !r.revoked && (r.reason ?? '').toUpperCase() !== 'OK' && check === 'OCSP');
    });
    const trustProblem = revocations.some((r) => NO_ROOT_MESSAGE.test(r.reason ?? ''));
    if (inValidity && unanswered.length > 0 && !trustProblem) {
      const reason = revocations.find((r) => (r.reason ?? '').toUpperCase() !== 'OK')?.reason;
      const result: VerificationResult = {
        ...base,
        valid: false,
        certificateValid: false,
        revocation: 'unknown',
        reasons: [...reasons, `no revocation answer from ${unanswered.join(' and ')}${reason ? `: ${reason}` : ''}`],
      };
      throw new RevocationUnknownError(
        `NCANode could not establish the certificate's revocation status (${unanswered.join(', ')}); retry later`,
        result,
      );
    }
    return {
      ...base,
      valid: false,
      certificateValid: false,
      reasons: [...reasons, inValidity ? 'NCANode: the certificate is not trusted' : 'NCANode: the certificate is outside its validity'],
    };
  }

  private async verifyIgnoringRevocation(signedXml: string): Promise<z.infer<typeof VerifyResponseSchema>> {
    const parsed = VerifyResponseSchema.safeParse(await this.post('/xml/verify', { xml: signedXml, revocationCheck: [] }));
    if (!parsed.success)
      throw new SignerUnavailableError(`NCANode /xml/verify answered an unexpected body: ${describeIssues(parsed.error, '(answer)')}`);
    return parsed.data;
  }
}

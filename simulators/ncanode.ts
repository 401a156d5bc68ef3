/**
 * NCANode simulator: the two XML endpoints of NCANode v3 with its request and response shapes, signing
 * with whatever PKCS#12 key the caller sends (opened with openssl, like NCANode opens it; the CA
 * certificates in the container go into KeyInfo) and verifying against the NCA's root. Revocation:
 *   ca      → asks the NCA, as NCANode asks ocsp.pki.gov.kz: OCSP (pkijs, answer signature checked) to
 *             `ocspUrl` or the certificate's AIA, CRL from `crlUrl` or its CDP; reports the status as it
 *             stands now with its revocationTime (make start: the API's /v1/pki routes)
 * or, forced per run so every path is testable:
 *   good    → OCSP answers ACTIVE ("OK")
 *   unknown → OCSP could not be asked: revoked=false with the failure as reason; certificate not valid
 *   revoked → OCSP answers REVOKED
 *
 * Mount point (simulators/main.ts): `/ncanode`. Control: POST /_simulator/revocation {mode},
 * GET /_simulator/state (call counts), both outside NCANode's own API.
 */
import { X509Certificate } from 'node:crypto';
import express, { type NextFunction, type Request, type Response, type Router } from 'express';
import { XMLSerializer } from '@xmldom/xmldom';
import { z } from 'zod';
import { ensureTestPki, openPkcs12, PkiSetupError } from '../adapters/signer/pki';
import { keyInfoCertificatesOf, parseXmlStrict, signXml, verifyXml, XMLDSIG_NS, XmlInputError } from '../adapters/signer/xmldsig';
import { x509 } from '../pki/crypto';
import { crlUrlOf, ocspUrlOf, queryOcsp } from '../pki/ocsp-client';
import { describeIssues } from '../domain/zod-issues';
import { persisted, type SimulatorStore } from './store';

export type RevocationMode = 'good' | 'unknown' | 'revoked' | 'ca';

export interface SimulatorFaults {
  /** Share of calls answered 503 (0..1). */
  errorRate?: number;
  /** Extra delay before answering, ms (a stalled server). */
  stallMs?: number;
  latencyMs?: number;
}

export interface NcanodeRouterOptions {
  /** Where the test chain lives (config.adapters.signingKeysDir); generated if missing. */
  keysDir: string;
  revocation?: RevocationMode;
  /** The API's public base URL: named in the CDP/AIA of keys issued when this process is the first to start. */
  publicBaseUrl?: string;
  /** Mode 'ca': the NCA's OCSP responder (default: the certificate's AIA) and CRL (default: its CDP). */
  ocspUrl?: string;
  crlUrl?: string;
  faults?: SimulatorFaults;
  random?: () => number;
  now?: () => Date;
  store?: SimulatorStore;
}

const SignRequestSchema = z.object({
  xml: z.string().min(1),
  signers: z
    .array(
      z.object({ key: z.string().min(1), password: z.string().min(1), keyAlias: z.string().nullish(), referenceUri: z.string().nullish() }),
    )
    .min(1),
  clearSignatures: z.boolean().optional().default(false),
  trimXml: z.boolean().optional().default(false),
});
const VerifyRequestSchema = z.object({
  xml: z.string().min(1),
  revocationCheck: z
    .array(z.enum(['OCSP', 'CRL']))
    .optional()
    .default([]),
});

function certificateSubject(name: string): Record<string, string> {
  const parts = Object.fromEntries(
    name
      .split('\n')
      .map((l) => l.split('='))
      .filter((p): p is [string, string] => p.length >= 2)
      .map(([k, ...v]) => [k, v.join('=')]),
  );
  return {
    ...(parts.CN ? { commonName: parts.CN } : {}),
    ...(parts.O ? { organization: parts.O } : {}),
    ...(parts.C ? { country: parts.C } : {}),
    dn: name.split('\n').reverse().join(','),
  };
}

export function faultMiddleware(faults: SimulatorFaults, random: () => number) {
  return async (req: Request, res: Response, next: NextFunction): Promise<void> => {
    if (req.path.startsWith('/_simulator')) return next();
    const wait = (faults.latencyMs ?? 0) + (faults.stallMs ?? 0);
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    if ((faults.errorRate ?? 0) > 0 && random() < (faults.errorRate ?? 0)) {
      res.status(503).json({ status: 503, message: 'simulated outage' });
      return;
    }
    next();
  };
}

type Revocation = { revoked: boolean; by: 'OCSP' | 'CRL'; revocationTime: string | null; reason: string | null };

/** The issuer of `cert` among the CA certificates the signature carries, else the trusted root. */
function issuerOf(cert: X509Certificate, signedXml: string, rootPem: string): X509Certificate | null {
  const candidates = [...keyInfoCertificatesOf(signedXml).slice(1), new X509Certificate(rootPem)];
  return candidates.find((c) => cert.checkIssued(c) && cert.verify(c.publicKey)) ?? null;
}

export function ncanodeRouter(opts: NcanodeRouterOptions): Router {
  /** Mode 'ca': one revocation check against the NCA, answered the way NCANode answers it. */
  const askTheCa = async (by: 'OCSP' | 'CRL', cert: X509Certificate, signedXml: string, rootPem: string): Promise<Revocation> => {
    const failed = (reason: string): Revocation => ({ revoked: false, by, revocationTime: null, reason });
    const issuer = issuerOf(cert, signedXml, rootPem);
    if (!issuer) return failed('Cannot find root certificate');
    try {
      if (by === 'OCSP') {
        const url = opts.ocspUrl ?? ocspUrlOf(cert.toString());
        if (!url) return failed('the certificate names no OCSP responder');
        const answer = await queryOcsp(cert.toString(), issuer.toString(), url);
        if (answer.status === 'revoked')
          return { revoked: true, by, revocationTime: answer.revokedAt.toISOString(), reason: answer.reason };
        return answer.status === 'good' ? { revoked: false, by, revocationTime: null, reason: 'OK' } : failed('OCSP: certificate unknown');
      }
      const url = opts.crlUrl ?? crlUrlOf(cert.toString());
      if (!url) return failed('the certificate names no CRL distribution point');
      const res = await fetch(url, { signal: AbortSignal.timeout(10_000) });
      if (!res.ok) return failed(`CRL ${url} answered ${res.status}`);
      const crl = new x509.X509Crl(new Uint8Array(await res.arrayBuffer()));
      if (!(await crl.verify({ publicKey: new x509.X509Certificate(issuer.raw).publicKey })))
        return failed('CRL signature does not verify');
      const entry = crl.findRevoked(new x509.X509Certificate(cert.raw));
      if (!entry) return { revoked: false, by, revocationTime: null, reason: null };
      return {
        revoked: true,
        by,
        revocationTime: entry.revocationDate.toISOString(),
        reason: x509.X509CrlReason[entry.reason ?? 0] ?? 'unspecified',
      };
    } catch (e) {
      return failed((e as Error).message);
    }
  };

  const router = express.Router();
  const state: { revocation: RevocationMode; signCalls: number; verifyCalls: number } = {
    revocation: opts.revocation ?? 'good',
    signCalls: 0,
    verifyCalls: 0,
  };
  const now = opts.now ?? (() => new Date());
  const pki = ensureTestPki(opts.keysDir, Date.now(), opts.publicBaseUrl ? { publicBaseUrl: opts.publicBaseUrl } : {});
  pki.catch(() => undefined); // surfaced per request below

  router.use(express.json({ limit: '5mb' }));
  router.use(faultMiddleware(opts.faults ?? {}, opts.random ?? Math.random));
  // The revocation mode an operator switched to stays switched across a restart.
  router.use(
    persisted(opts.store, 'ncanode', {
      snapshot: () => ({ ...state }),
      restore: (s: typeof state) => void Object.assign(state, s),
    }).middleware,
  );

  const badRequest = (res: Response, message: string): void => {
    res.status(400).json({ status: 400, message });
  };

  router.post('/xml/sign', async (req, res) => {
    const parsed = SignRequestSchema.safeParse(req.body);
    if (!parsed.success) return badRequest(res, describeIssues(parsed.error, 'body'));
    state.signCalls += 1;
    try {
      let xml = parsed.data.xml;
      if (parsed.data.trimXml) xml = xml.replace(/>\s+</g, '><').trim();
      if (parsed.data.clearSignatures) {
        const doc = parseXmlStrict(xml);
        for (const s of Array.from(doc.getElementsByTagNameNS(XMLDSIG_NS, 'Signature'))) s.parentNode?.removeChild(s);
        xml = new XMLSerializer().serializeToString(doc);
      }
      // One signer per request here; NCANode chains several signers the same way.
      for (const signer of parsed.data.signers) {
        const key = await openPkcs12(Buffer.from(signer.key, 'base64'), signer.password);
        xml = signXml(xml, key);
      }
      res.json({ status: 200, message: 'OK', xml });
    } catch (e) {
      if (e instanceof PkiSetupError) return badRequest(res, `cannot open the key: ${e.message}`);
      if (e instanceof XmlInputError) return badRequest(res, e.message);
      res.status(500).json({ status: 500, message: (e as Error).message });
    }
  });

  router.post('/xml/verify', async (req, res) => {
    const parsed = VerifyRequestSchema.safeParse(req.body);
    if (!parsed.success) return badRequest(res, describeIssues(parsed.error, 'body'));
    state.verifyCalls += 1;
    let root: string;
    try {
      root = (await pki).rootCertPem;
    } catch (e) {
      res.status(500).json({ status: 500, message: (e as Error).message });
      return;
    }
    const result = verifyXml(parsed.data.xml, [root], now());
    const certText = /<ds:X509Certificate>([^<]+)</.exec(parsed.data.xml)?.[1];
    if (!certText) {
      res.json({ status: 200, message: 'OK', valid: false, signers: [] });
      return;
    }
    const cert = new X509Certificate(Buffer.from(certText.replace(/\s+/g, ''), 'base64'));
    const checks = parsed.data.revocationCheck;
    let revocations: Revocation[];
    let revocationOk: boolean;
    if (state.revocation === 'ca') {
      revocations = await Promise.all(checks.map((by) => askTheCa(by, cert, parsed.data.xml, root)));
      revocationOk = revocations.every(
        (r) => !r.revoked && (r.by !== 'OCSP' || r.reason === 'OK') && (r.by !== 'CRL' || r.reason === null),
      );
    } else {
      revocations = checks.map((by) => {
        if (state.revocation === 'revoked') return { revoked: true, by, revocationTime: now().toISOString(), reason: 'keyCompromise' };
        if (state.revocation === 'unknown' && by === 'OCSP')
          return { revoked: false, by, revocationTime: null, reason: 'Connect to ocsp.pki.gov.kz timed out' };
        return { revoked: false, by, revocationTime: null, reason: by === 'OCSP' ? 'OK' : null };
      });
      revocationOk = state.revocation === 'good' || (state.revocation === 'unknown' && !checks.includes('OCSP'));
    }
    const certValid = result.certificateValid === true && revocationOk;
    res.json({
      status: 200,
      message: 'OK',
      valid: result.valid && revocationOk,
      signers: [
        {
          valid: certValid,
          revocations,
          notBefore: new Date(cert.validFrom).toISOString(),
          notAfter: new Date(cert.validTo).toISOString(),
          keyUsage: 'SIGN',
          serialNumber: cert.serialNumber.toLowerCase(),
          signAlg: 'SHA256withRSA',
          subject: certificateSubject(cert.subject),
          issuer: certificateSubject(cert.issuer),
        },
      ],
    });
  });

  router.post('/_simulator/revocation', (req, res) => {
    const parsed = z.object({ mode: z.enum(['good', 'unknown', 'revoked', 'ca']) }).safeParse(req.body);
    if (!parsed.success) return badRequest(res, 'mode must be ca, good, unknown or revoked');
    state.revocation = parsed.data.mode;
    res.json({ revocation: state.revocation });
  });
  router.get('/_simulator/state', (_req, res) => {
    res.json(state);
  });
  return router;
}

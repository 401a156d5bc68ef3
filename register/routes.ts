/**
 * The e-licensing registers over HTTP (seed 004):
 *   GET  /v1/register/permits | /v1/register/notifications        open search, anonymous (¶14): only open
 *        ?service=&status=&licensor=&holderBin=&limit=&cursor=     fields, never an individual's IIN or name
 *   GET  /v1/register/{permits|notifications}/{ancn}               open view + open history
 *   GET  /v1/register/{permits|notifications}/{ancn}/print         presentation form (HTML) with the matrix
 *                                                                  codes of the signed XML (¶3.25)
 *   POST /v1/register/permits                                      staff/admin: an outside review's result
 *                                                                  (¶48-49) or a restored paper permit (¶6.2)
 *   POST /v1/register/notifications                                portal: a notification of the start of
 *                                                                  activity, 24/7, entered at once (¶25-28)
 *   POST /v1/register/{permits|notifications}/{ancn}/operations/{operation}
 *                                                                  staff/admin (the portal may file-end its
 *                                                                  own notification)
 *        Every POST but verify needs an Idempotency-Key and follows the API's one rule (api/idempotency.ts):
 *        the same key and body → the first answer again; the key with another body or path → 409.
 *   POST /v1/documents/verify                                      anyone: a signed XML document (body
 *                                                                  application/xml) → signer, validity, integrity
 *
 * Mounted by api/app.ts after `authenticateRequests` (the routes read the principal, anonymous allowed),
 * with the API's idempotency store and mutex.
 */
import crypto from 'node:crypto';
import type { OpenAPIRegistry, ResponseConfig } from '@asteasolutions/zod-to-openapi';
import express, { Router, type Request, type Response } from 'express';
import type { ZodType } from 'zod';
import type { DocumentSigner } from '../adapters/signer/port';
import { ANCN_PATTERN, parseAncn } from '../domain/ancn';
import { parseKzMoment, toKzIso } from '../domain/calendar';
import { DomainError } from '../domain/errors';
import { BinSchema, IinOrBinSchema } from '../domain/identification-number';
import { openEntry, openHistory, type RegisterEntry } from './entry';
import { NOTIFICATION_OPERATIONS, NOTIFICATION_STATUSES, PERMIT_OPERATIONS, PERMIT_STATUSES, type RegisterKind } from './transitions';
import type { Principal } from '../domain/roles';
import { LICENSOR_BODIES } from '../domain/services';
import type { ApplicationStore } from '../persistence/port';
import { renderPresentationForm } from './print';
import type { RegisterActor, RegisterService } from './service';
import { parseXmlStrict, signingCertificateOf } from '../adapters/signer/xmldsig';
import { principalOf, requirePrincipal } from '../api/auth';
import { REGISTER_FILE_END, REGISTER_PRINT_INDIVIDUAL, rolesOf } from '../api/access';
import { validationError } from '../api/errors';
import { idempotencyContext, onceForKey, type IdempotencyContext, type KeyedMutex, type StoredResponse } from '../api/idempotency';
import { ZIdempotencyKeyHeader } from '../api/schemas';
import { z } from '../api/zod';

export interface RegisterRouteDeps {
  register: RegisterService;
  signer: DocumentSigner;
  /**
   * The API's one Idempotency-Key mechanism (api/idempotency.ts), shared with every other POST: the
   * same key and body replay the stored answer; the key with another body or path is 409.
   */
  idempotency: { store: ApplicationStore; mutex: KeyedMutex; now: () => Date };
  /** Where licensing workflows keep the permits they signed (their XML goes into the matrix codes). */
  documents?: Pick<ApplicationStore, 'getDocument'>;
  /** Largest XML accepted by the verify endpoint (default 1mb). */
  xmlLimit?: string;
  /**
   * The National Certification Authority's answer for a signing certificate at the signing time
   * (pki/nca.ts signerStatusAt): revoked before it → the document fails; revoked after it → still valid.
   * Absent: no revocation check beyond the signer's own.
   */
  signerStatus?: (certPem: string, signedAt: Date) => Promise<SignerStatus>;
  /** The API's public address (config.api.publicBaseUrl): printed forms' QR codes open its verification page. */
  publicBaseUrl?: string;
}

/** The public verification page of a document (web/verify.html), the URL its printed form's QR code holds. */
export function verificationPageUrl(publicBaseUrl: string, ancn: string): string {
  return `${publicBaseUrl.replace(/\/$/, '')}/web/verify.html?ancn=${encodeURIComponent(ancn)}`;
}

/**
 * A signer's subject for an anonymous reader: an individual's IIN is shown only by its first and last two
 * digits (ours: enough to compare with the paper, not enough to harvest; a BIN is public, seed 004 ¶14).
 */
export function maskedSubject(subject: string): string {
  return subject.replace(/IIN(\d{2})\d{8}(\d{2})/g, 'IIN$1********$2');
}

/** What the NCA says of a document's signing certificate at its signing time. */
export type SignerStatus =
  | { kind: 'not-issued-by-nca' }
  | { kind: 'good'; revokedLater?: { revokedAt: Date; reason: string } }
  | { kind: 'revoked'; revokedAt: Date; reason: string }
  | { kind: 'invalid'; message: string };

const licensorBodies = Object.keys(LICENSOR_BODIES) as [string, ...string[]];
// The document's `date-time` (with an offset); an impossible day of that shape (2026-02-30) is refused by
// parseKzMoment: a rule the format cannot state, so 422 RULE_VIOLATED.
const ZMoment = z.iso.datetime({ offset: true }).transform((s, ctx) => {
  try {
    return parseKzMoment(s);
  } catch (e) {
    ctx.addIssue({ code: 'custom', message: (e as Error).message });
    return z.NEVER;
  }
});

const REGISTER_STATUSES = [...new Set<string>([...PERMIT_STATUSES, ...NOTIFICATION_STATUSES])] as [string, ...string[]];

export const ZRegisterSearchQuery = z.object({
  service: z
    .string()
    .regex(/^[a-z][a-z0-9-]{0,99}$/)
    .optional()
    .openapi({ example: 'flag-emblem-license' }),
  /** A status of the other register finds nothing (no cross-field 400 a schema could not describe). */
  status: z.enum(REGISTER_STATUSES).optional().openapi({ example: 'active' }),
  licensor: z.enum(licensorBodies).optional().openapi({ example: 'ctrm' }),
  /** A BIN finds a legal entity's entries; an individual's IIN is never a public search key (¶14). */
  holderBin: BinSchema.optional().openapi({ example: '180440012349' }),
  limit: z.coerce.number().int().min(1).max(100).default(20),
  cursor: z.string().max(20).optional(),
});

export const ZRegisterOperationBody = z
  .object({
    reason: z.string().trim().min(1).max(1000),
    validUntil: ZMoment.optional(),
    corrections: z
      .object({
        holderName: z.string().min(1).max(300),
        activity: z.string().min(1).max(500),
        appendices: z.array(z.string().min(1).max(300)).max(100),
      })
      .partial()
      .optional(),
  })
  .openapi({ example: { reason: 'Court order No. 2-114/2026 of 2026-03-05 suspends the activity for 3 months' } });

const ZHolder = z.object({ ref: IinOrBinSchema, name: z.string().min(1).max(300).optional() });

export const ZPermitEntryBody = z
  .object({
    operation: z.enum(['enter-external-result', 'restore-historical']),
    number: z.string().min(1).max(60).optional(),
    serviceCode: z.string().regex(/^[a-z][a-z0-9-]{0,99}$/),
    category: z.enum(['first', 'second']),
    holder: ZHolder,
    licensorBody: z.enum(licensorBodies),
    activity: z.string().min(1).max(500),
    issuedAt: ZMoment,
    validFrom: ZMoment.optional(),
    validUntil: ZMoment.optional(),
    appendices: z.array(z.string().min(1).max(300)).max(100).optional(),
    reason: z.string().trim().min(1).max(1000),
  })
  .openapi({
    example: {
      operation: 'enter-external-result',
      serviceCode: 'flag-emblem-license',
      category: 'first',
      holder: { ref: '180440012349', name: 'Qazaq Flag LLP' },
      licensorBody: 'ctrm',
      activity: 'Manufacture of the State Flag and the State Emblem',
      issuedAt: '2026-03-02T10:00:00+05:00',
      reason: 'Review done outside the system: order No. 12 of 2026-03-02',
    },
  });

export const ZNotificationBody = z
  .object({
    serviceCode: z.string().regex(/^[a-z][a-z0-9-]{0,99}$/),
    holder: ZHolder,
    licensorBody: z.enum(licensorBodies),
    activity: z.string().min(1).max(500),
    /** When the activity starts; defaults to the moment of filing. */
    startsAt: ZMoment.optional(),
  })
  .openapi({
    example: {
      serviceCode: 'notification-flag-retail',
      holder: { ref: '180440012349', name: 'Qazaq Flag LLP' },
      licensorBody: 'ctrm',
      activity: 'Retail sale of state symbols',
    },
  });

const ZKind = z.enum(['permits', 'notifications']);

/** As the API's routers parse (api/context.ts), without depending on the API's composition. */
function parse<S extends ZodType>(schema: S, value: unknown, prefix = '', what = 'request body'): z.infer<S> {
  const r = schema.safeParse(value);
  if (!r.success) throw validationError(r.error, prefix, what, value);
  return r.data;
}

/**
 * An ANCN in a path: not of the ANCN's shape is 400; of its shape but with check digits (or a type) that do
 * not match names no entry — 404, like any unknown number, which is what the path's pattern can promise.
 */
function ancnParam(s: string): string {
  if (!ANCN_PATTERN.test(s))
    throw new DomainError('INVALID_ANCN', `"${s}" is not an ANCN (KZ, 2 check digits, 3-letter type, 8 digits)`, [
      { field: 'path.ancn', message: 'not an ANCN' },
    ]);
  try {
    return parseAncn(s).ancn;
  } catch (e) {
    if (!(e instanceof DomainError)) throw e;
    throw new DomainError('NOT_FOUND', `no register entry ${s}: ${e.message}`, [{ field: 'path.ancn', message: e.message }]);
  }
}

/**
 * The register's own key for a request: the service keeps it in the history row, so two API processes
 * racing with one key still write once. Derived from the caller and their key (a hash: keys may be up
 * to 255 characters and belong to their caller).
 */
function serviceKey(idem: IdempotencyContext): string {
  return `api:${crypto.createHash('sha256').update(`${idem.principal}\n${idem.key}`).digest('hex').slice(0, 40)}`;
}

function send(res: Response, r: StoredResponse): void {
  if (r.replayed) res.setHeader('Idempotent-Replayed', 'true');
  res.status(r.status).json(r.body);
}

/** Every register POST writes: the key is required (an omitted one would let a retry write twice). */
function requiredKey(req: Request, p: Principal): IdempotencyContext {
  const idem = idempotencyContext(req, p.subject, true);
  if (!idem) throw new DomainError('INTERNAL', 'idempotency context missing');
  return idem;
}

function actorOf(p: Principal): RegisterActor {
  return { subject: p.subject, kind: p.role === 'admin' ? 'admin' : 'staff', ...(p.licensorBody ? { licensorBody: p.licensorBody } : {}) };
}

/** The staff view: everything, including the holder and who did what why. */
function fullEntry(e: RegisterEntry): Record<string, unknown> {
  return {
    ...openEntry(e, toKzIso),
    holder: { ref: e.holder.ref, type: e.holder.type, ...(e.holder.name ? { name: e.holder.name } : {}) },
    applicationId: e.applicationId,
    version: e.version,
  };
}

export function registerRouter(deps: RegisterRouteDeps): Router {
  const { register, signer } = deps;
  const store = register.store;
  const router = Router();

  async function entryOf(kind: RegisterKind, ancn: string): Promise<RegisterEntry> {
    const e = await store.getEntry(ancn);
    if (!e || e.register !== kind)
      throw new DomainError('NOT_FOUND', `${ancn} is not in the register of ${kind}`, [{ field: 'path.ancn', message: 'unknown entry' }]);
    return e;
  }

  // ---- open search and view (¶14) ----------------------------------------------------------------

  router.get('/v1/register/:kind', async (req: Request<{ kind: string }>, res: Response) => {
    const kind = parse(ZKind, req.params.kind, 'path.kind', 'path');
    const q = parse(ZRegisterSearchQuery, req.query, 'query', 'query');
    const page = await store.search({
      register: kind,
      limit: q.limit,
      ...(q.service ? { serviceCode: q.service } : {}),
      ...(q.status ? { status: q.status } : {}),
      ...(q.licensor ? { licensorBody: q.licensor } : {}),
      ...(q.holderBin ? { holderBin: q.holderBin } : {}),
      ...(q.cursor ? { cursor: q.cursor } : {}),
    });
    res.json({ items: page.items.map((e) => openEntry(e, toKzIso)), nextCursor: page.nextCursor });
  });

  router.get('/v1/register/:kind/:ancn', async (req: Request<{ kind: string; ancn: string }>, res: Response) => {
    const kind = parse(ZKind, req.params.kind, 'path.kind', 'path');
    const e = await entryOf(kind, ancnParam(req.params.ancn));
    const history = await store.listHistory(e.ancn);
    const p = principalOf(res);
    const insider = p !== null && (p.role === 'admin' || p.role === 'viewer' || (p.role === 'staff' && p.licensorBody === e.licensorBody));
    if (insider) {
      res.json({
        ...fullEntry(e),
        history: history.map((h) => ({
          ...openHistory(h, toKzIso),
          seq: h.seq,
          fromStatus: h.fromStatus,
          actor: h.actor,
          reason: h.reason,
          details: h.details,
        })),
      });
      return;
    }
    res.json({ ...openEntry(e, toKzIso), history: history.map((h) => openHistory(h, toKzIso)) });
  });

  router.get('/v1/register/:kind/:ancn/print', async (req: Request<{ kind: string; ancn: string }>, res: Response) => {
    const kind = parse(ZKind, req.params.kind, 'path.kind', 'path');
    const e = await entryOf(kind, ancnParam(req.params.ancn));
    if (e.holder.type === 'individual') {
      // The matrix codes carry the whole signed document, IIN included: not for anonymous readers (¶14).
      requirePrincipal(res, REGISTER_PRINT_INDIVIDUAL);
    }
    const doc = (await store.getDocument(e.ancn)) ?? (deps.documents ? await deps.documents.getDocument(e.ancn) : null);
    if (!doc) {
      const why =
        e.origin === 'historical-paper'
          ? 'a permit restored from paper gets its electronic form when it is converted (seed 004 ¶3.19)'
          : 'its signed document is not available';
      throw new DomainError('CONFLICT', `${e.ancn} has no electronic document to print: ${why}`);
    }
    res
      .type('html')
      .send(await renderPresentationForm(e, doc.xml, deps.publicBaseUrl ? verificationPageUrl(deps.publicBaseUrl, e.ancn) : undefined));
  });

  // ---- maintenance ---------------------------------------------------------------------------------

  router.post('/v1/register/permits', async (req, res) => {
    const p = requirePrincipal(res, rolesOf('POST /v1/register/permits'));
    const idem = requiredKey(req, p);
    const b = parse(ZPermitEntryBody, req.body);
    const result = await onceForKey(deps.idempotency, idem, 201, async () => {
      const r = await register.enter(
        {
          register: 'permits',
          operation: b.operation,
          ...(b.number ? { number: b.number } : {}),
          serviceCode: b.serviceCode,
          category: b.category,
          holder: b.holder,
          licensorBody: b.licensorBody as keyof typeof LICENSOR_BODIES,
          activity: b.activity,
          issuedAt: b.issuedAt,
          ...(b.validFrom ? { validFrom: b.validFrom } : {}),
          validUntil: b.validUntil ?? null,
          appendices: b.appendices ?? [],
          reason: b.reason,
          idempotencyKey: serviceKey(idem),
        },
        actorOf(p),
      );
      return { entry: fullEntry(r.entry), noticeAncn: r.notice.ancn };
    });
    send(res, result);
  });

  // seed 004 ¶25-28: filed 24/7 by the portal, entered automatically, signed with the system's signature.
  router.post('/v1/register/notifications', async (req, res) => {
    const p = requirePrincipal(res, rolesOf('POST /v1/register/notifications'));
    const idem = requiredKey(req, p);
    const b = parse(ZNotificationBody, req.body);
    const result = await onceForKey(deps.idempotency, idem, 201, async () => {
      const r = await register.enter(
        {
          register: 'notifications',
          operation: 'file-start',
          serviceCode: b.serviceCode,
          holder: b.holder,
          licensorBody: b.licensorBody as keyof typeof LICENSOR_BODIES,
          activity: b.activity,
          issuedAt: b.startsAt ?? new Date(),
          reason: 'notification of the start of activity filed through the portal',
          idempotencyKey: serviceKey(idem),
        },
        { subject: p.subject, kind: 'system' },
      );
      return { entry: openEntry(r.entry, toKzIso), noticeAncn: r.notice.ancn };
    });
    send(res, result);
  });

  router.post(
    '/v1/register/:kind/:ancn/operations/:operation',
    async (req: Request<{ kind: string; ancn: string; operation: string }>, res: Response) => {
      const kind = parse(ZKind, req.params.kind, 'path.kind', 'path');
      const ops: readonly string[] = kind === 'permits' ? PERMIT_OPERATIONS : NOTIFICATION_OPERATIONS;
      if (!ops.includes(req.params.operation)) {
        throw new DomainError(
          'UNKNOWN_ACTION',
          `"${req.params.operation}" is not an operation of the register of ${kind} (known: ${ops.join(', ')})`,
          [{ field: 'path.operation', message: 'unknown operation' }],
        );
      }
      const ancn = ancnParam(req.params.ancn);
      // seed 004 ¶13.12: the holder files the end of its own activity through the portal.
      const portalEnd = kind === 'notifications' && req.params.operation === 'file-end';
      const p = requirePrincipal(res, portalEnd ? REGISTER_FILE_END : rolesOf('POST /v1/register/{kind}/{ancn}/operations/{operation}'));
      const idem = requiredKey(req, p);
      const b = parse(ZRegisterOperationBody, req.body);
      const operation = req.params.operation;
      const result = await onceForKey(deps.idempotency, idem, 200, async () => {
        const r = await register.apply(
          ancn,
          operation,
          {
            reason: b.reason,
            idempotencyKey: serviceKey(idem),
            ...(b.validUntil ? { validUntil: b.validUntil } : {}),
            ...(b.corrections ? { corrections: b.corrections } : {}),
          },
          p.role === 'portal' ? { subject: p.subject, kind: 'system' } : actorOf(p),
        );
        return {
          entry: p.role === 'portal' ? openEntry(r.entry, toKzIso) : fullEntry(r.entry),
          history: { ...openHistory(r.history, toKzIso), seq: r.history.seq, fromStatus: r.history.fromStatus, reason: r.history.reason },
          noticeAncn: r.notice.ancn,
        };
      });
      send(res, result);
    },
  );

  // ---- verification ------------------------------------------------------------------------------------

  router.post(
    '/v1/documents/verify',
    express.text({ type: ['application/xml', 'text/xml', 'application/*+xml'], limit: deps.xmlLimit ?? '1mb' }),
    async (req, res) => {
      if (typeof req.body !== 'string' || req.body.trim() === '') {
        throw new DomainError('VALIDATION_FAILED', 'send the signed XML document as the body with Content-Type: application/xml', [
          { field: 'body', message: 'no XML' },
        ]);
      }
      res.json(await checkSignedDocument(req.body));
    },
  );

  /**
   * The document's signature, its signing certificate and, through the NCA, the certificate's status at the
   * signing time: the document's IssuedAt (inside the signed content; ours: no signed timestamp exists),
   * else `recordedAt` (when the system kept it, which a signer cannot move back), else now.
   */
  async function checkSignedDocument(xml: string, recordedAt?: Date) {
    let header: { ancn?: string; documentType?: string; kind?: string } = {};
    let issuedAtText: string | undefined;
    try {
      const root = parseXmlStrict(xml).documentElement;
      const text = (name: string): string | undefined => root?.getElementsByTagNameNS('*', name)[0]?.textContent ?? undefined;
      const ancn = root?.getAttribute('ancn') ?? text('Ancn');
      header = {
        ...(ancn ? { ancn } : {}),
        ...(text('DocumentType') ? { documentType: text('DocumentType') } : {}),
        ...(text('Kind') ? { kind: text('Kind') } : {}),
      };
      issuedAtText = text('IssuedAt');
    } catch {
      // not well-formed: the verification result already says so
    }
    // Is it the very document the system issued under that number?
    let registered: 'identical' | 'differs' | 'unknown' = 'unknown';
    if (header.ancn) {
      const kept = (await store.getDocument(header.ancn)) ?? (deps.documents ? await deps.documents.getDocument(header.ancn) : null);
      if (kept) registered = kept.xml === xml ? 'identical' : 'differs';
    }
    // seed 002 ¶6(2): revocation of the signing certificate, at the moment the document says it was signed
    // (its IssuedAt, inside the signed content; ours: no signed timestamp exists), else when the system
    // kept it, else now. The signer judges it where it checks revocation itself (NCANode), the NCA's own
    // register below otherwise.
    const issuedAt = issuedAtText ? new Date(issuedAtText) : null;
    const signedAt = issuedAt && !Number.isNaN(issuedAt.getTime()) ? issuedAt : (recordedAt ?? new Date());
    const result = await signer.verify(xml, { signedAt });
    let valid = result.valid;
    let revocation = result.revocation;
    const reasons = [...result.reasons];
    let signedBeforeRevocation: { signedAt: string; revokedAt: string; reason: string } | undefined = result.signedBeforeRevocation;
    let revokedBeforeSigning: { revokedAt: string; reason: string } | undefined;
    const x509 = safeSigningX509(xml);
    const cert = x509?.toString() ?? null;
    if (deps.signerStatus && cert) {
      const status = await deps.signerStatus(cert, signedAt);
      if (status.kind === 'revoked') {
        valid = false;
        revocation = 'revoked';
        signedBeforeRevocation = undefined;
        revokedBeforeSigning = { revokedAt: status.revokedAt.toISOString(), reason: status.reason };
        if (!reasons.some((r) => r.startsWith('revoked:')))
          reasons.push(
            `revoked: the signing certificate was revoked at ${status.revokedAt.toISOString()} (${status.reason}), before the signing time ${signedAt.toISOString()}`,
          );
      } else if (status.kind === 'invalid') {
        valid = false;
        reasons.push(status.message);
      } else if (status.kind === 'good') {
        revocation = 'good';
        if (status.revokedLater) {
          signedBeforeRevocation = {
            signedAt: signedAt.toISOString(),
            revokedAt: status.revokedLater.revokedAt.toISOString(),
            reason: status.revokedLater.reason,
          };
        }
      }
    }
    const signerView = result.signerSubject
      ? {
          subject: result.signerSubject,
          ...(x509 ? { serial: x509.serialNumber.toLowerCase(), issuer: x509.issuer.replace(/\n/g, ', ') } : {}),
        }
      : null;
    return {
      valid,
      integrity: result.integrity,
      certificateValid: result.certificateValid ?? false,
      ...(revocation ? { revocation } : {}),
      ...(revokedBeforeSigning ? { revokedBeforeSigning } : {}),
      ...(signedBeforeRevocation ? { signedBeforeRevocation } : {}),
      signer: signerView,
      signedAt: signedAt.toISOString(),
      document: header,
      registered,
      reasons,
    };
  }

  // seed 002 ¶6(2): the public verification of a printed document (no login), opened from its QR code.
  router.get('/v1/documents/:ancn/verification', async (req: Request<{ ancn: string }>, res: Response) => {
    const ancn = ancnParam(req.params.ancn);
    const doc = (await store.getDocument(ancn)) ?? (deps.documents ? await deps.documents.getDocument(ancn) : null);
    if (!doc) throw new DomainError('NOT_FOUND', `no document ${ancn}`, [{ field: 'path.ancn', message: 'no such document' }]);
    const check = await checkSignedDocument(doc.xml, doc.issuedAt);
    const title = safeText(doc.xml, 'Title');
    const status = !check.integrity
      ? 'invalid'
      : check.revocation === 'revoked'
        ? 'revoked'
        : check.signedBeforeRevocation
          ? 'valid-signed-before-revocation'
          : check.valid
            ? 'valid'
            : 'invalid';
    res.setHeader('Cache-Control', 'no-store');
    res.json({
      ancn: doc.ancn,
      documentType: check.document.documentType ?? null,
      kind: doc.kind,
      ...(title ? { title } : {}),
      recordedAt: toKzIso(doc.issuedAt),
      signedAt: toKzIso(new Date(check.signedAt)),
      signer: check.signer
        ? {
            ...check.signer,
            subject: maskedSubject(check.signer.subject),
            ...(check.signer.issuer ? { issuer: maskedSubject(check.signer.issuer) } : {}),
          }
        : null,
      status,
      valid: check.valid,
      integrity: check.integrity,
      certificateValid: check.certificateValid,
      revocation: check.revocation ?? 'not-checked',
      ...(check.revokedBeforeSigning
        ? { revokedAt: toKzIso(new Date(check.revokedBeforeSigning.revokedAt)), revocationReason: check.revokedBeforeSigning.reason }
        : {}),
      ...(check.signedBeforeRevocation
        ? {
            revokedAt: toKzIso(new Date(check.signedBeforeRevocation.revokedAt)),
            revocationReason: check.signedBeforeRevocation.reason,
            signedBeforeRevocation: true,
          }
        : {}),
      reasons: check.reasons.map(maskedSubject),
      checkedAt: toKzIso(new Date()),
      ...(deps.publicBaseUrl ? { page: verificationPageUrl(deps.publicBaseUrl, doc.ancn) } : {}),
    });
  });

  return router;
}

function safeSigningX509(xml: string): ReturnType<typeof signingCertificateOf> {
  try {
    return signingCertificateOf(xml);
  } catch {
    return null;
  }
}

function safeText(xml: string, name: string): string | undefined {
  try {
    return parseXmlStrict(xml).documentElement?.getElementsByTagNameNS('*', name)[0]?.textContent ?? undefined;
  } catch {
    return undefined;
  }
}

// ---- OpenAPI ------------------------------------------------------------------------------------------

/**
 * Adds the register's paths to the OpenAPI document (api/openapi.ts calls it beside its own:
 * `registerOpenApiPaths(registry, secured)`).
 */
export function registerOpenApiPaths(
  registry: OpenAPIRegistry,
  h: {
    secured: Array<Record<string, string[]>>;
    json: (schema: ZodType, description: string) => ResponseConfig;
    problems: (...statuses: Array<number | [number, ...string[]]>) => Record<number, ResponseConfig>;
  },
): void {
  const { secured, problems } = h;
  const kind = ZKind.openapi({ param: { description: 'which register' }, example: 'permits' });
  const ancn = z
    .string()
    .regex(ANCN_PATTERN)
    .openapi({
      param: { description: 'ANCN of the permit (PRM) or notification (NTF); wrong check digits name no entry (404)' },
      example: 'KZ56PRM00000001',
    });
  const operation = z.enum([...new Set<string>([...PERMIT_OPERATIONS, ...NOTIFICATION_OPERATIONS])] as [string, ...string[]]).openapi({
    param: { description: `permits: ${PERMIT_OPERATIONS.join(', ')}; notifications: ${NOTIFICATION_OPERATIONS.join(', ')}` },
    example: 'suspend',
  });
  const json = (description: string): ResponseConfig => h.json(z.object({}).passthrough(), description);
  // The API's one Idempotency-Key rule: the same key and body give the first answer again (with
  // Idempotent-Replayed: true); the key with another body or path is 409 IDEMPOTENCY_KEY_REUSED.
  const keyHeader = z.object({ 'Idempotency-Key': ZIdempotencyKeyHeader });
  // One path per register, not `/v1/register/{kind}`: POST /v1/register/permits (and /notifications) is a
  // concrete path, which OpenAPI matches before any template, so the search must be listed on it too.
  for (const k of ZKind.options) {
    registry.registerPath({
      method: 'get',
      path: `/v1/register/${k}`,
      summary: `Open search of the register of ${k} (anonymous; seed 004 ¶14): open fields only, never an individual’s IIN or name`,
      tags: ['register'],
      request: { query: ZRegisterSearchQuery },
      responses: { 200: json('one page: items and nextCursor'), ...problems(400, 401, 404) },
    });
  }
  registry.registerPath({
    method: 'get',
    path: '/v1/register/{kind}/{ancn}',
    summary: 'One entry with its history (open view; staff of the body and admins see who acted and why)',
    tags: ['register'],
    request: { params: z.object({ kind, ancn }) },
    responses: { 200: json('the entry'), ...problems(400, 401, 404) },
  });
  registry.registerPath({
    method: 'get',
    path: '/v1/register/{kind}/{ancn}/print',
    summary: 'Presentation form (HTML) with the matrix codes of the signed XML (seed 004 ¶3.25); an individual’s needs sign-in',
    tags: ['register'],
    request: { params: z.object({ kind, ancn }) },
    responses: {
      200: { description: 'HTML', content: { 'text/html': { schema: z.string() } } },
      // 401: an individual’s permit and an anonymous caller; 409: no electronic form yet (paper, not converted)
      ...problems(400, 401, 403, 404, 409),
    },
  });
  registry.registerPath({
    method: 'post',
    path: '/v1/register/permits',
    summary: 'Enter a permit reviewed outside the system (¶48-49) or restore a paper permit (¶6.2) — staff, admin',
    tags: ['register'],
    security: secured,
    request: { headers: keyHeader, body: { required: true, content: { 'application/json': { schema: ZPermitEntryBody } } } },
    responses: {
      201: json('entered; the notice ANCN (the same key and body again: the same answer)'),
      // 409: already entered, or the key was used for another request
      ...problems(400, 401, 403, 404, 409, 413, 422, 503),
    },
  });
  registry.registerPath({
    method: 'post',
    path: '/v1/register/notifications',
    summary: 'File a notification of the start of activity (portal, 24/7, entered at once; ¶25-28)',
    tags: ['register'],
    security: secured,
    request: { headers: keyHeader, body: { required: true, content: { 'application/json': { schema: ZNotificationBody } } } },
    responses: {
      201: json('entered; the notification’s ANCN and the notice ANCN (the same key and body again: the same answer)'),
      ...problems(400, 401, 403, 409, 413, 422, 503),
    },
  });
  registry.registerPath({
    method: 'post',
    path: '/v1/register/{kind}/{ancn}/operations/{operation}',
    summary: 'A register operation (state machine of register/transitions.ts); a forbidden transition is 409',
    tags: ['register'],
    security: secured,
    request: {
      params: z.object({ kind, ancn, operation }),
      headers: keyHeader,
      body: { required: true, content: { 'application/json': { schema: ZRegisterOperationBody } } },
    },
    responses: {
      200: json('the entry, the history row and the notice ANCN (the same key and body again: the same answer)'),
      // 404: unknown entry, or an operation of the other register; 409: not allowed from the current status
      ...problems(400, 401, 403, 404, 409, 413, 422, 503),
    },
  });
  registry.registerPath({
    method: 'get',
    path: '/v1/documents/{ancn}/verification',
    summary:
      "Public (no login): the verification of a document the system keeps, opened from the QR code of its printed form — ANCN, type, signer (subject, certificate serial), signing time, validity and the NCA's revocation status at the signing time (seed 002 ¶6(2))",
    tags: ['documents'],
    request: {
      params: z.object({
        ancn: z
          .string()
          .regex(ANCN_PATTERN)
          .openapi({ param: { description: 'ANCN of the document (any type)' }, example: 'KZ56PRM00000001' }),
      }),
    },
    responses: {
      200: json(
        'ancn, documentType, kind, signer {subject (an IIN masked), serial, issuer}, signedAt, status (valid | valid-signed-before-revocation | revoked | invalid), revocation, revokedAt, revocationReason, reasons',
      ),
      ...problems(400, 404),
    },
  });
  registry.registerPath({
    method: 'post',
    path: '/v1/documents/verify',
    summary: 'Verify a signed XML document: signer, validity, integrity, and whether it is the document the system issued under its ANCN',
    tags: ['documents'],
    // The body is the XML document itself: a JSON Schema of a string says nothing about it (Schemathesis wraps
    // a generated string in <data>…</data>), so no length is stated; an empty body is the documented 400.
    request: {
      body: { required: true, content: { 'application/xml': { schema: z.string().openapi({ description: 'the signed XML document' }) } } },
    },
    responses: { 200: json('valid, integrity, certificateValid, signer, document, registered, reasons'), ...problems(400, 413) },
  });
}

/**
 * Side effects every regulation's workflow shares. Thin: validate, call a port, map failures.
 * - A refusal (bad input, unknown application, idempotency key reused with other content, the signing
 *   server refusing the key) is a non-retryable ApplicationFailure whose type is a clear code.
 * - An outage (store, signer, portal, monitoring unreachable) is rethrown as it is: Temporal retries.
 * Every call is idempotent by its idempotency key (workflowId + step), so a retry never allocates a
 * second ANCN for the same document, signs twice, or shows the applicant a message twice.
 */
import { ApplicationFailure } from '@temporalio/common';
import { z } from 'zod';
import type { CommonActivities, DocumentRequest, IssuedDocument, MrpAnswer, RecordProgressInput } from './common-types';
import type { ApplicationStore, StoredDocument } from '../persistence/port';
import type { DocumentSigner } from '../adapters/signer/port';
import type { PersonalCabinet } from '../adapters/cabinet/port';
import type { MonitoringSystem } from '../adapters/monitoring/port';
import { IdempotencyConflictError } from '../adapters/cabinet/idempotent-log';
import { CabinetRejectedError } from '../adapters/cabinet/port';
import { MonitoringRejectedError } from '../adapters/monitoring/port';
import { SignerKeyRevokedError, SignerRejectedError } from '../adapters/signer/errors';
import { signatureRefOf } from '../adapters/signer/xmldsig';
import { formatAncn, isDocumentTypeCode } from '../domain/ancn';
import { toKzIso } from '../domain/calendar';
import { buildElectronicDocument } from '../domain/documents';
import { isDomainError } from '../domain/errors';
import { mrpOn, type MrpValue } from '../domain/fees';
import { LICENSOR_BODIES, type LicensorBody } from '../domain/services';
import { describeIssues } from '../domain/zod-issues';

export interface CommonActivityDeps {
  store: ApplicationStore;
  signer: DocumentSigner;
  cabinet: PersonalCabinet;
  monitoring: MonitoringSystem;
  /**
   * Where the MRP per year comes from: the worker passes the published reference data (reference-data/),
   * so a value published through the admin API answers at the next ask; the build's table (domain/fees.ts)
   * unless given.
   */
  mrpOn?: (at: Date) => MrpValue | undefined | Promise<MrpValue | undefined>;
}

const isoMoment = z.iso.datetime({ offset: true });
const key = z.string().min(1).max(200);

const RecordProgressSchema = z.object({
  applicationId: z.string().min(1),
  stage: z.string().min(1).optional(),
  status: z.string().min(1).optional(),
  slaState: z.string().min(1).optional(),
  dueAt: isoMoment.optional(),
  resultDocumentAncn: z.string().min(1).nullable().optional(),
  waitingOn: z.string().min(1).optional(),
  licensorBody: z.string().min(1).optional(),
  seq: z.number().int().min(0).optional(),
  pendingActions: z
    .array(z.object({ action: z.string().min(1), by: z.string().min(1), dueAt: isoMoment.optional(), who: z.array(z.string()).optional() }))
    .optional(),
  audit: z
    .object({
      actor: z.string().min(1),
      action: z.string().min(1),
      at: isoMoment,
      details: z.record(z.string(), z.unknown()).optional(),
      signatureRef: z.string().min(1).nullable().optional(),
      idempotencyKey: key,
    })
    .optional(),
});

const DocumentRequestSchema = z.object({
  applicationId: z.string().min(1),
  serviceCode: z.string().min(1),
  kind: z.string().min(1),
  documentType: z.string().length(3),
  signer: z.enum(['provider', 'system', 'operator']),
  issuedAt: isoMoment,
  title: z.string().min(1),
  body: z.record(z.string(), z.unknown()),
  idempotencyKey: key,
});

function validated<T>(schema: z.ZodType<T>, input: unknown, what: string): T {
  const r = schema.safeParse(input);
  if (!r.success) {
    throw ApplicationFailure.nonRetryable(`${what}: ${describeIssues(r.error)}`, 'VALIDATION_FAILED');
  }
  return r.data;
}

/** Store errors that a later attempt can get past: an outage, a concurrent writer. */
const RETRYABLE_CODES = new Set(['UPSTREAM_UNAVAILABLE', 'CONFLICT']);

/** Adapter refusals become final failures; anything else (outages) is rethrown for Temporal to retry. */
function refusalToFailure(e: unknown): never {
  if (e instanceof IdempotencyConflictError) throw ApplicationFailure.nonRetryable(e.message, 'IDEMPOTENCY_KEY_REUSED');
  if (e instanceof CabinetRejectedError || e instanceof MonitoringRejectedError)
    throw ApplicationFailure.nonRetryable(e.message, 'VALIDATION_FAILED');
  if (e instanceof SignerRejectedError) throw ApplicationFailure.nonRetryable(e.message, 'SIGNING_REFUSED');
  if (isDomainError(e) && !RETRYABLE_CODES.has(e.code)) throw ApplicationFailure.nonRetryable(e.message, e.code, e.details);
  throw e;
}

function issued(doc: StoredDocument): IssuedDocument {
  return { ancn: doc.ancn, kind: doc.kind, signatureRef: signatureRefOf(doc.xml), issuedAt: toKzIso(doc.issuedAt) };
}

export function createCommonActivities(deps: CommonActivityDeps): CommonActivities {
  const { store, signer, cabinet, monitoring } = deps;

  /**
   * The signing key's certificate is revoked (pki/system-signers.ts): the case waits on a new key and is
   * escalated once (the audit key), visible on the dashboard; the error stays retryable, so the document
   * is signed as soon as the signer holds a good key.
   */
  async function escalateRevokedKey(req: DocumentRequest, e: SignerKeyRevokedError): Promise<void> {
    await store
      .updateApplication(
        req.applicationId,
        { waitingOn: `a new ${e.role} signing key (its certificate was revoked)` },
        {
          actor: 'system',
          action: 'escalated',
          at: new Date(),
          details: {
            cause: 'signing-key-revoked',
            role: e.role,
            revokedAt: e.revokedAt.toISOString(),
            reason: e.reason,
            document: req.kind,
          },
          idempotencyKey: `${req.idempotencyKey}:signing-key-revoked`,
        },
      )
      .catch(() => undefined); // the escalation is best effort; the retry is what matters
  }
  const mrpAt = deps.mrpOn ?? mrpOn;

  return {
    /** Reference data as published: the answer is recorded in the case's history, so a replay never changes. */
    async lookUpMrp(input: { at: string }): Promise<MrpAnswer | null> {
      const at = new Date(input.at);
      if (Number.isNaN(at.getTime())) throw ApplicationFailure.nonRetryable(`lookUpMrp: not a moment: ${input.at}`, 'VALIDATION_FAILED');
      const row = await mrpAt(at);
      return row ? { year: row.year, tenge: row.tenge, source: row.source } : null;
    },
    /** Progress and its audit event in one store transaction; the audit key makes a retry a no-op. */
    async recordProgress(input: RecordProgressInput): Promise<void> {
      const p = validated(RecordProgressSchema, input, 'recordProgress');
      const { audit } = p;
      await store
        .updateApplication(
          p.applicationId,
          {
            ...(p.stage !== undefined ? { stage: p.stage } : {}),
            ...(p.status !== undefined ? { status: p.status } : {}),
            ...(p.slaState !== undefined ? { slaState: p.slaState } : {}),
            ...(p.dueAt !== undefined ? { dueAt: new Date(p.dueAt) } : {}),
            ...(p.resultDocumentAncn !== undefined ? { resultDocumentAncn: p.resultDocumentAncn } : {}),
            ...(p.waitingOn !== undefined ? { waitingOn: p.waitingOn } : {}),
            ...(p.licensorBody !== undefined ? { licensorBody: p.licensorBody } : {}),
            ...(p.pendingActions !== undefined ? { pendingActions: p.pendingActions } : {}),
            ...(p.seq !== undefined && audit ? { version: { at: new Date(audit.at), seq: p.seq } } : {}),
          },
          audit
            ? {
                actor: audit.actor,
                action: audit.action,
                at: new Date(audit.at),
                ...(audit.details ? { details: audit.details } : {}),
                ...(audit.signatureRef !== undefined ? { signatureRef: audit.signatureRef } : {}),
                idempotencyKey: audit.idempotencyKey,
              }
            : undefined,
        )
        .catch(refusalToFailure);
    },

    /**
     * seed 004 ¶10-11: builds the XML document with its own ANCN and signs it (seed 003 ¶12: with the
     * authorized person's ECDS; seed 004 ¶18-1: with the system's transport signature in automatic mode).
     * A retry with the same idempotency key returns the document already issued: same ANCN, no new signature.
     */
    async issueDocument(input: DocumentRequest): Promise<IssuedDocument> {
      const req = validated(DocumentRequestSchema, input, 'issueDocument');
      const existing = await store.getDocumentByIdempotencyKey(req.idempotencyKey);
      if (existing) {
        if (existing.applicationId !== req.applicationId || existing.kind !== req.kind) {
          throw ApplicationFailure.nonRetryable(
            `idempotency key ${req.idempotencyKey} already issued ${existing.kind} ${existing.ancn} for application ${existing.applicationId}`,
            'IDEMPOTENCY_KEY_REUSED',
          );
        }
        return issued(existing);
      }

      const application = await store.getApplication(req.applicationId);
      if (!application) throw ApplicationFailure.nonRetryable(`application ${req.applicationId} is not known`, 'UNKNOWN_APPLICATION');
      const bodyCode = application.licensorBody as LicensorBody;
      const issuerName = LICENSOR_BODIES[bodyCode];
      if (!issuerName)
        throw ApplicationFailure.nonRetryable(
          `application ${req.applicationId} names an unknown licensor body "${application.licensorBody}"`,
          'VALIDATION_FAILED',
        );

      const build = (ancn: string): string =>
        buildElectronicDocument({
          ancn,
          documentType: req.documentType,
          kind: req.kind,
          title: req.title,
          issuedAt: req.issuedAt,
          issuer: { code: bodyCode, name: issuerName },
          serviceCode: req.serviceCode,
          applicationId: req.applicationId,
          recipientRef: application.applicantRef,
          signer: req.signer,
          body: req.body,
        });
      let ancn: string;
      let xml: string;
      try {
        // Dry run under a placeholder number first: a document that cannot be built consumes no ANCN.
        build(isDocumentTypeCode(req.documentType) ? formatAncn(req.documentType, 1) : 'KZ00XXX00000000');
        ancn = await store.allocateAncn(req.documentType);
        xml = build(ancn);
      } catch (e) {
        refusalToFailure(e);
      }

      const signed = await signer.sign(xml, { signer: req.signer }).catch(async (e: unknown) => {
        if (e instanceof SignerKeyRevokedError) await escalateRevokedKey(req, e);
        return refusalToFailure(e);
      });
      await store
        .saveDocument({
          idempotencyKey: req.idempotencyKey,
          ancn,
          applicationId: req.applicationId,
          kind: req.kind,
          xml: signed.signedXml,
          issuedAt: new Date(req.issuedAt),
        })
        .catch(async (e: unknown) => {
          // A concurrent attempt with the same key may have won the unique key: that document stands.
          if (await store.getDocumentByIdempotencyKey(req.idempotencyKey)) return;
          refusalToFailure(e);
        });
      const stored = await store.getDocumentByIdempotencyKey(req.idempotencyKey);
      return stored
        ? issued(stored)
        : { ancn, kind: req.kind, signatureRef: signed.signatureRef, issuedAt: toKzIso(new Date(req.issuedAt)) };
    },

    async deliverToCabinet(input): Promise<void> {
      await cabinet
        .deliver({
          idempotencyKey: input.idempotencyKey,
          applicantRef: input.applicantRef,
          applicationId: input.applicationId,
          kind: input.kind,
          ...(input.ancn ? { ancn: input.ancn } : {}),
          message: input.message,
        })
        .catch(refusalToFailure);
    },

    /** seed 003 ¶14: stage data to the monitoring system. */
    async reportToMonitoring(input): Promise<void> {
      await monitoring
        .reportStage({
          idempotencyKey: input.idempotencyKey,
          applicationId: input.applicationId,
          serviceCode: input.serviceCode,
          stage: input.stage,
          at: input.at,
        })
        .catch(refusalToFailure);
    },

    /** seed 003 ¶15: service name, application ANCN, applicant IIN/BIN, time of the error, context. */
    async reportTechnicalFailure(input): Promise<void> {
      await monitoring
        .reportTechnicalFailure({
          idempotencyKey: input.idempotencyKey,
          serviceName: input.serviceName,
          applicationAncn: input.applicationAncn,
          applicantRef: input.applicantRef,
          occurredAt: input.occurredAt,
          error: input.error,
          context: input.context,
        })
        .catch(refusalToFailure);
    },
  };
}

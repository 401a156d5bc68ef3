/**
 * What every ApplicationStore implementation shares: input checks (bad input → a DomainError, nothing
 * written), list ordering and cursors, and the one shape records are returned in, so the in-memory,
 * SQLite and PostgreSQL stores are interchangeable (test/persistence/contract.ts).
 */
import { z } from 'zod';
import { parseAncn } from '../domain/ancn';
import { DomainError } from '../domain/errors';
import { ServiceCodeSchema } from '../domain/services';
import { COMPLAINT_SERVICE_CODE } from '../domain/complaints';
import type {
  ApplicationProgress,
  ApplicationRecord,
  ApplicationStore,
  AuditEvent,
  IdempotencyRecord,
  NewApplication,
  StoredDocument,
} from './port';
import { invalidInput } from '../domain/zod-issues';

export const DEFAULT_LIST_LIMIT = 50;
export const MAX_LIST_LIMIT = 500;

const text = z.string().min(1).max(500);
const date = z.date().refine((d) => !Number.isNaN(d.getTime()), 'must be a valid date');
const ancn = z.string().transform((s, ctx) => {
  try {
    return parseAncn(s).ancn;
  } catch (e) {
    ctx.addIssue({ code: 'custom', message: e instanceof Error ? e.message : String(e) });
    return z.NEVER;
  }
});

const NewApplicationSchema = z.object({
  id: text,
  serviceCode: ServiceCodeSchema,
  workflowId: text,
  ancn,
  applicantRef: text,
  licensorBody: text,
  stage: text.optional(),
  status: text.optional(),
  slaState: text.optional(),
  waitingOn: text.optional(),
  pendingActions: z.lazy(() => PendingActionsSchema).optional(),
  submittedAt: date,
  registeredAt: date,
  dueAt: date,
  calendarVersion: text,
});

/** CaseStatus.pendingActions (workflows/shared/case.ts), stored with each progress for the staff inbox. */
const PendingActionsSchema = z
  .array(
    z.object({
      action: text,
      by: text,
      dueAt: z.iso.datetime({ offset: true }).optional(),
      who: z.array(text).max(100).optional(),
    }),
  )
  .max(50);

const ProgressSchema = z.object({
  stage: text.optional(),
  status: text.optional(),
  slaState: text.optional(),
  dueAt: date.optional(),
  resultDocumentAncn: ancn.nullable().optional(),
  waitingOn: text.optional(),
  pendingActions: PendingActionsSchema.optional(),
  licensorBody: text.optional(),
  version: z.object({ at: date, seq: z.number().int().min(0) }).optional(),
});

const AuditSchema = z.object({
  applicationId: text,
  actor: text,
  action: text,
  at: date,
  details: z.record(z.string(), z.unknown()).optional(),
  signatureRef: z.string().min(1).max(500).nullable().optional(),
  idempotencyKey: text.optional(),
});

const DocumentSchema = z.object({
  idempotencyKey: text.nullable().optional(),
  ancn,
  applicationId: text,
  kind: text,
  xml: z.string().min(1),
  issuedAt: date,
});

const IdempotencySchema = z.object({
  key: text,
  principal: text,
  requestHash: text,
  responseStatus: z.number().int().min(100).max(599),
  responseBody: z.string(),
  createdAt: date,
});

const ListFilterSchema = z.object({
  serviceCode: text.optional(),
  stage: text.optional(),
  slaState: text.optional(),
  licensorBody: text.optional(),
  limit: z.number().int().min(1).max(MAX_LIST_LIMIT).optional(),
  cursor: z.string().min(1).max(1000).optional(),
});

const SEQUENCE_TYPE = /^[A-HJ-NP-Z]{3}$/;

function check<T>(schema: z.ZodType<T>, input: unknown, what: string): T {
  const parsed = schema.safeParse(input);
  if (parsed.success) return parsed.data;
  throw invalidInput(parsed.error, what);
}

/** What a store is built with by its composition root (worker.ts, api/main.ts). */
export interface StoreOptions {
  /**
   * The codes of the registered services (services/index.ts SERVICE_CODES): an application of any other
   * service is refused. Without it a store accepts any well-formed code (the API checks codes first).
   */
  serviceCodes?: readonly string[];
}

/** The check of a new application for a store built with `options`. */
export function newApplicationCheck(options: StoreOptions = {}): (app: NewApplication) => ReturnType<typeof checkNewApplication> {
  // A complaint (domain/complaints.ts) is a record of its own beside the services' cases.
  const known = options.serviceCodes ? [...options.serviceCodes, COMPLAINT_SERVICE_CODE] : undefined;
  if (!known) return checkNewApplication;
  const schema = NewApplicationSchema.extend({
    serviceCode: ServiceCodeSchema.refine((c) => known.includes(c), { message: `not a registered service (one of: ${known.join(', ')})` }),
  });
  return (app) => checkNewApplication(check(schema, app, 'application'));
}

export function checkNewApplication(app: NewApplication): NewApplication & { stage: string; status: string; slaState: string } {
  const a = check(NewApplicationSchema, app, 'application');
  // A case starts registered and open, on track (workflows/shared/case.ts CASE_OUTCOMES, SLA_STATES).
  return { ...a, stage: a.stage ?? 'registered', status: a.status ?? 'open', slaState: a.slaState ?? 'on-track' };
}

export function checkProgress(p: ApplicationProgress): ApplicationProgress {
  return check(ProgressSchema, p, 'progress');
}

export function checkAudit(e: AuditEvent): AuditEvent {
  return check(AuditSchema, e, 'audit event');
}

export function checkDocument(d: StoredDocument): StoredDocument {
  return check(DocumentSchema, d, 'document');
}

export function checkIdempotency(r: IdempotencyRecord): IdempotencyRecord {
  return check(IdempotencySchema, r, 'idempotency record');
}

export function checkSequenceType(documentType: string): string {
  // seed 004 appendix: TTT is three Latin letters other than I and O.
  if (typeof documentType !== 'string' || !SEQUENCE_TYPE.test(documentType)) {
    throw new DomainError(
      'INVALID_ANCN',
      `document-type code "${String(documentType)}" must be three Latin capital letters other than I and O`,
      [{ field: 'documentType', message: 'three Latin capital letters other than I and O (seed 004 appendix)' }],
    );
  }
  return documentType;
}

export type ListFilter = Parameters<ApplicationStore['listApplications']>[0];

/** Dashboard order: newest registration first, id as tie-breaker; the cursor is the last row's key. */
export interface ListPosition {
  registeredAt: Date;
  id: string;
}

export function checkListFilter(filter: ListFilter): ListFilter & { limit: number; after: ListPosition | null } {
  const f = check(ListFilterSchema, filter ?? {}, 'list filter');
  return { ...f, limit: f.limit ?? DEFAULT_LIST_LIMIT, after: f.cursor ? decodeCursor(f.cursor) : null };
}

export function encodeCursor(p: ListPosition): string {
  return Buffer.from(JSON.stringify([p.registeredAt.toISOString(), p.id])).toString('base64url');
}

function decodeCursor(cursor: string): ListPosition {
  const bad = (): DomainError =>
    new DomainError('VALIDATION_FAILED', 'cursor is not one this list returned', [{ field: 'cursor', message: 'unknown cursor' }]);
  let raw: unknown;
  try {
    raw = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw bad();
  }
  const parsed = z.tuple([z.iso.datetime(), z.string().min(1)]).safeParse(raw);
  if (!parsed.success) throw bad();
  return { registeredAt: new Date(parsed.data[0]), id: parsed.data[1] };
}

/** True when `a` comes after the cursor position in dashboard order. */
export function isAfter(a: ListPosition, cursor: ListPosition): boolean {
  const t = a.registeredAt.getTime() - cursor.registeredAt.getTime();
  return t < 0 || (t === 0 && a.id < cursor.id);
}

export function compareListOrder(a: ListPosition, b: ListPosition): number {
  const t = b.registeredAt.getTime() - a.registeredAt.getTime();
  if (t !== 0) return t;
  return a.id < b.id ? 1 : a.id > b.id ? -1 : 0;
}

export function page(items: ApplicationRecord[], limit: number): { items: ApplicationRecord[]; nextCursor: string | null } {
  const more = items.length > limit;
  const slice = more ? items.slice(0, limit) : items;
  const last = slice[slice.length - 1];
  return { items: slice, nextCursor: more && last ? encodeCursor(last) : null };
}

/** The one returned shape of an audit event (optional fields present only when set). */
export function auditOut(e: {
  id: string | number;
  applicationId: string;
  actor: string;
  action: string;
  at: Date;
  details?: unknown;
  signatureRef?: string | null;
  idempotencyKey?: string | null;
}): AuditEvent {
  return {
    id: String(e.id),
    applicationId: e.applicationId,
    actor: e.actor,
    action: e.action,
    at: e.at,
    ...(e.details !== null && e.details !== undefined ? { details: e.details as Record<string, unknown> } : {}),
    signatureRef: e.signatureRef ?? null,
    ...(e.idempotencyKey ? { idempotencyKey: e.idempotencyKey } : {}),
  };
}

export function documentOut(d: StoredDocument): StoredDocument {
  return {
    ancn: d.ancn,
    applicationId: d.applicationId,
    kind: d.kind,
    xml: d.xml,
    issuedAt: d.issuedAt,
    idempotencyKey: d.idempotencyKey ?? null,
  };
}

export function unknownApplication(id: string): DomainError {
  return new DomainError('UNKNOWN_APPLICATION', `application ${id} is not known`, [
    { field: 'applicationId', message: 'unknown application' },
  ]);
}

export function sequenceExhausted(documentType: string): DomainError {
  // seed 004 appendix: NNNNNNNN has eight digits; the 100,000,000th document of a type has no number.
  return new DomainError('CONFLICT', `the 8-digit ANCN sequence of document type ${documentType} is exhausted (99,999,999 issued)`, [
    { field: 'documentType', message: 'sequence exhausted' },
  ]);
}

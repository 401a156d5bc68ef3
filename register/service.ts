/**
 * The register service: every operation on the registers of permits and notifying subjects (seed 004
 * ¶6, ¶7, ¶16, ¶48-50). One operation =
 *   1. check the transition against the table (register/transitions.ts) — refused: CONFLICT;
 *   2. build and sign the register-maintenance notice (¶10.8, RMN) addressed to the holder;
 *   3. commit the status change, its history row and the notice in ONE transaction, at the version read;
 *      another writer got there first → read again and re-check (step 1), reusing the notice's number;
 *   4. after the commit, deliver the notice to the holder's cabinet (¶13.13).
 * Idempotent by key: a retry returns what the first call did (and re-delivers, the cabinet dedupes).
 */
import { z } from 'zod';
import type { DocumentSigner } from '../adapters/signer/port';
import type { PersonalCabinet } from '../adapters/cabinet/port';
import { parseAncn } from '../domain/ancn';
import { toKzIso } from '../domain/calendar';
import { buildElectronicDocument } from '../domain/documents';
import { DomainError } from '../domain/errors';
import { IinOrBinSchema } from '../domain/identification-number';
import { holderTypeOf, type EntryOrigin, type HistoryRecord, type RegisterDocument, type RegisterEntry } from './entry';
import {
  NOTIFICATION_TRANSITIONS,
  PERMIT_TRANSITIONS,
  isCreatingOperation,
  nextStatus,
  type NotificationOperation,
  type PermitOperation,
  type RegisterKind,
  type Transition,
} from './transitions';
import { LICENSOR_BODIES, ServiceCodeSchema, type LicensorBody } from '../domain/services';
import { DuplicateEntryError, IdempotencyKeyTakenError, StaleEntryError, type RegisterStore } from './store';
import { describeIssues, issueDetails, zodFailureCode } from '../domain/zod-issues';

/** Who acts on the register. 'system' = the e-licensing system itself (automatic entries, ¶50). */
export interface RegisterActor {
  subject: string;
  kind: 'staff' | 'admin' | 'system';
  /** Staff act only on entries of their own licensor body. */
  licensorBody?: string;
}

export interface RegisterServiceDeps {
  store: RegisterStore;
  signer: DocumentSigner;
  cabinet?: PersonalCabinet;
  now?: () => Date;
  /** How often a writer that lost a race re-reads and re-checks before giving up (default 5). */
  maxAttempts?: number;
}

export interface OperationResult {
  entry: RegisterEntry;
  history: HistoryRecord;
  /** The signed register-maintenance notice (RMN). */
  notice: RegisterDocument;
  /** True when the idempotency key had already done this: nothing new was written. */
  replayed: boolean;
}

const ZText = (max: number) => z.string().trim().min(1).max(max);
const ZLicensorBody = z.enum(Object.keys(LICENSOR_BODIES) as [LicensorBody, ...LicensorBody[]]);

/** Creating an entry: issue (¶6.1), an outside review's result (¶48-49), historical data (¶6.2, ¶7.2), a notification (¶25-28). */
export const ZNewEntry = z.object({
  register: z.enum(['permits', 'notifications']),
  operation: z.enum(['issue', 'enter-external-result', 'restore-historical', 'file-start']),
  /** For 'issue': the ANCN of the permit document the licensing workflow signed. Otherwise allocated here. */
  ancn: z.string().optional(),
  /** A paper permit's own number (¶3.10); defaults to the ANCN. */
  number: ZText(60).optional(),
  serviceCode: ServiceCodeSchema,
  category: z.enum(['first', 'second']).nullable().default(null),
  holder: z.object({ ref: IinOrBinSchema, name: ZText(300).optional(), type: z.enum(['individual', 'legal-entity']).optional() }),
  licensorBody: ZLicensorBody,
  activity: ZText(500),
  issuedAt: z.date(),
  validFrom: z.date().optional(),
  validUntil: z.date().nullable().default(null),
  appendices: z.array(ZText(300)).max(100).default([]),
  applicationId: ZText(200).optional(),
  /** Re-issue (¶6.4): the permit this one replaces; it becomes 're-issued' in the same transaction. */
  previousAncn: z.string().optional(),
  reason: ZText(1000),
  idempotencyKey: ZText(300),
});
export type NewEntryRequest = z.input<typeof ZNewEntry>;

export const ZCorrections = z
  .object({ holderName: ZText(300), activity: ZText(500), appendices: z.array(ZText(300)).max(100) })
  .partial()
  .refine((c) => Object.keys(c).length > 0, 'name at least one field to correct');

export const ZOperationRequest = z.object({
  reason: ZText(1000),
  idempotencyKey: ZText(300),
  /** extend: the new end of validity. */
  validUntil: z.date().optional(),
  /** correct-data / change-data. */
  corrections: ZCorrections.optional(),
  /** Moment of the operation; defaults to now. */
  at: z.date().optional(),
  /** duplicate: the ANCN of the signed duplicate document, recorded in the history and the notice. */
  duplicateAncn: z.string().optional(),
});
export type OperationRequest = z.input<typeof ZOperationRequest>;

function tableOf(register: RegisterKind): Record<string, Transition<string>> {
  return register === 'permits' ? PERMIT_TRANSITIONS : NOTIFICATION_TRANSITIONS;
}

/**
 * A request whose every field is well-formed but which the register cannot take as a whole (validUntil
 * before validFrom, an operation that does not take the field given): 422 INCONSISTENT_REQUEST, as the
 * API answers every cross-field contradiction (a field's own shape is checked by the schemas: 400).
 */
function validation(message: string, field: string): DomainError {
  return new DomainError('INCONSISTENT_REQUEST', message, [{ field, message }]);
}

function parseWith<S extends z.ZodType>(schema: S, input: unknown, what: string): z.infer<S> {
  const r = schema.safeParse(input);
  if (!r.success) {
    throw new DomainError(zodFailureCode(r.error, input), `${what}: ${describeIssues(r.error)}`, issueDetails(r.error, '(input)'));
  }
  return r.data;
}

function canonicalAncn(s: string, field: string): string {
  try {
    return parseAncn(s).ancn;
  } catch (e) {
    throw validation(`${field}: ${(e as Error).message}`, field);
  }
}

function assertMayAct(actor: RegisterActor, licensorBody: string): void {
  if (actor.kind === 'staff' && actor.licensorBody !== licensorBody) {
    throw new DomainError('FORBIDDEN', `staff of ${actor.licensorBody ?? '?'} may not maintain entries of ${licensorBody}`);
  }
}

export class RegisterService {
  private readonly now: () => Date;
  private readonly maxAttempts: number;

  constructor(private readonly deps: RegisterServiceDeps) {
    this.now = deps.now ?? (() => new Date());
    this.maxAttempts = deps.maxAttempts ?? 5;
  }

  get store(): RegisterStore {
    return this.deps.store;
  }

  /** Creates an entry (and, for a re-issue, retires the previous permit in the same transaction). */
  async enter(input: NewEntryRequest, actor: RegisterActor): Promise<OperationResult> {
    const req = parseWith(ZNewEntry, input, 'register entry');
    return this.orWinner(req.idempotencyKey, null, req.operation, () => this.enterOnce(req, actor));
  }

  private async enterOnce(req: z.infer<typeof ZNewEntry>, actor: RegisterActor): Promise<OperationResult> {
    const previous = await this.replay(req.idempotencyKey, null, req.operation);
    if (previous) return previous;
    if (req.register === 'notifications' && req.operation !== 'file-start' && req.operation !== 'restore-historical') {
      throw validation(`${req.operation} does not create a notification (use file-start or restore-historical)`, 'operation');
    }
    if (req.register === 'permits' && req.operation === 'file-start')
      throw validation('file-start files a notification, not a permit', 'operation');
    if (req.register === 'notifications' && req.previousAncn) throw validation('only a permit is re-issued', 'previousAncn');
    if (req.previousAncn && req.operation !== 'issue')
      throw validation('a re-issued permit is entered with the operation issue', 'previousAncn');
    if (req.validUntil && req.validUntil.getTime() <= (req.validFrom ?? req.issuedAt).getTime())
      throw validation('validUntil must be after validFrom', 'validUntil');
    if (req.operation === 'issue' && !req.ancn) throw validation('issue enters the permit the workflow signed: give its ANCN', 'ancn');
    if (req.operation !== 'issue' && req.ancn)
      throw validation(`${req.operation}: the register numbers the entry itself; do not give an ANCN`, 'ancn');
    assertMayAct(actor, req.licensorBody);
    nextStatus(req.register, tableOf(req.register), req.operation, 'none');

    const ancn = req.ancn
      ? canonicalAncn(req.ancn, 'ancn')
      : await this.deps.store.allocateAncn(req.register === 'permits' ? 'PRM' : 'NTF');
    const expectedType = req.register === 'permits' ? 'PRM' : 'NTF';
    if (parseAncn(ancn).typeCode !== expectedType)
      throw validation(`the ANCN of a ${req.register === 'permits' ? 'permit' : 'notification'} is of type ${expectedType}`, 'ancn');
    const previousAncn = req.previousAncn ? canonicalAncn(req.previousAncn, 'previousAncn') : null;
    const at = req.issuedAt;
    const origin: EntryOrigin =
      req.operation === 'enter-external-result' ? 'outside-system' : req.operation === 'restore-historical' ? 'historical-paper' : 'system';
    const entry: RegisterEntry = {
      ancn,
      register: req.register,
      number: req.number ?? ancn,
      serviceCode: req.serviceCode,
      category: req.register === 'permits' ? req.category : null,
      holder: {
        ref: req.holder.ref,
        type: req.holder.type ?? holderTypeOf(req.holder.ref),
        ...(req.holder.name ? { name: req.holder.name } : {}),
      },
      licensorBody: req.licensorBody,
      activity: req.activity,
      issuedAt: req.issuedAt,
      validFrom: req.validFrom ?? req.issuedAt,
      validUntil: req.validUntil,
      status: nextStatus(req.register, tableOf(req.register), req.operation, 'none') as RegisterEntry['status'],
      statusChangedAt: at,
      origin,
      appendices: req.appendices,
      duplicates: 0,
      previousAncn,
      replacedByAncn: null,
      applicationId: req.applicationId ?? null,
      version: 1,
    };

    let noticeAncn: string | undefined;
    let entryDocAncn: string | undefined;
    for (let attempt = 1; ; attempt += 1) {
      const won = attempt > 1 ? await this.replay(req.idempotencyKey, null, req.operation) : null;
      if (won) return won;
      const prev = previousAncn ? await this.deps.store.getEntry(previousAncn) : null;
      if (previousAncn) {
        if (!prev || prev.register !== 'permits')
          throw new DomainError('CONFLICT', `reissue is not allowed: permit ${previousAncn} is not in the register`, [
            { field: 'previousAncn', message: 'unknown permit' },
          ]);
        nextStatus('permits', PERMIT_TRANSITIONS, 'reissue', prev.status);
        if (prev.holder.ref !== entry.holder.ref)
          throw new DomainError('CONFLICT', `reissue is not allowed: permit ${previousAncn} belongs to another holder`, [
            { field: 'previousAncn', message: 'other holder' },
          ]);
      }
      noticeAncn ??= await this.deps.store.allocateAncn('RMN');
      const documents: RegisterDocument[] = [];
      // ¶49: an outside review's result is signed with the head's ECDS; a notification gets its ANCN at signing (¶26).
      if (req.operation === 'enter-external-result' || req.operation === 'file-start') {
        entryDocAncn = ancn;
        documents.push(await this.entryDocument(entry, actor, at));
      }
      const summary = prev
        ? `${tableOf('permits')['issue']?.summary}; it replaces permit ${prev.ancn}`
        : (tableOf(req.register)[req.operation] as Transition<string>).summary;
      const notice = await this.notice(
        entry,
        noticeAncn,
        req.operation,
        null,
        entry.status,
        req.reason,
        summary,
        actor,
        at,
        prev ? { replacesAncn: prev.ancn } : {},
      );
      documents.push(notice);
      const history: HistoryRecord[] = [
        this.row(
          entry,
          1,
          req.operation,
          null,
          entry.status,
          actor,
          req.reason,
          noticeAncn,
          at,
          { ...(prev ? { replacesAncn: prev.ancn } : {}), ...(entryDocAncn ? { documentAncn: entryDocAncn } : {}) },
          req.idempotencyKey,
        ),
      ];
      const entries: Array<{ entry: RegisterEntry; expectedVersion: number | null }> = [{ entry, expectedVersion: null }];
      if (prev) {
        const seq = (await this.deps.store.listHistory(prev.ancn)).length + 1;
        entries.push({
          entry: { ...prev, status: 're-issued', statusChangedAt: at, replacedByAncn: ancn, version: prev.version + 1 },
          expectedVersion: prev.version,
        });
        history.push(
          this.row(
            prev,
            seq,
            'reissue',
            prev.status,
            're-issued',
            actor,
            req.reason,
            noticeAncn,
            at,
            { replacedByAncn: ancn },
            `${req.idempotencyKey}:previous`,
          ),
        );
      }
      try {
        await this.deps.store.commit({ entries, history, documents });
      } catch (e) {
        if (e instanceof DuplicateEntryError && e.ancn === ancn) {
          throw new DomainError('CONFLICT', `${ancn} is already in the register`, [{ field: 'ancn', message: 'already entered' }]);
        }
        const done = await this.afterLostRace(e, req.idempotencyKey, null, req.operation, attempt);
        if (done) return done;
        continue;
      }
      await this.deliver(entry, notice, summary);
      return { entry, history: history[0] as HistoryRecord, notice, replayed: false };
    }
  }

  /** An operation on an existing entry (¶6.3-6.4, ¶7.3, ¶16.6-16.10, ¶50). */
  async apply(ancnInput: string, operation: string, input: OperationRequest, actor: RegisterActor): Promise<OperationResult> {
    const ancn = canonicalAncn(ancnInput, 'ancn');
    const req = parseWith(ZOperationRequest, input, operation);
    return this.orWinner(req.idempotencyKey, ancn, operation, () => this.applyOnce(ancn, operation, req, actor));
  }

  /**
   * A refusal may be caused by a concurrent request with the same key that has just done this very
   * operation: then its result is the answer, not the refusal.
   */
  private async orWinner(
    key: string,
    ancn: string | null,
    operation: string,
    work: () => Promise<OperationResult>,
  ): Promise<OperationResult> {
    try {
      return await work();
    } catch (e) {
      if (e instanceof DomainError && e.code === 'CONFLICT') {
        const won = await this.replay(key, ancn, operation);
        if (won) return won;
      }
      throw e;
    }
  }

  private async applyOnce(
    ancn: string,
    operation: string,
    req: z.infer<typeof ZOperationRequest>,
    actor: RegisterActor,
  ): Promise<OperationResult> {
    const previous = await this.replay(req.idempotencyKey, ancn, operation);
    if (previous) return previous;

    let noticeAncn: string | undefined;
    for (let attempt = 1; ; attempt += 1) {
      // A concurrent request with the same key may have won the race we just lost: its result stands.
      const won = attempt > 1 ? await this.replay(req.idempotencyKey, ancn, operation) : null;
      if (won) return won;
      const entry = await this.deps.store.getEntry(ancn);
      if (!entry) throw new DomainError('NOT_FOUND', `${ancn} is not in the register`, [{ field: 'ancn', message: 'unknown entry' }]);
      const table = tableOf(entry.register);
      if (!table[operation]) {
        throw validation(
          `"${operation}" is not an operation of the register of ${entry.register} (known: ${Object.keys(table).join(', ')})`,
          'operation',
        );
      }
      if (isCreatingOperation(entry.register, operation)) nextStatus(entry.register, table, operation, entry.status as string); // CONFLICT: exists
      assertMayAct(actor, entry.licensorBody);
      const to = nextStatus(entry.register, table, operation, entry.status as string, {
        historicalNotConverted: entry.origin === 'historical-paper',
        fixedTerm: entry.validUntil !== null,
      });
      const at = req.at ?? this.now();
      const { changed, details } = this.changes(entry, operation, req);
      const updated: RegisterEntry = {
        ...entry,
        ...changed,
        status: to as RegisterEntry['status'],
        statusChangedAt: to !== entry.status ? at : entry.statusChangedAt,
        version: entry.version + 1,
      };
      noticeAncn ??= await this.deps.store.allocateAncn('RMN');
      const documents: RegisterDocument[] = [];
      if (operation === 'convert-historical') {
        // ¶3.19: the permit confirmed in XML with the head's ECDS; its matrix code is printed from this document.
        documents.push(await this.entryDocument(updated, actor, at));
        details['documentAncn'] = updated.ancn;
      }
      const summary = table[operation].summary;
      const notice = await this.notice(updated, noticeAncn, operation, entry.status, to, req.reason, summary, actor, at, details);
      documents.push(notice);
      const seq = (await this.deps.store.listHistory(ancn)).length + 1;
      const row = this.row(
        entry,
        seq,
        operation as PermitOperation,
        entry.status,
        to,
        actor,
        req.reason,
        noticeAncn,
        at,
        details,
        req.idempotencyKey,
      );
      try {
        await this.deps.store.commit({ entries: [{ entry: updated, expectedVersion: entry.version }], history: [row], documents });
      } catch (e) {
        const done = await this.afterLostRace(e, req.idempotencyKey, ancn, operation, attempt);
        if (done) return done;
        continue;
      }
      await this.deliver(updated, notice, summary);
      return { entry: updated, history: row, notice, replayed: false };
    }
  }

  // ---- pieces ---------------------------------------------------------------------------------------

  /** What the operation changes besides the status, validated, and what the notice and history say about it. */
  private changes(
    entry: RegisterEntry,
    operation: string,
    req: z.infer<typeof ZOperationRequest>,
  ): { changed: Partial<RegisterEntry>; details: Record<string, unknown> } {
    switch (operation) {
      case 'extend': {
        if (!req.validUntil) throw validation('extend needs the new end of validity (validUntil)', 'validUntil');
        if (entry.validUntil && req.validUntil.getTime() <= entry.validUntil.getTime()) {
          throw validation(`the new end of validity must be after the current one (${toKzIso(entry.validUntil)})`, 'validUntil');
        }
        return {
          changed: { validUntil: req.validUntil },
          details: { previousValidUntil: entry.validUntil ? toKzIso(entry.validUntil) : null, validUntil: toKzIso(req.validUntil) },
        };
      }
      case 'duplicate':
        return {
          changed: { duplicates: entry.duplicates + 1 },
          details: {
            duplicateNumber: entry.duplicates + 1,
            ...(req.duplicateAncn ? { duplicateAncn: canonicalAncn(req.duplicateAncn, 'duplicateAncn') } : {}),
          },
        };
      case 'correct-data':
      case 'change-data': {
        if (!req.corrections) throw validation(`${operation} needs the corrections`, 'corrections');
        const c = req.corrections;
        const changed: Partial<RegisterEntry> = {};
        const details: Record<string, unknown> = { corrected: Object.keys(c) };
        if (c.holderName !== undefined) changed.holder = { ...entry.holder, name: c.holderName };
        if (c.activity !== undefined) changed.activity = c.activity;
        if (c.appendices !== undefined) changed.appendices = c.appendices;
        return { changed, details };
      }
      case 'convert-historical':
        return { changed: { origin: 'historical-converted' }, details: {} };
      default:
        if (req.validUntil) throw validation(`${operation} does not take validUntil`, 'validUntil');
        if (req.corrections) throw validation(`${operation} does not take corrections`, 'corrections');
        if (req.duplicateAncn) throw validation(`${operation} does not take duplicateAncn`, 'duplicateAncn');
        return { changed: {}, details: {} };
    }
  }

  private row(
    entry: RegisterEntry,
    seq: number,
    operation: PermitOperation | NotificationOperation,
    from: string | null,
    to: string,
    actor: RegisterActor,
    reason: string,
    documentAncn: string,
    at: Date,
    details: Record<string, unknown>,
    idempotencyKey: string,
  ): HistoryRecord {
    return {
      entryAncn: entry.ancn,
      seq,
      operation,
      fromStatus: from,
      toStatus: to,
      actor: actor.subject,
      reason,
      documentAncn,
      at,
      details,
      idempotencyKey,
    };
  }

  /** Automatic actions carry the system's transport signature (¶18-1); staff actions the head's ECDS (¶44, ¶49). */
  private signerRole(actor: RegisterActor): 'provider' | 'system' {
    return actor.kind === 'system' ? 'system' : 'provider';
  }

  private async sign(xml: string, actor: RegisterActor): Promise<string> {
    return (await this.deps.signer.sign(xml, { signer: this.signerRole(actor) })).signedXml;
  }

  private issuer(entry: RegisterEntry): { code: string; name: { kk: string; ru: string; en: string } } {
    const name = LICENSOR_BODIES[entry.licensorBody as LicensorBody];
    if (!name) throw validation(`unknown licensor body "${entry.licensorBody}"`, 'licensorBody');
    return { code: entry.licensorBody, name };
  }

  /** ¶10.8: the notice to the holder about an action on the register. */
  private async notice(
    entry: RegisterEntry,
    ancn: string,
    operation: string,
    from: string | null,
    to: string,
    reason: string,
    summary: string,
    actor: RegisterActor,
    at: Date,
    details: Record<string, unknown>,
  ): Promise<RegisterDocument> {
    const table = tableOf(entry.register);
    const xml = buildElectronicDocument({
      ancn,
      documentType: 'RMN',
      kind: 'register-maintenance-notice',
      title: `Register of ${entry.register === 'permits' ? 'permits' : 'notifying subjects'}: ${operation} of ${entry.number}`,
      issuedAt: toKzIso(at),
      issuer: this.issuer(entry),
      serviceCode: entry.serviceCode,
      applicationId: entry.applicationId ?? `register-${entry.ancn}`,
      recipientRef: entry.holder.ref,
      signer: this.signerRole(actor),
      body: {
        register: entry.register,
        entryAncn: entry.ancn,
        number: entry.number,
        operation,
        fromStatus: from ?? '',
        toStatus: to,
        summary,
        reason,
        regulation: (table[operation] as Transition<string>).regulation,
        at: toKzIso(at),
        ...(Object.keys(details).length > 0
          ? { details: Object.fromEntries(Object.entries(details).map(([k, v]) => [k, Array.isArray(v) ? v.join(', ') : v])) }
          : {}),
      },
    });
    return { ancn, entryAncn: entry.ancn, kind: 'register-maintenance-notice', xml: await this.sign(xml, actor), issuedAt: at };
  }

  /** The entry's own signed document: a permit entered from outside the system or converted from paper, or a notification. */
  private async entryDocument(entry: RegisterEntry, actor: RegisterActor, at: Date): Promise<RegisterDocument> {
    const isPermit = entry.register === 'permits';
    const kind = isPermit ? (entry.origin === 'historical-converted' ? 'converted-permit' : 'external-permit') : 'activity-notification';
    const xml = buildElectronicDocument({
      ancn: entry.ancn,
      documentType: isPermit ? 'PRM' : 'NTF',
      kind,
      title: isPermit ? `Permit ${entry.number}: ${entry.activity}` : `Notification of the start of activity: ${entry.activity}`,
      issuedAt: toKzIso(at),
      issuer: this.issuer(entry),
      serviceCode: entry.serviceCode,
      applicationId: entry.applicationId ?? `register-${entry.ancn}`,
      recipientRef: entry.holder.ref,
      signer: this.signerRole(actor),
      body: {
        number: entry.number,
        ...(entry.category ? { category: entry.category } : {}),
        holder: { ref: entry.holder.ref, type: entry.holder.type, ...(entry.holder.name ? { name: entry.holder.name } : {}) },
        activity: entry.activity,
        issuedAt: toKzIso(entry.issuedAt),
        validFrom: toKzIso(entry.validFrom),
        validUntil: entry.validUntil ? toKzIso(entry.validUntil) : 'without a term',
        ...(entry.appendices.length > 0 ? { appendix: entry.appendices } : {}),
        origin: entry.origin,
      },
    });
    return { ancn: entry.ancn, entryAncn: entry.ancn, kind, xml: await this.sign(xml, actor), issuedAt: at };
  }

  private async deliver(entry: RegisterEntry, notice: RegisterDocument, summary: string): Promise<void> {
    if (!this.deps.cabinet) return;
    await this.deps.cabinet.deliver({
      idempotencyKey: `register-notice:${notice.ancn}`,
      applicantRef: entry.holder.ref,
      applicationId: entry.applicationId ?? `register-${entry.ancn}`,
      kind: 'register-maintenance-notice',
      ancn: notice.ancn,
      message: `${entry.register === 'permits' ? 'Permit' : 'Notification'} ${entry.number}: ${summary}.`,
    });
  }

  /** The first result of an idempotency key, or null when the key is new. Another operation's key: refused. */
  private async replay(key: string, ancn: string | null, operation: string): Promise<OperationResult | null> {
    const rows = await this.deps.store.getHistoryByKey(key);
    const row = rows[0];
    if (!row) return null;
    if (row.operation !== operation || (ancn !== null && row.entryAncn !== ancn)) {
      throw new DomainError('IDEMPOTENCY_KEY_REUSED', `idempotency key ${key} already did ${row.operation} on ${row.entryAncn}`);
    }
    const [entry, notice] = await Promise.all([this.deps.store.getEntry(row.entryAncn), this.deps.store.getDocument(row.documentAncn)]);
    if (!entry || !notice) throw new DomainError('INTERNAL', `history of ${row.entryAncn} points at a missing entry or notice`);
    await this.deliver(entry, notice, (tableOf(entry.register)[operation] as Transition<string>).summary);
    return { entry, history: row, notice, replayed: true };
  }

  /** After a failed commit: the same key won elsewhere → its result; a stale read → try again; else rethrow. */
  private async afterLostRace(
    e: unknown,
    key: string,
    ancn: string | null,
    operation: string,
    attempt: number,
  ): Promise<OperationResult | null> {
    if (e instanceof IdempotencyKeyTakenError) {
      const done = await this.replay(key, ancn, operation);
      if (done) return done;
    }
    if (e instanceof StaleEntryError || e instanceof IdempotencyKeyTakenError) {
      if (attempt >= this.maxAttempts) {
        throw new DomainError(
          'CONFLICT',
          `${operation} on ${e instanceof StaleEntryError ? e.ancn : (ancn ?? 'the entry')} lost ${attempt} races with concurrent changes; try again`,
        );
      }
      return null;
    }
    throw e;
  }
}

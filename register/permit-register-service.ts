/**
 * The PermitRegister port on the real register (register/service.ts): a licensing workflow's signed
 * permit is entered automatically as the positive result of its review (seed 004 ¶6.1), signed notice
 * and history included; a re-issue retires the previous permit in the same transaction (¶6.4).
 */
import { DomainError, isDomainError } from '../domain/errors';
import type { LicensorBody } from '../domain/services';
import type { HistoryRecord, RegisterEntry } from './entry';
import type { RegisterService } from './service';
import { PERMIT_TRANSITIONS } from './transitions';
import {
  PermitRegisterError,
  type EnterPermitRequest,
  type PermitEntry,
  type PermitHistoryEntry,
  type PermitRegister,
  type PermitStatus,
  type RecordDuplicateRequest,
} from './permit-register';

const SYSTEM = { subject: 'e-licensing-system', kind: 'system' as const };

const ACTIONS: Record<string, PermitHistoryEntry['action']> = {
  issue: 'issued',
  'enter-external-result': 'issued',
  'restore-historical': 'issued',
  'convert-historical': 'converted',
  reissue: 'replaced',
  suspend: 'suspended',
  resume: 'resumed',
  extend: 'extended',
  revoke: 'revoked',
  terminate: 'terminated',
  deprive: 'deprived',
  duplicate: 'duplicate-issued',
  'correct-data': 'data-corrected',
};

function historyOut(h: HistoryRecord): PermitHistoryEntry {
  const replaces = typeof h.details['replacesAncn'] === 'string' ? h.details['replacesAncn'] : undefined;
  const replacedBy = typeof h.details['replacedByAncn'] === 'string' ? h.details['replacedByAncn'] : undefined;
  const duplicate = typeof h.details['duplicateAncn'] === 'string' ? h.details['duplicateAncn'] : undefined;
  const action = h.operation === 'issue' && replaces ? 're-issued' : (ACTIONS[h.operation] ?? 'issued');
  const ref = replaces ?? replacedBy ?? duplicate;
  return { action, at: h.at.toISOString(), ...(ref ? { ref } : {}) };
}

export function permitEntryOf(e: RegisterEntry, history: HistoryRecord[]): PermitEntry {
  return {
    ancn: e.ancn,
    serviceCode: e.serviceCode,
    holderRef: e.holder.ref,
    ...(e.holder.name ? { holderName: e.holder.name } : {}),
    licensorBody: e.licensorBody,
    activity: e.activity,
    issuedAt: e.issuedAt.toISOString(),
    validity: { from: e.validFrom.toISOString(), until: e.validUntil ? e.validUntil.toISOString() : null },
    status: e.status as PermitStatus,
    ...(e.previousAncn ? { previousPermitAncn: e.previousAncn } : {}),
    history: history.map(historyOut),
  };
}

export class RegisterPermitRegister implements PermitRegister {
  constructor(private readonly service: RegisterService) {}

  async enterPermit(req: EnterPermitRequest): Promise<PermitEntry> {
    const store = this.service.store;
    const retried = (await store.getHistoryByKey(req.idempotencyKey)).length > 0;
    if (!retried) {
      // The port's refusals, named before the register's own CONFLICT would say the same in words.
      if (await store.getEntry(req.ancn)) throw new PermitRegisterError('DUPLICATE_ANCN', `permit ${req.ancn} is already in the register`);
      if (req.previousPermitAncn) {
        const prev = await store.getEntry(req.previousPermitAncn);
        if (!prev || prev.register !== 'permits')
          throw new PermitRegisterError('PREVIOUS_PERMIT_NOT_FOUND', `permit ${req.previousPermitAncn} is not in the register`);
        if (prev.status !== 'active')
          throw new PermitRegisterError('PREVIOUS_PERMIT_NOT_ACTIVE', `permit ${req.previousPermitAncn} is ${prev.status}`);
      }
    }
    try {
      const r = await this.service.enter(
        {
          register: 'permits',
          operation: 'issue',
          ancn: req.ancn,
          serviceCode: req.serviceCode,
          category: 'first',
          holder: { ref: req.holderRef, ...(req.holderName ? { name: req.holderName } : {}) },
          licensorBody: req.licensorBody as LicensorBody,
          activity: req.activity,
          issuedAt: new Date(req.issuedAt),
          validFrom: new Date(req.validity.from),
          validUntil: req.validity.until ? new Date(req.validity.until) : null,
          ...(req.applicationId ? { applicationId: req.applicationId } : {}),
          ...(req.previousPermitAncn ? { previousAncn: req.previousPermitAncn } : {}),
          reason: req.previousPermitAncn
            ? `re-issued by the licensing workflow (replaces ${req.previousPermitAncn})`
            : 'issued by the licensing workflow',
          idempotencyKey: req.idempotencyKey,
        },
        SYSTEM,
      );
      return permitEntryOf(r.entry, await store.listHistory(r.entry.ancn));
    } catch (e) {
      // A concurrent writer changed the previous permit between the checks and the commit.
      if (isDomainError(e) && e.code === 'CONFLICT' && req.previousPermitAncn)
        throw new PermitRegisterError('PREVIOUS_PERMIT_NOT_ACTIVE', e.message);
      if (isDomainError(e) && e.code === 'CONFLICT') throw new PermitRegisterError('DUPLICATE_ANCN', e.message);
      throw e;
    }
  }

  /** seed 004 ¶3.14, ¶13.5: the register's `duplicate` operation, by the system (transport-signed notice, ¶18-1). */
  async recordDuplicate(req: RecordDuplicateRequest): Promise<PermitEntry> {
    const store = this.service.store;
    const retried = (await store.getHistoryByKey(req.idempotencyKey)).length > 0;
    if (!retried) {
      // The port's refusals, named before the register's own NOT_FOUND / CONFLICT would say the same in words.
      const e = await store.getEntry(req.permitAncn);
      if (!e || e.register !== 'permits')
        throw new PermitRegisterError('PERMIT_NOT_FOUND', `permit ${req.permitAncn} is not in the register`);
      const allowed = PERMIT_TRANSITIONS.duplicate.from as readonly string[];
      if (!allowed.includes(e.status))
        throw new PermitRegisterError(
          'DUPLICATE_NOT_ALLOWED',
          `duplicate is not allowed: permit ${e.ancn} is ${e.status} (allowed from ${allowed.join(', ')})`,
        );
    }
    // A CONFLICT from here is a concurrent change (a lost race, or a status changed meanwhile): thrown as
    // it is, so the activity retries and the check above names the refusal if there is one.
    const r = await this.service.apply(
      req.permitAncn,
      'duplicate',
      { reason: req.reason, idempotencyKey: req.idempotencyKey, at: new Date(req.at), duplicateAncn: req.duplicateAncn },
      SYSTEM,
    );
    return permitEntryOf(r.entry, await store.listHistory(r.entry.ancn));
  }

  async getPermit(ancn: string): Promise<PermitEntry | null> {
    const e = await this.service.store.getEntry(ancn);
    if (!e) return null;
    if (e.register !== 'permits') throw new DomainError('VALIDATION_FAILED', `${ancn} is a notification, not a permit`);
    return permitEntryOf(e, await this.service.store.listHistory(ancn));
  }
}

/**
 * The register of permits of the e-licensing system (seed 004: permits with their status and the history
 * of actions), as licensing workflows see it: they write through this port. Implemented by
 * RegisterPermitRegister (register/permit-register-service.ts) on the register service, and by
 * InMemoryPermitRegister (register/permit-register-memory.ts), the same service over an in-memory store.
 * Every write carries an idempotency key: a retried activity never enters a permit twice.
 */
/** The statuses of register/transitions.ts's permits ('deprived': seed 004 ¶16.8, the holder deprived of the permit). */
export type PermitStatus = 'active' | 're-issued' | 'suspended' | 'revoked' | 'terminated' | 'deprived';

export interface EnterPermitRequest {
  idempotencyKey: string;
  /** ANCN of the signed permit document (type PRM). */
  ancn: string;
  serviceCode: string;
  /** IIN/BIN of the holder. */
  holderRef: string;
  holderName?: string;
  licensorBody: string;
  /** The licensed activity, in words. */
  activity: string;
  /** ISO 8601 */
  issuedAt: string;
  /** Licenses run without a term unless a law sets one: `until` null. */
  validity: { from: string; until: string | null };
  /** Re-issue (seed 004 ¶16): the permit this one replaces; the register marks it 're-issued'. */
  previousPermitAncn?: string;
  applicationId?: string;
}

/** seed 004 ¶3.14, ¶13.5: a duplicate of a permit was issued; the register records it on the original. */
export interface RecordDuplicateRequest {
  idempotencyKey: string;
  /** The original permit (it keeps its status: the table's `duplicate` operation). */
  permitAncn: string;
  /** ANCN of the signed duplicate document (type PRM). */
  duplicateAncn: string;
  /** Why, in words (recorded in the history and the register-maintenance notice). */
  reason: string;
  /** ISO 8601: when the duplicate was issued. */
  at: string;
  applicationId?: string;
}

export interface PermitHistoryEntry {
  /** One action per permit operation of the register (seed 004 ¶6, ¶16). */
  action:
    | 'issued'
    | 're-issued'
    | 'replaced'
    | 'suspended'
    | 'revoked'
    | 'resumed'
    | 'terminated'
    | 'deprived'
    | 'extended'
    | 'duplicate-issued'
    | 'data-corrected'
    | 'converted';
  at: string;
  ref?: string;
}

export interface PermitEntry {
  ancn: string;
  serviceCode: string;
  holderRef: string;
  holderName?: string;
  licensorBody: string;
  activity: string;
  issuedAt: string;
  validity: { from: string; until: string | null };
  status: PermitStatus;
  previousPermitAncn?: string;
  history: PermitHistoryEntry[];
}

export interface PermitRegister {
  /**
   * Enters an issued or re-issued permit. Throws `PermitRegisterError` ('PREVIOUS_PERMIT_NOT_FOUND',
   * 'PREVIOUS_PERMIT_NOT_ACTIVE', 'DUPLICATE_ANCN') for requests the register refuses.
   */
  enterPermit(req: EnterPermitRequest): Promise<PermitEntry>;
  getPermit(ancn: string): Promise<PermitEntry | null>;
  /**
   * Records that a duplicate of the permit was issued (history row `duplicate-issued` with the duplicate's
   * ANCN, and a register-maintenance notice to the holder); the permit keeps its status. Idempotent by key.
   * Throws `PermitRegisterError` 'PERMIT_NOT_FOUND' or 'DUPLICATE_NOT_ALLOWED' (the status does not allow
   * it: register/transitions.ts).
   */
  recordDuplicate(req: RecordDuplicateRequest): Promise<PermitEntry>;
}

export type PermitRegisterRefusal =
  | 'PREVIOUS_PERMIT_NOT_FOUND'
  | 'PREVIOUS_PERMIT_NOT_ACTIVE'
  | 'DUPLICATE_ANCN'
  | 'PERMIT_NOT_FOUND'
  | 'DUPLICATE_NOT_ALLOWED';

/** A business refusal of the register (not an outage): activities turn it into a non-retryable failure. */
export class PermitRegisterError extends Error {
  override readonly name = 'PermitRegisterError';
  constructor(
    readonly code: PermitRegisterRefusal,
    message: string,
  ) {
    super(message);
  }
}

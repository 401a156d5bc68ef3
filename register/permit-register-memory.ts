/** In-memory register of permits: idempotent by key, re-issue marks the previous permit 're-issued'. */
import { PERMIT_TRANSITIONS } from './transitions';
import { PermitRegisterError, type EnterPermitRequest, type PermitEntry, type PermitRegister, type RecordDuplicateRequest } from './permit-register';

export class InMemoryPermitRegister implements PermitRegister {
  private readonly permits = new Map<string, PermitEntry>();
  private readonly byKey = new Map<string, string>();
  private outages = 0;

  constructor(seed: PermitEntry[] = []) {
    seed.forEach((p) => this.permits.set(p.ancn, structuredClone(p)));
  }

  failNext(n: number): void {
    this.outages = n;
  }

  all(): PermitEntry[] {
    return [...this.permits.values()].map((p) => structuredClone(p));
  }

  async enterPermit(req: EnterPermitRequest): Promise<PermitEntry> {
    this.outage('enterPermit');
    const existing = this.byKey.get(req.idempotencyKey);
    if (existing) return structuredClone(this.permits.get(existing) as PermitEntry);
    if (this.permits.has(req.ancn)) throw new PermitRegisterError('DUPLICATE_ANCN', `permit ${req.ancn} is already in the register`);
    if (req.previousPermitAncn) {
      const prev = this.permits.get(req.previousPermitAncn);
      if (!prev) throw new PermitRegisterError('PREVIOUS_PERMIT_NOT_FOUND', `permit ${req.previousPermitAncn} is not in the register`);
      if (prev.status !== 'active') throw new PermitRegisterError('PREVIOUS_PERMIT_NOT_ACTIVE', `permit ${req.previousPermitAncn} is ${prev.status}`);
      prev.status = 're-issued';
      prev.history.push({ action: 'replaced', at: req.issuedAt, ref: req.ancn });
    }
    const entry: PermitEntry = {
      ancn: req.ancn,
      serviceCode: req.serviceCode,
      holderRef: req.holderRef,
      ...(req.holderName ? { holderName: req.holderName } : {}),
      licensorBody: req.licensorBody,
      activity: req.activity,
      issuedAt: req.issuedAt,
      validity: req.validity,
      status: 'active',
      ...(req.previousPermitAncn ? { previousPermitAncn: req.previousPermitAncn } : {}),
      history: [{ action: req.previousPermitAncn ? 're-issued' : 'issued', at: req.issuedAt, ...(req.previousPermitAncn ? { ref: req.previousPermitAncn } : {}) }],
    };
    this.permits.set(req.ancn, entry);
    this.byKey.set(req.idempotencyKey, req.ancn);
    return structuredClone(entry);
  }

  async recordDuplicate(req: RecordDuplicateRequest): Promise<PermitEntry> {
    this.outage('recordDuplicate');
    const p = this.permits.get(req.permitAncn);
    if (this.byKey.get(req.idempotencyKey) === req.permitAncn && p) return structuredClone(p);
    if (!p) throw new PermitRegisterError('PERMIT_NOT_FOUND', `permit ${req.permitAncn} is not in the register`);
    const allowed = PERMIT_TRANSITIONS.duplicate.from as readonly string[];
    if (!allowed.includes(p.status)) throw new PermitRegisterError('DUPLICATE_NOT_ALLOWED', `duplicate is not allowed: permit ${p.ancn} is ${p.status} (allowed from ${allowed.join(', ')})`);
    p.history.push({ action: 'duplicate-issued', at: req.at, ref: req.duplicateAncn });
    this.byKey.set(req.idempotencyKey, req.permitAncn);
    return structuredClone(p);
  }

  async getPermit(ancn: string): Promise<PermitEntry | null> {
    this.outage('getPermit');
    const p = this.permits.get(ancn);
    return p ? structuredClone(p) : null;
  }

  private outage(method: string): void {
    if (this.outages > 0) {
      this.outages -= 1;
      throw new Error(`e-licensing register unavailable (${method})`);
    }
  }
}

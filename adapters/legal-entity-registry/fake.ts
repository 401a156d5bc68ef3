import { identificationCheckDigit } from '../../domain/identification-number';
import { normalizeLegalEntityName } from '../../domain/legal-entity-name';
import type { LegalEntityFacts, LegalEntityRegistry, Registration, RegistrationRecord, RegistryFinding } from './port';

export interface LegalEntityRegistrySnapshot {
  registrations: RegistrationRecord[];
  /** The last BIN sequence number handed out. */
  seq: number;
  taken: string[];
  answers: Array<[string, Registration]>;
}

/** Names already registered in the simulated registry (seed data for the "name taken" refusal). */
export const SIMULATED_TAKEN_NAMES = ['Altyn Dala', 'Qazaq Digital Solutions'];

/**
 * In-memory legal-entities registry for tests and the simulator. Checks: the name must be free;
 * registration assigns a BIN — YYMM of registration, 4 (resident legal entity), 0 (head organization),
 * a 5-digit sequence, the check digit — and takes the name.
 */
export class InMemoryLegalEntityRegistry implements LegalEntityRegistry {
  readonly registrations: RegistrationRecord[] = [];
  outage = false;
  private failuresLeft = 0;
  private seq = 0;
  private readonly taken: Set<string>;
  private readonly byKey = new Map<string, Registration>();

  constructor(opts: { takenNames?: string[]; now?: () => Date } = {}) {
    this.taken = new Set((opts.takenNames ?? SIMULATED_TAKEN_NAMES).map(normalizeLegalEntityName));
    this.now = opts.now ?? (() => new Date());
  }
  private readonly now: () => Date;

  /** Registrations, the BIN sequence, taken names and answers, as plain JSON (saved across restarts). */
  snapshot(): LegalEntityRegistrySnapshot {
    return structuredClone({ registrations: this.registrations, seq: this.seq, taken: [...this.taken], answers: [...this.byKey] });
  }

  restore(s: LegalEntityRegistrySnapshot): void {
    const c = structuredClone(s);
    this.registrations.splice(0, this.registrations.length, ...c.registrations);
    this.seq = c.seq;
    for (const name of c.taken) this.taken.add(name);
    this.byKey.clear();
    for (const [k, v] of c.answers) this.byKey.set(k, v);
  }

  failNext(n: number): void {
    this.failuresLeft = n;
  }

  async check(facts: LegalEntityFacts): Promise<{ compliant: boolean; findings: RegistryFinding[] }> {
    this.available();
    const findings = this.findings(facts);
    return { compliant: findings.length === 0, findings };
  }

  async register(req: LegalEntityFacts & { idempotencyKey: string }): Promise<Registration> {
    this.available();
    const prior = this.byKey.get(req.idempotencyKey);
    if (prior) return prior;
    const findings = this.findings(req);
    let result: Registration;
    if (findings.length > 0) {
      result = { status: 'refused', findings };
    } else {
      const registeredAt = this.now();
      const bin = this.nextBin(registeredAt);
      this.taken.add(normalizeLegalEntityName(req.name));
      this.registrations.push({ bin, name: req.name, applicationId: req.applicationId, registeredAt: registeredAt.toISOString() });
      result = { status: 'registered', bin, registeredAt: registeredAt.toISOString(), name: req.name };
    }
    this.byKey.set(req.idempotencyKey, result);
    return result;
  }

  async getByBin(bin: string): Promise<RegistrationRecord | null> {
    this.available();
    return this.registrations.find((r) => r.bin === bin) ?? null;
  }

  private findings(facts: LegalEntityFacts): RegistryFinding[] {
    const out: RegistryFinding[] = [];
    if (this.taken.has(normalizeLegalEntityName(facts.name))) {
      out.push({ code: 'NAME_TAKEN', message: `the name "${facts.name}" is already used by a registered legal entity` });
    }
    return out;
  }

  private nextBin(at: Date): string {
    const kz = new Date(at.getTime() + 5 * 3600_000);
    const yymm = `${String(kz.getUTCFullYear()).slice(2)}${String(kz.getUTCMonth() + 1).padStart(2, '0')}`;
    for (;;) {
      this.seq += 1;
      const first11 = `${yymm}40${String(this.seq).padStart(5, '0')}`;
      const check = identificationCheckDigit(first11);
      if (check !== null) return `${first11}${check}`;
    }
  }

  private available(): void {
    if (this.outage) throw new Error('legal-entities registry unavailable (outage)');
    if (this.failuresLeft > 0) {
      this.failuresLeft -= 1;
      throw new Error('legal-entities registry unavailable (transient failure)');
    }
  }
}

import type { AccidentInsurance, AccidentInsuranceRequest, Insurer, PolicyRecord } from './port';

/** Licensed accident insurers the simulator knows (code → name). */
export const SIMULATED_INSURERS: Record<string, string> = {
  eurasia: 'Insurance Company Eurasia',
  nomad: 'Nomad Insurance',
  'freedom-insurance': 'Freedom Finance Insurance',
};

export interface InsurerSnapshot {
  policies: PolicyRecord[];
  conclusions: Array<[string, AccidentInsurance]>;
  cancellations: Array<[string, PolicyRecord]>;
}

/** In-memory insurer for tests and the simulator: honours idempotency keys. */
export class InMemoryInsurer implements Insurer {
  readonly policies: PolicyRecord[] = [];
  outage = false;
  private failuresLeft = 0;
  private readonly conclusions = new Map<string, AccidentInsurance>();
  private readonly cancellations = new Map<string, PolicyRecord>();

  constructor(private readonly insurers: Record<string, string> = SIMULATED_INSURERS) {}

  /** Everything the insurer has recorded, as plain JSON (the simulator saves it across restarts). */
  snapshot(): InsurerSnapshot {
    return structuredClone({ policies: this.policies, conclusions: [...this.conclusions], cancellations: [...this.cancellations] });
  }

  restore(s: InsurerSnapshot): void {
    const c = structuredClone(s);
    this.policies.splice(0, this.policies.length, ...c.policies);
    this.conclusions.clear();
    for (const [k, v] of c.conclusions) this.conclusions.set(k, v);
    this.cancellations.clear();
    for (const [k, v] of c.cancellations) this.cancellations.set(k, v);
  }

  failNext(n: number): void {
    this.failuresLeft = n;
  }

  async concludeAccidentInsurance(req: AccidentInsuranceRequest): Promise<AccidentInsurance> {
    this.available();
    const prior = this.conclusions.get(req.idempotencyKey);
    if (prior) return prior;
    let result: AccidentInsurance;
    if (!this.insurers[req.insurerCode]) {
      result = {
        status: 'refused',
        insurerCode: req.insurerCode,
        reasonCode: 'UNKNOWN_INSURER',
        reason: `no licensed insurer ${req.insurerCode}`,
      };
    } else {
      const n = this.policies.length + 1;
      const policy: PolicyRecord = {
        policyId: `POL-${n}`,
        policyNumber: `OS-${req.insurerCode.toUpperCase()}-${String(n).padStart(6, '0')}`,
        insurerCode: req.insurerCode,
        applicationId: req.applicationId,
        status: 'concluded',
      };
      this.policies.push(policy);
      result = { status: 'concluded', policyId: policy.policyId, insurerCode: policy.insurerCode, policyNumber: policy.policyNumber };
    }
    this.conclusions.set(req.idempotencyKey, result);
    return result;
  }

  async cancelPolicy(req: { idempotencyKey: string; policyId: string; reason: string }): Promise<PolicyRecord> {
    this.available();
    const prior = this.cancellations.get(req.idempotencyKey);
    if (prior) return { ...prior };
    const policy = this.policies.find((p) => p.policyId === req.policyId);
    if (!policy) throw new Error(`insurer: no policy ${req.policyId}`);
    policy.status = 'cancelled';
    this.cancellations.set(req.idempotencyKey, { ...policy });
    return { ...policy };
  }

  async getPolicy(policyId: string): Promise<PolicyRecord | null> {
    this.available();
    const p = this.policies.find((x) => x.policyId === policyId);
    return p ? { ...p } : null;
  }

  private available(): void {
    if (this.outage) throw new Error('insurer unavailable (outage)');
    if (this.failuresLeft > 0) {
      this.failuresLeft -= 1;
      throw new Error('insurer unavailable (transient failure)');
    }
  }
}

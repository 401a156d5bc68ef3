/**
 * An insurance company's interface for compulsory accident insurance of employees (seed 000 ¶3, ¶5.8).
 * An insurer's refusal comes back as `status: 'refused'`; an outage throws.
 */
export interface AccidentInsuranceRequest {
  idempotencyKey: string;
  applicationId: string;
  insurerCode: string;
  policyholderName: string;
  /** The head signs the contract for the entity being registered. */
  policyholderHead: { iin: string; fullName: string };
}

export type AccidentInsurance =
  | { status: 'concluded'; policyId: string; insurerCode: string; policyNumber: string }
  | { status: 'refused'; insurerCode: string; reasonCode: string; reason: string };

export interface PolicyRecord {
  policyId: string;
  policyNumber: string;
  insurerCode: string;
  applicationId: string;
  status: 'concluded' | 'cancelled';
}

export interface Insurer {
  concludeAccidentInsurance(req: AccidentInsuranceRequest): Promise<AccidentInsurance>;
  /** Compensation: cancel the policy; cancelling a cancelled policy is a no-op. */
  cancelPolicy(req: { idempotencyKey: string; policyId: string; reason: string }): Promise<PolicyRecord>;
  getPolicy(policyId: string): Promise<PolicyRecord | null>;
}

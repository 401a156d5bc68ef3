/**
 * Side effects of the seed 000 workflow: thin calls to adapter ports. The worker builds the ports and
 * calls createSmeActivities(deps); the workflow proxies the returned object by type only.
 * Outages are thrown as they come (Temporal retries them). A refusal by an outside system becomes a
 * non-retryable ApplicationFailure whose type says who refused; its first detail carries the answer.
 * Every call that creates or undoes something carries the idempotency key the workflow built from its
 * workflowId and step, so a retried activity never opens, insures, charges, signs or registers twice.
 */
import { createHash } from 'node:crypto';
import { ApplicationFailure } from '@temporalio/common';
import { createPaymentActivities, type PaymentActivityDeps } from '../../activities/payment';
import type { Bank, AccountOpeningRequest } from '../../adapters/bank/port';
import type { Insurer, AccidentInsuranceRequest } from '../../adapters/insurer/port';
import type { DigitalId, BiometricSignatureRequest } from '../../adapters/digital-id/port';
import type { LegalEntityFacts, LegalEntityRegistry, RegistryFinding } from '../../adapters/legal-entity-registry/port';
import type { SmeRegistrationApplication } from './rules';

/** ApplicationFailure types the workflow tells apart (refusals by outside systems). */
export const SME_FAILURE_TYPES = {
  bankRefused: 'BANK_REFUSED',
  insurerRefused: 'INSURER_REFUSED',
  biometricVerificationFailed: 'BIOMETRIC_VERIFICATION_FAILED',
  registryRefused: 'REGISTRY_REFUSED',
} as const;

export interface Refusal {
  by: string;
  reasonCode: string;
  reason: string;
}

export interface SmeActivityDeps extends PaymentActivityDeps {
  bank: Bank;
  insurer: Insurer;
  digitalId: DigitalId;
  legalEntityRegistry: LegalEntityRegistry;
}

export function createSmeActivities(deps: SmeActivityDeps) {
  return {
    /** seed 000 ¶5.9 (pre-zero-rate cases) and its compensation: the shared payment activities. */
    ...createPaymentActivities(deps),

    /**
     * seed 000 ¶5.6, ¶5.10: the application document every signer signs — its SHA-256 over a canonical
     * JSON (keys sorted), so that the applicant and each founder sign the same bytes.
     */
    async prepareApplicationDocument(input: {
      applicationId: string;
      ancn: string;
      application: SmeRegistrationApplication;
    }): Promise<{ documentHash: string; algorithm: 'SHA-256' }> {
      const canonical = canonicalJson({ applicationId: input.applicationId, ancn: input.ancn, application: input.application });
      return { documentHash: createHash('sha256').update(canonical, 'utf8').digest('hex'), algorithm: 'SHA-256' };
    },

    /** seed 000 ¶5.7: open the account; the bank may refuse (¶3). */
    async openBankAccount(
      input: AccountOpeningRequest,
    ): Promise<{ accountId: string; iban: string; bankCode: string; branchCode: string }> {
      const r = await deps.bank.openAccount(input);
      if (r.status === 'refused')
        throw refusal(SME_FAILURE_TYPES.bankRefused, { by: r.bankCode, reasonCode: r.reasonCode, reason: r.reason });
      return { accountId: r.accountId, iban: r.iban, bankCode: r.bankCode, branchCode: r.branchCode };
    },

    /** Compensation: withdraw the account opening. */
    async cancelBankAccountOpening(input: {
      idempotencyKey: string;
      accountId: string;
      reason: string;
    }): Promise<{ accountId: string; status: string }> {
      const r = await deps.bank.cancelAccountOpening(input);
      return { accountId: r.accountId, status: r.status };
    },

    /** seed 000 ¶5.8: compulsory accident insurance of employees. */
    async concludeAccidentInsurance(
      input: AccidentInsuranceRequest,
    ): Promise<{ policyId: string; policyNumber: string; insurerCode: string }> {
      const r = await deps.insurer.concludeAccidentInsurance(input);
      if (r.status === 'refused')
        throw refusal(SME_FAILURE_TYPES.insurerRefused, { by: r.insurerCode, reasonCode: r.reasonCode, reason: r.reason });
      return { policyId: r.policyId, policyNumber: r.policyNumber, insurerCode: r.insurerCode };
    },

    /** Compensation: cancel the policy. */
    async cancelInsurancePolicy(input: {
      idempotencyKey: string;
      policyId: string;
      reason: string;
    }): Promise<{ policyId: string; status: string }> {
      const r = await deps.insurer.cancelPolicy(input);
      return { policyId: r.policyId, status: r.status };
    },

    /** seed 000 ¶5.10: one person's Digital ID biometric signature over the document hash. */
    async signWithDigitalId(
      input: BiometricSignatureRequest,
    ): Promise<{ signatureId: string; iin: string; documentHash: string; signedAt: string }> {
      const r = await deps.digitalId.signWithBiometrics(input);
      if (r.status === 'refused')
        throw refusal(SME_FAILURE_TYPES.biometricVerificationFailed, { by: 'digital-id', reasonCode: r.reasonCode, reason: r.reason });
      return { signatureId: r.signatureId, iin: r.iin, documentHash: r.documentHash, signedAt: r.signedAt };
    },

    /** seed 000 ¶5.12: processing against the requirements. */
    async checkLegalEntity(input: LegalEntityFacts): Promise<{ compliant: boolean; findings: RegistryFinding[] }> {
      return deps.legalEntityRegistry.check(input);
    },

    /** seed 000 ¶5.12-1: state registration; the registry assigns the BIN. */
    async registerLegalEntity(input: LegalEntityFacts & { idempotencyKey: string }): Promise<{ bin: string; registeredAt: string }> {
      const r = await deps.legalEntityRegistry.register(input);
      if (r.status === 'refused') {
        throw ApplicationFailure.create({
          type: SME_FAILURE_TYPES.registryRefused,
          message: r.findings.map((f) => f.message).join('; '),
          nonRetryable: true,
          details: [{ findings: r.findings }],
        });
      }
      return { bin: r.bin, registeredAt: r.registeredAt };
    },
  };
}

export type SmeActivities = ReturnType<typeof createSmeActivities>;

function refusal(type: string, r: Refusal): ApplicationFailure {
  return ApplicationFailure.create({ type, message: `${r.by}: ${r.reason}`, nonRetryable: true, details: [r] });
}

/** JSON with object keys sorted at every level: the same application always hashes the same. */
export function canonicalJson(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonicalJson).join(',')}]`;
  if (v !== null && typeof v === 'object') {
    const entries = Object.entries(v as Record<string, unknown>)
      .filter(([, x]) => x !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, x]) => `${JSON.stringify(k)}:${canonicalJson(x)}`).join(',')}}`;
  }
  return JSON.stringify(v);
}

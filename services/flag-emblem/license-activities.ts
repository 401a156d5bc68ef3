/**
 * Side effects of the seed 003 workflows: thin calls to adapter ports. The worker builds the ports and
 * calls createFlagEmblemActivities(deps); the workflow proxies the returned object by type only.
 * Outages are thrown as they come (Temporal retries them); refusals of the register become
 * non-retryable ApplicationFailures with the register's code as the type.
 */
import { ApplicationFailure } from '@temporalio/common';
import type { StateDatabases } from '../../adapters/state-databases/port';
import type { ApprovingBodyGateway, ApprovingBodyRequest, SentApprovingBodyRequest } from '../../adapters/approving-body/port';
import { PermitRegisterError, type EnterPermitRequest, type PermitEntry, type PermitRegister } from '../../register/permit-register';
import { createPaymentActivities, type PaymentActivityDeps } from '../../activities/payment';

export interface FlagEmblemActivityDeps extends PaymentActivityDeps {
  stateDatabases: StateDatabases;
  approvingBodies: ApprovingBodyGateway;
  permitRegister: PermitRegister;
}

/** seed 003 ¶7: who the applicant is, as the state databases know them. */
export interface ApplicantProfile {
  kind: 'individual' | 'legal-entity';
  ref: string;
  name: string;
  status: 'active' | 'deceased' | 'liquidated' | 'in-liquidation';
  registeredOn?: string;
  address?: string;
}

export function createFlagEmblemActivities(deps: FlagEmblemActivityDeps) {
  const payment = createPaymentActivities(deps);
  return {
    /** seed 003 ¶7: identity / registration data through the e-gov gateway; null when not registered. */
    async lookUpApplicant(input: { kind: 'individual' | 'legal-entity'; iinOrBin: string }): Promise<ApplicantProfile | null> {
      if (input.kind === 'individual') {
        const r = await deps.stateDatabases.findIndividual(input.iinOrBin);
        if (!r) return null;
        const fullName = [r.lastName, r.firstName, r.middleName].filter(Boolean).join(' ');
        return {
          kind: 'individual',
          ref: r.iin,
          name: r.soleProprietor ? `${r.soleProprietor.name} (${fullName})` : fullName,
          status: r.status,
          ...(r.soleProprietor ? { registeredOn: r.soleProprietor.registeredOn } : {}),
        };
      }
      const r = await deps.stateDatabases.findLegalEntity(input.iinOrBin);
      if (!r) return null;
      return { kind: 'legal-entity', ref: r.bin, name: r.name, status: r.status, registeredOn: r.registeredOn, address: r.legalAddress };
    },

    /**
     * The license fee (seed 003 Annex 2 item 6: through the e-gov payment gateway): the shared payment
     * activities under the names this workflow has always scheduled (recorded histories replay by name).
     */
    createLicenseFeeInvoice: payment.createFeeInvoice,
    getLicenseFeeInvoiceStatus: payment.getFeeInvoiceStatus,

    async sendApprovingBodyRequest(input: ApprovingBodyRequest): Promise<SentApprovingBodyRequest> {
      return deps.approvingBodies.sendRequest(input);
    },

    async lookUpPermit(input: { ancn: string }): Promise<PermitEntry | null> {
      return deps.permitRegister.getPermit(input.ancn);
    },

    /** Enters the signed license in the e-licensing register of permits (seed 004 ¶6, ¶16). */
    async enterPermit(input: EnterPermitRequest): Promise<PermitEntry> {
      try {
        return await deps.permitRegister.enterPermit(input);
      } catch (e) {
        if (e instanceof PermitRegisterError) throw ApplicationFailure.nonRetryable(e.message, e.code);
        throw e;
      }
    },
  };
}

export type FlagEmblemActivities = ReturnType<typeof createFlagEmblemActivities>;

/**
 * Seed 000 — state registration of an SME legal entity through the portal, with the bank account,
 * accident insurance, the fee and every founder's Digital ID signature, within one hour (¶4).
 * `smeRegistration` reads like ¶5 of the algorithm; the steps it calls follow it in the same order.
 *
 * What the workflow adds to the paper algorithm: the hour of ¶4 is watched from the electronic
 * application (at risk at 45 min, breached at 60 min, with the outside system that held it up); a bank
 * refusal (¶3) lets the applicant choose another bank; and when the case ends without registration
 * after money, an account or a policy was committed, each is undone exactly once, in reverse order.
 */
import {
  ActivityFailure,
  ApplicationFailure,
  allHandlersFinished,
  condition,
  defineUpdate,
  patched,
  proxyActivities,
  setHandler,
  workflowInfo,
} from '@temporalio/workflow';
import type { CommonActivities } from '../../activities/common-types';
import type { SmeActivities } from './activities';
import type { RegistryFinding } from '../../adapters/legal-entity-registry/port';
import { toKzIso } from '../../domain/calendar';
import {
  BANK_CHOICE_WINDOW_MINUTES,
  PAYMENT_WINDOW_MINUTES,
  SIGNING_WINDOW_MINUTES,
  SME_SERVICE_CODE,
  STATE_REGISTRATION_FEE,
  legalFormName,
  maskIin,
  nameWithLegalForm,
  planSmeRegistration,
  preZeroRateFeeTenge,
  requiredSigners,
  windowEnd,
  type BankChoice,
  type SmeRegistrationApplication,
  type SmeRegistrationWorkflowInput,
  type SmeTermPlan,
} from './rules';
import { statusQuery, type CaseOutcome } from '../../workflows/shared/case';
import { CaseSteps } from '../../workflows/shared/case-steps';
import { CaseTracker } from '../../workflows/shared/case-tracker';
import { CaseClock } from '../../workflows/shared/clock';
import { collectPayment, type PaymentOutcome } from '../../workflows/shared/payment';
import { SignatureCollector } from '../../workflows/shared/signatures';

// ── Messages (the API's actions; names are the URL segments) ─────────────────────────────────────────

export interface SignRequest {
  /** IIN of the applicant or founder who signs (¶5.10). */
  signerIin: string;
  /** The Digital ID biometric session the person just passed. */
  biometricSessionId: string;
  /** Principal subject that relayed the signature (audit). */
  actor: string;
}
export interface SignatureReceipt {
  signerIin: string;
  signatureId: string;
  signedAt: string;
  stillToSign: string[];
}
export interface ChooseAnotherBankRequest extends BankChoice {
  actor: string;
}

export const signUpdate = defineUpdate<SignatureReceipt, [SignRequest]>('sign');
export const chooseAnotherBankUpdate = defineUpdate<BankChoice, [ChooseAnotherBankRequest]>('choose-another-bank');

export interface Compensation {
  step: CommittedStep;
  undone: string;
  at: string;
}

export interface SmeRegistrationResult {
  outcome: Exclude<CaseOutcome, 'open'>;
  bin?: string;
  documentAncn?: string;
  reason?: string;
  compensations: Compensation[];
}

// ── Activities ───────────────────────────────────────────────────────────────────────────────────────

/** Outside systems: an outage is retried with backoff for up to a day, then it is a technical failure. */
const outside = proxyActivities<SmeActivities>({
  startToCloseTimeout: '30 seconds',
  scheduleToCloseTimeout: '1 day',
  retry: { initialInterval: '10 seconds', backoffCoefficient: 2, maximumInterval: '5 minutes' },
});
/** Undoing what was committed must happen: retried until it does. */
const undo = proxyActivities<SmeActivities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '10 seconds', backoffCoefficient: 2, maximumInterval: '10 minutes' },
});
const common = proxyActivities<CommonActivities>({
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '1 second', maximumInterval: '1 minute' },
});

// ── The algorithm, ¶5 ────────────────────────────────────────────────────────────────────────────────

export async function smeRegistration(input: SmeRegistrationWorkflowInput): Promise<SmeRegistrationResult> {
  // ¶5.1–¶5.5 happened on the portal: the applicant authorized, chose the service and the registration
  // type (¶5.4) and filled in the address, head and founders. The hour of ¶4 runs from here.
  const c = new RegistrationCase(input);
  void c.tracker.watchSla();
  const result = await registerWithinTheHour(c);
  await condition(allHandlersFinished);
  return result;
}

async function registerWithinTheHour(c: RegistrationCase): Promise<SmeRegistrationResult> {
  try {
    // ¶5.6 the data entered, reviewed: the application document every signer signs at ¶5.10.
    const documentHash = await c.prepareApplicationDocument();

    // ¶5.7 open the bank account; the bank may refuse and the applicant may choose another (¶3).
    const account = await c.openBankAccount();
    if (!account) return c.end('failed', 'the bank refused to open the account and no other bank was chosen in time (seed 000 ¶3)');

    // ¶5.8 accident insurance of employees — not when the founders hire no employees (¶3).
    if (c.app.insurance.kind === 'accident-insurance') await c.concludeAccidentInsurance(c.app.insurance.insurerCode);
    else await c.skipInsurance();

    // ¶5.9 the state-registration fee: the zero rate for SME legal entities applies, nothing is invoiced.
    if (c.zeroRateFee) await c.recordZeroRateFee();
    else {
      const payment = await c.payStateRegistrationFee();
      if (payment.status === 'unpaid')
        return c.end('unpaid', `the state-registration fee was not paid by the invoice deadline (seed 000 ¶5.9)`);
    }

    // ¶5.10 the applicant and every founder sign through Digital ID.
    const signatures = await c.collectSignatures(documentHash);
    if (!signatures.complete) {
      return c.end(
        'failed',
        `not signed through Digital ID in time by: ${signatures.missing.map((s) => s.name).join(', ')} (seed 000 ¶5.10)`,
      );
    }

    // ¶5.11 the applicant is told the request's status and the service term.
    await c.noticeStatusAndTerm();

    // ¶5.12 processing against the requirements (the legal-entities registry).
    const decision = await c.processAgainstRequirements();
    // ¶5.12-1 compliant → notification of state registration to the personal cabinet.
    if (decision.compliant) return c.issueRegistrationNotification(decision.bin);
    // ¶5.12-2 not compliant → reasoned refusal signed with the provider's ECDS.
    return c.issueReasonedRefusal(decision.findings);
    // ¶5.13 the applicant sees the result in the cabinet's history (deliverToCabinet above).
  } catch (e) {
    // seed 003 ¶15 (the shared block): an outside system that failed for good is reported; a refusal
    // is not. Either way the case undoes what was committed and closes 'failed'.
    if (e instanceof ActivityFailure) return c.steps.endAfterFailure(e, (reason) => c.end('failed', reason));
    throw e;
  }
}

// ── The steps ────────────────────────────────────────────────────────────────────────────────────────

type CommittedStep = 'bank-account' | 'accident-insurance' | 'fee-payment';

class RegistrationCase {
  readonly app: SmeRegistrationApplication;
  readonly clock: CaseClock;
  readonly plan: SmeTermPlan;
  readonly tracker: CaseTracker;
  readonly steps: CaseSteps;
  private readonly signatures: SignatureCollector;
  /** What was committed, in order; undone in reverse, once. */
  private readonly committed: Array<{ step: CommittedStep; undo: (reason: string) => Promise<string> }> = [];
  private readonly compensations: Compensation[] = [];
  private compensated = false;
  private readonly refusedBanks: Array<{ bankCode: string; reasonCode: string; reason: string }> = [];
  private awaitingBankChoice = false;
  private chosenBank: BankChoice | null = null;
  /** SHA-256 of the application document every signer signs (¶5.10). */
  private documentHash = '';
  private signingDueAt = '';
  /** False only when replaying a case started while the fee was still invoiced (6.5 MRP). */
  readonly zeroRateFee: boolean;

  constructor(readonly input: SmeRegistrationWorkflowInput) {
    this.app = input.application;
    this.clock = new CaseClock(input.submittedAt, input.calendar);
    this.plan = planSmeRegistration(new Date(input.submittedAt), this.clock.calendar);
    this.tracker = new CaseTracker({
      applicationId: input.applicationId,
      serviceCode: SME_SERVICE_CODE,
      licensorBody: 'state-corporation', // ¶2: the State Corporation registers
      registeredAt: this.plan.registeredAt,
      dueAt: this.plan.dueAt,
      atRiskAt: this.plan.atRiskAt,
      calendarVersion: this.plan.calendarVersion,
      clock: this.clock,
      initialStage: 'application-received',
    });
    this.steps = new CaseSteps({
      clock: this.clock,
      tracker: this.tracker,
      serviceCode: SME_SERVICE_CODE,
      keyPrefix: workflowInfo().workflowId,
      application: { applicationId: input.applicationId, ancn: input.ancn, applicant: { iinOrBin: input.application.applicant.iin } },
    });
    this.signatures = new SignatureCollector(
      requiredSigners(this.app).map((p) => ({ id: p.iin, name: p.fullName })),
      'the application (seed 000 ¶5.10)',
    );
    this.tracker.setDetail('signatures', this.signatureDetails());
    this.zeroRateFee = patched('sme-zero-rate-fee');
    this.tracker.setDetail('payment', this.zeroRateFee ? zeroRateFeeDetail() : { status: 'not-invoiced' });
    // The status query with the time left of the hour (as of the case's last step).
    setHandler(statusQuery, () => {
      const s = this.tracker.snapshot();
      s.details['timeLeft'] = { seconds: Math.round(this.clock.msUntil(this.tracker.dueAt) / 1000), asOf: this.clock.now().toISOString() };
      return s;
    });
    setHandler(signUpdate, (req) => this.sign(req), {
      validator: (req: SignRequest) => this.signatures.assertCanSign(req.signerIin),
    });
    setHandler(chooseAnotherBankUpdate, (req) => this.chooseAnotherBank(req), {
      validator: (req: ChooseAnotherBankRequest) => this.assertCanChooseBank(req),
    });
  }

  key(step: string): string {
    return `${workflowInfo().workflowId}:${step}`;
  }

  async prepareApplicationDocument(): Promise<string> {
    await this.tracker.enterStage('application-review', { regulation: 'seed 000 ¶5.6' });
    const doc = await outside.prepareApplicationDocument({
      applicationId: this.input.applicationId,
      ancn: this.input.ancn,
      application: this.app,
    });
    this.tracker.setDetail('applicationDocument', { ancn: this.input.ancn, sha256: doc.documentHash });
    return doc.documentHash;
  }

  async openBankAccount(): Promise<{ accountId: string; iban: string } | null> {
    let bank: BankChoice = this.app.bank;
    for (let attempt = 1; ; attempt += 1) {
      await this.tracker.enterStage('bank-account', { regulation: 'seed 000 ¶5.7', waitingOn: 'external-system' });
      this.tracker.setWaitingOn('external-system', `bank ${bank.bankCode} has not answered the account opening (seed 000 ¶5.7)`);
      try {
        const account = await outside.openBankAccount({
          idempotencyKey: this.key(`bank-account:${attempt}`),
          applicationId: this.input.applicationId,
          bankCode: bank.bankCode,
          branchCode: bank.branchCode,
          legalEntityName: this.app.legalEntity.name,
          founders: this.app.founders,
          executiveBody: this.app.executiveBody,
        });
        this.commit('bank-account', async (reason) => {
          await undo.cancelBankAccountOpening({ idempotencyKey: this.key('undo:bank-account'), accountId: account.accountId, reason });
          return `account opening ${account.iban} at ${account.bankCode} cancelled`;
        });
        this.tracker.setDetail('bank', {
          status: 'opened',
          bankCode: account.bankCode,
          branchCode: account.branchCode,
          iban: account.iban,
          refusals: this.refusedBanks,
        });
        await this.tracker.audit('bank-account-opened', account.bankCode, { bankCode: account.bankCode, iban: account.iban });
        return account;
      } catch (e) {
        const refusal = refusalOf(e, 'BANK_REFUSED');
        if (!refusal) throw e;
        this.refusedBanks.push({ bankCode: bank.bankCode, reasonCode: refusal.reasonCode, reason: refusal.reason });
        this.tracker.setDetail('bank', { status: 'refused', refusals: this.refusedBanks });
        await this.tracker.audit('bank-refused', bank.bankCode, {
          bankCode: bank.bankCode,
          reasonCode: refusal.reasonCode,
          reason: refusal.reason,
        });
        const next = await this.waitForAnotherBank();
        if (!next) return null;
        bank = next;
      }
    }
  }

  /** ¶3: after a refusal the applicant may choose another bank, within the window. */
  private async waitForAnotherBank(): Promise<BankChoice | null> {
    const until = windowEnd(this.clock.now(), BANK_CHOICE_WINDOW_MINUTES);
    await this.tracker.enterStage('awaiting-bank-choice', {
      regulation: 'seed 000 ¶3',
      plannedBy: until,
      waitingOn: 'applicant',
      pendingActions: [{ action: 'choose-another-bank', by: 'applicant', dueAt: toKzIso(until) }],
    });
    this.tracker.setWaitingOn('applicant', 'the applicant has not chosen another bank after a refusal (seed 000 ¶3)');
    this.chosenBank = null;
    this.awaitingBankChoice = true;
    await this.clock.waitUntil(() => this.chosenBank !== null, until);
    this.awaitingBankChoice = false;
    return this.chosenBank;
  }

  private assertCanChooseBank(req: ChooseAnotherBankRequest): void {
    if (!this.awaitingBankChoice) {
      throw new Error(
        `another bank can be chosen only after a bank refused to open the account (seed 000 ¶3); the case is at stage ${this.tracker.stage}`,
      );
    }
    if (this.refusedBanks.some((r) => r.bankCode === req.bankCode))
      throw new Error(`bank ${req.bankCode} has already refused to open the account; choose another bank`);
  }

  private async chooseAnotherBank(req: ChooseAnotherBankRequest): Promise<BankChoice> {
    this.chosenBank = { bankCode: req.bankCode, branchCode: req.branchCode };
    await this.tracker.audit('another-bank-chosen', req.actor, { bankCode: req.bankCode, branchCode: req.branchCode });
    return this.chosenBank;
  }

  async concludeAccidentInsurance(insurerCode: string): Promise<void> {
    await this.tracker.enterStage('accident-insurance', { regulation: 'seed 000 ¶5.8', waitingOn: 'external-system' });
    this.tracker.setWaitingOn('external-system', `insurer ${insurerCode} has not answered the accident-insurance contract (seed 000 ¶5.8)`);
    const policy = await outside.concludeAccidentInsurance({
      idempotencyKey: this.key('accident-insurance'),
      applicationId: this.input.applicationId,
      insurerCode,
      policyholderName: this.app.legalEntity.name,
      policyholderHead: { iin: this.app.head.iin, fullName: this.app.head.fullName },
    });
    this.commit('accident-insurance', async (reason) => {
      await undo.cancelInsurancePolicy({ idempotencyKey: this.key('undo:accident-insurance'), policyId: policy.policyId, reason });
      return `accident-insurance policy ${policy.policyNumber} cancelled`;
    });
    this.tracker.setDetail('insurance', { status: 'concluded', insurerCode: policy.insurerCode, policyNumber: policy.policyNumber });
    await this.tracker.audit('accident-insurance-concluded', policy.insurerCode, { policyNumber: policy.policyNumber });
  }

  async skipInsurance(): Promise<void> {
    this.tracker.setDetail('insurance', { status: 'not-required', reason: 'the founders work without hiring employees (seed 000 ¶3)' });
    await this.tracker.audit('accident-insurance-not-required', 'system', { regulation: 'seed 000 ¶3' });
  }

  /** ¶5.9 at the zero rate: recorded with its source on the status and in the audit; nothing to pay or refund. */
  async recordZeroRateFee(): Promise<void> {
    this.tracker.setDetail('payment', zeroRateFeeDetail());
    await this.tracker.audit('fee-not-charged', 'system', {
      amountTenge: 0,
      rate: STATE_REGISTRATION_FEE.rate,
      source: STATE_REGISTRATION_FEE.source,
    });
  }

  async payStateRegistrationFee(): Promise<PaymentOutcome> {
    const deadline = windowEnd(this.clock.now(), PAYMENT_WINDOW_MINUTES);
    const amountTenge = preZeroRateFeeTenge(new Date(this.input.submittedAt));
    await this.tracker.enterStage('payment', { regulation: 'seed 000 ¶5.9', plannedBy: deadline, waitingOn: 'applicant' });
    this.tracker.setWaitingOn('applicant', 'the state-registration fee has not been paid (seed 000 ¶5.9)');
    const outcome = await collectPayment({
      clock: this.clock,
      activities: outside,
      deadline,
      request: {
        idempotencyKey: this.key('fee-invoice'),
        applicationId: this.input.applicationId,
        purpose: 'state-registration-fee',
        amountTenge,
        payerRef: this.app.applicant.iin,
      },
      onInvoice: (invoice) => {
        this.tracker.setDetail('payment', {
          status: 'awaiting-payment',
          invoiceId: invoice.invoiceId,
          amountTenge: invoice.amountTenge,
          payUrl: invoice.payUrl,
          expiresAt: invoice.expiresAt,
        });
      },
      onEvent: (event) => {
        if (event.status === 'failed')
          this.tracker.setDetail('payment', {
            status: 'payment-declined',
            invoiceId: event.invoiceId,
            amountTenge: event.amountTenge,
            retryUntil: deadline.toISOString(),
          });
      },
    });
    if (outcome.status === 'paid') {
      const invoice = outcome.invoice;
      this.commit('fee-payment', async (reason) => {
        const refund = await undo.refundFee({ idempotencyKey: this.key('undo:fee-payment'), invoiceId: invoice.invoiceId, reason });
        return `state-registration fee of ${refund.amountTenge} tenge refunded (${refund.refundId})`;
      });
      this.tracker.setDetail('payment', {
        status: 'paid',
        invoiceId: invoice.invoiceId,
        amountTenge: invoice.amountTenge,
        paidAt: outcome.paidAt,
        via: outcome.via,
      });
      await this.tracker.audit('fee-paid', 'payment-gateway', {
        invoiceId: invoice.invoiceId,
        amountTenge: invoice.amountTenge,
        via: outcome.via,
      });
    } else {
      this.tracker.setDetail('payment', {
        status: 'unpaid',
        invoiceId: outcome.invoice.invoiceId,
        amountTenge: outcome.invoice.amountTenge,
        reason: outcome.reason,
      });
    }
    return outcome;
  }

  async collectSignatures(documentHash: string): Promise<{ complete: boolean; missing: Array<{ id: string; name: string }> }> {
    this.documentHash = documentHash;
    const deadline = windowEnd(this.clock.now(), SIGNING_WINDOW_MINUTES);
    this.signingDueAt = toKzIso(deadline);
    this.signatures.open(); // before the stage is announced: the status never offers a signature it would refuse
    await this.tracker.enterStage('signatures', {
      regulation: 'seed 000 ¶5.10',
      plannedBy: deadline,
      waitingOn: 'applicant',
      pendingActions: this.signPending(),
    });
    this.tracker.setWaitingOn('applicant', 'not every founder has signed through Digital ID (seed 000 ¶5.10)');
    const result = await this.signatures.collectUntil(this.clock, deadline);
    this.tracker.setPendingActions([]);
    this.tracker.setDetail('signatures', this.signatureDetails());
    return result;
  }
  private async sign(req: SignRequest): Promise<SignatureReceipt> {
    const sig = await this.signatures.sign(req.signerIin, async () => {
      try {
        return await outside.signWithDigitalId({
          idempotencyKey: this.key(`signature:${req.signerIin}:${req.biometricSessionId}`),
          iin: req.signerIin,
          biometricSessionId: req.biometricSessionId,
          documentHash: this.documentHash,
        });
      } catch (e) {
        // Digital ID's refusal fails this signature only, with its reason; the signer may try again.
        const refusal = refusalOf(e, 'BIOMETRIC_VERIFICATION_FAILED');
        if (!refusal) throw e;
        throw ApplicationFailure.create({
          type: 'BIOMETRIC_VERIFICATION_FAILED',
          message: `Digital ID refused the signature: ${refusal.reason}`,
          nonRetryable: true,
        });
      }
    });
    this.tracker.setDetail('signatures', this.signatureDetails());
    if (this.signatures.state === 'open') this.tracker.setPendingActions(this.signPending());
    await this.tracker.audit(
      'signed-with-digital-id',
      req.actor,
      { signer: maskIin(req.signerIin), signatureId: sig.signatureId },
      sig.signatureId,
    );
    return {
      signerIin: req.signerIin,
      signatureId: sig.signatureId,
      signedAt: sig.signedAt,
      stillToSign: this.signatures.stillToSign.map((s) => s.id),
    };
  }

  private signPending(): Array<{ action: string; by: 'applicant'; dueAt: string; who: string[] }> {
    return [{ action: 'sign', by: 'applicant', dueAt: this.signingDueAt, who: this.signatures.stillToSign.map((s) => s.id) }];
  }

  private signatureDetails(): Record<string, unknown> {
    return {
      phase: this.signatures.state,
      signed: this.signatures.collected.map((s) => ({ iin: s.signerId, signatureId: s.signatureId, signedAt: s.signedAt })),
      stillToSign: this.signatures.stillToSign.map((s) => ({ iin: s.id, name: s.name })),
    };
  }

  async noticeStatusAndTerm(): Promise<void> {
    await this.tracker.enterStage('status-notice', { regulation: 'seed 000 ¶5.11', waitingOn: 'nobody' });
    await common.deliverToCabinet({
      applicationId: this.input.applicationId,
      applicantRef: this.app.applicant.iin,
      kind: 'status-notice',
      message: `Application ${this.input.ancn} for state registration of "${this.app.legalEntity.name}" is being processed; the result is due by ${toKzIso(this.tracker.dueAt)} (seed 000 ¶4).`,
      idempotencyKey: this.key('notice:status-and-term'),
    });
  }

  async processAgainstRequirements(): Promise<{ compliant: true; bin: string } | { compliant: false; findings: RegistryFinding[] }> {
    await this.tracker.enterStage('registry-check', { regulation: 'seed 000 ¶5.12', waitingOn: 'external-system' });
    this.tracker.setWaitingOn('external-system', 'the legal-entities registry has not answered (seed 000 ¶5.12)');
    const facts = {
      applicationId: this.input.applicationId,
      name: this.app.legalEntity.name,
      legalForm: this.app.legalEntity.legalForm,
      address: this.app.legalEntity.address,
      headIin: this.app.head.iin,
      // A limited partnership's founders are full partners or investors (seed 000 ¶4, the form's rules).
      founders: this.app.founders.map((f) => ({
        iin: f.iin,
        sharePercent: f.sharePercent,
        ...(f.partnerRole ? { partnerRole: f.partnerRole } : {}),
      })),
    };
    const check = await outside.checkLegalEntity(facts);
    if (!check.compliant) return { compliant: false, findings: check.findings };
    try {
      const registration = await outside.registerLegalEntity({ ...facts, idempotencyKey: this.key('registration') });
      this.tracker.setDetail('registration', { bin: registration.bin, registeredAt: registration.registeredAt });
      await this.tracker.audit('legal-entity-registered', 'legal-entity-registry', { bin: registration.bin });
      return { compliant: true, bin: registration.bin };
    } catch (e) {
      // The name can be taken between the check and the registration.
      const findings = registryFindingsOf(e);
      if (!findings) throw e;
      return { compliant: false, findings };
    }
  }

  async issueRegistrationNotification(bin: string): Promise<SmeRegistrationResult> {
    await this.tracker.enterStage('registration-notification', { regulation: 'seed 000 ¶5.12-1', waitingOn: 'nobody' });
    const doc = await common.issueDocument({
      applicationId: this.input.applicationId,
      serviceCode: SME_SERVICE_CODE,
      kind: 'registration-notification',
      documentType: 'NTF',
      signer: 'provider',
      issuedAt: toKzIso(this.clock.now()),
      title: 'Notification of state registration of a legal entity (small and medium entrepreneurship)',
      body: {
        applicationAncn: this.input.ancn,
        bin,
        name: this.app.legalEntity.name,
        legalForm: this.app.legalEntity.legalForm,
        // The registered name with its form (ТОО «…», ПК «…»), in the form's own words (seed 000 ¶4).
        legalFormName: legalFormName(this.app.legalEntity.legalForm),
        nameWithLegalForm: nameWithLegalForm(this.app.legalEntity.name, this.app.legalEntity.legalForm),
        address: this.app.legalEntity.address,
        head: { iin: this.app.head.iin, fullName: this.app.head.fullName, position: this.app.head.position },
        founders: this.app.founders.map((f) => ({
          iin: f.iin,
          fullName: f.fullName,
          sharePercent: f.sharePercent,
          ...(f.partnerRole ? { partnerRole: f.partnerRole } : {}),
        })),
        registrationType: this.app.registrationType,
        regulation: 'seed 000 ¶4, ¶5.12-1',
      },
      idempotencyKey: this.key('document:registration-notification'),
    });
    this.tracker.addDocument({ ancn: doc.ancn, kind: doc.kind, issuedAt: doc.issuedAt });
    await common.deliverToCabinet({
      applicationId: this.input.applicationId,
      applicantRef: this.app.applicant.iin,
      ancn: doc.ancn,
      kind: 'registration-notification',
      message: `"${this.app.legalEntity.name}" is registered, BIN ${bin} (seed 000 ¶5.12-1).`,
      idempotencyKey: this.key('deliver:registration-notification'),
    });
    await this.tracker.close('issued', { resultDocumentAncn: doc.ancn });
    return { outcome: 'issued', bin, documentAncn: doc.ancn, compensations: [] };
  }

  async issueReasonedRefusal(findings: RegistryFinding[]): Promise<SmeRegistrationResult> {
    const reason = findings.map((f) => f.message).join('; ');
    await this.compensate(`state registration refused: ${reason}`);
    await this.tracker.enterStage('reasoned-refusal', { regulation: 'seed 000 ¶5.12-2', waitingOn: 'nobody' });
    const doc = await common.issueDocument({
      applicationId: this.input.applicationId,
      serviceCode: SME_SERVICE_CODE,
      kind: 'reasoned-refusal',
      documentType: 'RFS',
      signer: 'provider',
      issuedAt: toKzIso(this.clock.now()),
      title: 'Reasoned refusal of state registration of a legal entity',
      body: {
        applicationAncn: this.input.ancn,
        name: this.app.legalEntity.name,
        grounds: findings.map((f) => ({ code: f.code, text: f.message })),
        undone: this.compensations.map((c) => c.undone),
        regulation: 'seed 000 ¶5.12-2',
      },
      idempotencyKey: this.key('document:reasoned-refusal'),
    });
    this.tracker.addDocument({ ancn: doc.ancn, kind: doc.kind, issuedAt: doc.issuedAt });
    this.tracker.setDetail('closedReason', reason);
    await common.deliverToCabinet({
      applicationId: this.input.applicationId,
      applicantRef: this.app.applicant.iin,
      ancn: doc.ancn,
      kind: 'reasoned-refusal',
      message: `State registration of "${this.app.legalEntity.name}" is refused: ${reason} (seed 000 ¶5.12-2).`,
      idempotencyKey: this.key('deliver:reasoned-refusal'),
    });
    await this.tracker.close('refused', { resultDocumentAncn: doc.ancn });
    return { outcome: 'refused', documentAncn: doc.ancn, reason, compensations: this.compensations };
  }

  /** The case ends without registration: undo what was committed, tell the applicant why, close. */
  async end(outcome: 'failed' | 'unpaid', reason: string): Promise<SmeRegistrationResult> {
    await this.compensate(reason);
    this.tracker.setDetail('closedReason', reason);
    await common.deliverToCabinet({
      applicationId: this.input.applicationId,
      applicantRef: this.app.applicant.iin,
      kind: 'case-closed',
      message: `Application ${this.input.ancn} is closed without registration: ${reason}.${this.undoneSentence()}`,
      idempotencyKey: this.key('deliver:case-closed'),
    });
    await this.tracker.close(outcome, { note: reason });
    return { outcome, reason, compensations: this.compensations };
  }

  private commit(step: CommittedStep, undoStep: (reason: string) => Promise<string>): void {
    this.committed.push({ step, undo: undoStep });
  }

  /** Undoes every committed step once, newest first, recording each in the status and the audit. */
  private async compensate(reason: string): Promise<void> {
    if (this.compensated || this.committed.length === 0) return;
    this.compensated = true;
    await this.tracker.enterStage('compensation', { note: reason, waitingOn: 'external-system' });
    this.tracker.setWaitingOn('external-system', 'undoing committed steps (refund, policy, account)');
    for (const step of [...this.committed].reverse()) {
      const undone = await step.undo(reason);
      this.compensations.push({ step: step.step, undone, at: this.clock.now().toISOString() });
      this.tracker.setDetail('compensations', this.compensations);
      await this.tracker.audit('compensated', 'system', { step: step.step, undone, reason });
    }
  }

  private undoneSentence(): string {
    return this.compensations.length ? ` Undone: ${this.compensations.map((c) => c.undone).join('; ')}.` : '';
  }
}

function zeroRateFeeDetail(): Record<string, unknown> {
  return {
    status: 'not-charged',
    amountTenge: STATE_REGISTRATION_FEE.amountTenge,
    rate: STATE_REGISTRATION_FEE.rate,
    source: STATE_REGISTRATION_FEE.source,
  };
}

function refusalOf(e: unknown, type: string): { reasonCode: string; reason: string } | null {
  if (!(e instanceof ActivityFailure) || !(e.cause instanceof ApplicationFailure) || e.cause.type !== type) return null;
  const d = e.cause.details?.[0] as { reasonCode?: string; reason?: string } | undefined;
  return { reasonCode: d?.reasonCode ?? type, reason: d?.reason ?? e.cause.message };
}

function registryFindingsOf(e: unknown): RegistryFinding[] | null {
  if (!(e instanceof ActivityFailure) || !(e.cause instanceof ApplicationFailure) || e.cause.type !== 'REGISTRY_REFUSED') return null;
  const d = e.cause.details?.[0] as { findings?: RegistryFinding[] } | undefined;
  return d?.findings ?? [{ code: 'REFUSED', message: e.cause.message }];
}

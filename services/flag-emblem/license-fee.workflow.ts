/**
 * seed 003 Annex 2 item 6: the license fee (10 MRP to issue, 1 MRP to re-issue) through the e-gov payment
 * gateway (shared block workflows/shared/payment.ts), collected alongside the review: the invoice lives
 * until the term's planned end; a declined card may be retried on it. The licensor decides on refusal
 * ground 2 (Annex 2 item 9(2)) from the fee's state at decision time.
 * Workflow code: deterministic; time only through the CaseClock.
 */
import { condition, isCancellation, patched } from '@temporalio/workflow';
import type { CommonActivities } from '../../activities/common-types';
import type { FlagEmblemActivities } from './license-activities';
import { feeTenge, FEE_MRP, kzYear as kzYearOf } from '../../domain/fees';
import type { ServiceCode } from '../../domain/services';
import type { CaseClock } from '../../workflows/shared/clock';
import type { CaseTracker } from '../../workflows/shared/case-tracker';
import { adapterActivities, TechnicalFailure, type CaseSteps } from '../../workflows/shared/case-steps';
import { collectPayment } from '../../workflows/shared/payment';
import type { PaymentEvent } from '../../workflows/shared/payment-signal';
import { awaitMrp } from '../../workflows/shared/reference-data';

const service = adapterActivities<FlagEmblemActivities>();
const common = adapterActivities<CommonActivities>();

export interface FeeState {
  mrp: number;
  /** Priced on the day it is charged (the invoice), at that day's MRP; unknown until then. */
  amountTenge?: number;
  /** The MRP used and its budget law. */
  mrpValue?: { year: number; tenge: number; source: string };
  invoiceId?: string;
  payUrl?: string;
  status: 'not-invoiced' | 'pending' | 'paid' | 'failed' | 'expired';
  paidAt?: string;
  /** A reconsideration: paid in the original case (that application's id). */
  carriedOverFrom?: string;
}

export interface LicenseFeeOptions {
  clock: CaseClock;
  tracker: CaseTracker;
  steps: CaseSteps;
  serviceCode: ServiceCode;
  registeredAt: Date;
  /** The invoice lives until then (the term's planned end). */
  deadline: Date;
  /** Prefix of idempotency keys: the workflow id. */
  keyPrefix: string;
  application: { applicationId: string; applicantRef: string };
  /** After every change of the fee's state. */
  onChange: () => void;
}

export class LicenseFee {
  private readonly state: FeeState;
  /**
   * Annex 2 item 6: the fee is priced at the MRP in force on the day it is charged, asked of the
   * reference data (recorded in history; a missing year waits). False only when replaying a case started
   * when the fee was priced in the constructor at the registration year's MRP.
   */
  private readonly fromReferenceData: boolean;
  /** The gateway could not be reached (¶15): the next stage change ends the case. */
  failure?: TechnicalFailure;

  constructor(private readonly o: LicenseFeeOptions) {
    const fee = FEE_MRP[o.serviceCode];
    this.fromReferenceData = patched('fee-from-reference-data');
    this.state = this.fromReferenceData
      ? { mrp: fee?.mrp ?? 0, status: 'not-invoiced' }
      : { mrp: fee?.mrp ?? 0, amountTenge: feeTenge(o.serviceCode, o.registeredAt), status: 'not-invoiced' };
  }

  get paid(): boolean {
    return this.state.status === 'paid';
  }

  /** The fee as the status shows it. */
  view(): FeeState {
    return { ...this.state };
  }

  /**
   * Prices the fee (at today's MRP), starts collecting it alongside the review and returns once the
   * invoice is out; an unreachable gateway is a technical failure (¶15).
   */
  async invoice(): Promise<void> {
    if (this.fromReferenceData) await this.price();
    void this.collect();
    await condition(() => this.state.invoiceId !== undefined || this.failure !== undefined);
    if (this.failure) throw this.failure;
  }

  /**
   * A reconsideration after an upheld complaint (seed 003 ¶16): the fee was paid in the original case and
   * is not charged again (ours); the status names the original application.
   */
  carriedOver(originalApplicationId: string): void {
    Object.assign(this.state, { status: 'paid', carriedOverFrom: originalApplicationId });
    this.o.onChange();
  }

  /** A callback can be late or lost: ask the gateway before deciding on an unpaid fee. */
  async reconcile(): Promise<void> {
    if (this.state.status === 'paid' || !this.state.invoiceId) return;
    const invoiceId = this.state.invoiceId;
    const s = await this.o.steps.run('reconcile-fee', () => service.getLicenseFeeInvoiceStatus({ invoiceId }));
    if (s.status === 'paid') Object.assign(this.state, { status: 'paid', ...(s.paidAt ? { paidAt: s.paidAt } : {}) });
    this.o.onChange();
  }

  /** The fee at the MRP of the day it is charged (today, by the case clock); a year not yet published waits. */
  private async price(): Promise<void> {
    const { clock, tracker } = this.o;
    const at = clock.now();
    const mrp = await awaitMrp({ clock, tracker, regulation: 'seed 003 Annex 2 item 6', at, year: kzYearOf(at) });
    Object.assign(this.state, { amountTenge: this.state.mrp * mrp.tenge, mrpValue: mrp });
    this.o.onChange();
  }

  private async collect(): Promise<void> {
    const { steps, application, keyPrefix } = this.o;
    try {
      const outcome = await collectPayment({
        clock: this.o.clock,
        activities: {
          createFeeInvoice: (req) => steps.run('create-fee-invoice', () => service.createLicenseFeeInvoice(req)),
          getFeeInvoiceStatus: (req) => steps.run('reconcile-fee', () => service.getLicenseFeeInvoiceStatus(req)),
        },
        request: {
          idempotencyKey: `${keyPrefix}:fee-invoice`,
          applicationId: application.applicationId,
          purpose: 'license-fee',
          amountTenge: this.state.amountTenge ?? 0,
          payerRef: application.applicantRef,
        },
        deadline: this.o.deadline,
        onInvoice: async (invoice) => {
          Object.assign(this.state, { invoiceId: invoice.invoiceId, payUrl: invoice.payUrl, status: 'pending' });
          this.o.onChange();
          await steps.run('deliver-fee-invoice', () =>
            common.deliverToCabinet({
              applicationId: application.applicationId,
              applicantRef: application.applicantRef,
              kind: 'fee-invoice',
              message: `License fee ${this.state.mrp} MRP = ${this.state.amountTenge} tenge: pay at ${invoice.payUrl} (Annex 2 item 6).`,
              idempotencyKey: `${keyPrefix}:deliver-fee-invoice`,
            }),
          );
        },
        onEvent: (e) => this.onPayment(e),
      });
      if (outcome.status === 'paid' && this.state.status !== 'paid') Object.assign(this.state, { status: 'paid', paidAt: outcome.paidAt });
      if (outcome.status === 'unpaid' && this.state.status !== 'paid') this.state.status = 'expired';
      this.o.onChange();
    } catch (e) {
      if (isCancellation(e)) return; // withdrawn (seed 004 ¶42): the review, and with it the wait for the fee, stopped
      if (!(e instanceof TechnicalFailure)) throw e;
      this.failure = e;
    }
  }

  private onPayment(e: PaymentEvent): void {
    if (this.state.status === 'paid') return;
    if (e.status === 'paid') Object.assign(this.state, { status: 'paid', paidAt: e.at });
    else this.state.status = e.status === 'failed' ? 'failed' : 'expired';
    this.o.onChange();
  }
}

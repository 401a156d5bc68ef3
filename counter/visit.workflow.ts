/**
 * One visit to the State Corporation counter = one ticket = one workflow (seed 001 ¶9, ¶11). It reads like
 * ¶11's steps: the ticket waits in the queue (¶9(1)); the operator calls it and chooses the service, enters
 * the applicant's data and a notarised power of attorney's data (P1–P2); the system asks the
 * legal-entities database and the unified notarial system (P3); absent → "the data cannot be obtained"
 * and nothing is forwarded (C1, P4); present → the operator marks the paper documents, attaches the
 * scans and signs the form with the operator's ECDS (P5); the form goes at once to e-licensing (P6, ¶9(3)),
 * which registers it with its ANCN (P7), and the receipt is issued (¶9(1)).
 *
 * The two 20-minute limits (waiting: seed 002 ¶4(2); service: seed 001 ¶9(2)) are SLA timers: a breach
 * is recorded with its cause and the visit goes on. An outage of a look-up is retried by the activity and
 * never becomes "the data cannot be obtained".
 */
import { allHandlersFinished, condition, proxyActivities, setHandler } from '@temporalio/workflow';
import { CaseClock } from '../workflows/shared/clock';
import { applicantKindOf, minutesAfter, SERVICE_SLA_MINUTES, WAITING_SLA_MINUTES, type CounterServiceTerms } from './channel';
import type { CounterActivities } from './activities';
import {
  callTicketUpdate,
  enterApplicationUpdate,
  signAndForwardUpdate,
  visitStatusQuery,
  type CallRequest,
  type EnterApplicationRequest,
  type OperatorActor,
  type SignAndForwardRequest,
  type SlaBreach,
  visitA9ReceiptQuery,
  type VisitInput,
  type VisitStage,
  type VisitStatus,
} from './visit-types';

/** The look-ups: an outage (a thrown error) is retried with backoff for a day; "not found" is an answer. */
const lookups = proxyActivities<CounterActivities>({
  startToCloseTimeout: '30 seconds',
  scheduleToCloseTimeout: '1 day',
  retry: { initialInterval: '2 seconds', backoffCoefficient: 2, maximumInterval: '1 minute' },
});
const effects = proxyActivities<CounterActivities>({
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute' },
});

export interface VisitResult {
  outcome: 'forwarded' | 'data-cannot-be-obtained' | 'package-incomplete';
  applicationId?: string;
  receiptAncn?: string;
  breaches: SlaBreach[];
}

export async function counterVisit(input: VisitInput): Promise<VisitResult> {
  const v = new Visit(input);
  void v.watchSla();

  // ¶9(1): the ticket waits in the electronic queue until an operator of the branch calls it.
  await condition(() => v.status.stage !== 'waiting');
  // ¶11(2): the operator chooses the service and enters the applicant's (and a notarised PoA's) data.
  await condition(() => v.entry !== undefined);
  v.entryTaken = true;
  // ¶11(3), C1: the look-ups; ¶11(5), P4: absent → the message, and the visit ends with nothing forwarded.
  const found = await v.lookUp();
  if (!found) return v.end('data-cannot-be-obtained');
  // ¶11(6), P5: paper documents marked, scans attached, the operator signs.
  await v.enter('documents', 'system', 'look-ups found the data: mark the paper documents, attach the scans, sign');
  await condition(() => v.signing !== undefined);
  await v.takeSigning();
  // seed 002 ¶10, A9: a service that refuses an incomplete package with a receipt; nothing is forwarded.
  if (v.missingDocuments().length > 0) {
    await v.refuseIncompletePackage();
    return v.end('package-incomplete');
  }
  await v.signForwardAndReceipt();
  return v.end('forwarded');
}

class Visit {
  readonly clock: CaseClock;
  readonly status: VisitStatus;
  entry?: EnterApplicationRequest;
  signing?: SignAndForwardRequest;
  /**
   * The main flow has acted on the entered application / the signature (its next command is issued). The
   * enter-application and sign-and-forward Updates complete only then. On replay, the SDK may hand an
   * Update to the workflow before the activity result that preceded it when it ran (both in one workflow
   * task): a handler that completed at once would then complete before the main flow's next activity, in
   * the other order than the history, a nondeterminism error. Waiting for the main flow's step keeps the
   * order the history has in both cases (test/counter/visit-update-replay.test.ts).
   */
  entryTaken = false;
  signingTaken = false;
  private terms?: CounterServiceTerms;
  private a9Xml: string | null = null;

  constructor(readonly input: VisitInput) {
    this.clock = new CaseClock(input.issuedAt);
    this.status = {
      visitId: input.visitId,
      branchId: input.branchId,
      ticket: input.ticket,
      source: input.source,
      stage: 'waiting',
      issuedAt: input.issuedAt,
      waitingDueAt: minutesAfter(new Date(input.issuedAt), WAITING_SLA_MINUTES).toISOString(),
      breaches: [],
      timeline: [{ at: input.issuedAt, event: 'ticket-issued', actor: input.source, note: `ticket ${input.ticket}` }],
      ended: false,
    };
    setHandler(visitStatusQuery, () => JSON.parse(JSON.stringify(this.status)) as VisitStatus);
    setHandler(visitA9ReceiptQuery, () => this.a9Xml);
    setHandler(callTicketUpdate, (req) => this.call(req), { validator: (req: CallRequest) => this.assertCanCall(req) });
    setHandler(enterApplicationUpdate, (req) => this.enterApplication(req), {
      validator: (req: EnterApplicationRequest) => this.assertCanEnter(req),
    });
    setHandler(signAndForwardUpdate, (req) => this.sign(req), { validator: (req: SignAndForwardRequest) => this.assertCanSign(req) });
  }

  // ── the operator's steps (Updates) ──

  private assertOperator(op: OperatorActor | undefined, action: string): void {
    if (!op?.subject) throw new Error(`${action}: the acting operator is missing`);
    if (op.role !== 'operator') throw new Error(`${action}: only a State Corporation operator may do this (you act as ${op.role})`);
    if (op.branch !== this.input.branchId)
      throw new Error(
        `${action}: ticket ${this.input.ticket} belongs to branch ${this.input.branchId}, you work at ${op.branch ?? 'none'}`,
      );
  }

  private assertStage(allowed: VisitStage[], action: string): void {
    if (!allowed.includes(this.status.stage))
      throw new Error(`${action} is not allowed at stage '${this.status.stage}'; it is accepted at: ${allowed.join(', ')}`);
  }

  private assertCanCall(req: CallRequest): void {
    this.assertOperator(req.operator, 'call-ticket');
    this.assertStage(['waiting'], 'call-ticket');
  }

  private async call(req: CallRequest): Promise<VisitStatus> {
    const now = this.clock.now();
    this.status.calledAt = now.toISOString();
    this.status.operator = req.operator.subject;
    this.status.serviceDueAt = minutesAfter(now, SERVICE_SLA_MINUTES).toISOString();
    await this.enter('called', req.operator.subject, `ticket ${this.input.ticket} called`);
    return this.snapshot();
  }

  private assertCanEnter(req: EnterApplicationRequest): void {
    this.assertOperator(req.operator, 'enter-application');
    this.assertStage(['called'], 'enter-application');
    const poa = req.representative?.powerOfAttorney;
    if (poa && poa.kind === 'notarised' && !poa.number)
      throw new Error('enter-application: a notarised power of attorney needs its number');
  }

  private async enterApplication(req: EnterApplicationRequest): Promise<VisitStatus> {
    this.entry = req;
    this.terms = req.terms;
    this.status.serviceCode = req.terms.serviceCode;
    // seed 002 ¶9: the package's checklist, shown to the operator before signing (state only: no command).
    this.status.checklist = req.terms.paperDocuments.map((d) => ({ ...d, name: { ...d.name } }));
    // The service's own time limit at the counter (seed 001 ¶9(2)); the channel's default otherwise.
    if (this.status.calledAt)
      this.status.serviceDueAt = minutesAfter(new Date(this.status.calledAt), req.terms.serviceMinutes.minutes).toISOString();
    const notarised = req.representative?.powerOfAttorney.kind === 'notarised';
    const individual = applicantKindOf(req.applicant) === 'individual';
    this.status.lookUps = {
      // seed 002 ¶9: an individual is compared with the individuals database.
      ...(individual ? { individual: { status: req.terms.lookups.individual ? ('pending' as const) : ('not-asked' as const) } } : {}),
      legalEntity: { status: req.terms.lookups.legalEntity && !individual ? 'pending' : 'not-asked' },
      // ¶11(2): a PoA certified otherwise leaves the fields empty, and nothing is asked of the notarial system.
      powerOfAttorney: { status: req.terms.lookups.notarisedPowerOfAttorney && notarised ? 'pending' : 'not-asked' },
    };
    await this.enter('looking-up', req.operator.subject, `service ${req.terms.serviceCode} chosen; data entered`);
    await condition(() => this.entryTaken || this.status.ended === true);
    return this.snapshot();
  }

  private assertCanSign(req: SignAndForwardRequest): void {
    this.assertOperator(req.operator, 'sign-and-forward');
    this.assertStage(['documents'], 'sign-and-forward');
    // Taken up by the main flow only after the handler ran: until then the stage still reads 'documents'.
    if (this.signing) throw new Error("sign-and-forward is not allowed at stage 'signing'; the form is being signed");
    const missing = (this.terms?.paperDocuments ?? []).filter((d) => d.required && !req.paperDocuments.includes(d.code));
    // seed 002 A9: where the regulation refuses an incomplete package with a receipt, signing issues it.
    if (missing.length && !this.terms?.incompletePackage)
      throw new Error(`sign-and-forward: required paper documents not marked as presented: ${missing.map((d) => d.code).join(', ')}`);
    const known = new Set((this.terms?.paperDocuments ?? []).map((d) => d.code));
    const unknown = req.paperDocuments.filter((c) => !known.has(c));
    if (unknown.length) throw new Error(`sign-and-forward: unknown paper documents: ${unknown.join(', ')}`);
    if (req.scans.length === 0) throw new Error("sign-and-forward: attach the scans of the applicant's documents (seed 001 ¶11(6))");
  }

  private async sign(req: SignAndForwardRequest): Promise<VisitStatus> {
    this.signing = req;
    await condition(() => this.signingTaken || this.status.ended === true);
    return this.snapshot();
  }

  /**
   * The operator's signature taken up by the main flow: the stage and the timeline change here rather than
   * in the Update's handler, so that they read the same whichever of the two ran first on replay.
   */
  async takeSigning(): Promise<void> {
    const req = this.signing!;
    this.status.paperDocuments = [...req.paperDocuments];
    this.status.scans = req.scans.map((s) => ({ ...s }));
    this.signingTaken = true;
    await this.enter(
      'signing',
      req.operator.subject,
      `${req.paperDocuments.length} paper documents marked, ${req.scans.length} scans attached`,
    );
  }

  // ── the system's steps ──

  async lookUp(): Promise<boolean> {
    const entry = this.entry!;
    const lu = this.status.lookUps!;
    if (lu.individual?.status === 'pending' && entry.applicant.kind === 'individual') {
      const r = await lookups.lookUpIndividual({ iin: entry.applicant.iin });
      lu.individual = r ? { status: 'found', record: r } : { status: 'not-found' };
      await this.note('individual-looked-up', r ? 'found in the individuals database' : 'absent from the individuals database');
    }
    if (lu.legalEntity.status === 'pending' && entry.applicant.kind !== 'individual') {
      const r = await lookups.lookUpLegalEntity({ bin: entry.applicant.bin });
      lu.legalEntity = r ? { status: 'found', record: r } : { status: 'not-found' };
      await this.note('legal-entity-looked-up', r ? 'found in the legal-entities database' : 'absent from the legal-entities database');
    }
    const poa = entry.representative?.powerOfAttorney;
    if (lu.powerOfAttorney.status === 'pending' && poa?.kind === 'notarised') {
      const r = await lookups.lookUpPowerOfAttorney({ number: poa.number });
      const mismatch = r && r.status !== 'valid' ? `the power of attorney is ${r.status}` : undefined;
      lu.powerOfAttorney =
        r && !mismatch ? { status: 'found', record: r } : { status: 'not-found', ...(mismatch ? { reason: mismatch } : {}) };
      await this.note(
        'power-of-attorney-looked-up',
        r ? (mismatch ?? 'found in the unified notarial system') : 'absent from the unified notarial system',
      );
    }
    if (lu.legalEntity.status === 'not-found' || lu.powerOfAttorney.status === 'not-found' || lu.individual?.status === 'not-found') {
      const what = [
        lu.individual?.status === 'not-found' && entry.applicant.kind === 'individual'
          ? `the individual ${entry.applicant.iin} (individuals database)`
          : '',
        lu.legalEntity.status === 'not-found' && entry.applicant.kind !== 'individual'
          ? `the legal entity ${entry.applicant.bin} (legal-entities database)`
          : '',
        lu.powerOfAttorney.status === 'not-found' && poa?.kind === 'notarised'
          ? `the power of attorney ${poa.number} (unified notarial information system${lu.powerOfAttorney.reason ? `: ${lu.powerOfAttorney.reason}` : ''})`
          : '',
      ].filter(Boolean);
      this.status.message = `The data cannot be obtained: ${what.join('; ')} not found. The application is not accepted and nothing is forwarded (seed 001 ¶11(5)).`;
      await this.enter('data-cannot-be-obtained', 'system', this.status.message);
      return false;
    }
    return true;
  }

  async signForwardAndReceipt(): Promise<void> {
    const entry = this.entry!;
    const signing = this.signing!;
    const lu = this.status.lookUps!;
    const common = {
      visitId: this.input.visitId,
      branchId: this.input.branchId,
      operator: signing.operator,
      serviceCode: entry.terms.serviceCode,
      applicant: entry.applicant,
      ...(entry.representative ? { representative: entry.representative } : {}),
      form: entry.form,
      lookedUp: {
        ...(lu.legalEntity.record ? { legalEntity: lu.legalEntity.record } : {}),
        ...(lu.individual?.record ? { individual: lu.individual.record } : {}),
        ...(lu.powerOfAttorney.record ? { powerOfAttorney: lu.powerOfAttorney.record } : {}),
      },
      paperDocuments: signing.paperDocuments,
      scans: signing.scans,
      signedAt: this.clock.now().toISOString(),
    };
    // ¶11(6), P5: the operator's ECDS on the completed form.
    const signed = await effects.signIntakeForm(common);
    this.status.form = {
      sha256: signed.sha256,
      signatureRef: signed.signatureRef,
      signedAt: signed.signedAt,
      signer: signed.signerSubject,
    };
    await this.enter('forwarding', signing.operator.subject, "form signed with the operator's ECDS (seed 001 ¶11(6))");
    // ¶9(3), ¶11(7–8): at once to e-licensing, which registers it with its ANCN.
    const forwarded = await effects.forwardToELicensing({ ...common, signedForm: signed });
    this.status.forwarded = { ...forwarded, forwardedAt: this.clock.now().toISOString() };
    await this.note('forwarded-to-e-licensing', `registered in e-licensing as ${forwarded.ancn}`);
    // ¶9(1): the receipt with the acceptance date and the planned result date.
    const receipt = await effects.issueCounterReceipt({
      visitId: this.input.visitId,
      branchId: this.input.branchId,
      operator: signing.operator,
      serviceCode: entry.terms.serviceCode,
      serviceTitle: entry.terms.title.en,
      applicant: entry.applicant,
      forwarded,
      acceptedAt: forwarded.submittedAt,
      paperDocuments: signing.paperDocuments,
      // seed 002 ¶9: the receipt names the documents and where the result is issued.
      ...(entry.terms.receiptRegulation
        ? {
            receiptRegulation: entry.terms.receiptRegulation,
            paperDocumentNames: signing.paperDocuments.map((c) => entry.terms.paperDocuments.find((d) => d.code === c)?.name.en ?? c),
          }
        : {}),
    });
    this.status.receipt = { ancn: receipt.ancn, issuedAt: receipt.issuedAt, plannedResultDate: forwarded.dueAt };
    await this.enter('forwarded', 'system', `receipt ${receipt.ancn} issued`);
  }

  /** The required paper documents not marked as presented (empty: the package is complete). */
  missingDocuments(): Array<{ code: string; name: string }> {
    const presented = this.signing?.paperDocuments ?? [];
    return (this.terms?.paperDocuments ?? [])
      .filter((d) => d.required && !presented.includes(d.code))
      .map((d) => ({ code: d.code, name: d.name.en }));
  }

  /** seed 002 ¶10, A9: the receipt refusing intake, listing the missing documents; the visit ends. */
  async refuseIncompletePackage(): Promise<void> {
    const entry = this.entry!;
    const signing = this.signing!;
    const receipt = this.terms!.incompletePackage!;
    const missing = this.missingDocuments();
    const a9 = await effects.issueA9Receipt({
      visitId: this.input.visitId,
      branchId: this.input.branchId,
      operator: signing.operator,
      serviceCode: entry.terms.serviceCode,
      serviceTitle: entry.terms.title.en,
      applicant: entry.applicant,
      missing,
      receipt: { title: receipt.title, copies: receipt.copies, regulation: receipt.regulation },
      issuedAt: this.clock.now().toISOString(),
    });
    this.a9Xml = a9.signedXml;
    this.status.incompletePackage = {
      missing,
      copies: receipt.copies,
      regulation: receipt.regulation,
      signedAt: a9.signedAt,
      sha256: a9.sha256,
      signer: a9.signerSubject,
    };
    this.status.message = `The package is incomplete: ${missing.map((m) => m.name).join('; ')}. ${receipt.title} is issued in ${receipt.copies} copies; nothing is forwarded (${receipt.regulation}).`;
    await this.enter('package-incomplete', signing.operator.subject, this.status.message);
  }

  async end(outcome: VisitResult['outcome']): Promise<VisitResult> {
    this.status.ended = true;
    await condition(allHandlersFinished);
    return {
      outcome,
      ...(this.status.forwarded ? { applicationId: this.status.forwarded.applicationId } : {}),
      ...(this.status.receipt ? { receiptAncn: this.status.receipt.ancn } : {}),
      breaches: this.status.breaches,
    };
  }

  /**
   * The two SLA timers, beside the visit: waiting (ticket → call) and service (call → end of intake).
   * A breach is recorded with what the visit was waiting for; the visit is never aborted.
   */
  async watchSla(): Promise<void> {
    const called = (): boolean => this.status.stage !== 'waiting';
    if (!(await this.clock.waitUntil(called, new Date(this.status.waitingDueAt)))) {
      await this.breach(
        'waiting',
        WAITING_SLA_MINUTES,
        'seed 002 ¶4(2)',
        this.status.waitingDueAt,
        `ticket ${this.input.ticket} not called by an operator`,
      );
      await condition(called);
    }
    const intakeOver = (): boolean => ['forwarded', 'data-cannot-be-obtained', 'package-incomplete'].includes(this.status.stage);
    for (;;) {
      const due = this.status.serviceDueAt!;
      const moved = (): boolean => this.status.serviceDueAt !== due;
      if (await this.clock.waitUntil(() => intakeOver() || moved(), new Date(due))) {
        if (intakeOver()) return;
        continue;
      }
      const limit = this.terms?.serviceMinutes ?? { minutes: SERVICE_SLA_MINUTES, regulation: 'seed 001 ¶9(2)' };
      await this.breach('service', limit.minutes, limit.regulation, due, this.serviceCause());
      return;
    }
  }

  private serviceCause(): string {
    const lu = this.status.lookUps;
    switch (this.status.stage) {
      case 'called':
        return 'the operator has not entered the application';
      case 'looking-up':
        if (lu?.individual?.status === 'pending') return 'waiting for the individuals database (e-gov gateway)';
        return lu?.legalEntity.status === 'pending'
          ? 'waiting for the legal-entities database (e-gov gateway)'
          : 'waiting for the unified notarial information system (e-gov gateway)';
      case 'documents':
        return 'the operator has not marked the documents and signed the form';
      case 'signing':
      case 'forwarding':
        return 'waiting for the signature or for e-licensing to register the application';
      case 'waiting':
      case 'data-cannot-be-obtained':
      case 'package-incomplete':
      case 'forwarded':
        return `at stage ${this.status.stage}`;
    }
  }

  private async breach(kind: SlaBreach['kind'], limitMinutes: number, regulation: string, dueAt: string, cause: string): Promise<void> {
    const b: SlaBreach = { kind, limitMinutes, regulation, dueAt, recordedAt: this.clock.now().toISOString(), cause };
    this.status.breaches.push(b);
    this.status.timeline.push({
      at: b.recordedAt,
      event: `sla-breached:${kind}`,
      actor: 'system',
      note: `${limitMinutes} min (${regulation}): ${cause}`,
    });
    await effects.recordCounterEvent({
      visitId: this.input.visitId,
      branchId: this.input.branchId,
      event: `sla-breached:${kind}`,
      details: { ...b, ...(this.status.serviceCode ? { serviceCode: this.status.serviceCode } : {}) },
    });
  }

  async enter(stage: VisitStage, actor: string, note?: string): Promise<void> {
    this.status.stage = stage;
    this.status.timeline.push({ at: this.clock.now().toISOString(), event: stage, actor, ...(note ? { note } : {}) });
    await Promise.resolve();
  }

  private async note(event: string, note: string): Promise<void> {
    this.status.timeline.push({ at: this.clock.now().toISOString(), event, actor: 'system', note });
    await Promise.resolve();
  }

  private snapshot(): VisitStatus {
    return JSON.parse(JSON.stringify(this.status)) as VisitStatus;
  }
}

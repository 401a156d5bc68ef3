/**
 * The counter visit's side effects (createCounterActivities(deps), built by the worker): the look-ups of
 * seed 001 ¶11(3) through the e-gov gateway, the operator's ECDS on the form (¶11(6)), forwarding to
 * e-licensing (¶9(3), ¶11(7)) and the receipt (¶9(1)). Look-ups throw on an outage (the workflow retries)
 * and answer null when the record is absent (a business answer: ¶11(5)).
 */
import crypto from 'node:crypto';
import type { DocumentSigner } from '../adapters/signer/port';
import type { IndividualRecord, LegalEntityRecord, StateDatabases } from '../adapters/state-databases/port';
import type { NotarialSystem, NotarisedPowerOfAttorney } from '../adapters/notarial-system/port';
import type { CommonActivities, IssuedDocument } from '../activities/common-types';
import { toKzIso } from '../domain/calendar';
import type { CounterBreachRecord } from '../persistence/port';
import { branchOf } from './branches';
import { applicantIdOf } from './channel';
import { buildA9ReceiptXml, buildIntakeFormXml } from './form';
import type {
  CounterEvent,
  ForwardInput,
  ForwardResult,
  IncompletePackageInput,
  ReceiptInput,
  SignedA9Receipt,
  SignedIntakeForm,
  SignIntakeFormInput,
} from './visit-types';

export interface CounterActivityDeps {
  stateDatabases: StateDatabases;
  notarialSystem: NotarialSystem;
  signer: DocumentSigner;
  /**
   * Starts the service's case through the same path as a portal submission (api/submission.ts): the
   * worker builds it from the service registry, which this kernel cannot import.
   */
  forward: (input: ForwardInput) => Promise<ForwardResult>;
  issueDocument: CommonActivities['issueDocument'];
  log?: (event: CounterEvent) => void;
  /** Keeps an SLA breach (event `sla-breached:<kind>`) for those who watch SLAs: the metric and the dashboard. */
  recordBreach?: (breach: CounterBreachRecord) => Promise<void>;
}

const BREACH_KINDS: ReadonlyArray<CounterBreachRecord['kind']> = ['waiting', 'service', 'hand-over'];

/** The breach an `sla-breached:<kind>` event carries (visit.workflow.ts breach(), hand-over.ts), or null. */
export function breachOf(e: CounterEvent): CounterBreachRecord | null {
  const kind = BREACH_KINDS.find((k) => e.event === `sla-breached:${k}`);
  if (!kind) return null;
  const d = e.details;
  const text = (k: string): string => (typeof d[k] === 'string' ? d[k] : '');
  return {
    subjectId: e.visitId,
    kind,
    branchId: e.branchId,
    serviceCode: text('serviceCode') || null,
    limitMinutes: typeof d['limitMinutes'] === 'number' ? d['limitMinutes'] : 0,
    regulation: text('regulation'),
    dueAt: new Date(text('dueAt')),
    recordedAt: new Date(text('recordedAt')),
    cause: text('cause'),
  };
}

export interface CounterActivities {
  lookUpLegalEntity(input: { bin: string }): Promise<LegalEntityRecord | null>;
  lookUpIndividual(input: { iin: string }): Promise<IndividualRecord | null>;
  issueA9Receipt(input: IncompletePackageInput): Promise<SignedA9Receipt>;
  lookUpPowerOfAttorney(input: { number: string }): Promise<NotarisedPowerOfAttorney | null>;
  signIntakeForm(input: SignIntakeFormInput): Promise<SignedIntakeForm>;
  forwardToELicensing(input: ForwardInput): Promise<ForwardResult>;
  issueCounterReceipt(input: ReceiptInput): Promise<IssuedDocument>;
  recordCounterEvent(input: CounterEvent): Promise<void>;
}

export function createCounterActivities(deps: CounterActivityDeps): CounterActivities {
  return {
    async lookUpLegalEntity({ bin }) {
      return deps.stateDatabases.findLegalEntity(bin);
    },
    async lookUpIndividual({ iin }) {
      return deps.stateDatabases.findIndividual(iin);
    },
    async issueA9Receipt(input) {
      // seed 002 A9: no application exists (nothing is forwarded), so the receipt is the operator-signed XML
      // kept in the visit, not a document under an ANCN.
      const signed = await deps.signer.sign(buildA9ReceiptXml(input), { signer: 'operator' });
      return {
        signedXml: signed.signedXml,
        sha256: crypto.createHash('sha256').update(signed.signedXml).digest('hex'),
        signerSubject: signed.signerSubject,
        signedAt: signed.signedAt,
      };
    },
    async lookUpPowerOfAttorney({ number }) {
      return deps.notarialSystem.findPowerOfAttorney(number);
    },
    async signIntakeForm(input) {
      const xml = buildIntakeFormXml(input);
      const signed = await deps.signer.sign(xml, { signer: 'operator' });
      return {
        signedXml: signed.signedXml,
        sha256: crypto.createHash('sha256').update(signed.signedXml).digest('hex'),
        signatureRef: signed.signatureRef,
        signerSubject: signed.signerSubject,
        signedAt: signed.signedAt,
      };
    },
    async forwardToELicensing(input) {
      return deps.forward(input);
    },
    async issueCounterReceipt(input) {
      const branch = branchOf(input.branchId);
      return deps.issueDocument({
        applicationId: input.forwarded.applicationId,
        serviceCode: input.serviceCode,
        kind: 'counter-receipt',
        documentType: 'NTC',
        signer: 'operator',
        issuedAt: toKzIso(new Date(input.acceptedAt)),
        title: 'Receipt of the acceptance of documents at the State Corporation',
        body: {
          applicationAncn: input.forwarded.ancn,
          service: input.serviceTitle,
          applicant: { ...applicantIdOf(input.applicant), name: input.applicant.name },
          // seed 001 ¶9(1): (a) the date the documents were accepted, (b) the planned date of the result.
          acceptedAt: toKzIso(new Date(input.acceptedAt)),
          plannedResultDate: toKzIso(new Date(input.forwarded.dueAt)),
          paperDocuments: input.paperDocuments.map((code, i) => ({
            code,
            ...(input.paperDocumentNames?.[i] ? { name: input.paperDocumentNames[i] } : {}),
          })),
          // seed 002 ¶9 (3)–(4): the number of documents, and where the result is issued.
          ...(input.paperDocumentNames ? { documentCount: input.paperDocuments.length } : {}),
          ...(input.receiptRegulation && branch ? { resultPlace: `${branch.name.en}, ${branch.city}` } : {}),
          // seed 001 ¶9(1): the State Corporation's mark.
          stateCorporationMark: {
            organisation: 'State Corporation "Government for Citizens"',
            branch: branch ? `${branch.name.en}, ${branch.city}` : input.branchId,
            operator: input.operator.displayName ?? input.operator.subject,
            ticket: input.visitId,
          },
          regulation: input.receiptRegulation ?? 'seed 001 ¶9(1)',
        },
        idempotencyKey: `${input.visitId}:receipt`,
      });
    },
    async recordCounterEvent(input) {
      const breach = breachOf(input);
      if (breach && deps.recordBreach) await deps.recordBreach(breach);
      (deps.log ?? ((e) => process.stderr.write(`${JSON.stringify({ level: 'warn', msg: 'counter event', ...e })}\n`)))(input);
    },
  };
}

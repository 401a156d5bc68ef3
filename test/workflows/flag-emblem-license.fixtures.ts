/**
 * Fixtures for the seed 003 workflow tests: a valid Annex 1 form, a legal entity known to the state
 * databases, the actors, in-memory common activities that record what the case did, and a worker.
 */
import { Context } from '@temporalio/activity';
import type { Worker } from '@temporalio/worker';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { WorkflowHandle } from '@temporalio/client';
import type {
  CabinetDelivery,
  CommonActivities,
  DocumentRequest,
  IssuedDocument,
  MonitoringReport,
  RecordProgressInput,
  TechnicalFailureReport,
} from '../../activities/common-types';
import { createFlagEmblemActivities } from '../../services/flag-emblem/license-activities';
import { InMemoryStateDatabases } from '../../adapters/state-databases/fake';
import { InMemoryApprovingBodyGateway } from '../../adapters/approving-body/fake';
import { InMemoryPermitRegister } from '../../register/permit-register-memory';
import { InMemoryPaymentGateway } from '../../adapters/payment-gateway/fake';
import { formatAncn } from '../../domain/ancn';
import { mrpOn, type MrpValue } from '../../domain/fees';
import { ANNEX1_REQUIREMENTS, FINAL_DECISION_CHAIN, type Annex1Form, type SiteInspection } from '../../services/flag-emblem/license-rules';
import {
  completenessCheckUpdate,
  flagEmblemLicenseWorkflow,
  siteInspectionUpdate,
  type FlagEmblemLicenseInput,
} from '../../services/flag-emblem/license-workflow';
import { draftReviewUpdate, type ChainView } from '../../workflows/shared/approval-chain';
import { paymentSignal } from '../../workflows/shared/payment-signal';
import type { CaseStatus } from '../../workflows/shared/case';
import { statusQuery } from '../../workflows/shared/case';
import type { Actor } from '../../workflows/shared/staff-decision';
import { createWorker, HANG_CEILING_MS, workflowIdFor } from '../helpers/temporal';

export const APPLICANT_BIN = '180340001231';
export const APPLICANT_NAME = 'ТОО "Рәміз Өндіріс"';

export const CTRM_STAFF: Actor = { subject: 'ctrm:a.seitkali', role: 'staff', licensorBody: 'ctrm', displayName: 'A. Seitkali' };
export const OTHER_LICENSOR_STAFF: Actor = { subject: 'sc:b.omarov', role: 'staff', licensorBody: 'state-corporation' };
export const APPLICANT: Actor = { subject: `portal:${APPLICANT_BIN}`, role: 'portal' };

const report = (n: string, result: 'positive' | 'negative' = 'positive') => ({
  number: n,
  date: '2026-01-15',
  laboratory: 'Испытательная лаборатория НЦЭ «Казахстанский институт стандартизации и метрологии»',
  accreditationCertificate: 'KZ.T.02.0123',
  standard: 'ҚР СТ 989' as const,
  result,
});

export function annex1Form(): Annex1Form {
  return {
    standardizationDocuments: [
      { name: 'Қазақстан Республикасының Мемлекеттік Елтаңбасы. Техникалық шарттар', number: 'ҚР СТ 989-2020' },
      { name: 'Қазақстан Республикасының Мемлекеттік Туы. Техникалық шарттар', number: 'ҚР СТ 1068-2020' },
    ],
    productionBase: {
      address: 'Астана қ., Тұран д-лы, 12',
      description: 'Production workshop, 420 m²',
      ownership: 'leased',
      leaseAgreement: { number: 'LA-2025/118', date: '2025-06-01', lessor: 'ТОО "Астана Индустриал Парк"', validUntil: '2028-05-31' },
    },
    technologicalEquipment: [
      { name: 'Hydraulic press PH-250', ownership: 'owned' },
      { name: 'Enamel kiln EK-12', ownership: 'owned' },
    ],
    measuringInstruments: [{ name: 'Spectrophotometer X-Rite Ci64', serialNumber: 'CI64-55812' }],
    colourAtlas: { name: 'Pantone Formula Guide, 2024 edition' },
    calibrationCertificates: [
      {
        instrumentSerialNumber: 'CI64-55812',
        number: 'ПС-2025/4471',
        issuedOn: '2025-11-10',
        issuedBy: 'РГП «КазСтандарт»',
        validUntil: '2026-11-09',
      },
    ],
    emblemMasterModels: [
      { sizeMm: 500, testReport: report('ТР-2026/011') },
      { sizeMm: 1000, testReport: report('ТР-2026/012') },
    ],
    productionReferenceSamples: [
      { sizeMm: 500, testReport: report('ТР-2026/013') },
      { sizeMm: 1000, testReport: report('ТР-2026/014') },
    ],
  };
}

export interface Recorded {
  /** Holds every issueDocument of that kind until the returned function is called (a decision in flight). */
  hold: (kind: string) => () => void;
  documents: Array<DocumentRequest & { ancn: string }>;
  deliveries: CabinetDelivery[];
  monitoring: MonitoringReport[];
  failures: TechnicalFailureReport[];
  progress: RecordProgressInput[];
  /** The reference data the worker answers the MRP from; a test replaces it to publish a year later. */
  mrpOn: (at: Date) => MrpValue | undefined;
}

/** Common activities that remember what they were asked (activities/common.ts is exercised elsewhere). */
export function recordingCommonActivities(): { activities: CommonActivities; rec: Recorded } {
  const holds = new Map<string, Promise<void>>();
  const hold = (kind: string): (() => void) => {
    let release = (): void => undefined;
    holds.set(kind, new Promise<void>((r) => (release = r)));
    return () => {
      holds.delete(kind);
      release();
    };
  };
  const rec: Recorded = { hold, documents: [], deliveries: [], monitoring: [], failures: [], progress: [], mrpOn };
  const seq: Record<string, number> = {};
  const byKey = new Map<string, IssuedDocument>();
  const activities: CommonActivities = {
    async lookUpMrp({ at }) {
      const row = rec.mrpOn(new Date(at));
      return row ? { year: row.year, tenge: row.tenge, source: row.source } : null;
    },
    async recordProgress(input) {
      rec.progress.push(input);
    },
    async issueDocument(input) {
      await holds.get(input.kind);
      const known = byKey.get(input.idempotencyKey);
      if (known) return known;
      seq[input.documentType] = (seq[input.documentType] ?? 0) + 1;
      const ancn = formatAncn(input.documentType, seq[input.documentType] as number);
      const doc: IssuedDocument = { ancn, kind: input.kind, signatureRef: `sig:${ancn}`, issuedAt: input.issuedAt };
      byKey.set(input.idempotencyKey, doc);
      rec.documents.push({ ...input, ancn });
      return doc;
    },
    async deliverToCabinet(input) {
      rec.deliveries.push(input);
    },
    async reportToMonitoring(input) {
      rec.monitoring.push(input);
    },
    async reportTechnicalFailure(input) {
      rec.failures.push(input);
    },
  };
  return { activities, rec };
}

export interface Harness {
  worker: Worker;
  rec: Recorded;
  stateDatabases: InMemoryStateDatabases;
  approvingBodies: InMemoryApprovingBodyGateway;
  permitRegister: InMemoryPermitRegister;
  payments: InMemoryPaymentGateway;
  /** The moment the fakes take as "now" (tests set it to the case clock before acting on the gateway). */
  clock: CaseMoment;
}

/**
 * The fakes' "now", which a test sets to the case's moment (pay() does). Reading it unset throws, so no
 * fake ever falls back to the real date and a test's outcome cannot depend on the day it runs.
 */
export class CaseMoment {
  private value: Date | undefined;

  get now(): Date {
    if (this.value) return this.value;
    // An activity reading the clock (the invoice reconciliation at its deadline) gets the case moment of
    // the server time it was scheduled at, on the case clock this test file started last.
    const time = CaseTime.latest;
    if (time) {
      try {
        return time.at(Context.current().info.currentAttemptScheduledTimestampMs);
      } catch {
        // not inside an activity: fall through
      }
    }
    throw new Error('the harness clock is unset: set h.clock.now to the case time (pay() does) before the fakes need it');
  }

  set now(moment: Date) {
    this.value = moment;
  }
}

/**
 * The Flag/Emblem fakes and a worker for them. `workflowsPath` and `activities` let a suite that runs more
 * workflows beside the license (complaints) use the same fakes.
 */
export async function createHarness(
  env: TestWorkflowEnvironment,
  taskQueue: string,
  extra: { workflowsPath?: string; activities?: object } = {},
): Promise<Harness> {
  const stateDatabases = new InMemoryStateDatabases({
    legalEntities: [
      {
        bin: APPLICANT_BIN,
        name: APPLICANT_NAME,
        registeredOn: '2018-03-14',
        legalAddress: 'Астана қ., Тұран д-лы, 12',
        head: { iin: '850512400125', fullName: 'Сейтқали Айгерім' },
        status: 'active',
      },
    ],
  });
  const approvingBodies = new InMemoryApprovingBodyGateway();
  const permitRegister = new InMemoryPermitRegister();
  const clock = new CaseMoment();
  const payments = new InMemoryPaymentGateway({ now: () => clock.now });
  const { activities, rec } = recordingCommonActivities();
  const worker = await createWorker(env, {
    taskQueue,
    workflowsPath: extra.workflowsPath ?? require.resolve('../../services/flag-emblem/license-workflow'),
    activities: {
      ...activities,
      ...createFlagEmblemActivities({ stateDatabases, approvingBodies, permitRegister, paymentGateway: payments }),
      ...extra.activities,
    },
  });
  return { worker, rec, stateDatabases, approvingBodies, permitRegister, payments, clock };
}

export async function status(handle: WorkflowHandle): Promise<CaseStatus> {
  return handle.query(statusQuery);
}

/** Polls the status query (real time; the test server's clock stays locked) until `pred` holds. */
export async function waitFor(
  handle: WorkflowHandle,
  pred: (s: CaseStatus) => boolean,
  what: string,
  timeoutMs = HANG_CEILING_MS,
): Promise<CaseStatus> {
  const t0 = Date.now();
  let last: CaseStatus | undefined;
  while (Date.now() - t0 < timeoutMs) {
    try {
      last = await status(handle);
      if (pred(last)) return last;
    } catch {
      // the first workflow task may not have run yet
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`timed out waiting for ${what}; last status: stage=${last?.stage} outcome=${last?.outcome}`);
}

export const atStage = (handle: WorkflowHandle, stage: string): Promise<CaseStatus> =>
  waitFor(handle, (s) => s.stage === stage, `stage ${stage}`);

/**
 * The case clock of a workflow started at server time `serverStartMs` for a case submitted at
 * `submittedAt`: lets a test move to a Kazakhstan moment ("2026-03-27T18:31+05:00") on the skipping server.
 */
export class CaseTime {
  /** The case clock started last in this test file (jest gives each file its own module registry). */
  static latest: CaseTime | undefined;

  constructor(
    private readonly env: TestWorkflowEnvironment,
    private readonly submittedAt: Date,
    private readonly serverStartMs: number,
  ) {}

  static async start(env: TestWorkflowEnvironment, submittedAt: string): Promise<CaseTime> {
    CaseTime.latest = new CaseTime(env, new Date(submittedAt), await env.currentTimeMs());
    return CaseTime.latest;
  }

  /** The case moment at server time `serverMs`. */
  at(serverMs: number): Date {
    return new Date(this.submittedAt.getTime() + (serverMs - this.serverStartMs));
  }

  async now(): Promise<Date> {
    return this.at(await this.env.currentTimeMs());
  }

  /** Skips the server's time forward to the case moment `iso` (no-op when already past it). */
  async advanceTo(iso: string): Promise<void> {
    const ms = new Date(iso).getTime() - (await this.now()).getTime();
    if (ms > 0) await this.env.sleep(ms);
  }
}

/** The applicant pays on the gateway; the gateway's callback becomes the `payment` signal. Returns the amount paid. */
export async function pay(h: Harness, handle: WorkflowHandle, time: CaseTime): Promise<number> {
  h.clock.now = await time.now();
  const s = await waitFor(
    handle,
    (st) => typeof (st.details['fee'] as { invoiceId?: string } | undefined)?.invoiceId === 'string',
    'the fee invoice',
  );
  const invoiceId = (s.details['fee'] as { invoiceId: string }).invoiceId;
  const ev = await h.payments.settle(invoiceId, 'paid');
  await handle.signal(paymentSignal, { invoiceId, status: 'paid', amountTenge: ev.amountTenge, at: ev.at, gatewayRef: ev.gatewayRef });
  await waitFor(handle, (st) => (st.details['fee'] as { status: string }).status === 'paid', 'the fee paid');
  return ev.amountTenge;
}

/** The territorial unit's conclusion: every Annex 1 requirement met. */
export const conforming = (visitedOn: string): SiteInspection => ({
  inspector: { fullName: 'Нұрлан Жұмабеков', position: 'Chief inspector', territorialUnit: 'CTRM department for Astana' },
  visitedOn,
  findings: ANNEX1_REQUIREMENTS.map((requirement) => ({ requirement, conforms: true, note: '' })),
});

/** The territorial unit's conclusion: the calibration certificates do not conform (Annex 1 item 5). */
export const nonconforming = (visitedOn: string): SiteInspection => ({
  ...conforming(visitedOn),
  findings: ANNEX1_REQUIREMENTS.map((requirement) =>
    requirement === 'calibration-certificates'
      ? {
          requirement,
          conforms: false,
          note: 'Spectrophotometer CI64-55812 carries no valid verification mark; certificate ПС-2025/4471 refers to another serial number',
        }
      : { requirement, conforms: true, note: '' },
  ),
});

/**
 * A submitted case up to the decision stage (seed 003 ¶10, ¶12): the fee paid (unless `pay: false`), the
 * package found complete by CTRM_STAFF, the site inspection recorded by `inspector` (default CTRM_STAFF).
 * Returns the status at the decision stage.
 */
export async function toDecisionStage(
  h: Harness,
  handle: WorkflowHandle,
  time: CaseTime,
  inspection: SiteInspection,
  { pay: paid = true, inspector = CTRM_STAFF }: { pay?: boolean; inspector?: Actor } = {},
): Promise<CaseStatus> {
  await toSiteInspection(h, handle, time, { pay: paid });
  await handle.executeUpdate(siteInspectionUpdate, { args: [{ ...inspection, actor: inspector }] });
  return atStage(handle, 'decision');
}

/** The fee paid (unless `pay: false`), the package found complete: the case waits for the site inspection. */
export async function toSiteInspection(
  h: Harness,
  handle: WorkflowHandle,
  time: CaseTime,
  { pay: paid = true }: { pay?: boolean } = {},
): Promise<CaseStatus> {
  if (paid) await pay(h, handle, time);
  await atStage(handle, 'completeness-check');
  await handle.executeUpdate(completenessCheckUpdate, { args: [{ complete: true, findings: [], actor: CTRM_STAFF }] });
  return atStage(handle, 'site-inspection');
}

export function auditActions(rec: Recorded, applicationId: string): string[] {
  return rec.progress.filter((p) => p.applicationId === applicationId && p.audit).map((p) => p.audit?.action as string);
}

/** seed 004 ¶40: the CTRM's approval chain for the final decision (services/flag-emblem/license-rules.ts), as staff credentials. */
export const LICENSING_HEAD: Actor = {
  subject: 'ctrm:licensing-head',
  role: 'staff',
  licensorBody: 'ctrm',
  displayName: 'Head of the licensing department',
};
export const CTRM_CHAIRMAN: Actor = { subject: 'ctrm:chairman', role: 'staff', licensorBody: 'ctrm', displayName: 'Chairman of the CTRM' };

/**
 * Every participant of the final decision's chain approves in order; the head's approval signs it.
 * Returns the chain as the head's approval left it.
 */
export async function approveChain(handle: WorkflowHandle, participants: Actor[] = [LICENSING_HEAD, CTRM_CHAIRMAN]): Promise<ChainView> {
  let view: ChainView | undefined;
  for (const actor of participants)
    view = await handle.executeUpdate(draftReviewUpdate, { args: [{ chain: FINAL_DECISION_CHAIN, verdict: 'approve', actor }] });
  if (!view) throw new Error('approveChain: no participants');
  return view;
}

/**
 * Starts a Flag/Emblem license case submitted at `submittedAt` by the example applicant with a valid
 * Annex 1 form; the handle joins `started` (the test settles or ends it).
 */
export async function submitLicense(
  env: TestWorkflowEnvironment,
  taskQueue: string,
  submittedAt: string,
  started: WorkflowHandle[],
  idPrefix = 'fel',
): Promise<{ handle: WorkflowHandle<typeof flagEmblemLicenseWorkflow>; time: CaseTime; applicationId: string }> {
  const time = await CaseTime.start(env, submittedAt);
  const applicationId = workflowIdFor(idPrefix);
  const input: FlagEmblemLicenseInput = {
    applicationId,
    ancn: formatAncn('APP', 1000 + Math.floor(Math.random() * 9000)),
    submittedAt,
    applicant: { kind: 'legal-entity', iinOrBin: APPLICANT_BIN },
    form: annex1Form(),
  };
  const handle = await env.client.workflow.start(flagEmblemLicenseWorkflow, { taskQueue, workflowId: applicationId, args: [input] });
  started.push(handle);
  return { handle, time, applicationId };
}

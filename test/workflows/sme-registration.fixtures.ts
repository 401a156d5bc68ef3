/**
 * Shared pieces of the seed 000 workflow tests: the example application, the outside systems as
 * in-memory fakes, a recording double of the common case activities, and a worker wired to them.
 */
import { ApplicationFailure } from '@temporalio/common';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Worker, WorkerOptions } from '@temporalio/worker';
import type { WorkflowHandle } from '@temporalio/client';
import type {
  CommonActivities,
  DocumentRequest,
  CabinetDelivery,
  RecordProgressInput,
  TechnicalFailureReport,
} from '../../activities/common-types';
import { createSmeActivities } from '../../services/sme-registration/activities';
import { InMemoryBank } from '../../adapters/bank/fake';
import { InMemoryInsurer } from '../../adapters/insurer/fake';
import { InMemoryPaymentGateway } from '../../adapters/payment-gateway/fake';
import { InMemoryDigitalId } from '../../adapters/digital-id/fake';
import { InMemoryLegalEntityRegistry } from '../../adapters/legal-entity-registry/fake';
import type { SmeRegistrationApplication, SmeRegistrationWorkflowInput } from '../../services/sme-registration/rules';
import { formatAncn } from '../../domain/ancn';
import { paymentSignal } from '../../workflows/shared/payment-signal';
import { statusQuery, type CaseStatus } from '../../workflows/shared/case';
import { createWorker, HANG_CEILING_MS } from '../helpers/temporal';

export const WORKFLOWS_PATH = require.resolve('../../services/sme-registration/workflow');

/** Founder 1 files the application herself; founder 2 is a second person; the head is hired. */
export const FOUNDER_1 = { iin: '850315400124', fullName: 'Sadykova Aigerim Nurlanovna' };
export const FOUNDER_2 = { iin: '791220300170', fullName: 'Omarov Daniyar Serikovich' };
export const HEAD = { iin: '870912300107', fullName: 'Bekov Timur Aidarovich' };
/** On Halyk Bank's risk list in the simulated data (adapters/bank/data.ts). */
export const BLOCKED_AT_HALYK = { iin: '881102400154', fullName: 'Zhaksylykova Dana Maratovna' };

export function exampleApplication(overrides: Partial<SmeRegistrationApplication> = {}): SmeRegistrationApplication {
  return {
    registrationType: 'notification-of-start-of-entrepreneurial-activity',
    applicant: FOUNDER_1,
    legalEntity: {
      name: 'Dala Tech',
      legalForm: 'limited-liability-partnership',
      address: { region: 'Almaty', locality: 'Almaty', street: 'Abay Ave', building: '52', office: '14', postalCode: 'A15E3K7' },
    },
    head: { ...HEAD, position: 'Director' },
    founders: [
      { ...FOUNDER_1, sharePercent: 60 },
      { ...FOUNDER_2, sharePercent: 40 },
    ],
    bank: { bankCode: 'HSBKKZKX', branchCode: 'HSBK-ALA-01' },
    executiveBody: { kind: 'sole', members: [{ ...HEAD, position: 'Director' }] },
    insurance: { kind: 'accident-insurance', insurerCode: 'eurasia' },
    ...overrides,
  };
}

/** A Monday in the case clock's past; only the elapsed time matters to the case. */
export const SUBMITTED_AT = '2026-03-02T10:00:00+05:00';

export function workflowInput(workflowId: string, application = exampleApplication()): SmeRegistrationWorkflowInput {
  return { applicationId: workflowId, ancn: formatAncn('APP', 42), submittedAt: SUBMITTED_AT, application };
}

export interface Fakes {
  bank: InMemoryBank;
  insurer: InMemoryInsurer;
  gateway: InMemoryPaymentGateway;
  digitalId: InMemoryDigitalId;
  registry: InMemoryLegalEntityRegistry;
}

/** Fakes whose gateway delivers its callback as the `payment` signal, like the API's callback route. */
export function createFakes(env: TestWorkflowEnvironment): Fakes {
  return {
    bank: new InMemoryBank(),
    insurer: new InMemoryInsurer(),
    gateway: new InMemoryPaymentGateway({
      // The gateway's clock stands at the submission: the case's own deadline decides, not real time.
      now: () => new Date(SUBMITTED_AT),
      autoPay: { outcome: 'paid', delayMs: 20 },
      onEvent: async (ev) => {
        await env.client.workflow.getHandle(ev.applicationId).signal(paymentSignal, {
          invoiceId: ev.invoiceId,
          status: ev.status,
          amountTenge: ev.amountTenge,
          at: ev.at,
          gatewayRef: ev.gatewayRef,
        });
      },
    }),
    digitalId: new InMemoryDigitalId(),
    registry: new InMemoryLegalEntityRegistry(),
  };
}

/** Records what the workflow asked of the common activities (documents, cabinet, audit). */
export class RecordingCommon {
  readonly progress: RecordProgressInput[] = [];
  readonly documents: DocumentRequest[] = [];
  readonly deliveries: CabinetDelivery[] = [];
  readonly failures: TechnicalFailureReport[] = [];
  private readonly issued = new Map<string, { ancn: string; kind: string; signatureRef: string; issuedAt: string }>();
  private readonly delivered = new Set<string>();
  private readonly recorded = new Set<string>();

  audit(applicationId: string): Array<NonNullable<RecordProgressInput['audit']>> {
    return this.progress.filter((p) => p.applicationId === applicationId && p.audit).map((p) => p.audit!);
  }

  activities(): CommonActivities {
    return {
      // The SME case needs no MRP (zero-rate fee); a lookup here would be a regression.
      lookUpMrp: async () => {
        throw ApplicationFailure.nonRetryable('the SME registration asked for the MRP: its fee is at the zero rate');
      },
      recordProgress: async (input) => {
        const key = input.audit?.idempotencyKey;
        if (key && this.recorded.has(key)) return;
        if (key) this.recorded.add(key);
        this.progress.push(input);
      },
      issueDocument: async (input) => {
        const prior = this.issued.get(input.idempotencyKey);
        if (prior) return prior;
        this.documents.push(input);
        const doc = {
          ancn: `KZ26${input.documentType}${String(this.documents.length).padStart(8, '0')}`,
          kind: input.kind,
          signatureRef: `sig-${this.documents.length}`,
          issuedAt: input.issuedAt,
        };
        this.issued.set(input.idempotencyKey, doc);
        return doc;
      },
      deliverToCabinet: async (input) => {
        if (this.delivered.has(input.idempotencyKey)) return;
        this.delivered.add(input.idempotencyKey);
        this.deliveries.push(input);
      },
      reportToMonitoring: async () => undefined,
      reportTechnicalFailure: async (input) => {
        this.failures.push(input);
      },
    };
  }
}

export async function createSmeWorker(
  env: TestWorkflowEnvironment,
  taskQueue: string,
  fakes: Fakes,
  common: RecordingCommon | CommonActivities,
  extra: Partial<Omit<WorkerOptions, 'connection' | 'workflowBundle' | 'workflowsPath'>> = {},
): Promise<Worker> {
  return createWorker(env, {
    ...extra,
    taskQueue,
    workflowsPath: WORKFLOWS_PATH,
    activities: {
      ...createSmeActivities({
        bank: fakes.bank,
        insurer: fakes.insurer,
        paymentGateway: fakes.gateway,
        digitalId: fakes.digitalId,
        legalEntityRegistry: fakes.registry,
        paymentCallbackUrl: 'http://127.0.0.1:3000/v1/callbacks/payment-gateway',
      }),
      ...(common instanceof RecordingCommon ? common.activities() : common),
    },
  });
}

export async function status(handle: WorkflowHandle): Promise<CaseStatus> {
  return handle.query(statusQuery);
}

/** Polls the status query (no time skipping meanwhile) until `ok` holds. */
export async function waitForStatus(
  handle: WorkflowHandle,
  ok: (s: CaseStatus) => boolean,
  what: string,
  timeoutMs = HANG_CEILING_MS,
): Promise<CaseStatus> {
  const until = Date.now() + timeoutMs;
  let last: CaseStatus | undefined;
  while (Date.now() < until) {
    try {
      last = await status(handle);
      if (ok(last)) return last;
    } catch {
      // the first workflow task may not have run yet
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`case did not reach ${what}; last stage ${last?.stage ?? '(none)'}`);
}

export async function waitForStage(handle: WorkflowHandle, stage: string): Promise<CaseStatus> {
  return waitForStatus(handle, (s) => s.stage === stage, `stage ${stage}`);
}

export async function waitForInvoice(handle: WorkflowHandle): Promise<CaseStatus> {
  return waitForStatus(
    handle,
    (s) => (s.details['payment'] as { status?: string } | undefined)?.status === 'awaiting-payment',
    'an invoice awaiting payment',
  );
}

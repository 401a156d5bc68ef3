/**
 * Shared pieces of the counter and MNE workflow tests: the counter's outside systems as fakes (the
 * legal-entities database, the unified notarial system, a signer), a forwarding double, a recording double
 * of the common case activities, and a worker on the whole workflow bundle.
 */
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { WorkflowHandle } from '@temporalio/client';
import type { QueryDefinition } from '@temporalio/workflow';
import type { Worker } from '@temporalio/worker';
import type { CabinetDelivery, CommonActivities, DocumentRequest, RecordProgressInput } from '../../activities/common-types';
import { InMemoryNotarialSystem } from '../../adapters/notarial-system/fake';
import { InMemoryDocumentSigner } from '../../adapters/signer/fake';
import { InMemoryStateDatabases } from '../../adapters/state-databases/fake';
import { createCounterActivities } from '../../counter/activities';
import type { ForwardInput, ForwardResult, CounterEvent } from '../../counter/visit-types';
import type { CounterServiceTerms } from '../../counter/channel';
import { formatAncn } from '../../domain/ancn';
import type { CounterBreachRecord } from '../../persistence/port';
import { InMemoryPermitRegister } from '../../register/permit-register-memory';
import { createMneActivities } from '../../services/mne-licensing/activities';
import { MNE_PAPER_DOCUMENTS, MNE_SERVICES } from '../../services/mne-licensing/rules';
import { ALL_WORKFLOWS, createWorker, HANG_CEILING_MS, runSettled, taskQueueFor, type TimeSkippingSuite } from '../helpers/temporal';

export const BIN = '180340001231';
export const REP_IIN = '850315400124';
export const POA = 'NT-2026-000417';

export const S1_TERMS: CounterServiceTerms = {
  serviceCode: 'mne-import-export-license',
  title: MNE_SERVICES['mne-import-export-license'].name,
  lookups: { legalEntity: true, notarisedPowerOfAttorney: true },
  paperDocuments: MNE_PAPER_DOCUMENTS.goods,
  serviceMinutes: { minutes: 20, regulation: 'seed 001 S1 ¶9(2)' },
  handOver: MNE_SERVICES['mne-import-export-license'].handOver!,
};

export const OPERATOR = { subject: 'op-1', role: 'operator', branch: 'astana-yesil', displayName: 'Operator One' };
export const OTHER_BRANCH_OPERATOR = { subject: 'op-2', role: 'operator', branch: 'almaty-almaly' };
export const STAFF = { subject: 'dev-staff-mne-trade', role: 'staff', licensorBody: 'mne-trade' };
export const APPLICANT = { subject: 'dev-portal', role: 'portal' };

export interface CounterHarness {
  db: InMemoryStateDatabases;
  notarial: InMemoryNotarialSystem;
  forwarded: ForwardInput[];
  events: CounterEvent[];
  /** The breaches the worker keeps for the metric and the dashboard (ApplicationStore.recordCounterBreach). */
  breaches: CounterBreachRecord[];
  documents: DocumentRequest[];
  deliveries: CabinetDelivery[];
  progress: RecordProgressInput[];
  permits: InMemoryPermitRegister;
}

export function harness(): CounterHarness {
  return {
    db: new InMemoryStateDatabases({
      legalEntities: [
        {
          bin: BIN,
          name: 'ТОО «Мемлекеттік Рәміздер Өндірісі»',
          registeredOn: '2018-03-14',
          legalAddress: 'Astana',
          head: { iin: '850612300414', fullName: 'Сейітов Нұрлан Ержанұлы' },
          status: 'active',
        },
      ],
    }),
    notarial: new InMemoryNotarialSystem([
      {
        number: POA,
        certifiedOn: '2026-01-15',
        principalRef: BIN,
        representativeIin: REP_IIN,
        notary: 'Notary Akhmetova G. S.',
        status: 'valid',
      },
    ]),
    forwarded: [],
    events: [],
    breaches: [],
    documents: [],
    deliveries: [],
    progress: [],
    permits: new InMemoryPermitRegister(),
  };
}

export function commonDouble(h: CounterHarness): CommonActivities {
  let seq = 0;
  return {
    async lookUpMrp() {
      return null;
    },
    async recordProgress(p) {
      h.progress.push(p);
    },
    async issueDocument(req) {
      h.documents.push(req);
      seq += 1;
      const type = req.documentType as 'NTC' | 'PRM' | 'RFS';
      return { ancn: formatAncn(type, seq), kind: req.kind, signatureRef: `sig-${seq}`, issuedAt: req.issuedAt };
    },
    async deliverToCabinet(d) {
      h.deliveries.push(d);
    },
    async reportToMonitoring() {},
    async reportTechnicalFailure() {},
  };
}

export async function counterWorker(env: TestWorkflowEnvironment, taskQueue: string, h: CounterHarness): Promise<Worker> {
  const common = commonDouble(h);
  return createWorker(env, {
    taskQueue,
    workflowsPath: ALL_WORKFLOWS,
    activities: {
      ...common,
      ...createCounterActivities({
        stateDatabases: h.db,
        notarialSystem: h.notarial,
        signer: new InMemoryDocumentSigner(),
        forward: async (input): Promise<ForwardResult> => {
          h.forwarded.push(input);
          return {
            applicationId: `mne-import-export-license-${formatAncn('APP', h.forwarded.length)}`,
            ancn: formatAncn('APP', h.forwarded.length),
            submittedAt: input.signedAt,
            dueAt: '2026-03-24T18:30:00+05:00',
          };
        },
        issueDocument: (req) => common.issueDocument(req),
        log: (e) => h.events.push(e),
        recordBreach: async (b) => {
          h.breaches.push(b);
        },
      }),
      ...createMneActivities({ permitRegister: h.permits } as unknown as Parameters<typeof createMneActivities>[0]),
    },
  });
}

/** Polls `query` (real time: the test server's clock stays locked) until `done` holds; HANG_CEILING_MS bounds a hang. */
export async function queryUntil<S>(h: WorkflowHandle, query: QueryDefinition<S, []>, done: (s: S) => boolean, what: string): Promise<S> {
  for (const until = Date.now() + HANG_CEILING_MS; Date.now() < until; ) {
    const s = await h.query(query);
    if (done(s)) return s;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`${what} did not reach the expected state`);
}

/** One test on its own task queue with the counter's worker; every case it started is settled before the worker stops. */
export async function runCounter(
  suite: TimeSkippingSuite,
  title: string,
  h: CounterHarness,
  body: (taskQueue: string) => Promise<void>,
): Promise<void> {
  const taskQueue = taskQueueFor(title);
  const worker = await counterWorker(suite.env, taskQueue, h);
  await runSettled(worker, suite.started, () => body(taskQueue));
}

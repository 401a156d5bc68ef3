/**
 * Harness for the review-block tests: the tiny review workflow (approval-chain-workflow.ts) on the
 * time-skipping server, with the REAL common activities (in-memory application store, the local signer
 * with the test PKI, in-memory cabinet and monitoring), so documents are really numbered and signed.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { WorkflowHandle } from '@temporalio/client';
import { createCommonActivities } from '../../activities/common';
import { InMemoryPersonalCabinet } from '../../adapters/cabinet/fake';
import { InMemoryMonitoringSystem } from '../../adapters/monitoring/fake';
import { LocalXmlSigner } from '../../adapters/signer/local';
import { addWorkingDays, CALENDAR_VERSION, registrationMoment } from '../../domain/calendar';
import { InMemoryApplicationStore } from '../../persistence/in-memory';
import { statusQuery, type CaseStatus } from '../../workflows/shared/case';
import type { Actor } from '../../workflows/shared/staff-decision';
import { reviewBlocksWorkflow, type ReviewBlocksInput } from './approval-chain-workflow';
import { createWorker, HANG_CEILING_MS, runSettled } from '../helpers/temporal';

export const EXECUTOR: Actor = { subject: 'executor-1', role: 'staff', licensorBody: 'ctrm' };
export const DIVISION_HEAD: Actor = { subject: 'division-head-1', role: 'staff', licensorBody: 'ctrm' };
export const HEAD: Actor = { subject: 'head-1', role: 'staff', licensorBody: 'ctrm' };
export const APPLICANT: Actor = { subject: 'portal-egov', role: 'portal' };
export const APPLICANT_BIN = '180440012349';
export const PARTICIPANTS = [
  { subject: DIVISION_HEAD.subject, title: 'head of the licensing division' },
  { subject: HEAD.subject, title: 'head of the licensor' },
];

export interface BlocksHarness {
  /** A fresh worker for the duration of `fn` (a worker cannot run again after runUntil). */
  run<T>(fn: () => Promise<T>): Promise<T>;
  store: InMemoryApplicationStore;
  signer: LocalXmlSigner;
  cabinet: InMemoryPersonalCabinet;
  rootPemPath: string;
  start(submittedAt: string, extra?: Partial<ReviewBlocksInput>): Promise<Case>;
  cleanup(): void;
}

export interface Case {
  handle: WorkflowHandle<typeof reviewBlocksWorkflow>;
  applicationId: string;
  status(): Promise<CaseStatus>;
  /** Skips server time to the case-clock moment `iso`. */
  advanceTo(iso: string): Promise<void>;
}

export async function createBlocksHarness(env: TestWorkflowEnvironment, taskQueue: string): Promise<BlocksHarness> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'review-blocks-'));
  const signer = await LocalXmlSigner.fromDir(path.join(dir, 'pki'));
  const store = new InMemoryApplicationStore();
  const cabinet = new InMemoryPersonalCabinet();
  const activities = createCommonActivities({ store, signer, cabinet, monitoring: new InMemoryMonitoringSystem() });
  // The cases started during one run(): settled before its worker stops (test/helpers/temporal.ts runSettled).
  const started: WorkflowHandle[] = [];
  return {
    async run(fn) {
      const worker = await createWorker(env, { taskQueue, workflowsPath: require.resolve('./approval-chain-workflow'), activities });
      try {
        return await runSettled(worker, started, fn);
      } finally {
        started.splice(0);
      }
    },
    store,
    signer,
    cabinet,
    rootPemPath: path.join(dir, 'pki', 'root.pem'),
    cleanup: () => fs.rmSync(dir, { recursive: true, force: true }),
    async start(submittedAt, extra = {}) {
      const ancn = await store.allocateAncn('APP');
      const applicationId = `review-blocks-${randomUUID().slice(0, 8)}`;
      const submitted = new Date(submittedAt);
      const registeredAt = registrationMoment(submitted);
      await store.createApplication({
        id: applicationId,
        serviceCode: 'flag-emblem-license',
        workflowId: applicationId,
        ancn,
        applicantRef: APPLICANT_BIN,
        licensorBody: 'ctrm',
        submittedAt: submitted,
        registeredAt,
        dueAt: addWorkingDays(registeredAt, 7),
        calendarVersion: CALENDAR_VERSION,
      });
      const serverStartMs = await env.currentTimeMs();
      const handle = await env.client.workflow.start(reviewBlocksWorkflow, {
        taskQueue,
        workflowId: applicationId,
        args: [
          {
            applicationId,
            applicantRef: APPLICANT_BIN,
            submittedAt,
            termWorkingDays: 7,
            executor: EXECUTOR.subject,
            participants: PARTICIPANTS,
            ...extra,
          },
        ],
      });
      started.push(handle);
      const caseNow = async (): Promise<number> => submitted.getTime() + ((await env.currentTimeMs()) - serverStartMs);
      return {
        handle,
        applicationId,
        status: () => handle.query(statusQuery),
        async advanceTo(iso) {
          const ms = new Date(iso).getTime() - (await caseNow());
          if (ms > 0) await env.sleep(ms);
        },
      };
    },
  };
}

/** Polls the status query (the server's clock stays put meanwhile) until `pred` holds. */
export async function waitFor(c: Case, pred: (s: CaseStatus) => boolean, what: string, timeoutMs = HANG_CEILING_MS): Promise<CaseStatus> {
  const t0 = Date.now();
  let last: CaseStatus | undefined;
  while (Date.now() - t0 < timeoutMs) {
    try {
      last = await c.status();
      if (pred(last)) return last;
    } catch {
      // first task not run yet
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`timed out waiting for ${what}; last stage=${last?.stage} outcome=${last?.outcome}`);
}

/**
 * Distance in ms between two moments. The test reads the server clock a few milliseconds before the
 * workflow starts, so a moment the workflow derived from "now" can differ from the pinned one by that much.
 */
export const msApart = (a: string, b: string): number => Math.abs(new Date(a).getTime() - new Date(b).getTime());

/**
 * The broadcast's activity (./broadcast.workflow.ts): list the running case workflows and signal each
 * with the published version. `RunningCases` is the port (Temporal visibility + signal); the worker wires
 * `temporalRunningCases(client, serviceCodes)`, tests a fake.
 */
import crypto from 'node:crypto';
import { Context } from '@temporalio/activity';
import type { Client } from '@temporalio/client';
import { defaultPayloadConverter, toPayloads } from '@temporalio/common';
import type { ReferenceDataPublished } from '../domain/reference-data';
import { referenceDataPublishedSignal } from '../workflows/shared/reference-data';

export interface CaseExecution {
  workflowId: string;
  runId: string;
}

export interface RunningCases {
  /** Every running case workflow (eventually consistent). */
  list(): AsyncIterable<CaseExecution>;
  /** 'gone' when the case closed meanwhile. `requestId` makes a repeated signal a no-op on the server. */
  signal(c: CaseExecution, payload: ReferenceDataPublished, requestId: string): Promise<'signalled' | 'gone'>;
}

export interface SignalPassResult {
  pass: number;
  listed: number;
  signalled: number;
  gone: number;
}

export interface ReferenceDataActivities {
  signalRunningCases(input: { payload: ReferenceDataPublished; pass: number }): Promise<SignalPassResult>;
}

/** Signals in flight at once: prompt for thousands of cases without flooding the frontend. */
const CONCURRENCY = 50;

/** One request id per (version, case): the server drops a second signal with it, across retries and passes. */
export function signalRequestId(version: string, workflowId: string): string {
  return crypto.createHash('sha256').update(`${version}\n${workflowId}`).digest('hex').slice(0, 32);
}

function heartbeat(details: unknown): void {
  try {
    Context.current().heartbeat(details);
  } catch {
    // outside an activity (unit tests call the function directly)
  }
}

export function createReferenceDataActivities(deps: { cases: RunningCases }): ReferenceDataActivities {
  return {
    async signalRunningCases({ payload, pass }) {
      const result: SignalPassResult = { pass, listed: 0, signalled: 0, gone: 0 };
      let batch: CaseExecution[] = [];
      const flush = async (): Promise<void> => {
        const outcomes = await Promise.all(batch.map((c) => deps.cases.signal(c, payload, signalRequestId(payload.version, c.workflowId))));
        for (const o of outcomes) result[o] += 1;
        batch = [];
        heartbeat(result);
      };
      for await (const c of deps.cases.list()) {
        result.listed += 1;
        batch.push(c);
        if (batch.length >= CONCURRENCY) await flush();
      }
      await flush();
      return result;
    },
  };
}

/**
 * Running case workflows on Temporal: every case carries the KzServiceCode search attribute (set at
 * start by the API); the register's death-notice workflows and the broadcasts do not, so they are left out.
 */
export function temporalRunningCases(client: Client, serviceCodes: readonly string[]): RunningCases {
  const codes = serviceCodes.map((c) => JSON.stringify(c)).join(', ');
  const query = `ExecutionStatus = "Running" AND KzServiceCode IN (${codes})`;
  return {
    async *list() {
      for await (const w of client.workflow.list({ query, pageSize: 500 })) yield { workflowId: w.workflowId, runId: w.runId };
    },
    async signal(c, payload, requestId) {
      try {
        await client.workflowService.signalWorkflowExecution({
          namespace: client.options.namespace,
          workflowExecution: { workflowId: c.workflowId, runId: c.runId },
          signalName: referenceDataPublishedSignal.name,
          input: { payloads: toPayloads(defaultPayloadConverter, payload) ?? [] },
          identity: client.options.identity,
          requestId,
        });
        return 'signalled';
      } catch (e) {
        // gRPC NOT_FOUND: the run completed between the list and the signal.
        if (typeof e === 'object' && e !== null && (e as { code?: unknown }).code === 5) return 'gone';
        throw e;
      }
    },
  };
}

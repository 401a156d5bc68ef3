/**
 * The complaint workflow's activities (activities/complaints-types.ts): a reconsideration's start, built
 * from the original case's own application. The original input is read from the case's workflow (its
 * first history event) through the CaseInputs port, so tests can pass the time-skipping server's client.
 */
import { ApplicationFailure } from '@temporalio/activity';
import type { Client } from '@temporalio/client';
import { defaultPayloadConverter } from '@temporalio/common';
import type { ApplicationStore } from '../persistence/port';
import type { ComplaintActivities, PrepareReconsiderationInput, ReconsiderationOf, ReconsiderationStart } from './complaints-types';

/** How a case started: its workflow type and its one argument. */
export interface CaseInputs {
  startOf(workflowId: string): Promise<{ workflowType: string; input: Record<string, unknown> }>;
}

/** CaseInputs over Temporal: the case's WorkflowExecutionStarted event. */
export function temporalCaseInputs(client: Client): CaseInputs {
  return {
    async startOf(workflowId) {
      const history = await client.workflow.getHandle(workflowId).fetchHistory();
      const started = history.events?.[0]?.workflowExecutionStartedEventAttributes;
      const payload = started?.input?.payloads?.[0];
      const workflowType = started?.workflowType?.name;
      if (!payload || !workflowType) throw ApplicationFailure.nonRetryable(`case ${workflowId} has no start input`, 'UNKNOWN_APPLICATION');
      return { workflowType, input: defaultPayloadConverter.fromPayload<Record<string, unknown>>(payload) };
    },
  };
}

/** The reconsideration's workflow id: one per complaint and case. */
export function reconsiderationIdFor(caseApplicationId: string, complaintAncn: string): string {
  return `${caseApplicationId}-reconsideration-${complaintAncn}`;
}

export function createComplaintActivities(deps: { store: ApplicationStore; cases: CaseInputs }): ComplaintActivities {
  const { store, cases } = deps;
  return {
    async prepareReconsideration(req: PrepareReconsiderationInput): Promise<ReconsiderationStart> {
      const original = await store.getApplication(req.caseApplicationId);
      if (!original) throw ApplicationFailure.nonRetryable(`no application ${req.caseApplicationId}`, 'UNKNOWN_APPLICATION');
      const { workflowType, input } = await cases.startOf(original.workflowId);
      const workflowId = reconsiderationIdFor(original.id, req.complaintAncn);
      const upheldAt = new Date(req.upheldAt);
      let record = await store.getApplication(workflowId);
      if (!record) {
        // seed 004 ¶20: the re-decision is a new record of the same application, with its own number.
        const ancn = await store.allocateAncn('APP');
        try {
          await store.createApplication({
            id: workflowId,
            serviceCode: original.serviceCode,
            workflowId,
            ancn,
            applicantRef: original.applicantRef,
            licensorBody: original.licensorBody,
            submittedAt: upheldAt,
            registeredAt: upheldAt,
            dueAt: upheldAt,
            calendarVersion: original.calendarVersion,
            stage: 'submitted',
            status: 'open',
            slaState: 'on-track',
          });
        } catch (e) {
          if (!(await store.getApplication(workflowId))) throw e; // else: a retried attempt wrote it
        }
        record = await store.getApplication(workflowId);
      }
      if (!record) throw new Error(`reconsideration record ${workflowId} was not written`);
      const reconsideration: ReconsiderationOf = {
        originalApplicationId: original.id,
        originalAncn: original.ancn,
        complaintId: req.complaintId,
        complaintAncn: req.complaintAncn,
        decisionAncn: req.decisionAncn,
      };
      return {
        workflowType,
        workflowId,
        input: { ...input, applicationId: workflowId, ancn: record.ancn, submittedAt: req.upheldAt, reconsideration },
      };
    },
  };
}

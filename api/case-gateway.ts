/**
 * What the API needs from Temporal, and nothing more: start a case, run a staff/applicant decision
 * (an Update), read its status (the `status` query), pass an external event (a signal), and check
 * that the cluster answers. api/temporal-case-gateway.ts implements it with @temporalio/client; tests
 * use an in-memory fake with the same semantics (duplicate ids rejected, update ids deduplicated).
 *
 * Failures are DomainErrors: UNKNOWN_APPLICATION (no such workflow), ACTION_NOT_ALLOWED_NOW or
 * VALIDATION_FAILED (the update's validator or handler refused, with its message), UPSTREAM_UNAVAILABLE
 * (Temporal unreachable).
 */
import type { QueryDefinition, SearchAttributePair, SignalDefinition, UpdateDefinition } from '@temporalio/common';
import type { CaseStatus } from '../workflows/shared/case';

export interface StartResult {
  /** false when a workflow with this id already exists: nothing new was started. */
  started: boolean;
}

export interface UpdateOptions {
  /**
   * Temporal deduplicates updates by id within a run: two concurrent requests with the same
   * Idempotency-Key run the decision once. Derived from (principal, key) by the API.
   */
  updateId?: string;
}

export interface CaseGateway {
  /** Starts `workflow` (its type is the function's name) with its one argument. */
  start<I>(
    workflow: (input: I) => Promise<unknown>,
    workflowId: string,
    input: I,
    searchAttributes?: SearchAttributePair[],
  ): Promise<StartResult>;
  update<Ret, Arg>(workflowId: string, update: UpdateDefinition<Ret, [Arg]>, arg: Arg, options?: UpdateOptions): Promise<Ret>;
  status(workflowId: string): Promise<CaseStatus>;
  signal<Arg>(workflowId: string, signal: SignalDefinition<[Arg]>, arg: Arg): Promise<void>;
  /** Any other query a workflow answers (the counter's visit and queue); optional for fakes that need none. */
  query?<R>(workflowId: string, query: QueryDefinition<R>): Promise<R>;
  /** Readiness probe: throws when the cluster does not answer. */
  ping(): Promise<void>;
}

/**
 * CaseGateway over @temporalio/client. One application = one workflow whose id is the application id;
 * ids are never reused (REJECT_DUPLICATE), so a retried submission can never start a second case.
 * Staff/applicant decisions are Updates: a validator refusal arrives here as WorkflowUpdateFailedError
 * and leaves the API as a 4xx with the validator's own message (nothing was written to history).
 */
import {
  Client,
  Connection,
  WorkflowIdReusePolicy,
  WorkflowNotFoundError,
  WorkflowUpdateFailedError,
  WorkflowUpdateRPCTimeoutOrCancelledError,
  ServiceError,
  isGrpcServiceError,
} from '@temporalio/client';
import {
  ApplicationFailure,
  TemporalFailure,
  WorkflowExecutionAlreadyStartedError,
  type QueryDefinition,
  type SearchAttributePair,
  type SignalDefinition,
  type UpdateDefinition,
} from '@temporalio/common';
import type { Config } from '../config';
import { temporalConnectionOptions } from '../config/temporal';
import { DomainError, ERROR_CODES, type ErrorCode } from '../domain/errors';
import { statusQuery, type CaseStatus } from '../workflows/shared/case';
import type { CaseGateway, StartResult, UpdateOptions } from './case-gateway';

const GRPC_NOT_FOUND = 5;
/**
 * gRPC answers that mean "not now, ask again": the server restarting or unreachable (UNAVAILABLE), a call
 * that ran out of time (DEADLINE_EXCEEDED, CANCELLED), too many Updates in flight on one workflow or a
 * rate limit (RESOURCE_EXHAUSTED), an Update the server aborted because the workflow task that carried it
 * was lost with its worker (ABORTED). The fault suite met the last two as HTTP 500s right after a worker
 * kill or a Temporal restart; the caller must see a retryable 503 instead.
 */
const GRPC_TRANSIENT: Readonly<Record<number, string>> = {
  1: 'CANCELLED',
  4: 'DEADLINE_EXCEEDED',
  8: 'RESOURCE_EXHAUSTED',
  10: 'ABORTED',
  14: 'UNAVAILABLE',
};

const GRPC_FAILED_PRECONDITION = 9;
/**
 * The one FAILED_PRECONDITION that means "not now": the server refuses Updates while the workflow's task is
 * being retried after a failure or timeout (a killed or overloaded worker), and takes them again once a
 * retried task completes. The full fault suite met it as HTTP 500s on counter tickets after the stall.
 */
const WORKFLOW_TASK_FAILING = /workflow task in failed state/i;

export interface TemporalCaseGatewayOptions {
  client: Client;
  taskQueue: string;
  /** A query needs a worker to answer; without one it would wait forever. */
  queryTimeoutMs?: number;
  pingTimeoutMs?: number;
}

export class TemporalCaseGateway implements CaseGateway {
  private readonly client: Client;
  private readonly taskQueue: string;
  private readonly queryTimeoutMs: number;
  private readonly pingTimeoutMs: number;

  constructor(opts: TemporalCaseGatewayOptions) {
    this.client = opts.client;
    this.taskQueue = opts.taskQueue;
    this.queryTimeoutMs = opts.queryTimeoutMs ?? 5_000;
    this.pingTimeoutMs = opts.pingTimeoutMs ?? 2_000;
  }

  async start<I>(
    workflow: (input: I) => Promise<unknown>,
    workflowId: string,
    input: I,
    searchAttributes?: SearchAttributePair[],
  ): Promise<StartResult> {
    try {
      await this.client.workflow.start(workflow, {
        taskQueue: this.taskQueue,
        workflowId,
        args: [input],
        workflowIdReusePolicy: WorkflowIdReusePolicy.REJECT_DUPLICATE,
        ...(searchAttributes && searchAttributes.length > 0 ? { typedSearchAttributes: searchAttributes } : {}),
      });
      return { started: true };
    } catch (e) {
      if (e instanceof WorkflowExecutionAlreadyStartedError) return { started: false };
      throw toDomainError(e, workflowId);
    }
  }

  async update<Ret, Arg>(workflowId: string, update: UpdateDefinition<Ret, [Arg]>, arg: Arg, options: UpdateOptions = {}): Promise<Ret> {
    try {
      const handle = this.client.workflow.getHandle(workflowId);
      return await handle.executeUpdate(update, { args: [arg], ...(options.updateId ? { updateId: options.updateId } : {}) });
    } catch (e) {
      throw toDomainError(e, workflowId);
    }
  }

  async status(workflowId: string): Promise<CaseStatus> {
    try {
      const handle = this.client.workflow.getHandle(workflowId);
      return await this.client.connection.withDeadline(Date.now() + this.queryTimeoutMs, () => handle.query(statusQuery));
    } catch (e) {
      throw toDomainError(e, workflowId);
    }
  }

  async query<R>(workflowId: string, query: QueryDefinition<R>): Promise<R> {
    try {
      const handle = this.client.workflow.getHandle(workflowId);
      return await this.client.connection.withDeadline(Date.now() + this.queryTimeoutMs, () => handle.query(query));
    } catch (e) {
      throw toDomainError(e, workflowId);
    }
  }

  async signal<Arg>(workflowId: string, signal: SignalDefinition<[Arg]>, arg: Arg): Promise<void> {
    try {
      await this.client.workflow.getHandle(workflowId).signal(signal, arg);
    } catch (e) {
      throw toDomainError(e, workflowId);
    }
  }

  async ping(): Promise<void> {
    try {
      await this.client.connection.withDeadline(Date.now() + this.pingTimeoutMs, () => this.client.workflowService.getSystemInfo({}));
    } catch (e) {
      throw toDomainError(e, '');
    }
  }
}

function isErrorCode(s: string | undefined | null): s is ErrorCode {
  return typeof s === 'string' && (ERROR_CODES as readonly string[]).includes(s);
}

/** Temporal's errors in the API's words. Exported for tests. */
export function toDomainError(e: unknown, workflowId: string): DomainError {
  if (e instanceof DomainError) return e;
  if (e instanceof WorkflowNotFoundError) {
    return new DomainError('UNKNOWN_APPLICATION', `no case with id ${workflowId}`);
  }
  if (e instanceof WorkflowUpdateFailedError) {
    // The validator (or the handler) refused. ApplicationFailure.type may carry one of our codes
    // (e.g. VALIDATION_FAILED); a plain Error thrown by a validator means "not at this stage".
    const cause = e.cause;
    const message = cause?.message || e.message;
    const type = cause instanceof ApplicationFailure ? cause.type : undefined;
    const code: ErrorCode = isErrorCode(type) ? type : 'ACTION_NOT_ALLOWED_NOW';
    const details = cause instanceof ApplicationFailure ? detailsFrom(cause) : [];
    return new DomainError(code, message, details);
  }
  if (e instanceof WorkflowUpdateRPCTimeoutOrCancelledError) {
    return new DomainError('UPSTREAM_UNAVAILABLE', 'Temporal did not accept the action in time (is a worker running?)');
  }
  if (isGrpcServiceError(e)) {
    const code: number = e.code;
    if (code === GRPC_NOT_FOUND) return new DomainError('UNKNOWN_APPLICATION', `no case with id ${workflowId}`);
    if (code === GRPC_FAILED_PRECONDITION && WORKFLOW_TASK_FAILING.test(e.details || e.message)) {
      return new DomainError(
        'UPSTREAM_UNAVAILABLE',
        `Temporal cannot take the action until the case's workflow task recovers: ${e.details || e.message}`,
      );
    }
    const transient = GRPC_TRANSIENT[code];
    if (transient) return new DomainError('UPSTREAM_UNAVAILABLE', `Temporal unavailable (${transient}): ${e.details || e.message}`);
    return new DomainError('INTERNAL', `Temporal answered gRPC code ${code}: ${e.details || e.message}`);
  }
  // The client wraps a gRPC error it has no type for in ServiceError ("Workflow Update failed", ...).
  if ((e instanceof TemporalFailure || e instanceof ServiceError) && e.cause && isGrpcServiceError(e.cause)) {
    return toDomainError(e.cause, workflowId);
  }
  if (e instanceof Error && /deadline|unavailable|ECONNREFUSED|connect/i.test(e.message)) {
    return new DomainError('UPSTREAM_UNAVAILABLE', `Temporal unavailable: ${e.message}`);
  }
  return new DomainError('INTERNAL', e instanceof Error ? e.message : String(e));
}

/** An ApplicationFailure may carry field details as its first detail: [{ field, message }]. */
function detailsFrom(f: ApplicationFailure): Array<{ field?: string; message: string }> {
  const first: unknown = f.details?.[0];
  if (!Array.isArray(first)) return [];
  return first.flatMap((d: unknown) => {
    if (typeof d !== 'object' || d === null) return [];
    const rec = d as Record<string, unknown>;
    if (typeof rec.message !== 'string') return [];
    return [{ ...(typeof rec.field === 'string' ? { field: rec.field } : {}), message: rec.message }];
  });
}

export { temporalConnectionOptions };

/**
 * A lazy connection: the API starts even while Temporal is down (GET /readyz then says so) and
 * connects on the first call.
 */
export function connectTemporal(temporal: Config['temporal']): { connection: Connection; client: Client } {
  const connection = Connection.lazy(temporalConnectionOptions(temporal));
  return { connection, client: new Client({ connection, namespace: temporal.namespace }) };
}

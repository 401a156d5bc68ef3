/**
 * An in-memory CaseGateway with Temporal's observable semantics: a workflow id is started once
 * (a second start returns started: false), updates with the same id run once, unknown ids are
 * UNKNOWN_APPLICATION. Tests queue refusals to see how the API maps them.
 */
import type { SearchAttributePair, SignalDefinition, UpdateDefinition } from '@temporalio/common';
import type { CaseGateway, StartResult, UpdateOptions } from '../../../api/case-gateway';
import { DomainError } from '../../../domain/errors';
import type { CaseStatus } from '../../../workflows/shared/case';

/** Tests may also name a workflow, update or signal directly; what is recorded is the name Temporal would see. */
const nameOf = (x: string | { name: string }): string => (typeof x === 'string' ? x : x.name);

export interface StartCall {
  workflowType: string;
  workflowId: string;
  input: unknown;
  searchAttributes: SearchAttributePair[];
}

export interface UpdateCall {
  workflowId: string;
  updateName: string;
  arg: unknown;
  updateId?: string;
}

export class FakeCases implements CaseGateway {
  readonly starts: StartCall[] = [];
  /** Updates that actually ran (a deduplicated one is not counted twice). */
  readonly updates: UpdateCall[] = [];
  readonly signals: Array<{ workflowId: string; signalName: string; arg: unknown }> = [];
  private readonly updateResults = new Map<string, unknown>();
  /** The next update fails with this error (once). */
  refuseNextUpdate: Error | null = null;
  down = false;
  statusDown = false;
  /** Slows start() so concurrent requests overlap. */
  startDelayMs = 0;
  /** Slows update() so concurrent requests overlap. */
  updateDelayMs = 0;

  private check(): void {
    if (this.down) throw new DomainError('UPSTREAM_UNAVAILABLE', 'Temporal unavailable: connect ECONNREFUSED 127.0.0.1:7233');
  }

  workflowIds(): string[] {
    return [...new Set(this.starts.map((s) => s.workflowId))];
  }

  async start<I>(
    workflow: string | ((input: I) => Promise<unknown>),
    workflowId: string,
    input: I,
    searchAttributes: SearchAttributePair[] = [],
  ): Promise<StartResult> {
    this.check();
    const workflowType = nameOf(workflow);
    if (this.startDelayMs) await new Promise((r) => setTimeout(r, this.startDelayMs));
    if (this.starts.some((s) => s.workflowId === workflowId)) return { started: false };
    this.starts.push({ workflowType, workflowId, input, searchAttributes });
    return { started: true };
  }

  async update<Ret, Arg>(
    workflowId: string,
    update: string | UpdateDefinition<Ret, [Arg]>,
    arg: Arg,
    options: UpdateOptions = {},
  ): Promise<Ret> {
    this.check();
    const updateName = nameOf(update);
    if (!this.starts.some((s) => s.workflowId === workflowId))
      throw new DomainError('UNKNOWN_APPLICATION', `no case with id ${workflowId}`);
    if (this.updateDelayMs) await new Promise((r) => setTimeout(r, this.updateDelayMs));
    const dedupe = options.updateId ? `${workflowId}\n${options.updateId}` : null;
    // The fake answers every update with its own receipt, whatever the update's declared result.
    if (dedupe && this.updateResults.has(dedupe)) return this.updateResults.get(dedupe) as Ret;
    if (this.refuseNextUpdate) {
      const e = this.refuseNextUpdate;
      this.refuseNextUpdate = null;
      throw e;
    }
    this.updates.push({ workflowId, updateName, arg, ...(options.updateId ? { updateId: options.updateId } : {}) });
    const result = { accepted: true, updateNumber: this.updates.length };
    if (dedupe) this.updateResults.set(dedupe, result);
    return result as Ret;
  }

  async status(workflowId: string): Promise<CaseStatus> {
    this.check();
    if (this.statusDown) throw new DomainError('UPSTREAM_UNAVAILABLE', 'no worker answered the status query');
    const s = this.starts.find((x) => x.workflowId === workflowId);
    if (!s) throw new DomainError('UNKNOWN_APPLICATION', `no case with id ${workflowId}`);
    const input = s.input as {
      applicationId: string;
      serviceCode: string;
      licensorBody: string;
      registeredAt: string;
      dueAt: string;
      calendarVersion: string;
    };
    return {
      applicationId: input.applicationId,
      serviceCode: input.serviceCode,
      licensorBody: input.licensorBody,
      stage: 'completeness-check',
      outcome: 'open',
      registeredAt: input.registeredAt,
      dueAt: input.dueAt,
      calendarVersion: input.calendarVersion,
      slaState: 'on-track',
      waitingOn: 'staff',
      pendingActions: [{ action: 'record-completeness-check', by: 'staff', dueAt: input.dueAt }],
      timeline: [{ stage: 'completeness-check', startedAt: input.registeredAt, regulation: 'seed 003 ¶10' }],
      documents: [],
      details: { updates: this.updates.filter((u) => u.workflowId === workflowId).length },
    };
  }

  async signal<Arg>(workflowId: string, signal: string | SignalDefinition<[Arg]>, arg: Arg): Promise<void> {
    this.check();
    const signalName = nameOf(signal);
    if (!this.starts.some((s) => s.workflowId === workflowId))
      throw new DomainError('UNKNOWN_APPLICATION', `no case with id ${workflowId}`);
    this.signals.push({ workflowId, signalName, arg });
  }

  async ping(): Promise<void> {
    this.check();
  }
}

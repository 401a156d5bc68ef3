/**
 * The SLA state of one case, shared by every regulation's workflow: the `status` query, the search
 * attributes dashboards filter on, the application read model (via the recordProgress activity) and
 * the at-risk / breached flags raised by the case clock while the case is still open.
 */
import {
  condition,
  patched,
  proxyActivities,
  proxyLocalActivities,
  setHandler,
  upsertSearchAttributes,
  workflowInfo,
} from '@temporalio/workflow';
import type { CommonActivities, RecordProgressInput } from '../../activities/common-types';
import type { CaseClock } from './clock';
import {
  SEARCH_ATTRIBUTES,
  statusQuery,
  type CaseDocument,
  type CaseOutcome,
  type CaseStatus,
  type DeadlineMove,
  type PendingAction,
  type SlaState,
  type WaitingOn,
} from './case';

/** Cases started before patch 'read-model-local-activity' (their histories hold ActivityTaskScheduled). */
const { recordProgress: recordProgressTask } = proxyActivities<CommonActivities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', maximumInterval: '30 seconds' },
});

/**
 * The read-model write as a local activity: it runs in this worker inside the workflow task that made the
 * change, and its result lands in history as a marker with the task's completion — no round trip through
 * the Temporal server each (issue 15: 14 of an SME case's 25 activities were these writes).
 *  - startToClose 30 s: above the SQLite busy timeout (15 s, persistence/prisma-store.ts), so a write
 *    waiting on the other writer is not cut short; a longer one is stuck and is retried.
 *  - A local activity running past 80 % of the workflow task timeout makes the SDK heartbeat the task
 *    (it asks for a new one), so a slow write does not fail the workflow task.
 *  - Retried for ever like the activity it replaces (a read model that cannot be written is an outage to
 *    wait out, never a reason to drop the case); backoff beyond localRetryThreshold goes through a durable
 *    timer instead of spinning in the worker, so a long database outage does not fill the history with
 *    task heartbeats.
 *  - A retry, or a re-run after a worker crash before the marker was recorded, writes the same input: the
 *    audit row is idempotent by its key and the progress by its (audit.at, seq) version.
 */
const { recordProgress: recordProgressLocal } = proxyLocalActivities<CommonActivities>({
  startToCloseTimeout: '30 seconds',
  localRetryThreshold: '10 seconds',
  retry: { initialInterval: '1 second', maximumInterval: '1 minute' },
});

/** The patch that moved the read-model writes to local activities (every workflow with a CaseTracker). */
export const READ_MODEL_LOCAL_ACTIVITY_PATCH = 'read-model-local-activity';

export interface CaseTrackerInit {
  applicationId: string;
  serviceCode: string;
  licensorBody: string;
  registeredAt: Date;
  dueAt: Date;
  /** When the case counts as at risk if still open (e.g. 80 % of the term, or the last working day). */
  atRiskAt: Date;
  calendarVersion: string;
  clock: CaseClock;
  initialStage: string;
}

export interface StageOptions {
  plannedBy?: Date;
  regulation?: string;
  waitingOn?: WaitingOn;
  pendingActions?: PendingAction[];
  actor?: string;
  note?: string;
}

const iso = (d: Date): string => d.toISOString();

export class CaseTracker {
  private readonly state: CaseStatus;
  private auditSeq = 0;
  /** What the case is waiting for, in words: becomes the cause of an at-risk or breach flag. */
  private waitCause = '';
  private atRiskAt: Date;
  /** The service's details computed from its workflow state when the status is asked (see detailsFrom). */
  private computeDetails: (() => Record<string, unknown>) | null = null;
  /** reassign() was called: records carry the licensor body from then on. */
  private bodyChanged = false;
  /** The read model is written by a local activity (false only for cases started before the patch). */
  private readonly localWrites: boolean;
  /** The local writes, one after the other (see record). */
  private localQueue: Promise<void> = Promise.resolve();

  constructor(private readonly init: CaseTrackerInit) {
    // Decided once, before the tracker's first command: a case keeps the path it started with.
    this.localWrites = patched(READ_MODEL_LOCAL_ACTIVITY_PATCH);
    this.atRiskAt = init.atRiskAt;
    this.state = {
      applicationId: init.applicationId,
      serviceCode: init.serviceCode,
      licensorBody: init.licensorBody,
      stage: init.initialStage,
      outcome: 'open',
      registeredAt: iso(init.registeredAt),
      dueAt: iso(init.dueAt),
      calendarVersion: init.calendarVersion,
      slaState: 'on-track',
      waitingOn: 'nobody',
      pendingActions: [],
      timeline: [{ stage: init.initialStage, startedAt: iso(init.clock.now()) }],
      documents: [],
      details: {},
    };
    setHandler(statusQuery, () => this.snapshot());
    this.upsert();
  }

  get stage(): string {
    return this.state.stage;
  }
  get outcome(): CaseOutcome {
    return this.state.outcome;
  }
  get slaState(): SlaState {
    return this.state.slaState;
  }
  get dueAt(): Date {
    return new Date(this.state.dueAt);
  }
  get waitingOn(): WaitingOn {
    return this.state.waitingOn;
  }
  /** What the case waits for, in words (the cause of an at-risk or breach flag). */
  get cause(): string {
    return this.waitCause;
  }

  snapshot(): CaseStatus {
    if (!this.computeDetails) return structuredCloneLite(this.state);
    return structuredCloneLite({ ...this.state, details: { ...this.state.details, ...this.computeDetails() } });
  }

  /**
   * Service-specific facts built from the workflow's state each time the status is asked, instead of being
   * pushed at every change. `compute` only reads that state (it runs in the query handler). Its keys take
   * precedence over setDetail's. The read model is not affected: recordProgress never carries details.
   */
  detailsFrom(compute: () => Record<string, unknown>): void {
    this.computeDetails = compute;
  }

  /** Service-specific facts for the status query (who signed, what is paid...). */
  setDetail(key: string, value: unknown): void {
    this.state.details[key] = value;
  }

  setPendingActions(actions: PendingAction[]): void {
    this.state.pendingActions = actions;
  }

  setWaitingOn(waitingOn: WaitingOn, cause = ''): void {
    this.state.waitingOn = waitingOn;
    this.waitCause = cause;
    this.upsert();
  }

  addDocument(doc: CaseDocument): void {
    this.state.documents.push(doc);
  }

  /** Closes the current stage on the timeline, opens the next, and records both. */
  async enterStage(stage: string, opts: StageOptions = {}): Promise<void> {
    const now = iso(this.init.clock.now());
    const current = this.state.timeline[this.state.timeline.length - 1];
    if (current && !current.endedAt) current.endedAt = now;
    this.state.timeline.push({
      stage,
      startedAt: now,
      ...(opts.plannedBy ? { plannedBy: iso(opts.plannedBy) } : {}),
      ...(opts.regulation ? { regulation: opts.regulation } : {}),
      ...(opts.actor ? { actor: opts.actor } : {}),
      ...(opts.note ? { note: opts.note } : {}),
    });
    this.state.stage = stage;
    this.state.pendingActions = opts.pendingActions ?? [];
    if (opts.waitingOn) this.state.waitingOn = opts.waitingOn;
    this.upsert();
    await this.record('stage-entered', opts.actor ?? 'system', { stage, plannedBy: opts.plannedBy && iso(opts.plannedBy) });
  }

  /** Marks who acted on the current timeline entry (e.g. the employee who recorded a decision). */
  noteActor(actor: string, note?: string): void {
    const current = this.state.timeline[this.state.timeline.length - 1];
    if (current) {
      current.actor = actor;
      if (note) current.note = note;
    }
  }

  /** The calendar version the case now counts with (a decree was adopted). */
  setCalendarVersion(version: string): void {
    this.state.calendarVersion = version;
  }

  /**
   * A decree moved one of the case's deadlines: on the timeline (the current stage's `moves`, and its
   * plannedBy when it is that stage's deadline) and in the audit trail. dueAt itself moves with moveDueAt.
   */
  async recordDeadlineMove(move: Omit<DeadlineMove, 'at'>, opts: { stageDeadline?: boolean; audit?: boolean } = {}): Promise<void> {
    const current = this.state.timeline[this.state.timeline.length - 1];
    const entry: DeadlineMove = { ...move, at: iso(this.init.clock.now()) };
    if (current) {
      current.moves = [...(current.moves ?? []), entry];
      if (opts.stageDeadline) current.plannedBy = iso(new Date(move.to));
    }
    if (opts.audit ?? true) await this.record('deadline-moved', 'system', { ...entry });
  }

  /** Appends an audit event (and the current progress) to the read model. */
  async audit(action: string, actor: string, details?: Record<string, unknown>, signatureRef?: string): Promise<void> {
    await this.record(action, actor, details, signatureRef);
  }

  /** Moves the term (extension, suspension); the SLA watch follows the new moment. */
  /**
   * The case now waits on another body's staff (a complaint forwarded to the reviewing body): its search
   * attribute and read-model row follow with the next record, so it leaves one inbox for the other.
   */
  reassign(licensorBody: string): void {
    this.state.licensorBody = licensorBody;
    this.bodyChanged = true;
  }

  async moveDueAt(dueAt: Date, atRiskAt: Date, reason: string, actor: string): Promise<void> {
    this.state.dueAt = iso(dueAt);
    this.atRiskAt = atRiskAt;
    if (this.state.outcome === 'open')
      this.state.slaState = this.init.clock.now() >= dueAt ? 'breached' : this.init.clock.now() >= atRiskAt ? 'at-risk' : 'on-track';
    this.upsert();
    await this.record('due-date-moved', actor, { dueAt: iso(dueAt), reason });
  }

  /**
   * Runs for the life of the case: flags it at risk, then breached, with the cause, while it is open.
   * Start it once, without awaiting: `void tracker.watchSla()`; it returns when the case closes.
   */
  async watchSla(): Promise<void> {
    const closed = (): boolean => this.state.outcome !== 'open';
    for (;;) {
      const target = this.state.slaState === 'on-track' ? this.atRiskAt : this.state.slaState === 'at-risk' ? this.dueAt : null;
      if (!target) {
        await condition(closed);
        return;
      }
      const dueBefore = this.state.dueAt;
      const riskBefore = this.atRiskAt.getTime();
      const moved = (): boolean => closed() || this.state.dueAt !== dueBefore || this.atRiskAt.getTime() !== riskBefore;
      if (await this.init.clock.waitUntil(moved, target)) {
        if (closed()) return;
        continue; // term moved: recompute the next flag
      }
      const next: SlaState = this.state.slaState === 'on-track' ? 'at-risk' : 'breached';
      this.state.slaState = next;
      this.upsert();
      await this.record(next === 'at-risk' ? 'sla-at-risk' : 'sla-breached', 'system', {
        stage: this.state.stage,
        waitingOn: this.state.waitingOn,
        cause: this.waitCause || `waiting on ${this.state.waitingOn} at stage ${this.state.stage}`,
        dueAt: this.state.dueAt,
      });
    }
  }

  /**
   * Raises the at-risk flag now, with its cause (e.g. a staff deadline passed without action: an
   * escalation). The SLA watch records 'sla-at-risk'; a case already at risk or breached keeps its flag.
   */
  flagAtRisk(cause: string): void {
    this.waitCause = cause;
    const now = this.init.clock.now();
    if (this.state.outcome === 'open' && this.state.slaState === 'on-track' && this.atRiskAt.getTime() > now.getTime()) this.atRiskAt = now;
  }

  /** Ends the case: met when closed by dueAt, missed after it. */
  async close(
    outcome: Exclude<CaseOutcome, 'open'>,
    opts: { resultDocumentAncn?: string; actor?: string; note?: string } = {},
  ): Promise<void> {
    const now = this.init.clock.now();
    this.state.outcome = outcome;
    this.state.slaState = now.getTime() <= this.dueAt.getTime() ? 'met' : 'missed';
    this.state.pendingActions = [];
    this.state.waitingOn = 'nobody';
    await this.enterStage('closed', { actor: opts.actor ?? 'system', ...(opts.note ? { note: opts.note } : {}) });
    const last = this.state.timeline[this.state.timeline.length - 1];
    if (last) last.endedAt = last.startedAt;
    await this.record(
      'case-closed',
      opts.actor ?? 'system',
      { outcome, slaState: this.state.slaState },
      opts.resultDocumentAncn,
      opts.resultDocumentAncn,
    );
  }

  private upsert(): void {
    const sa = SEARCH_ATTRIBUTES;
    upsertSearchAttributes([
      { key: sa.serviceCode, value: this.state.serviceCode },
      { key: sa.stage, value: this.state.stage },
      { key: sa.licensorBody, value: this.state.licensorBody },
      { key: sa.dueAt, value: new Date(this.state.dueAt) },
      { key: sa.slaState, value: this.state.slaState },
      { key: sa.waitingOn, value: this.state.waitingOn },
    ]);
  }

  private async record(
    action: string,
    actor: string,
    details?: Record<string, unknown>,
    signatureRef?: string,
    resultDocumentAncn?: string,
  ): Promise<void> {
    this.auditSeq += 1;
    const progress: RecordProgressInput = {
      applicationId: this.state.applicationId,
      stage: this.state.stage,
      status: this.state.outcome,
      slaState: this.state.slaState,
      dueAt: this.state.dueAt,
      // The staff inbox reads these from the read model (api/routes/inbox.ts): who the case waits on now
      // and which actions it accepts, as of this progress.
      waitingOn: this.state.waitingOn,
      pendingActions: this.state.pendingActions,
      ...(this.bodyChanged ? { licensorBody: this.state.licensorBody } : {}),
      // Records run as concurrent activities (the SLA watch beside a stage change): the read model keeps
      // the latest snapshot by (audit.at, seq), so an older one landing last does not undo a newer one.
      seq: this.auditSeq,
      ...(resultDocumentAncn ? { resultDocumentAncn } : {}),
      audit: {
        actor,
        action,
        at: iso(this.init.clock.now()),
        ...(details ? { details } : {}),
        ...(signatureRef ? { signatureRef } : {}),
        idempotencyKey: `${workflowInfo().workflowId}:${workflowInfo().runId}:${this.auditSeq}`,
      },
    };
    if (!this.localWrites) {
      await recordProgressTask(progress); // as before the patch, to the microtask: old histories replay
      return;
    }
    // One local write in flight at a time, in the order they were asked for (the snapshot above is taken
    // now). Two concurrent local activities (a stage change beside an Update handler's audit, or the SLA
    // watch) may resolve in separate activations when they run but in one when replayed from their
    // markers, which reorders the commands that follow them (e.g. an Update's completion and the next
    // activity): a non-determinism error on replay. Queued, each resolution has its own activation in both.
    const mine = this.localQueue.then(() => recordProgressLocal(progress));
    this.localQueue = mine.catch(() => undefined);
    await mine;
  }
}

/** JSON round-trip is enough: the status holds plain data only. */
function structuredCloneLite<T>(v: T): T {
  return JSON.parse(JSON.stringify(v)) as T;
}

/**
 * How a regulation plugs into the uniform HTTP resources (api/routes/applications.ts):
 *   POST /v1/services/{code}/applications      → validate `input`, plan the term, start `workflow`
 *   POST /v1/applications/{id}/actions/{name}  → validate the action's input, run its Temporal Update
 *   POST /v1/applications/{id}/events/{name}   → validate an outside system's event, send its signal
 *   GET  /v1/calendar/term?service=…           → `plan(submittedAt, cal)` without applying
 * The workflow, its updates and its signals are the objects the workflow file exports, never their
 * names as strings: a renamed or retyped handler fails to compile here instead of failing at run time.
 * Each service's module lives in its folder (services/<family>/) and is listed in services/index.ts.
 */
import type { SignalDefinition, UpdateDefinition } from '@temporalio/common';
import type { z } from 'zod';
import type { BusinessCalendar, CalendarData } from '../domain/calendar';
import type { ServiceDescriptor } from '../domain/services';
import type { Principal, Role } from '../domain/roles';
import type { PreAcceptanceCheck } from './pre-acceptance';
import type { CounterApplicant, CounterIntake } from '../counter/channel';

export interface Milestone {
  name: string;
  dueAt: Date;
  regulation: string;
}

export interface TermPlan {
  submittedAt: Date;
  /** When the application counts as registered (seed 003 ¶9; for hour terms: the submission itself). */
  registeredAt: Date;
  milestones: Milestone[];
  dueAt: Date;
  calendarVersion: string;
}

export interface ServiceAction<S extends z.ZodType = z.ZodType, Arg = unknown, Ret = unknown> {
  /** URL segment: the update's own name (see serviceAction). */
  readonly name: string;
  summary: string;
  /** Roles allowed to call it; `staff` is further limited to the service's licensor body. */
  roles: Role[];
  /** Request body schema, with a realistic `.openapi({ example })`. */
  input: S;
  /** The Temporal Update the action runs, as the workflow file defines it. */
  update: UpdateDefinition<Ret, [Arg]>;
  /** The single argument passed to the Temporal Update (adds who acted, from the principal). */
  toUpdateArg(input: z.infer<S>, principal: Principal): Arg;
}

/** An action whose URL segment is its update's name, so the two cannot disagree. */
export function serviceAction<S extends z.ZodType, Arg, Ret>(spec: Omit<ServiceAction<S, Arg, Ret>, 'name'>): ServiceAction<S, Arg, Ret> {
  return { ...spec, name: spec.update.name };
}

/**
 * An outside system's event the regulation expects (an approving body's answer, …): delivered to the
 * case as a Temporal signal, which cannot be refused, so the API validates it first.
 */
export interface ServiceEvent<S extends z.ZodType = z.ZodType, Arg = unknown> {
  /** URL segment: the signal's own name (see serviceEvent). */
  readonly name: string;
  summary: string;
  /** Roles allowed to post it; typically `gateway` (outside systems come in through the e-gov gateway). */
  roles: Role[];
  /** Request body schema, with a realistic `.openapi({ example })`. */
  input: S;
  /** The workflow's signal, as the workflow file defines it. */
  signal: SignalDefinition<[Arg]>;
  /** The single argument of the signal. */
  toSignalArg(input: z.infer<S>, principal: Principal): Arg;
}

/** An event whose URL segment is its signal's name. */
export function serviceEvent<S extends z.ZodType, Arg>(spec: Omit<ServiceEvent<S, Arg>, 'name'>): ServiceEvent<S, Arg> {
  return { ...spec, name: spec.signal.name };
}

/**
 * `I` is the workflow's single argument: `workflow` must take it and `workflowInput` must build it. A
 * list of modules of different services is a `ServiceModule[]` (I = unknown); `workflow` is a method
 * signature so that a module of any one service fits that list.
 */
export interface ServiceModule<S extends z.ZodType = z.ZodType, I = unknown> {
  descriptor: ServiceDescriptor;
  /** Application body schema, with a realistic `.openapi({ example })` that succeeds as-is. */
  input: S;
  /** The case's workflow function; Temporal names its type after the function. */
  workflow(this: void, input: I): Promise<unknown>;
  /** Opaque applicant reference (IIN/BIN) for the application record — never a search attribute. */
  applicantRef(input: z.infer<S>): string;
  /**
   * seed 004 ¶21(1), (3), (4): the checks made before the application is accepted (api/pre-acceptance.ts);
   * a failure blocks the submission with a 422 naming each reason (¶22), before any ANCN, record or
   * workflow exists. None: the service's own regulation puts its checks elsewhere.
   */
  preAcceptance?: Array<PreAcceptanceCheck<z.infer<S>>>;
  /**
   * Pure: the same plan the workflow computes from the same submittedAt with the same calendar version
   * (the API passes the current published one; reference-data/).
   */
  plan(submittedAt: Date, cal: BusinessCalendar): TermPlan;
  /** The workflow's single argument; `calendar` is the version the plan used, for the case to count with. */
  workflowInput(ctx: {
    applicationId: string;
    ancn: string;
    plan: TermPlan;
    calendar: CalendarData;
    input: z.infer<S>;
    principal: Principal;
  }): I;
  actions: ServiceAction[];
  /** Who may submit (POST /v1/services/{code}/applications); default the portal. Staff only of the service's licensor body. */
  submitters?: Role[];
  /**
   * The State Corporation counter (counter/): present when the descriptor's `channels` include
   * 'state-corporation'. The counter routes and the worker's forwarding read it (docs/adding-a-service.md).
   */
  counter?: CounterIntake<unknown, CounterApplicant>;
  /**
   * The application as an electronic document the applicant signed (seed 002 ¶9: a portal repeat application
   * signed with the applicant's NCA certificate), kept under the application's ANCN when it is accepted, so
   * it can be printed and verified like any document the system keeps.
   */
  signedApplication?(input: z.infer<S>): string | undefined;
  /** Outside systems' events the case accepts (POST /v1/applications/{id}/events/{name}). */
  events?: ServiceEvent[];
}

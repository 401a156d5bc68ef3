/**
 * How a regulation plugs into the uniform HTTP resources (api/routes/applications.ts):
 *   POST /v1/services/{code}/applications      → validate `input`, plan the term, start `workflowType`
 *   POST /v1/applications/{id}/actions/{name}  → validate the action's input, run its Temporal Update
 *   POST /v1/applications/{id}/events/{name}   → validate an outside system's event, send its signal
 *   GET  /v1/calendar/term?service=…           → `plan(submittedAt)` without applying
 * Each regulation has one module file in api/services/, registered in api/services/index.ts.
 */
import type { z } from 'zod';
import type { ServiceDescriptor } from '../domain/services';
import type { Principal, Role } from '../domain/roles';

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

export interface ServiceAction<S extends z.ZodType = z.ZodType> {
  /** URL segment and Temporal Update name. */
  name: string;
  summary: string;
  /** Roles allowed to call it; `staff` is further limited to the service's licensor body. */
  roles: Role[];
  /** Request body schema, with a realistic `.openapi({ example })`. */
  input: S;
  /** The single argument passed to the Temporal Update (adds who acted, from the principal). */
  toUpdateArg(input: z.infer<S>, principal: Principal): unknown;
}

/**
 * An outside system's event the regulation expects (an approving body's answer, …): delivered to the
 * case as a Temporal signal, which cannot be refused, so the API validates it first.
 */
export interface ServiceEvent<S extends z.ZodType = z.ZodType> {
  /** URL segment. */
  name: string;
  summary: string;
  /** Roles allowed to post it; typically `gateway` (outside systems come in through the e-gov gateway). */
  roles: Role[];
  /** Request body schema, with a realistic `.openapi({ example })`. */
  input: S;
  /** The workflow's signal name. */
  signalName: string;
  /** The single argument of the signal. */
  toSignalArg(input: z.infer<S>, principal: Principal): unknown;
}

export interface ServiceModule<S extends z.ZodType = z.ZodType> {
  descriptor: ServiceDescriptor;
  /** Application body schema, with a realistic `.openapi({ example })` that succeeds as-is. */
  input: S;
  workflowType: string;
  /** Opaque applicant reference (IIN/BIN) for the application record — never a search attribute. */
  applicantRef(input: z.infer<S>): string;
  /** Pure: the same plan the workflow computes from the same submittedAt (domain/<service>.ts). */
  plan(submittedAt: Date): TermPlan;
  /** The workflow's single argument. */
  workflowInput(ctx: { applicationId: string; ancn: string; plan: TermPlan; input: z.infer<S>; principal: Principal }): unknown;
  actions: ServiceAction[];
  /** Outside systems' events the case accepts (POST /v1/applications/{id}/events/{name}). */
  events?: ServiceEvent[];
}

/**
 * SLA dashboards for licensor staff, their supervisors and oversight bodies. Every figure comes from the
 * application read model (docs/dashboards.md says why not from Temporal visibility):
 *
 *   GET /v1/applications?service=&stage=&licensor=&sla=&waitingOn=&state=&from=&to=&sort=&limit=&cursor=
 *   GET /v1/dashboard/counts          cases per service × stage × SLA state (same filters)
 *   GET /v1/dashboard/overview        per service: open cases by stage and SLA state, on-time share in a
 *                                     period, the breached and at-risk lists (most urgent first), and the
 *                                     State Corporation counter's 20-minute SLA breaches with their causes
 *   GET /v1/applications/{id}/timeline  planned vs actual per stage in working days, suspensions and
 *                                     term moves, who acted, the audit history
 *   GET /v1/dashboard/forms           each service action's input as JSON Schema (the web forms)
 *
 * Staff see their own licensor body only; viewers never see applicant references.
 */
import { Router, type Request, type Response } from 'express';
import { DomainError, isDomainError } from '../../domain/errors';
import { embeddedCalendar, toKzIso, type BusinessCalendar } from '../../domain/calendar';
import type { Principal } from '../../domain/roles';
import { LICENSOR_BODIES } from '../../domain/services';
import type {
  ApplicationRecord as CaseRecord,
  AuditEvent,
  CaseCount,
  CaseFilter,
  CaseSort,
  CounterBreachCount,
  CounterBreachRecord,
} from '../../persistence/port';
import type { CaseStatus } from '../../workflows/shared/case';
import { requirePrincipal, requireSameBody } from '../auth';
import { rolesOf } from '../access';
import { parse, type ApiContext } from '../context';
import { caseQueries } from '../read-model';
import { exampleOf } from '../openapi';
import { onTimeShare, overallSla, slaBasisFor, slaMs, stageSla, toWorkingDays, type SlaBasis, type StageInput } from '../sla';
import { ZCaseFilterQuery, ZCaseListQuery } from '../schemas';
import { COMPLAINT_ACTION_SUMMARY, COMPLAINT_ACTIONS, ZComplaintActionBodies } from '../complaints-schemas';
import { COMPLAINT_SERVICE_CODE } from '../../domain/complaints';
import { z } from '../zod';

/** How many breached / at-risk cases the overview lists per kind. */
export const OVERVIEW_LIST_LIMIT = 20;

type FilterQuery = z.infer<typeof ZCaseFilterQuery>;

/** A cross-field rule no query schema can state: 422, the request is well-formed. */
function checkPeriod(q: FilterQuery): void {
  if (q.from && q.to && q.to.getTime() <= q.from.getTime()) {
    throw new DomainError('INCONSISTENT_REQUEST', 'the period is empty: "to" must be after "from"', [
      { field: 'query.to', message: 'must be after from' },
    ]);
  }
}

/** Staff are held to their own body; asking for another is refused, not silently narrowed. */
function licensorFor(principal: Principal, asked: string | undefined): string | undefined {
  if (principal.role !== 'staff') return asked;
  if (asked !== undefined) requireSameBody(principal, asked);
  return principal.licensorBody;
}

export function filterFrom(q: FilterQuery, principal: Principal): CaseFilter {
  checkPeriod(q);
  const licensor = licensorFor(principal, q.licensor);
  return {
    ...(q.service ? { serviceCode: q.service } : {}),
    ...(q.stage ? { stage: q.stage } : {}),
    ...(licensor ? { licensorBody: licensor } : {}),
    ...(q.sla ? { slaStates: q.sla } : {}),
    ...(q.waitingOn ? { waitingOn: q.waitingOn } : {}),
    ...(q.state ? { state: q.state } : {}),
    ...(q.from ? { registeredFrom: q.from } : {}),
    ...(q.to ? { registeredTo: q.to } : {}),
  };
}

/** One row of a list: the record plus its time left, counted on the service's basis (api/sla.ts). */
export function caseSummary(
  a: CaseRecord,
  now: Date,
  principal: Principal,
  basis: SlaBasis = 'working-time',
  cal: BusinessCalendar = embeddedCalendar,
) {
  const sla = overallSla({ registeredAt: a.registeredAt, dueAt: a.dueAt, closedAt: a.closedAt }, now, basis, cal);
  const nextDueAt = a.nextDueAt;
  return {
    applicationId: a.id,
    serviceCode: a.serviceCode,
    licensorBody: a.licensorBody,
    ancn: a.ancn,
    ...(principal.role === 'viewer' ? {} : { applicantRef: a.applicantRef }),
    stage: a.stage,
    status: a.status,
    slaState: a.slaState,
    waitingOn: a.waitingOn,
    registeredAt: toKzIso(a.registeredAt),
    dueAt: toKzIso(a.dueAt),
    nextDueAt: toKzIso(nextDueAt),
    closedAt: a.closedAt ? toKzIso(a.closedAt) : null,
    resultDocumentAncn: a.resultDocumentAncn,
    updatedAt: toKzIso(a.updatedAt),
    sla: {
      basis: sla.basis,
      termWorkingDays: sla.termWorkingDays,
      elapsedWorkingDays: sla.elapsedWorkingDays,
      remainingWorkingDays: sla.remainingWorkingDays,
      remainingWorkingMs: sla.remainingWorkingMs,
      overdue: sla.overdue,
      /** Until the earliest deadline (a pending action's, else the term); negative when it passed. */
      nextDeadlineWorkingDays: a.closedAt ? null : toWorkingDays(slaMs(basis, now, nextDueAt, cal), basis),
    },
    pendingActions: a.pendingActions,
  };
}
export type CaseSummary = ReturnType<typeof caseSummary>;

function totals(rows: CaseCount[]): number {
  return rows.reduce((n, r) => n + r.count, 0);
}

export function dashboardRouter(ctx: ApiContext): Router {
  const { store, cases, logger } = ctx.deps;
  const queries = caseQueries(store);
  const router = Router();

  // Who the token belongs to: the web dashboard's sign-in check and its menu.
  router.get('/v1/me', (_req, res) => {
    const p = requirePrincipal(res, rolesOf('GET /v1/me'));
    res.json({
      subject: p.subject,
      role: p.role,
      licensorBody: p.licensorBody ?? null,
      licensorName:
        p.licensorBody && p.licensorBody in LICENSOR_BODIES ? LICENSOR_BODIES[p.licensorBody as keyof typeof LICENSOR_BODIES] : null,
      displayName: p.displayName ?? null,
    });
  });

  router.get('/v1/applications', async (req, res) => {
    const principal = requirePrincipal(res, rolesOf('GET /v1/applications'));
    const q = parse(ZCaseListQuery, req.query, 'query', 'query');
    const sort: CaseSort = q.sort === 'dueAt' ? 'due-asc' : 'registered-desc';
    const page = await queries.list({ ...filterFrom(q, principal), sort, limit: q.limit, ...(q.cursor ? { cursor: q.cursor } : {}) });
    const now = ctx.now();
    const cal = await ctx.referenceData.currentCalendar(); // the decrees published so far count
    res.json({
      items: page.items.map((a) => caseSummary(a, now, principal, slaBasisFor(ctx.modules, a.serviceCode), cal)),
      nextCursor: page.nextCursor,
    });
  });

  router.get('/v1/dashboard/counts', async (req, res) => {
    const principal = requirePrincipal(res, rolesOf('GET /v1/dashboard/counts'));
    const q = parse(ZCaseFilterQuery, req.query, 'query', 'query');
    const rows = await queries.count(filterFrom(q, principal));
    rows.sort(
      (a, b) => a.serviceCode.localeCompare(b.serviceCode) || a.stage.localeCompare(b.stage) || a.slaState.localeCompare(b.slaState),
    );
    res.json({ items: rows, total: totals(rows) });
  });

  router.get('/v1/dashboard/overview', async (req, res) => {
    const principal = requirePrincipal(res, rolesOf('GET /v1/dashboard/overview'));
    const q = parse(ZCaseFilterQuery.pick({ service: true, licensor: true, from: true, to: true }), req.query, 'query', 'query');
    checkPeriod(q);
    const licensor = licensorFor(principal, q.licensor);
    const scope: CaseFilter = { ...(q.service ? { serviceCode: q.service } : {}), ...(licensor ? { licensorBody: licensor } : {}) };
    const now = ctx.now();
    const cal = await ctx.referenceData.currentCalendar(); // the decrees published so far count
    const [open, closed, breached, atRisk, counterBreaches] = await Promise.all([
      queries.count({ ...scope, state: 'open' }),
      queries.count({ ...scope, state: 'closed', ...(q.from ? { closedFrom: q.from } : {}), ...(q.to ? { closedTo: q.to } : {}) }),
      queries.list({ ...scope, state: 'open', slaStates: ['breached'], sort: 'due-asc', limit: OVERVIEW_LIST_LIMIT }),
      queries.list({ ...scope, state: 'open', slaStates: ['at-risk'], sort: 'due-asc', limit: OVERVIEW_LIST_LIMIT }),
      ctx.deps.store.counterBreaches({ ...(q.from ? { from: q.from } : {}), ...(q.to ? { to: q.to } : {}), limit: OVERVIEW_LIST_LIMIT }),
    ]);
    const services = [...ctx.modules.values()]
      .filter((m) => (!q.service || m.descriptor.code === q.service) && (!licensor || m.descriptor.licensorBody === licensor))
      .map((m) => {
        const code = m.descriptor.code;
        const mine = open.filter((r) => r.serviceCode === code);
        const stages = [...new Set(mine.map((r) => r.stage))].sort();
        const bySla = Object.fromEntries(['on-track', 'at-risk', 'breached'].map((s) => [s, totals(mine.filter((r) => r.slaState === s))]));
        return {
          serviceCode: code,
          name: m.descriptor.name,
          licensorBody: m.descriptor.licensorBody,
          open: totals(mine),
          bySla,
          byStage: stages.map((stage) => {
            const rows = mine.filter((r) => r.stage === stage);
            return { stage, total: totals(rows), bySla: Object.fromEntries(rows.map((r) => [r.slaState, r.count])) };
          }),
          closed: totals(closed.filter((r) => r.serviceCode === code)),
          onTime: onTimeShare(
            code,
            closed.filter((r) => r.serviceCode === code),
          ),
        };
      });
    res.json({
      generatedAt: toKzIso(now),
      period: { from: q.from ? toKzIso(q.from) : null, to: q.to ? toKzIso(q.to) : null },
      services,
      breached: breached.items.map((a) => caseSummary(a, now, principal, slaBasisFor(ctx.modules, a.serviceCode), cal)),
      atRisk: atRisk.items.map((a) => caseSummary(a, now, principal, slaBasisFor(ctx.modules, a.serviceCode), cal)),
      more: { breached: breached.nextCursor !== null, atRisk: atRisk.nextCursor !== null },
      counter: counterOverview(counterBreaches, (code) => visibleService(code, q.service, licensor, ctx)),
    });
  });

  router.get('/v1/applications/:id/timeline', async (req: Request<{ id: string }>, res: Response) => {
    const principal = requirePrincipal(res, rolesOf('GET /v1/applications/{id}/timeline'));
    const { id } = parse(z.object({ id: z.string().min(1).max(200) }), req.params, 'path', 'path');
    const app = await store.getApplication(id);
    if (!app) throw new DomainError('UNKNOWN_APPLICATION', `no application ${id}`, [{ field: 'path.id', message: 'unknown application' }]);
    requireSameBody(principal, app.licensorBody);
    const [audit, documents] = await Promise.all([store.listAudit(app.id), store.listDocuments(app.id)]);
    let live: CaseStatus | null = null;
    if (app.status === 'open') {
      try {
        live = await cases.status(app.workflowId);
      } catch (e) {
        if (!isDomainError(e)) throw e;
        logger.warn({ applicationId: app.id, code: e.code }, 'status query failed; timeline from the audit trail');
      }
    }
    const now = ctx.now();
    const cal = await ctx.referenceData.currentCalendar(); // the decrees published so far count
    const closedAt = app.closedAt ?? closedAtOf(audit);
    const stages = live ? stagesFromStatus(live) : stagesFromAudit(audit, closedAt);
    const viewer = principal.role === 'viewer';
    const basis = slaBasisFor(ctx.modules, app.serviceCode);
    res.json({
      applicationId: app.id,
      serviceCode: app.serviceCode,
      licensorBody: app.licensorBody,
      ancn: app.ancn,
      stage: live?.stage ?? app.stage,
      status: live?.outcome ?? app.status,
      slaState: live?.slaState ?? app.slaState,
      waitingOn: live?.waitingOn ?? app.waitingOn,
      source: live ? 'live' : 'audit',
      overall: overallSla({ registeredAt: app.registeredAt, dueAt: live ? new Date(live.dueAt) : app.dueAt, closedAt }, now, basis, cal),
      stages: stages.map((s) => stageSla(s, now, basis, cal)),
      suspensions: audit.filter(isTermChange).map((e) => ({
        at: toKzIso(e.at),
        actor: e.actor,
        action: e.action,
        ...(typeof e.details?.reason === 'string' ? { reason: e.details.reason } : {}),
        ...(typeof e.details?.dueAt === 'string' ? { dueAt: toKzIso(new Date(e.details.dueAt)) } : {}),
      })),
      actors: [...new Set(audit.map((e) => e.actor))],
      pendingActions: live?.pendingActions ?? app.pendingActions,
      documents: documents.map((d) => ({
        ancn: d.ancn,
        kind: d.kind,
        issuedAt: toKzIso(d.issuedAt),
        href: `/v1/applications/${encodeURIComponent(app.id)}/documents/${d.ancn}`,
      })),
      audit: audit.map((e) => ({
        at: toKzIso(e.at),
        actor: e.actor,
        action: e.action,
        // The viewer role never sees personal data; audit details may name the applicant.
        ...(e.details && !viewer ? { details: e.details } : {}),
        signatureRef: e.signatureRef ?? null,
      })),
    });
  });

  let forms: unknown = null;
  router.get('/v1/dashboard/forms', (_req, res) => {
    requirePrincipal(res, rolesOf('GET /v1/dashboard/forms'));
    forms ??= actionForms(ctx);
    res.json(forms);
  });

  return router;
}

/** Audit actions that move or stop the review clock (case-tracker 'due-date-moved'; register suspensions). */
function isTermChange(e: AuditEvent): boolean {
  return e.action === 'due-date-moved' || /suspen|resum|extension|extended/.test(e.action);
}

function closedAtOf(audit: AuditEvent[]): Date | null {
  const closed = audit.find((e) => e.action === 'case-closed');
  return closed ? closed.at : null;
}

function stagesFromStatus(s: CaseStatus): StageInput[] {
  return s.timeline.map((t) => ({
    stage: t.stage,
    startedAt: new Date(t.startedAt),
    endedAt: t.endedAt ? new Date(t.endedAt) : null,
    plannedBy: t.plannedBy ? new Date(t.plannedBy) : null,
    ...(t.regulation ? { regulation: t.regulation } : {}),
    ...(t.actor ? { actor: t.actor } : {}),
    ...(t.note ? { note: t.note } : {}),
  }));
}

/** Closed (or unreachable) cases: the 'stage-entered' events of workflows/shared/case-tracker.ts. */
export function stagesFromAudit(audit: AuditEvent[], closedAt: Date | null): StageInput[] {
  const entered = audit.filter((e) => e.action === 'stage-entered' && typeof e.details?.stage === 'string');
  return entered.map((e, i) => {
    const next = entered[i + 1];
    const plannedBy = typeof e.details?.plannedBy === 'string' ? new Date(e.details.plannedBy) : null;
    const stage = String(e.details?.stage);
    return {
      stage,
      startedAt: e.at,
      endedAt: next ? next.at : stage === 'closed' ? e.at : closedAt,
      plannedBy,
      ...(e.actor !== 'system' ? { actor: e.actor } : {}),
    };
  });
}

/** Each service's actions: summary, who may call them, JSON Schema of the body and its example. */
function actionForms(ctx: ApiContext): Record<string, Record<string, unknown>> {
  const out: Record<string, Record<string, unknown>> = {};
  // A complaint is a case of its own in the inbox (api/routes/complaints.ts): its reviewing body's actions.
  out[COMPLAINT_SERVICE_CODE] = Object.fromEntries(
    COMPLAINT_ACTIONS.map((name) => [
      name,
      {
        summary: COMPLAINT_ACTION_SUMMARY[name],
        roles: ['staff'],
        schema: z.toJSONSchema(ZComplaintActionBodies[name], { io: 'input' }),
        example: exampleOf(ZComplaintActionBodies[name]) ?? null,
      },
    ]),
  );
  for (const m of ctx.modules.values()) {
    out[m.descriptor.code] = Object.fromEntries(
      m.actions.map((a) => {
        let schema: unknown = null;
        try {
          schema = z.toJSONSchema(a.input, { unrepresentable: 'any', io: 'input' });
        } catch {
          schema = null; // the form falls back to a JSON editor seeded with the example
        }
        return [a.name, { summary: a.summary, roles: a.roles, schema, example: exampleOf(a.input) ?? null }];
      }),
    );
  }
  return out;
}

/** A counter breach's service is in the overview's scope (a waiting breach has none: every body's dashboard shows it unfiltered only). */
function visibleService(code: string | null, service: string | undefined, licensor: string | undefined, ctx: ApiContext): boolean {
  if (!service && !licensor) return true;
  if (code === null) return false;
  if (service && code !== service) return false;
  return !licensor || ctx.modules.get(code)?.descriptor.licensorBody === licensor;
}

/**
 * seed 001 ¶9(2), ¶12(2), seed 002 ¶4(2): the counter's 20-minute breaches in the period, per kind and
 * branch, with the newest and their causes (codes and words; no personal data).
 */
function counterOverview(
  b: { counts: CounterBreachCount[]; recent: CounterBreachRecord[] },
  visible: (serviceCode: string | null) => boolean,
): Record<string, unknown> {
  const counts = b.counts.filter((c) => visible(c.serviceCode));
  const sum = (rows: CounterBreachCount[]): number => rows.reduce((n, c) => n + c.count, 0);
  const branches = [...new Set(counts.map((c) => c.branchId))].sort();
  return {
    breaches: sum(counts),
    byKind: Object.fromEntries(COUNTER_BREACH_KINDS.map((k) => [k, sum(counts.filter((c) => c.kind === k))])),
    byBranch: branches.map((branchId) => ({
      branchId,
      total: sum(counts.filter((c) => c.branchId === branchId)),
      byKind: Object.fromEntries(COUNTER_BREACH_KINDS.map((k) => [k, sum(counts.filter((c) => c.branchId === branchId && c.kind === k))])),
    })),
    recent: b.recent
      .filter((r) => visible(r.serviceCode))
      .map((r) => ({
        kind: r.kind,
        branchId: r.branchId,
        serviceCode: r.serviceCode,
        limitMinutes: r.limitMinutes,
        regulation: r.regulation,
        dueAt: toKzIso(r.dueAt),
        recordedAt: toKzIso(r.recordedAt),
        cause: r.cause,
      })),
  };
}

const COUNTER_BREACH_KINDS = ['waiting', 'service', 'hand-over'] as const;

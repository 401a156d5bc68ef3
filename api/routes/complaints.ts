/**
 * Complaints against a case of any service (seed 003 ¶16–17; seed 002 ¶11–12; workflows/complaints/):
 *   POST /v1/complaints                          the applicant through the portal, or staff registering a paper one
 *   GET  /v1/complaints?applicant=…              the applicant's cabinet: their complaints
 *   GET  /v1/complaints/{id}                     record + live status (terms, extension, decision, documents)
 *   POST /v1/complaints/{id}/actions/{action}    staff: extend, notify, decide, forward, favourable act (Updates)
 *   GET  /v1/applications/{id}/complaints        the case's page: the complaints against it
 *   GET  /v1/dashboard/complaints                per service complained about and per body: open, on time, late
 *   GET  /v1/calendar/term?service=complaint&body=provider&registeredAt=…   the review term (api/routes/catalogue.ts)
 *
 * A complaint is a record of its own in the read model (serviceCode 'complaint', licensorBody = the body
 * that reviews it), so the staff inbox shows it with its working-time SLA. Its id names the service it is
 * against: complaint-<serviceCode>-<ANCN>. The case's audit trail records each complaint filed against it.
 * Bad input, an unknown case, a case of another applicant: 4xx, nothing allocated, written or started.
 */
import { Router, type Request, type Response } from 'express';
import type { SearchAttributePair } from '@temporalio/common';
import { DomainError, isDomainError } from '../../domain/errors';
import { parseKzMoment, toKzIso } from '../../domain/calendar';
import { COMPLAINT_SERVICE_CODE, isAddresseeOf, planComplaint } from '../../domain/complaints';
import type { Principal } from '../../domain/roles';
import { MAX_CASE_LIMIT } from '../../persistence/case-query';
import type { ApplicationRecord, CaseFilter } from '../../persistence/port';
import { complaintsOf, SERVICE_CODES } from '../../services';
import { SEARCH_ATTRIBUTES, type CaseStatus } from '../../workflows/shared/case';
import {
  complaintDecisionUpdate,
  complaintExtendUpdate,
  complaintExtensionNoticeUpdate,
  complaintFavourableActUpdate,
  complaintForwardUpdate,
  complaintWorkflow,
  type ComplaintInput,
} from '../../workflows/complaints/complaint.workflow';
import type { UpdateDefinition } from '@temporalio/common';
import { requirePrincipal } from '../auth';
import { rolesOf } from '../access';
import { parse, type ApiContext } from '../context';
import { idempotencyContext, onceForKey, updateIdFor } from '../idempotency';
import { slaMs } from '../sla';
import { send } from './events';
import {
  COMPLAINT_ACTIONS,
  ZComplaintActionBodies,
  ZComplaintCabinetQuery,
  ZComplaintFiling,
  ZComplaintIdParams,
  type ComplaintActionName,
  type TComplaintAccepted,
  type TComplaintFiling,
} from '../complaints-schemas';
import { z } from '../zod';

/** complaint-<serviceCode>-<ANCN>: readable, unique, and it names the service complained about. */
export function complaintIdFor(serviceCode: string, ancn: string): string {
  return `${COMPLAINT_SERVICE_CODE}-${serviceCode}-${ancn}`;
}

/** The service a complaint is against, from its id (the longest registered code that prefixes it). */
export function complainedServiceOf(complaintId: string): string | undefined {
  const rest = complaintId.startsWith(`${COMPLAINT_SERVICE_CODE}-`) ? complaintId.slice(COMPLAINT_SERVICE_CODE.length + 1) : '';
  return [...SERVICE_CODES].sort((a, b) => b.length - a.length).find((c) => rest.startsWith(`${c}-`));
}

const UPDATES: Record<ComplaintActionName, UpdateDefinition<unknown, [never]>> = {
  'complaint-extend': complaintExtendUpdate as unknown as UpdateDefinition<unknown, [never]>,
  'complaint-extension-notice': complaintExtensionNoticeUpdate as unknown as UpdateDefinition<unknown, [never]>,
  'complaint-decision': complaintDecisionUpdate as unknown as UpdateDefinition<unknown, [never]>,
  'complaint-forward': complaintForwardUpdate as unknown as UpdateDefinition<unknown, [never]>,
  'complaint-favourable-act': complaintFavourableActUpdate as unknown as UpdateDefinition<unknown, [never]>,
};

const ZActionParams = ZComplaintIdParams.extend({ action: z.enum(COMPLAINT_ACTIONS) });

/** The page size listings read the complaint records in (each listing reads every page). */
const PAGE = MAX_CASE_LIMIT;

export function complaintsRouter(ctx: ApiContext): Router {
  const { store, cases, logger } = ctx.deps;
  const router = Router();

  // ---- file ----------------------------------------------------------------------------------------

  router.post('/v1/complaints', async (req, res) => {
    const principal = requirePrincipal(res, rolesOf('POST /v1/complaints'));
    const idem = idempotencyContext(req, principal.subject, true);
    const filing = parse(ZComplaintFiling, req.body);
    const result = await onceForKey({ store, mutex: ctx.mutex, now: ctx.now }, idem, 201, () => file(filing, principal));
    send(res, result);
  });

  async function file(f: TComplaintFiling, principal: Principal): Promise<TComplaintAccepted> {
    const against = await store.getApplication(f.applicationId);
    if (!against || against.serviceCode === COMPLAINT_SERVICE_CODE)
      throw new DomainError('UNKNOWN_APPLICATION', `no case ${f.applicationId}`, [{ field: 'applicationId', message: 'unknown case' }]);
    // The portal vouches for the citizen it authenticated: only the case's own applicant complains about it.
    if (f.complainant.iinOrBin !== against.applicantRef)
      throw new DomainError('FORBIDDEN', `the complainant is not the applicant of case ${against.id}`, [
        { field: 'complainant.iinOrBin', message: 'not the applicant of this case' },
      ]);
    const config = complaintsOf(against.serviceCode);
    if (!config)
      throw new DomainError('INCONSISTENT_REQUEST', `${against.serviceCode} declares no complaints`, [
        { field: 'applicationId', message: 'no complaints' },
      ]);
    if (!isAddresseeOf(config.regime, f.addressee) || !config.bodies[f.addressee])
      throw new DomainError('INCONSISTENT_REQUEST', `${against.serviceCode} (${config.regime} regime) has no addressee '${f.addressee}'`, [
        { field: 'addressee', message: `one of: ${Object.keys(config.bodies).join(', ')}` },
      ]);
    const body = config.bodies[f.addressee] as string;
    const providerBody = config.bodies.provider ?? config.bodies['provider-head'] ?? against.licensorBody;
    if (f.viaProvider && !(config.regime === '2021' && f.addressee === 'reviewing-body'))
      throw new DomainError(
        'INCONSISTENT_REQUEST',
        'only a complaint for the reviewing body is filed with the provider (seed 003 ¶16, APPC art. 91(4))',
        [{ field: 'viaProvider', message: 'only with addressee reviewing-body (2021 regime)' }],
      );
    const paper = principal.role === 'staff';
    if (paper) {
      if (!f.channel || !f.incomingNumber)
        throw new DomainError('INCONSISTENT_REQUEST', 'a paper complaint is registered with its channel and incoming number', [
          ...(f.channel ? [] : [{ field: 'channel', message: 'required when staff register a complaint' }]),
          ...(f.incomingNumber ? [] : [{ field: 'incomingNumber', message: 'required when staff register a complaint' }]),
        ]);
      const receiving = f.viaProvider ? providerBody : body;
      if (principal.licensorBody !== receiving)
        throw new DomainError(
          'FORBIDDEN',
          `staff of ${principal.licensorBody ?? '?'} may not register a complaint addressed to ${receiving}`,
        );
    } else if (f.channel || f.incomingNumber) {
      throw new DomainError('INCONSISTENT_REQUEST', 'a portal complaint has no paper channel or incoming number', [
        { field: f.channel ? 'channel' : 'incomingNumber', message: 'staff only' },
      ]);
    }
    const receivedAt = ctx.now();
    const learnedAt = parseKzMoment(`${f.learnedOn}T00:00:00+05:00`, 'learnedOn');
    if (learnedAt.getTime() > receivedAt.getTime())
      throw new DomainError('INCONSISTENT_REQUEST', 'the day the applicant learned of the act is in the future', [
        { field: 'learnedOn', message: 'in the future' },
      ]);
    const cal = await ctx.referenceData.currentCalendar();
    const plan = planComplaint(
      { regime: config.regime, addressee: f.addressee, receivedAt, learnedAt, ...(f.viaProvider ? { viaProvider: true } : {}) },
      cal,
    );

    const ancn = await store.allocateAncn('APP'); // seed 004 ¶20: an incoming application gets its number when filed
    const complaintId = complaintIdFor(against.serviceCode, ancn);
    const dueAt = plan.forwardBy ?? plan.dueAt;
    // Filed with the provider for the reviewing body: the provider's staff act first (forward it), so the
    // record starts in their inbox; the workflow moves it to the reviewing body's when forwarded.
    const actingBody = f.viaProvider ? providerBody : body;
    await store.createApplication({
      id: complaintId,
      serviceCode: COMPLAINT_SERVICE_CODE,
      workflowId: complaintId,
      ancn,
      applicantRef: f.complainant.iinOrBin,
      licensorBody: actingBody,
      submittedAt: receivedAt,
      registeredAt: plan.registeredAt,
      dueAt,
      calendarVersion: plan.calendarVersion,
      stage: 'received',
      status: 'open',
      slaState: 'on-track',
    });
    await store.appendAudit({
      applicationId: against.id,
      actor: principal.subject,
      action: 'complaint-filed',
      at: receivedAt,
      details: { complaintId, ancn, addressee: f.addressee, body, regime: config.regime, lateFiling: plan.lateFiling },
      idempotencyKey: `${complaintId}:filed`,
    });
    const input: ComplaintInput = {
      complaintId,
      ancn,
      receivedAt: receivedAt.toISOString(),
      regime: config.regime,
      addressee: f.addressee,
      body,
      providerBody,
      ...(f.viaProvider ? { viaProvider: true } : {}),
      channel: paper ? (f.channel ?? 'post') : 'portal',
      ...(f.incomingNumber ? { incomingNumber: f.incomingNumber } : {}),
      registeredBy: principal.subject,
      learnedAt: learnedAt.toISOString(),
      complainant: { iinOrBin: f.complainant.iinOrBin, ...(f.complainant.name ? { name: f.complainant.name } : {}) },
      against: {
        applicationId: against.id,
        serviceCode: against.serviceCode,
        ancn: against.ancn,
        outcome: against.status,
        ...(against.resultDocumentAncn ? { resultDocumentAncn: against.resultDocumentAncn } : {}),
      },
      subject: f.subject,
      demands: f.demands,
      reconsideration: config.reconsideration,
      calendar: cal.data,
    };
    const searchAttributes: SearchAttributePair[] = [
      { key: SEARCH_ATTRIBUTES.serviceCode, value: COMPLAINT_SERVICE_CODE },
      { key: SEARCH_ATTRIBUTES.licensorBody, value: actingBody },
      { key: SEARCH_ATTRIBUTES.stage, value: 'received' },
      { key: SEARCH_ATTRIBUTES.dueAt, value: dueAt },
      { key: SEARCH_ATTRIBUTES.slaState, value: 'on-track' },
    ];
    await cases.start(complaintWorkflow, complaintId, input, searchAttributes);
    logger.info({ complaintId, against: against.id, addressee: f.addressee, body }, 'complaint filed');
    return {
      complaintId,
      ancn,
      against: { applicationId: against.id, serviceCode: against.serviceCode },
      regime: config.regime,
      addressee: f.addressee,
      body,
      receivedAt: toKzIso(receivedAt),
      registeredAt: toKzIso(plan.registeredAt),
      dueAt: toKzIso(plan.dueAt),
      ...(plan.forwardBy ? { forwardBy: toKzIso(plan.forwardBy) } : {}),
      filingDeadline: toKzIso(plan.filingDeadline),
      lateFiling: plan.lateFiling,
      calendarVersion: plan.calendarVersion,
      statusUrl: `/v1/complaints/${encodeURIComponent(complaintId)}`,
    };
  }

  // ---- read ------------------------------------------------------------------------------------------

  async function complaintRecord(id: string): Promise<ApplicationRecord> {
    const app = await store.getApplication(id);
    if (!app || app.serviceCode !== COMPLAINT_SERVICE_CODE)
      throw new DomainError('UNKNOWN_APPLICATION', `no complaint ${id}`, [{ field: 'path.id', message: 'unknown complaint' }]);
    return app;
  }

  async function liveStatus(app: ApplicationRecord): Promise<CaseStatus | null> {
    try {
      return await cases.status(app.workflowId);
    } catch (e) {
      if (!isDomainError(e)) throw e;
      logger.warn({ complaintId: app.id, code: e.code }, 'complaint status query failed; answering from the read model');
      return null;
    }
  }

  /** Staff read the complaints their body reviews, or (forwarding) received as the provider. */
  function mayRead(principal: Principal, app: ApplicationRecord, live: CaseStatus | null): boolean {
    if (principal.role !== 'staff') return true;
    const named = live?.details['complaint'] as { body?: string; providerBody?: string } | undefined;
    return [app.licensorBody, named?.body, named?.providerBody].includes(principal.licensorBody);
  }

  async function view(app: ApplicationRecord, principal: Principal): Promise<Record<string, unknown>> {
    const live = await liveStatus(app);
    if (!mayRead(principal, app, live))
      throw new DomainError('FORBIDDEN', `staff of ${principal.licensorBody ?? '?'} may not read complaints to ${app.licensorBody}`);
    const now = ctx.now();
    const dueAt = live ? new Date(live.dueAt) : app.dueAt;
    const remaining = slaMs('working-time', now, dueAt, await ctx.referenceData.currentCalendar());
    const href = `/v1/complaints/${encodeURIComponent(app.id)}`;
    return {
      complaintId: app.id,
      ancn: app.ancn,
      against: complainedServiceOf(app.id) ?? null,
      body: app.licensorBody,
      ...(principal.role === 'viewer' ? {} : { complainant: app.applicantRef }),
      registeredAt: toKzIso(app.registeredAt),
      dueAt: toKzIso(dueAt),
      stage: live?.stage ?? app.stage,
      outcome: live?.outcome ?? app.status,
      slaState: live?.slaState ?? app.slaState,
      sla: {
        basis: 'working-time',
        remainingWorkingMs: remaining,
        remainingWorkingHours: remaining === null ? null : Math.round((remaining / 3_600_000) * 100) / 100,
        overdue: now.getTime() > dueAt.getTime(),
      },
      pendingActions: (live?.pendingActions ?? app.pendingActions).map((p) => ({ ...p, href: `${href}/actions/${p.action}` })),
      timeline: live?.timeline ?? [],
      documents: live?.documents ?? [],
      details: live?.details ?? {},
      live: live !== null,
      links: { self: href, documents: `/v1/applications/${encodeURIComponent(app.id)}/documents` },
    };
  }

  router.get('/v1/complaints/:id', async (req: Request<{ id: string }>, res: Response) => {
    const principal = requirePrincipal(res, rolesOf('GET /v1/complaints/{id}'));
    const { id } = parse(ZComplaintIdParams, req.params, 'path', 'path');
    res.json(await view(await complaintRecord(id), principal));
  });

  /** Every complaint matching the filter, newest first, read page by page (no cap). */
  async function complaintRows(filter: CaseFilter = {}): Promise<ApplicationRecord[]> {
    const rows: ApplicationRecord[] = [];
    let cursor: string | null = null;
    do {
      const page: { items: ApplicationRecord[]; nextCursor: string | null } = await store.queryApplications({
        ...filter,
        serviceCode: COMPLAINT_SERVICE_CODE,
        sort: 'registered-desc',
        limit: PAGE,
        ...(cursor ? { cursor } : {}),
      });
      rows.push(...page.items);
      cursor = page.nextCursor;
    } while (cursor);
    return rows;
  }

  const summary = (a: ApplicationRecord) => ({
    complaintId: a.id,
    ancn: a.ancn,
    against: complainedServiceOf(a.id) ?? null,
    body: a.licensorBody,
    stage: a.stage,
    outcome: a.status,
    slaState: a.slaState,
    registeredAt: toKzIso(a.registeredAt),
    dueAt: toKzIso(a.dueAt),
    href: `/v1/complaints/${encodeURIComponent(a.id)}`,
  });

  // The applicant's cabinet (the portal asks for the citizen it authenticated).
  router.get('/v1/complaints', async (req, res) => {
    requirePrincipal(res, rolesOf('GET /v1/complaints'));
    const q = parse(ZComplaintCabinetQuery, req.query, 'query', 'query');
    const items = (await complaintRows({ applicantRef: q.applicant })).map(summary);
    res.json({ items });
  });

  // The case's page: every complaint filed against it (its audit trail names them).
  router.get('/v1/applications/:id/complaints', async (req: Request<{ id: string }>, res: Response) => {
    const principal = requirePrincipal(res, rolesOf('GET /v1/applications/{id}/complaints'));
    const { id } = parse(ZComplaintIdParams, req.params, 'path', 'path');
    const app = await store.getApplication(id);
    if (!app) throw new DomainError('UNKNOWN_APPLICATION', `no application ${id}`, [{ field: 'path.id', message: 'unknown application' }]);
    const filed = (await store.listAudit(app.id)).filter((e) => e.action === 'complaint-filed');
    const items: Array<ReturnType<typeof summary>> = [];
    for (const e of filed) {
      const complaintId = typeof e.details?.['complaintId'] === 'string' ? e.details['complaintId'] : undefined;
      const c = complaintId ? await store.getApplication(complaintId) : null;
      if (c && (principal.role !== 'staff' || principal.licensorBody === c.licensorBody || principal.licensorBody === app.licensorBody))
        items.push(summary(c));
    }
    res.json({ applicationId: app.id, items });
  });

  // ---- act ------------------------------------------------------------------------------------------

  router.post('/v1/complaints/:id/actions/:action', async (req: Request<{ id: string; action: string }>, res: Response) => {
    const principal = requirePrincipal(res, rolesOf('POST /v1/complaints/{id}/actions/{action}'));
    const { id, action } = parse(ZActionParams, req.params, 'path', 'path');
    const app = await complaintRecord(id);
    const idem = idempotencyContext(req, principal.subject, false);
    const body: unknown = parse(ZComplaintActionBodies[action], req.body);
    const actor = {
      subject: principal.subject,
      role: principal.role,
      ...(principal.licensorBody ? { licensorBody: principal.licensorBody } : {}),
      ...(principal.displayName ? { displayName: principal.displayName } : {}),
    };
    const result = await onceForKey({ store, mutex: ctx.mutex, now: ctx.now }, idem, 200, async () => {
      let outcome: unknown;
      try {
        // The workflow's validator decides who may act (that body's staff) and when.
        outcome = await cases.update(
          app.workflowId,
          UPDATES[action],
          { ...(body as object), actor } as never,
          idem ? { updateId: updateIdFor(idem) } : {},
        );
      } catch (e) {
        if (isDomainError(e) && e.code === 'UNKNOWN_APPLICATION')
          throw new DomainError('ACTION_NOT_ALLOWED_NOW', `the complaint ${app.id} is closed: it accepts no more actions`);
        throw e;
      }
      return { complaintId: app.id, action, result: outcome ?? null };
    });
    send(res, result);
  });

  // ---- overview --------------------------------------------------------------------------------------

  router.get('/v1/dashboard/complaints', async (_req, res) => {
    const principal = requirePrincipal(res, rolesOf('GET /v1/dashboard/complaints'));
    const rows = await complaintRows(principal.role === 'staff' ? { licensorBody: principal.licensorBody ?? '' } : {});
    const groups = new Map<
      string,
      { service: string; body: string; open: number; atRisk: number; breached: number; closedOnTime: number; closedLate: number }
    >();
    for (const a of rows) {
      const service = complainedServiceOf(a.id) ?? 'unknown';
      const key = `${service}\n${a.licensorBody}`;
      const g = groups.get(key) ?? { service, body: a.licensorBody, open: 0, atRisk: 0, breached: 0, closedOnTime: 0, closedLate: 0 };
      if (a.status === 'open') {
        g.open += 1;
        if (a.slaState === 'at-risk') g.atRisk += 1;
        if (a.slaState === 'breached') g.breached += 1;
      } else if (a.slaState === 'missed') g.closedLate += 1;
      else g.closedOnTime += 1;
      groups.set(key, g);
    }
    res.json({
      generatedAt: toKzIso(ctx.now()),
      items: [...groups.values()],
    });
  });

  return router;
}

/**
 * The uniform case resources (api/service-module.ts explains how a regulation plugs in):
 *   POST /v1/services/{serviceCode}/applications    submit: checks before acceptance, ANCN, record, workflow (Idempotency-Key required)
 *   GET  /v1/applications/{id}                       record + live status query + SLA remaining (ETag; ?changedFrom=&wait= long poll)
 *   POST /v1/applications/{id}/actions/{action}      a staff/applicant decision = a Temporal Update
 *   POST /v1/applications/{id}/events/{event}        an outside system's event = a signal (./events.ts)
 *   POST /v1/callbacks/payment-gateway               the payment gateway's result (./payment-callback.ts)
 *   GET  /v1/applications/{id}/documents[/{ancn}]    signed XML results
 *   GET  /v1/applications?service=&stage=&sla=…      dashboard list: api/routes/dashboard.ts
 */
import { createHash } from 'node:crypto';
import { Router, type Request, type Response } from 'express';
import { ANCN_PATTERN, parseAncn } from '../../domain/ancn';
import { DomainError, isDomainError } from '../../domain/errors';
import type { Principal } from '../../domain/roles';
import type { ApplicationRecord } from '../../persistence/port';
import type { CaseStatus } from '../../workflows/shared/case';
import { requirePrincipal, requireSameBody } from '../auth';
import { DEFAULT_SUBMITTERS, rolesOf } from '../access';
import { moduleFor, parse, type ApiContext } from '../context';
import { idempotencyContext, onceForKey, updateIdFor } from '../idempotency';
import { toKzIso } from '../../domain/calendar';
import { slaBasisOf, slaMs } from '../sla';
import { send } from './events';
import { ZApplicationWaitQuery, type TApplicationAccepted, type TApplicationView } from '../schemas';
import { progressWatch } from '../progress-watch';
import { createSubmission } from '../submission';
import { z } from '../zod';
import { renderDocumentPrint } from '../../register/print';
import { verificationPageUrl } from '../../register/routes';

export { applicationIdFor } from '../submission';

const ZApplicationParams = z.object({ id: z.string().min(1).max(200) });

/** A waiting status request looks at the case itself at least this often (ours; see the GET route). */
const LONG_POLL_RECHECK_MS = 3_000;

/**
 * The view's ETag: a digest of what the case says (not of the SLA remaining, which moves with the clock),
 * so it changes exactly when the case moved on. Quoted, as HTTP wants it.
 */
export function etagOf(view: TApplicationView): string {
  const { sla: _sla, ...rest } = view;
  return `"${createHash('sha256').update(JSON.stringify(rest)).digest('base64url').slice(0, 22)}"`;
}

export function applicationsRouter(ctx: ApiContext): Router {
  const { store, cases, logger } = ctx.deps;
  const router = Router();
  const submission = createSubmission({
    store,
    cases,
    logger,
    now: ctx.now,
    referenceData: ctx.referenceData,
    preAcceptance: ctx.deps.preAcceptance,
  });

  // ---- submit ----------------------------------------------------------------------------------

  router.post('/v1/services/:serviceCode/applications', async (req: Request<{ serviceCode: string }>, res) => {
    requirePrincipal(res, rolesOf('POST /v1/services/{serviceCode}/applications'));
    const module = moduleFor(ctx, req.params.serviceCode);
    // Most services take applications from the portal only; a module may name others (seed 002: the provider's counter).
    const principal = requirePrincipal(res, module.submitters ?? DEFAULT_SUBMITTERS);
    requireSameBody(principal, module.descriptor.licensorBody);
    const idem = idempotencyContext(req, principal.subject, true);
    if (!idem) throw new DomainError('INTERNAL', 'idempotency context missing');
    const input: unknown = parse(module.input, req.body);
    const result = await ctx.mutex.run(`${idem.principal}\n${idem.key}`, () => submission.submit(module, input, principal, idem));
    if (result.status === 201 && !result.replayed) res.setHeader('Location', (result.body as TApplicationAccepted).statusUrl);
    send(res, result);
  });

  // ---- read ------------------------------------------------------------------------------------

  async function readable(
    req: Request<{ id: string }>,
    res: Response,
    roles: readonly Principal['role'][],
  ): Promise<{ app: ApplicationRecord; principal: Principal }> {
    const principal = requirePrincipal(res, roles);
    const { id } = parse(ZApplicationParams, req.params, 'path', 'path');
    const app = await store.getApplication(id);
    if (!app) throw new DomainError('UNKNOWN_APPLICATION', `no application ${id}`, [{ field: 'path.id', message: 'unknown application' }]);
    requireSameBody(principal, app.licensorBody);
    return { app, principal };
  }

  /** The case as a client sees it: the record, the live status query, the SLA remaining. */
  async function viewOf(app: ApplicationRecord, principal: Principal): Promise<TApplicationView> {
    let live: CaseStatus | null = null;
    let liveError: string | undefined;
    try {
      live = await cases.status(app.workflowId);
    } catch (e) {
      if (!isDomainError(e)) throw e;
      liveError = e.message;
      logger.warn({ applicationId: app.id, code: e.code, detail: e.message }, 'status query failed; answering from the read model');
    }
    const now = ctx.now();
    const dueAt = live ? new Date(live.dueAt) : app.dueAt;
    const overdue = now.getTime() > dueAt.getTime();
    const module = ctx.modules.get(app.serviceCode);
    // Working time for working-day terms, elapsed time for hour terms (api/sla.ts).
    const basis = slaBasisOf(module?.descriptor.term);
    const remaining = slaMs(basis, now, dueAt, await ctx.referenceData.currentCalendar());
    const href = `/v1/applications/${encodeURIComponent(app.id)}`;
    const view: TApplicationView = {
      applicationId: app.id,
      serviceCode: app.serviceCode,
      licensorBody: app.licensorBody,
      ancn: app.ancn,
      ...(principal.role === 'viewer' ? {} : { applicantRef: app.applicantRef }),
      submittedAt: toKzIso(app.submittedAt),
      registeredAt: toKzIso(app.registeredAt),
      dueAt: toKzIso(dueAt),
      calendarVersion: live?.calendarVersion ?? app.calendarVersion,
      stage: live?.stage ?? app.stage,
      outcome: live?.outcome ?? app.status,
      slaState: live?.slaState ?? app.slaState,
      ...(live ? { waitingOn: live.waitingOn } : {}),
      resultDocumentAncn: app.resultDocumentAncn,
      pendingActions: live?.pendingActions ?? [],
      timeline: live?.timeline ?? [],
      documents: live?.documents ?? [],
      details: live?.details ?? {},
      sla: {
        dueAt: toKzIso(dueAt),
        basis,
        remainingWorkingMs: remaining,
        remainingWorkingHours: remaining === null ? null : Math.round((remaining / 3_600_000) * 100) / 100,
        overdue,
      },
      live: live !== null,
      ...(liveError ? { liveError } : {}),
      links: {
        self: href,
        documents: `${href}/documents`,
        actions: (module?.actions ?? []).map((a) => `${href}/actions/${a.name}`),
        events: (module?.events ?? []).map((e) => `${href}/events/${e.name}`),
      },
    };
    return view;
  }

  // A waiting client's trigger to look again (the read model's row moved): one read per tick for all.
  const watch = progressWatch(store);

  router.get('/v1/applications/:id', async (req: Request<{ id: string }>, res) => {
    const { app, principal } = await readable(req, res, rolesOf('GET /v1/applications/{id}'));
    const q = parse(ZApplicationWaitQuery, req.query, 'query', 'query');
    const changedFrom = q.changedFrom?.replace(/^W\//, '');
    const deadline = Date.now() + q.wait * 1000;
    const waiting = changedFrom !== undefined && q.wait > 0;
    let record = app;
    for (let round = 0; ; round++) {
      // The stamp before the view: a change landing while the view is built is seen by the next wait.
      const since = waiting ? await watch.stamp(app.id) : undefined;
      if (round > 0) record = (await store.getApplication(app.id)) ?? record;
      const view = await viewOf(record, principal);
      const tag = etagOf(view);
      const left = deadline - Date.now();
      if (changedFrom === undefined || changedFrom !== tag || left <= 0) {
        res.setHeader('ETag', tag);
        res.json(view);
        return;
      }
      // Between reads of the read model, look at the case itself every 3 s anyway: a change the
      // workflow did not record (details only) is still answered within that.
      await watch.changed(app.id, since, Math.min(left, LONG_POLL_RECHECK_MS));
    }
  });

  // ---- act -------------------------------------------------------------------------------------

  router.post('/v1/applications/:id/actions/:action', async (req: Request<{ id: string; action: string }>, res) => {
    const principal = requirePrincipal(res, rolesOf('POST /v1/applications/{id}/actions/{action}'));
    const { id } = parse(ZApplicationParams, { id: req.params.id }, 'path', 'path');
    const app = await store.getApplication(id);
    if (!app) throw new DomainError('UNKNOWN_APPLICATION', `no application ${id}`, [{ field: 'path.id', message: 'unknown application' }]);
    const module = moduleFor(ctx, app.serviceCode);
    const action = module.actions.find((a) => a.name === req.params.action);
    if (!action) {
      throw new DomainError(
        'UNKNOWN_ACTION',
        `${app.serviceCode} has no action "${req.params.action}" (known: ${module.actions.map((a) => a.name).join(', ') || 'none'})`,
        [{ field: 'path.action', message: 'unknown action' }],
      );
    }
    if (!action.roles.includes(principal.role))
      throw new DomainError('FORBIDDEN', `role ${principal.role} may not ${action.name} (allowed: ${action.roles.join(', ')})`);
    requireSameBody(principal, app.licensorBody);
    const idem = idempotencyContext(req, principal.subject, false);
    const input: unknown = parse(action.input, req.body);

    const result = await onceForKey({ store, mutex: ctx.mutex, now: ctx.now }, idem, 200, async () => {
      let outcome: unknown;
      try {
        outcome = await cases.update(
          app.workflowId,
          action.update,
          action.toUpdateArg(input, principal),
          idem ? { updateId: updateIdFor(idem) } : {},
        );
      } catch (e) {
        // The record exists, so a missing workflow means the case is closed (or was never started).
        if (isDomainError(e) && e.code === 'UNKNOWN_APPLICATION')
          throw new DomainError('ACTION_NOT_ALLOWED_NOW', `the case ${app.id} is closed: it accepts no more actions`);
        throw e;
      }
      return { applicationId: app.id, action: action.name, result: outcome ?? null };
    });
    send(res, result);
  });

  // ---- documents ---------------------------------------------------------------------------------

  router.get('/v1/applications/:id/documents', async (req: Request<{ id: string }>, res) => {
    const { app } = await readable(req, res, rolesOf('GET /v1/applications/{id}/documents'));
    const docs = await store.listDocuments(app.id);
    res.json({
      items: docs.map((d) => ({
        ancn: d.ancn,
        kind: d.kind,
        issuedAt: toKzIso(d.issuedAt),
        href: `/v1/applications/${encodeURIComponent(app.id)}/documents/${d.ancn}`,
      })),
    });
  });

  router.get('/v1/applications/:id/documents/:ancn', async (req: Request<{ id: string; ancn: string }>, res) => {
    const { app } = await readable(req, res, rolesOf('GET /v1/applications/{id}/documents/{ancn}'));
    // The document's pattern (ANCN_PATTERN): another shape is 400 INVALID_ANCN; of the shape but with check
    // digits that do not match (seed 004 appendix) it names no document: 404, as the register answers.
    // The printed form with spaces is accepted (seed 004 appendix: "KZ56 PRM 0000 0001").
    if (!ANCN_PATTERN.test(req.params.ancn.replace(/ /g, '')))
      throw new DomainError('INVALID_ANCN', `"${req.params.ancn}" is not an ANCN (KZ, 2 check digits, 3-letter type, 8 digits)`, [
        { field: 'path.ancn', message: 'not an ANCN' },
      ]);
    let ancn: string;
    try {
      ancn = parseAncn(req.params.ancn).ancn;
    } catch (e) {
      if (!isDomainError(e)) throw e;
      throw new DomainError('NOT_FOUND', `application ${app.id} has no document ${req.params.ancn}: ${e.message}`, [
        { field: 'path.ancn', message: e.message },
      ]);
    }
    const doc = await store.getDocument(ancn);
    if (!doc || doc.applicationId !== app.id)
      throw new DomainError('NOT_FOUND', `application ${app.id} has no document ${ancn}`, [
        { field: 'path.ancn', message: 'no such document' },
      ]);
    res.status(200).type('application/xml; charset=utf-8').setHeader('Content-Disposition', `inline; filename="${ancn}.xml"`).send(doc.xml);
  });

  // The printed form of a case document: its QR code opens the public verification page (no login).
  router.get('/v1/applications/:id/documents/:ancn/print', async (req: Request<{ id: string; ancn: string }>, res) => {
    const { app } = await readable(req, res, rolesOf('GET /v1/applications/{id}/documents/{ancn}/print'));
    const ancn = parseAncn(req.params.ancn).ancn;
    const doc = await store.getDocument(ancn);
    if (!doc || doc.applicationId !== app.id)
      throw new DomainError('NOT_FOUND', `application ${app.id} has no document ${ancn}`, [
        { field: 'path.ancn', message: 'no such document' },
      ]);
    res
      .status(200)
      .type('html')
      .send(await renderDocumentPrint(doc, verificationPageUrl(ctx.deps.config.api.publicBaseUrl, ancn)));
  });

  // The dashboard list GET /v1/applications (filters, sort by dueAt, cursor) is in ./dashboard.ts.

  return router;
}

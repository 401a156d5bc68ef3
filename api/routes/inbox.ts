/**
 * The licensor staff inbox: open cases of the caller's licensor body that wait on staff, the most urgent
 * first (the earliest deadline: a pending action's dueAt, else the case's), each with the actions it
 * accepts now and the working time left. Decisions are recorded through the same action endpoint as
 * the API (POST /v1/applications/{id}/actions/{action} → the workflow's Update and its validator).
 *
 *   GET /v1/inbox?service=&limit=&cursor=         staff: their own body
 *   GET /v1/inbox?licensor=ctrm                   admin/viewer (supervisors, oversight): any body
 */
import { Router } from 'express';
import { DomainError } from '../../domain/errors';
import { toKzIso } from '../../domain/calendar';
import { COMPLAINT_SERVICE_CODE } from '../../domain/complaints';
import { requirePrincipal } from '../auth';
import { rolesOf } from '../access';
import { parse, type ApiContext } from '../context';
import { caseQueries } from '../read-model';
import { caseSummary } from './dashboard';
import { slaBasisFor } from '../sla';
import { ZInboxQuery } from '../schemas';
import { COMPLAINT_ACTION_SUMMARY, type ComplaintActionName } from '../complaints-schemas';

function complaintAction(id: string, p: { action: string; dueAt?: string }, role: string) {
  return {
    action: p.action,
    summary: COMPLAINT_ACTION_SUMMARY[p.action as ComplaintActionName] ?? '',
    ...(p.dueAt ? { dueAt: toKzIso(new Date(p.dueAt)) } : {}),
    href: `/v1/complaints/${encodeURIComponent(id)}/actions/${p.action}`,
    ...(role === 'staff' ? {} : { readOnly: true }),
  };
}

export function inboxRouter(ctx: ApiContext): Router {
  const queries = caseQueries(ctx.deps.store);
  const router = Router();

  router.get('/v1/inbox', async (req, res) => {
    const principal = requirePrincipal(res, rolesOf('GET /v1/inbox'));
    const q = parse(ZInboxQuery, req.query, 'query', 'query');
    let licensorBody: string;
    if (principal.role === 'staff') {
      if (q.licensor && q.licensor !== principal.licensorBody) {
        throw new DomainError('FORBIDDEN', `staff of ${principal.licensorBody ?? '?'} may not read the inbox of ${q.licensor}`);
      }
      licensorBody = principal.licensorBody ?? '';
    } else {
      if (!q.licensor)
        // Optional in the schema (staff have their own body); for the other roles a cross-field rule: 422.
        throw new DomainError('INCONSISTENT_REQUEST', 'name the licensor body whose inbox to show (licensor=…)', [
          { field: 'query.licensor', message: 'required for this role' },
        ]);
      licensorBody = q.licensor;
    }
    const page = await queries.list({
      licensorBody,
      state: 'open',
      waitingOn: 'staff',
      ...(q.service ? { serviceCode: q.service } : {}),
      sort: 'due-asc',
      limit: q.limit,
      ...(q.cursor ? { cursor: q.cursor } : {}),
    });
    const now = ctx.now();
    const items = page.items.map((a) => {
      const module = ctx.modules.get(a.serviceCode);
      const summary = caseSummary(a, now, principal, slaBasisFor(ctx.modules, a.serviceCode));
      // What the case accepts now from staff; without recorded pending actions, every staff action of
      // the service is offered and the workflow's validator decides.
      const pending = a.pendingActions.filter((p) => p.by === 'staff');
      // A complaint (seed 003 ¶16): its own action resource; its workflow's validators decide.
      if (a.serviceCode === COMPLAINT_SERVICE_CODE)
        return { ...summary, actions: pending.map((p) => complaintAction(a.id, p, principal.role)), confirmed: true };
      const known = new Map((module?.actions ?? []).map((x) => [x.name, x]));
      const actions = (
        pending.length > 0 ? pending.map((p) => p.action) : [...known.values()].filter((x) => x.roles.includes('staff')).map((x) => x.name)
      )
        .filter((name) => known.has(name))
        .map((name) => {
          const p = pending.find((x) => x.action === name);
          return {
            action: name,
            summary: known.get(name)?.summary ?? '',
            ...(p?.dueAt ? { dueAt: toKzIso(new Date(p.dueAt)) } : {}),
            href: `/v1/applications/${encodeURIComponent(a.id)}/actions/${name}`,
            ...(principal.role === 'staff' ? {} : { readOnly: true }),
          };
        });
      return { ...summary, actions, confirmed: pending.length > 0 };
    });
    res.json({ licensorBody, generatedAt: toKzIso(now), items, nextCursor: page.nextCursor });
  });

  return router;
}

/**
 * Public, no authentication (seed 004 ¶14: anyone may read a service's requirements):
 *   GET /v1/services        the catalogue, from the registered modules' descriptors and services/index.ts
 *   GET /v1/calendar/term   seed 003 ¶8: the expected result date before anyone applies; with
 *                           service=complaint&body=…: a complaint's review term (seed 003 ¶16, seed 002 ¶11)
 */
import { Router } from 'express';
import { DomainError } from '../../domain/errors';
import { LICENSOR_BODIES } from '../../domain/services';
import { complaintsOf, reviewOf, SERVICE_LABELS, termSuspensionOf } from '../../services';
import { parse, type ApiContext } from '../context';
import { parseKzMoment, toKzIso } from '../../domain/calendar';
import { ZTermQuery, type TTermPlan } from '../schemas';
import { ZComplaintTermQuery } from '../complaints-schemas';
import { COMPLAINT_SERVICE_CODE, isAddresseeOf, planComplaint } from '../../domain/complaints';
import { z } from '../zod';

export function catalogueRouter(ctx: ApiContext): Router {
  const router = Router();

  router.get('/v1/services', async (_req, res) => {
    const [calendar, mrp, fees, hours] = await Promise.all([
      ctx.referenceData.current('calendar'),
      ctx.referenceData.current('mrp'),
      ctx.referenceData.current('fees'),
      ctx.referenceData.current('working-hours'),
    ]);
    const items = [...ctx.modules.values()].map((m) => {
      const d = m.descriptor;
      return {
        code: d.code,
        name: d.name,
        provider: { code: d.licensorBody, name: LICENSOR_BODIES[d.licensorBody] },
        term: d.term,
        fee: d.fee,
        channels: d.channels,
        regulation: d.regulation,
        // Who decides and whose signature the result carries (seed 004 ¶18-1 for automatic mode).
        review: reviewOf(d.code),
        // seed 004 ¶39.9: whether the term stops while an approving body answers (the service's own law).
        termSuspension: termSuspensionOf(d.code),
        // seed 003 ¶16–17 / seed 002 ¶11–12: where a complaint against its cases goes, under which regime.
        complaints: complaintsOf(d.code),
        // The dashboard's names of this service's own stages and actions.
        labels: SERVICE_LABELS[d.code] ?? {},
        actions: m.actions.map((a) => ({ name: a.name, summary: a.summary, roles: a.roles })),
        links: { apply: `/v1/services/${d.code}/applications`, term: `/v1/calendar/term?service=${d.code}` },
      };
    });
    // Which reference-data versions stand behind the terms and fees shown (reference-data/).
    const referenceData = { calendar: calendar.version, mrp: mrp.version, fees: fees.version, workingHours: hours.version };
    res.json({ items, referenceData });
  });

  /** seed 003 ¶16 / seed 002 ¶11: a complaint's review term at an addressee, from its receipt (now by default). */
  async function complaintTerm(query: unknown): Promise<Record<string, unknown>> {
    // `body` is optional in the one query schema the document shows (ZTermQuery): a service's term needs none.
    const q = parse(
      ZComplaintTermQuery.extend({ registeredAt: z.string().optional(), body: ZComplaintTermQuery.shape.body.optional() }),
      query,
      'query',
      'query',
    );
    if (q.body === undefined)
      throw new DomainError('INCONSISTENT_REQUEST', 'service=complaint needs body: the addressee whose review term to compute', [
        { field: 'query.body', message: 'required with service=complaint' },
      ]);
    if (!isAddresseeOf(q.regime, q.body))
      throw new DomainError('INCONSISTENT_REQUEST', `the ${q.regime} regime has no addressee '${String(q.body)}'`, [
        { field: 'query.body', message: 'not an addressee of this regime' },
      ]);
    const raw = q.registeredAt?.replace(/ (\d{2}:\d{2})$/, '+$1');
    const receivedAt = raw === undefined ? ctx.now() : parseKzMoment(raw, 'query.registeredAt');
    const plan = planComplaint(
      { regime: q.regime, addressee: q.body, receivedAt, learnedAt: receivedAt },
      await ctx.referenceData.currentCalendar(),
    );
    return {
      service: COMPLAINT_SERVICE_CODE,
      body: q.body,
      regime: q.regime,
      receivedAt: toKzIso(receivedAt),
      registeredAt: toKzIso(plan.registeredAt),
      dueAt: toKzIso(plan.dueAt),
      term: plan.term,
      calendarVersion: plan.calendarVersion,
    };
  }

  router.get('/v1/calendar/term', async (req, res) => {
    if (req.query['service'] === COMPLAINT_SERVICE_CODE) {
      res.json(await complaintTerm(req.query));
      return;
    }
    // An unencoded "+05:00" arrives as " 05:00" (form decoding): take it as the "+" it was meant to be.
    const { submittedAt: rawMoment, ...rest } = req.query;
    const moment = typeof rawMoment === 'string' ? rawMoment.replace(/ (\d{2}:\d{2})$/, '+$1') : rawMoment;
    const q = parse(ZTermQuery, { ...rest, ...(moment === undefined ? {} : { submittedAt: moment }) }, 'query', 'query');
    const module = ctx.modules.get(q.service);
    if (!module) {
      throw new DomainError(
        'VALIDATION_FAILED',
        `no service "${q.service}" in the catalogue (known: ${[...ctx.modules.keys()].join(', ') || 'none'})`,
        [{ field: 'query.service', message: 'unknown service code' }],
      );
    }
    // Well-formed (the schema's date-time) but impossible (2025-02-30) or outside the calendar's data:
    // 422 INVALID_DATE (parseKzMoment, domain/calendar).
    const submittedAt = q.submittedAt === undefined ? ctx.now() : parseKzMoment(q.submittedAt, 'query.submittedAt');
    // The current published calendar (its version is in the answer); it refuses moments outside its data
    // with INVALID_DATE (domain/calendar).
    const plan = module.plan(submittedAt, await ctx.referenceData.currentCalendar());
    const body: TTermPlan = {
      service: module.descriptor.code,
      submittedAt: toKzIso(plan.submittedAt),
      registeredAt: toKzIso(plan.registeredAt),
      milestones: plan.milestones.map((m) => ({ name: m.name, dueAt: toKzIso(m.dueAt), regulation: m.regulation })),
      dueAt: toKzIso(plan.dueAt),
      calendarVersion: plan.calendarVersion,
    };
    res.json(body);
  });

  return router;
}

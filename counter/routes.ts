/**
 * The State Corporation counter over HTTP (seed 001 ¶9, ¶11, ¶12). Everything is derived from the service
 * registry: a module with a `counter` descriptor is served at the counter (counter/channel.ts).
 *   GET  /v1/counter/branches                              public: branches, State Corporation hours, open now
 *   POST /v1/counter/branches/{branch}/bookings            portal: book a slot within the hours (¶9(1))
 *   POST /v1/counter/branches/{branch}/tickets             operator of the branch, or portal (kiosk, booking check-in)
 *   POST /v1/counter/branches/{branch}/call-next           operator of the branch: the oldest waiting ticket (FIFO)
 *   GET  /v1/counter/branches/{branch}/queue               operator of the branch: the day's queue
 *   GET  /v1/counter/services                              operator: the services served at the counter, their forms
 *   GET  /v1/counter/visits/{visit}                        operator of the branch: the visit (look-ups live)
 *   POST /v1/counter/visits/{visit}/application            operator: service chosen, applicant and PoA data (¶11(2))
 *   POST /v1/counter/scans                                 operator: upload a scan (stored by SHA-256)
 *   POST /v1/counter/visits/{visit}/sign                   operator: paper documents, scans, the operator's ECDS (¶11(6))
 *   GET  /v1/counter/visits/{visit}/receipt                operator: the signed receipt (XML, ¶9(1))
 *   POST /v1/counter/hand-overs/{applicationId}/receipt-presented   operator: the applicant is back with the receipt (¶12(1))
 *   POST /v1/counter/hand-overs/{applicationId}/hand-over           operator: the result is handed over (¶12(2))
 * An operator acts only for the branch the token names: another branch's ticket or result → 403.
 */
import type { OpenAPIRegistry, ResponseConfig } from '@asteasolutions/zod-to-openapi';
import { Router, type Request, type Response } from 'express';
import type { ZodType } from 'zod';
import { requirePrincipal } from '../api/auth';
import { rolesOf } from '../api/access';
import type { CaseGateway } from '../api/case-gateway';
import { validationError } from '../api/errors';
import { zodFailureCode } from '../domain/zod-issues';
import { updateIdFor } from '../api/idempotency';
import type { ServiceModule } from '../api/service-module';
import { z } from '../api/zod';
import { kzMoment, localDateOf, nextWorkingDay, toKzIso, type BusinessCalendar } from '../domain/calendar';
import { DomainError } from '../domain/errors';
import { BinSchema, IinSchema } from '../domain/identification-number';
import type { Principal } from '../domain/roles';
import type { ApplicationStore } from '../persistence/port';
import type { ReferenceDataStore } from '../reference-data/store';
import { statusQuery } from '../workflows/shared/case';
import { BRANCHES, BranchIdSchema, branchOf } from './branches';
import { applicantKindOf, describeHours, isCounterOpen, type CounterHours, type CounterServiceTerms } from './channel';
import { handOverUpdate, receiptPresentedUpdate, type HandOverView } from './hand-over';
import { counterQueue } from './queue.workflow';
import { bookSlotUpdate, branchOfVisit, callNextUpdate, queueStateQuery, queueWorkflowId, takeTicketUpdate } from './queue-types';
import type { ScanStore } from './scans';
import { sha256Of } from './scans';
import { counterVisit } from './visit.workflow';
import {
  callTicketUpdate,
  enterApplicationUpdate,
  signAndForwardUpdate,
  visitA9ReceiptQuery,
  visitStatusQuery,
  type OperatorActor,
} from './visit-types';

export interface CounterRouteDeps {
  cases: CaseGateway;
  modules: readonly ServiceModule[];
  referenceData: ReferenceDataStore;
  store: ApplicationStore;
  scans: ScanStore;
  now: () => Date;
}

// ── schemas (the same ones feed OpenAPI) ──

const ZBranchParams = z.object({ branch: BranchIdSchema });
const ZVisitParams = z.object({ visit: z.string().regex(/^counter-visit-[a-z0-9-]+-\d{4}-\d{2}-\d{2}-\d{3,}$/, 'a visit id') });
const ZApplicationParams = z.object({ applicationId: z.string().min(1).max(200) });

/**
 * The booking example's slot: 10:20 Astana on the second working day after the day this API started (the
 * State Corporation is open then, and the slot stays in the future for a day or more), so the example
 * books as sent; a fixed date would be refused as past once that day went by.
 */
function exampleSlot(started = new Date()): string {
  try {
    return toKzIso(kzMoment(nextWorkingDay(nextWorkingDay(localDateOf(started))), '10:20'));
  } catch {
    // beyond the embedded calendar's years: a shape-only example
    return '2029-12-05T10:20:00+05:00';
  }
}
export const ZBooking = z
  .object({
    slot: z.iso.datetime({ offset: true }).openapi({
      description:
        "within the State Corporation's hours and in the future; the example's is 10:20 Astana on the second working day after the day this API started",
    }),
  })
  .openapi('CounterBooking', { example: { slot: exampleSlot() } });
export const ZTicketRequest = z
  .object({
    bookingCode: z
      .string()
      .regex(/^\d{8}-\d{3}$/, 'a booking code like 20261205-001')
      .optional(),
  })
  .openapi('CounterTicketRequest', { example: {} });
const PoaSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('notarised'), number: z.string().trim().min(3).max(60), certifiedOn: z.iso.date() }),
  // ¶11(2): a power of attorney certified otherwise leaves the PoA fields empty.
  z.object({ kind: z.literal('other') }).strict(),
]);
export const ZEnterApplication = z
  .object({
    serviceCode: z.string().min(1).max(100),
    // seed 001 ¶11(2): a legal entity by its BIN; seed 002 ¶9: an individual by the IIN.
    applicant: z.union([
      z.object({ kind: z.literal('legal-entity').optional(), bin: BinSchema, name: z.string().trim().min(2).max(300) }).strict(),
      z.object({ kind: z.literal('individual'), iin: IinSchema, name: z.string().trim().min(2).max(300) }).strict(),
    ]),
    representative: z.object({ iin: IinSchema, fullName: z.string().trim().min(3).max(200), powerOfAttorney: PoaSchema }).optional(),
    // The service's own part of the intake (ServiceModule.counter.form): an object, required.
    form: z.record(z.string(), z.unknown()),
  })
  .openapi('CounterEnterApplication', {
    example: {
      serviceCode: 'mne-import-export-license',
      applicant: { bin: '180340001231', name: 'ТОО «Мемлекеттік Рәміздер Өндірісі»' },
      representative: {
        iin: '850315400124',
        fullName: 'Sadykova Aigerim Nurlanovna',
        powerOfAttorney: { kind: 'notarised', number: 'NT-2026-000417', certifiedOn: '2026-01-15' },
      },
      form: {
        goods: {
          direction: 'export',
          hsCode: '1001990000',
          description: 'Wheat, other than durum, for food use',
          quantity: 5000,
          unit: 't',
          country: 'Uzbekistan',
          contract: { number: 'EX-2026/117', date: '2026-02-10' },
        },
      },
    },
  });
const ZScanRef = z.object({
  fileName: z.string().trim().min(1).max(200),
  mediaType: z.enum(['application/pdf', 'image/jpeg', 'image/png']),
  sha256: z.string().regex(/^[0-9a-f]{64}$/, 'a SHA-256 in hex'),
  sizeBytes: z.number().int().positive(),
});
/** The scan example's bytes (a PDF header): the signing example names exactly these by their SHA-256. */
const EXAMPLE_SCAN = { fileName: 'contract.pdf', mediaType: 'application/pdf', contentBase64: 'JVBERi0xLjQKJcfs' } as const;
const EXAMPLE_SCAN_BYTES = Buffer.from(EXAMPLE_SCAN.contentBase64, 'base64');
export const ZScanUpload = z
  .object({
    fileName: z.string().trim().min(1).max(200),
    mediaType: z.enum(['application/pdf', 'image/jpeg', 'image/png']),
    contentBase64: z
      .string()
      .min(4)
      .max(7_000_000)
      .regex(/^[A-Za-z0-9+/]+={0,2}$/, 'base64'),
  })
  .openapi('CounterScanUpload', { example: EXAMPLE_SCAN });
export const ZSign = z
  .object({ paperDocuments: z.array(z.string().min(1).max(60)).max(30), scans: z.array(ZScanRef).min(1).max(30) })
  .openapi('CounterSign', {
    example: {
      paperDocuments: ['application-form', 'foreign-trade-contract', 'power-of-attorney'],
      scans: [
        // the scan example, once uploaded (POST /v1/counter/scans answers these two)
        {
          fileName: EXAMPLE_SCAN.fileName,
          mediaType: EXAMPLE_SCAN.mediaType,
          sha256: sha256Of(EXAMPLE_SCAN_BYTES),
          sizeBytes: EXAMPLE_SCAN_BYTES.length,
        },
      ],
    },
  });
export const ZReceiptPresented = z
  .object({ receiptAncn: z.string().min(5).max(40) })
  .openapi('CounterReceiptPresented', { example: { receiptAncn: 'KZ12NTC00000001' } });
export const ZHandOver = z
  .object({ receivedBy: z.string().trim().min(3).max(200) })
  .openapi('CounterHandOver', { example: { receivedBy: 'Sadykova Aigerim Nurlanovna (representative, notarised PoA NT-2026-000417)' } });

function parse<S extends ZodType>(schema: S, value: unknown, prefix = ''): z.infer<S> {
  const r = schema.safeParse(value);
  if (!r.success) throw validationError(r.error, prefix, prefix === 'path' ? 'path' : 'request body', value);
  return r.data;
}

function operatorOf(p: Principal): OperatorActor {
  return {
    subject: p.subject,
    role: p.role,
    ...(p.branch ? { branch: p.branch } : {}),
    ...(p.displayName ? { displayName: p.displayName } : {}),
  };
}

/** 403 unless the operator works at `branch` (¶11(1): each operator signs in to their own branch). */
function requireBranch(p: Principal, branch: string): void {
  if (p.role === 'operator' && p.branch !== branch)
    throw new DomainError('FORBIDDEN', `an operator of branch ${p.branch ?? '?'} may not act for branch ${branch}`);
}

function counterHoursOf(table: {
  schedules: ReadonlyArray<{
    provider: string;
    channel: string;
    weekdays: readonly number[];
    periods: ReadonlyArray<{ start: string; end: string }>;
    source: string;
  }>;
}): CounterHours {
  const row = table.schedules.find((s) => s.provider === 'state-corporation' && s.channel === 'state-corporation');
  if (!row) throw new DomainError('INTERNAL', 'the working-hours reference data has no State Corporation schedule');
  return { weekdays: row.weekdays, periods: row.periods, source: row.source };
}

export function counterTermsOf(m: ServiceModule): CounterServiceTerms | undefined {
  if (!m.counter || !m.descriptor.channels.includes('state-corporation')) return undefined;
  return { serviceCode: m.descriptor.code, title: m.descriptor.name, ...m.counter.terms };
}

export function counterRouter(deps: CounterRouteDeps): Router {
  const router = Router();
  const { cases } = deps;
  const query = <R>(id: string, q: Parameters<NonNullable<CaseGateway['query']>>[1]): Promise<R> => {
    if (!cases.query) throw new DomainError('INTERNAL', 'the case gateway cannot query workflows');
    return cases.query(id, q) as Promise<R>;
  };
  const updateId = (req: Request, p: Principal, what: string): { updateId?: string } => {
    const key = req.header('Idempotency-Key');
    return key ? { updateId: `${updateIdFor({ principal: p.subject, key, requestHash: '' })}:${what}` } : {};
  };

  async function calendarAndHours(): Promise<{ cal: BusinessCalendar; hours: CounterHours }> {
    const cal = await deps.referenceData.currentCalendar();
    const hours = counterHoursOf((await deps.referenceData.current('working-hours')).data);
    return { cal, hours };
  }

  /** The branch's queue of the local day, started on first use (idempotent: REJECT_DUPLICATE). */
  async function queueOf(branch: string, at: Date, cal: BusinessCalendar): Promise<string> {
    const day = cal.localDateOf(at);
    const id = queueWorkflowId(branch, day);
    const closesAt = new Date(new Date(`${day}T00:00:00+05:00`).getTime() + 24 * 3_600_000).toISOString();
    await cases.start(counterQueue, id, { branchId: branch, day, closesAt });
    return id;
  }

  router.get('/v1/counter/branches', async (_req, res) => {
    const { cal, hours } = await calendarAndHours();
    const now = deps.now();
    res.json({
      branches: BRANCHES,
      hours: { ...hours, description: describeHours(hours) },
      openNow: isCounterOpen(hours, cal, now),
      asOf: toKzIso(now),
    });
  });

  router.get('/v1/counter/services', (_req, res) => {
    requirePrincipal(res, rolesOf('GET /v1/counter/services'));
    res.json({
      services: deps.modules.flatMap((m) => {
        const t = counterTermsOf(m);
        return t ? [{ ...t, formExample: m.counter?.formExample }] : [];
      }),
    });
  });

  router.post('/v1/counter/branches/:branch/bookings', async (req: Request<{ branch: string }>, res) => {
    const p = requirePrincipal(res, rolesOf('POST /v1/counter/branches/{branch}/bookings'));
    const { branch } = parse(ZBranchParams, req.params, 'path');
    const body = parse(ZBooking, req.body);
    const { cal, hours } = await calendarAndHours();
    const slot = new Date(body.slot);
    // ¶9(1): the queue can be booked on the portal, for a time the State Corporation is open (seed 002 ¶8(2)).
    if (!isCounterOpen(hours, cal, slot))
      throw new DomainError('RULE_VIOLATED', `the State Corporation is closed at ${toKzIso(slot)}`, [
        { field: 'slot', message: `outside the State Corporation's hours: ${describeHours(hours)}` },
      ]);
    if (slot.getTime() <= deps.now().getTime())
      throw new DomainError('RULE_VIOLATED', 'a slot must be in the future', [{ field: 'slot', message: 'in the past' }]);
    const id = await queueOf(branch, slot, cal);
    const booking = await cases.update(id, bookSlotUpdate, { slot: slot.toISOString(), bookedBy: p.subject }, updateId(req, p, 'book'));
    res
      .status(201)
      .json({ branch, ...booking, note: 'no priority: at the branch the booking becomes an ordinary ticket (seed 001 ¶9(1))' });
  });

  router.post('/v1/counter/branches/:branch/tickets', async (req: Request<{ branch: string }>, res) => {
    const p = requirePrincipal(res, rolesOf('POST /v1/counter/branches/{branch}/tickets'));
    const { branch } = parse(ZBranchParams, req.params, 'path');
    requireBranch(p, branch);
    const body = parse(ZTicketRequest, req.body ?? {});
    const { cal } = await calendarAndHours();
    const id = await queueOf(branch, deps.now(), cal);
    const ticket = await cases.update(
      id,
      takeTicketUpdate,
      { source: body.bookingCode ? 'portal-booking' : 'walk-in', ...(body.bookingCode ? { bookingCode: body.bookingCode } : {}) },
      updateId(req, p, 'ticket'),
    );
    await cases.start(counterVisit, ticket.visitId, {
      visitId: ticket.visitId,
      branchId: branch,
      ticket: ticket.number,
      issuedAt: ticket.issuedAt,
      source: ticket.source,
      ...(ticket.bookingCode ? { bookingCode: ticket.bookingCode } : {}),
    });
    res.status(201).json({ branch, ...ticket, visitUrl: `/v1/counter/visits/${ticket.visitId}` });
  });

  router.post('/v1/counter/branches/:branch/call-next', async (req: Request<{ branch: string }>, res) => {
    const p = requirePrincipal(res, rolesOf('POST /v1/counter/branches/{branch}/call-next'));
    const { branch } = parse(ZBranchParams, req.params, 'path');
    requireBranch(p, branch);
    const { cal } = await calendarAndHours();
    const id = await queueOf(branch, deps.now(), cal);
    const ticket = await cases.update(id, callNextUpdate, { operator: operatorOf(p) }, updateId(req, p, 'call-next'));
    if (!ticket) {
      res.json({ ticket: null, message: 'nobody is waiting' });
      return;
    }
    // The visit may not exist if the API stopped between the ticket and its visit: start it (idempotent).
    await cases.start(counterVisit, ticket.visitId, {
      visitId: ticket.visitId,
      branchId: branch,
      ticket: ticket.number,
      issuedAt: ticket.issuedAt,
      source: ticket.source,
    });
    const visit = await cases.update(ticket.visitId, callTicketUpdate, { operator: operatorOf(p) }, updateId(req, p, 'call'));
    res.json({ ticket, visit });
  });

  router.get('/v1/counter/branches/:branch/queue', async (req: Request<{ branch: string }>, res) => {
    const p = requirePrincipal(res, rolesOf('GET /v1/counter/branches/{branch}/queue'));
    const { branch } = parse(ZBranchParams, req.params, 'path');
    requireBranch(p, branch);
    const { cal } = await calendarAndHours();
    const id = await queueOf(branch, deps.now(), cal);
    res.json(await query(id, queueStateQuery));
  });

  function visitOf(req: Request<{ visit: string }>, p: Principal): string {
    const { visit } = parse(ZVisitParams, req.params, 'path');
    const branch = branchOfVisit(visit);
    // The id has the pattern the document promises; one naming no branch names no visit either.
    if (!branch || !branchOf(branch))
      throw new DomainError('NOT_FOUND', `no visit ${visit}: no such branch`, [{ field: 'path.visit', message: 'unknown branch' }]);
    requireBranch(p, branch);
    return visit;
  }

  router.get('/v1/counter/visits/:visit', async (req: Request<{ visit: string }>, res) => {
    const p = requirePrincipal(res, rolesOf('GET /v1/counter/visits/{visit}'));
    res.json(await query(visitOf(req, p), visitStatusQuery));
  });

  router.post('/v1/counter/visits/:visit/application', async (req: Request<{ visit: string }>, res) => {
    const p = requirePrincipal(res, rolesOf('POST /v1/counter/visits/{visit}/application'));
    const visit = visitOf(req, p);
    const body = parse(ZEnterApplication, req.body);
    const module = deps.modules.find((m) => m.descriptor.code === body.serviceCode);
    const terms = module ? counterTermsOf(module) : undefined;
    if (!module?.counter || !terms)
      throw new DomainError('INCONSISTENT_REQUEST', `service ${body.serviceCode} is not served at the State Corporation counter`, [
        {
          field: 'serviceCode',
          message: `one of: ${deps.modules
            .filter((m) => counterTermsOf(m))
            .map((m) => m.descriptor.code)
            .join(', ')}`,
        },
      ]);
    const kinds = terms.applicants ?? ['legal-entity'];
    if (!kinds.includes(applicantKindOf(body.applicant)))
      throw new DomainError('VALIDATION_FAILED', `service ${body.serviceCode} is not for ${applicantKindOf(body.applicant)} applicants`, [
        { field: 'applicant', message: `one of: ${kinds.join(', ')}` },
      ]);
    const form = module.counter.form.safeParse(body.form);
    if (!form.success) {
      const details = form.error.issues.map((i) => ({ field: ['form', ...i.path.map(String)].join('.'), message: i.message }));
      throw new DomainError(
        zodFailureCode(form.error, body.form),
        `${details[0]?.field ?? 'form'}: ${details[0]?.message ?? 'invalid'}`,
        details,
      );
    }
    const mismatches = module.counter.check?.(body.applicant, form.data) ?? [];
    if (mismatches.length > 0) throw new DomainError('VALIDATION_FAILED', `${mismatches[0]!.field}: ${mismatches[0]!.message}`, mismatches);
    // seed 002 ¶9: the checklist of this very package (by category; a power of attorney with a representative).
    const paperDocuments = module.counter.paperDocumentsFor?.(form.data, { representative: body.representative !== undefined });
    const status = await cases.update(
      visit,
      enterApplicationUpdate,
      {
        operator: operatorOf(p),
        terms: paperDocuments ? { ...terms, paperDocuments: [...paperDocuments] } : terms,
        applicant: body.applicant,
        ...(body.representative ? { representative: body.representative } : {}),
        form: form.data,
      },
      updateId(req, p, 'enter'),
    );
    res.status(202).json(status);
  });

  router.post('/v1/counter/scans', async (req, res) => {
    requirePrincipal(res, rolesOf('POST /v1/counter/scans'));
    const body = parse(ZScanUpload, req.body);
    const bytes = Buffer.from(body.contentBase64, 'base64');
    if (bytes.length === 0) throw new DomainError('VALIDATION_FAILED', 'the scan is empty', [{ field: 'contentBase64', message: 'empty' }]);
    const stored = await deps.scans.put(bytes);
    res.status(201).json({ fileName: body.fileName, mediaType: body.mediaType, ...stored });
  });

  router.post('/v1/counter/visits/:visit/sign', async (req: Request<{ visit: string }>, res) => {
    const p = requirePrincipal(res, rolesOf('POST /v1/counter/visits/{visit}/sign'));
    const visit = visitOf(req, p);
    const body = parse(ZSign, req.body);
    for (const [i, s] of body.scans.entries()) {
      if (!(await deps.scans.has(s.sha256)))
        throw new DomainError('INCONSISTENT_REQUEST', `scan ${s.fileName} was not uploaded`, [
          { field: `scans.${i}.sha256`, message: 'no uploaded scan with this SHA-256 (POST /v1/counter/scans first)' },
        ]);
    }
    const status = await cases.update(visit, signAndForwardUpdate, { operator: operatorOf(p), ...body }, updateId(req, p, 'sign'));
    res.status(202).json(status);
  });

  router.get('/v1/counter/visits/:visit/receipt', async (req: Request<{ visit: string }>, res) => {
    const p = requirePrincipal(res, rolesOf('GET /v1/counter/visits/{visit}/receipt'));
    const visit = visitOf(req, p);
    const status = await query<{ receipt?: { ancn: string }; incompletePackage?: unknown }>(visit, visitStatusQuery);
    if (status.incompletePackage) {
      // seed 002 A9: the receipt refusing intake (no application, so no ANCN): the visit keeps it.
      const a9 = await query<string | null>(visit, visitA9ReceiptQuery);
      if (a9) {
        res.type('application/xml').send(a9);
        return;
      }
    }
    const doc = status.receipt ? await deps.store.getDocument(status.receipt.ancn) : null;
    if (!doc) throw new DomainError('NOT_FOUND', 'the receipt is not issued yet (the form is forwarded first)');
    res.type('application/xml').send(doc.xml);
  });

  async function handOverOf(
    req: Request<{ applicationId: string }>,
    res: Response,
  ): Promise<{ p: Principal; id: string; view: HandOverView }> {
    // The two hand-over operations admit the same roles.
    const p = requirePrincipal(res, rolesOf('POST /v1/counter/hand-overs/{applicationId}/hand-over'));
    const { applicationId } = parse(ZApplicationParams, req.params, 'path');
    const app = await deps.store.getApplication(applicationId);
    if (!app)
      throw new DomainError('UNKNOWN_APPLICATION', `no application ${applicationId}`, [
        { field: 'path.applicationId', message: 'unknown application' },
      ]);
    const status = await cases.status(app.workflowId);
    const view = status.details['handOver'] as HandOverView | undefined;
    const channel = status.details['channel'] as { kind?: string; branchId?: string } | undefined;
    if (channel?.kind !== 'state-corporation')
      throw new DomainError(
        'ACTION_NOT_ALLOWED_NOW',
        'the application did not come through the State Corporation: its result is not handed over at a counter',
      );
    requireBranch(p, view?.branchId ?? channel.branchId ?? '');
    if (!view) throw new DomainError('ACTION_NOT_ALLOWED_NOW', 'the result is not ready for hand-over yet');
    return { p, id: app.workflowId, view };
  }

  router.post('/v1/counter/hand-overs/:applicationId/receipt-presented', async (req: Request<{ applicationId: string }>, res) => {
    const { p, id } = await handOverOf(req, res);
    const body = parse(ZReceiptPresented, req.body);
    const receipt = await deps.store.getDocument(body.receiptAncn);
    if (!receipt || receipt.kind !== 'counter-receipt' || receipt.applicationId !== id)
      throw new DomainError('INCONSISTENT_REQUEST', `receipt ${body.receiptAncn} is not this application's receipt`, [
        { field: 'receiptAncn', message: 'not the receipt of this application' },
      ]);
    res.json(
      await cases.update(
        id,
        receiptPresentedUpdate,
        { operator: operatorOf(p), receiptAncn: body.receiptAncn },
        updateId(req, p, 'presented'),
      ),
    );
  });

  router.post('/v1/counter/hand-overs/:applicationId/hand-over', async (req: Request<{ applicationId: string }>, res) => {
    const { p, id } = await handOverOf(req, res);
    const body = parse(ZHandOver, req.body);
    res.json(
      await cases.update(id, handOverUpdate, { operator: operatorOf(p), receivedBy: body.receivedBy }, updateId(req, p, 'hand-over')),
    );
  });

  void statusQuery;
  return router;
}

/** The counter's paths in the OpenAPI document, from the same schemas. */
export function registerCounterPaths(
  registry: OpenAPIRegistry,
  h: {
    secured: Array<Record<string, string[]>>;
    json: (schema: ZodType, description: string) => ResponseConfig;
    problems: (...statuses: Array<number | [number, ...string[]]>) => Record<number, ResponseConfig>;
  },
): void {
  const any = z.object({}).passthrough();
  const tags = ['counter'];
  const branch = { params: ZBranchParams };
  const visit = { params: ZVisitParams };
  const body = (schema: ZodType, required = true) => ({ body: { required, content: { 'application/json': { schema } } } });
  registry.registerPath({
    method: 'get',
    path: '/v1/counter/branches',
    tags,
    summary: 'Branches, the State Corporation hours (reference data) and whether it is open now',
    responses: { 200: h.json(any, 'branches and hours') },
  });
  registry.registerPath({
    method: 'get',
    path: '/v1/counter/services',
    tags,
    security: h.secured,
    summary: 'The services served at the counter: look-ups, paper documents, limits, form example',
    responses: { 200: h.json(any, 'the counter services'), ...h.problems(401, 403) },
  });
  registry.registerPath({
    method: 'post',
    path: '/v1/counter/branches/{branch}/bookings',
    tags,
    security: h.secured,
    summary: 'seed 001 ¶9(1): book a slot on the portal, within the State Corporation hours (no priority at the branch)',
    request: { ...branch, ...body(ZBooking) },
    // 422: a slot the published calendar has no data for (INVALID_DATE), or outside the opening hours, or past.
    responses: { 201: h.json(any, 'the booking code'), ...h.problems(400, 401, 403, 422) },
  });
  registry.registerPath({
    method: 'post',
    path: '/v1/counter/branches/{branch}/tickets',
    tags,
    security: h.secured,
    summary: 'seed 001 ¶9(1): take a ticket of the electronic queue (walk-in, or a booking checked in)',
    // A walk-in ticket needs no body at all; a booked visitor sends the booking code.
    request: { ...branch, ...body(ZTicketRequest, false) },
    responses: { 201: h.json(any, 'the ticket and its visit'), ...h.problems(400, 401, 403, 409) },
  });
  registry.registerPath({
    method: 'post',
    path: '/v1/counter/branches/{branch}/call-next',
    tags,
    security: h.secured,
    summary: 'seed 001 ¶11(1): the operator calls the oldest waiting ticket (FIFO)',
    request: branch,
    responses: { 200: h.json(any, 'the ticket and its visit, or ticket null'), ...h.problems(400, 401, 403) },
  });
  registry.registerPath({
    method: 'get',
    path: '/v1/counter/branches/{branch}/queue',
    tags,
    security: h.secured,
    summary: "The branch's queue of the day",
    request: branch,
    responses: { 200: h.json(any, 'waiting, called, bookings'), ...h.problems(400, 401, 403) },
  });
  registry.registerPath({
    method: 'get',
    path: '/v1/counter/visits/{visit}',
    tags,
    security: h.secured,
    summary: 'The visit: stage, look-ups, SLA breaches, the receipt',
    request: visit,
    responses: { 200: h.json(any, 'the visit'), ...h.problems(400, 401, 403, 404) },
  });
  registry.registerPath({
    method: 'post',
    path: '/v1/counter/visits/{visit}/application',
    tags,
    security: h.secured,
    summary: "seed 001 ¶11(2)–(3): the service chosen, the applicant's and a notarised PoA's data; the look-ups start",
    request: { ...visit, ...body(ZEnterApplication) },
    // 404: a visit id naming no branch; 422: a service not served at the counter
    responses: { 202: h.json(any, 'the visit, look-ups pending'), ...h.problems(400, 401, 403, 404, 409, 422) },
  });
  registry.registerPath({
    method: 'post',
    path: '/v1/counter/scans',
    tags,
    security: h.secured,
    summary: "seed 001 ¶11(6): upload a scan of the applicant's documents (stored by SHA-256)",
    request: body(ZScanUpload),
    responses: { 201: h.json(any, 'sha256 and size'), ...h.problems(400, 401, 403) },
  });
  registry.registerPath({
    method: 'post',
    path: '/v1/counter/visits/{visit}/sign',
    tags,
    security: h.secured,
    summary: "seed 001 ¶11(6)–(7), ¶9(3): paper documents marked, scans attached, the operator's ECDS; forwarded at once to e-licensing",
    request: { ...visit, ...body(ZSign) },
    // 404: a visit id naming no branch; 422: a scan that was not uploaded
    responses: { 202: h.json(any, 'the visit, signing'), ...h.problems(400, 401, 403, 404, 409, 422) },
  });
  registry.registerPath({
    method: 'get',
    path: '/v1/counter/visits/{visit}/receipt',
    tags,
    security: h.secured,
    summary: 'seed 001 ¶9(1), seed 002 ¶9: the signed receipt (XML); seed 002 A9: the receipt refusing an incomplete package',
    request: visit,
    responses: {
      200: { description: 'the signed XML receipt', content: { 'application/xml': { schema: z.string() } } },
      ...h.problems(400, 401, 403, 404),
    },
  });
  registry.registerPath({
    method: 'post',
    path: '/v1/counter/hand-overs/{applicationId}/receipt-presented',
    tags,
    security: h.secured,
    summary: 'seed 001 ¶12(1): the applicant is back with the receipt (the hand-over limit starts)',
    request: { params: ZApplicationParams, ...body(ZReceiptPresented) },
    // 422: a receipt of another application
    responses: { 200: h.json(any, 'the hand-over'), ...h.problems(400, 401, 403, 404, 409, 422) },
  });
  registry.registerPath({
    method: 'post',
    path: '/v1/counter/hand-overs/{applicationId}/hand-over',
    tags,
    security: h.secured,
    summary: 'seed 001 ¶12(2): the operator records the hand-over',
    request: { params: ZApplicationParams, ...body(ZHandOver) },
    responses: { 200: h.json(any, 'the hand-over'), ...h.problems(400, 401, 403, 404, 409) },
  });
}

export { sha256Of };

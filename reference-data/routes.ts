/**
 * Reference data over HTTP:
 *   GET  /v1/reference-data                                   public: the current version of each kind
 *   GET  /v1/reference-data/calendar/versions                 public: every calendar version (no data)
 *   GET  /v1/reference-data/calendar/versions/{version}       public: one version with its whole data
 *   GET  /v1/reference-data/mrp                               public: the current MRP per year
 *   POST /v1/admin/reference-data/calendar/decrees            admin: a decree → the next calendar version
 *   POST /v1/admin/reference-data/mrp                         admin: a year's MRP → the next MRP version
 * Each POST needs an Idempotency-Key (api/idempotency.ts, the API's one rule), checks the change against
 * the current version (./decree.ts: 422 naming the field and the reason, nothing written), stores the
 * version and starts its broadcast to the running cases (./broadcast.workflow.ts); 201 names both.
 * Mounted by api/app.ts after `authenticateRequests`.
 */
import crypto from 'node:crypto';
import type { OpenAPIRegistry, ResponseConfig } from '@asteasolutions/zod-to-openapi';
import { Router, type Request, type Response } from 'express';
import type { ZodType } from 'zod';
import { toKzIso } from '../domain/calendar';
import { DomainError } from '../domain/errors';
import { ActSchema, type Act, type ReferenceDataPublished } from '../domain/reference-data';
import type { Principal } from '../domain/roles';
import { requirePrincipal } from '../api/auth';
import { PUBLISHERS, rolesOf } from '../api/access';
import { validationError } from '../api/errors';
import { idempotencyContext, onceForKey, type IdempotencyContext, type KeyedMutex, type StoredResponse } from '../api/idempotency';
import { ZIdempotencyKeyHeader } from '../api/schemas';
import { z } from '../api/zod';
import type { ApplicationStore } from '../persistence/port';
import { applyDecree, applyMrp } from './decree';
import { YearDataSchema, type ReferenceDataKind, type ReferenceDataVersion } from './records';
import { StaleVersionError, type ReferenceDataStore } from './store';

export interface ReferenceDataRouteDeps {
  store: ReferenceDataStore;
  /** Starts the version's broadcast to the running cases (idempotent per version); its workflow id. */
  broadcast(payload: ReferenceDataPublished): Promise<{ workflowId: string }>;
  idempotency: { store: ApplicationStore; mutex: KeyedMutex; now: () => Date };
}

// ---- schemas ----------------------------------------------------------------------------------------

const EXAMPLE_ACT = {
  title: 'Order of the Minister of Labour and Social Protection of the Population on the transfer of days off in 2027',
  number: '312',
  date: '2026-11-20',
  url: 'https://adilet.zan.kz/rus/docs/V2600000312',
};

// Rebuilt from the domain's shape here, after api/zod has installed `.openapi()` (a schema made before that has none).
export const ZAct = z.object(ActSchema.shape).strict().openapi('Act', {
  description: 'The act that sets a value: its title, number, date of adoption and where it is published',
  example: EXAMPLE_ACT,
});

const localDate = (description: string, example: string) => z.iso.date().openapi({ description, example });

export const ZCalendarChange = z
  .discriminatedUnion('kind', [
    z
      .object({
        kind: z.literal('transfer'),
        workingDay: localDate('the Saturday or Sunday that becomes a working day', '2027-01-16'),
        dayOff: localDate('the working weekday that becomes a day off', '2027-01-08'),
      })
      .strict(),
    z
      .object({
        kind: z.literal('kurban-ait'),
        year: z.number().int().min(2024).max(2100),
        date: localDate('the first day of Kurban Ait as announced', '2027-05-17'),
      })
      .strict(),
    z.object({ kind: z.literal('year'), data: YearDataSchema }).strict(),
  ])
  .openapi('CalendarChange', {
    description:
      'transfer: a weekend day made working and a weekday made a day off (Labour Code art. 85(3)); kurban-ait: the announced first day; year: a whole year of data, replacing one or following the last',
  });

export const ZDecreeBody = z
  .object({
    act: ZAct,
    publishedBy: z
      .string()
      .trim()
      .min(1)
      .max(200)
      .optional()
      .openapi({ description: 'the publisher’s name; defaults to the token’s subject' }),
    changes: z.array(ZCalendarChange).min(1).max(50),
  })
  .strict()
  .openapi('CalendarDecree', {
    example: {
      act: EXAMPLE_ACT,
      publishedBy: 'Aigerim Nurlanovna, reference-data administrator',
      changes: [{ kind: 'transfer', workingDay: '2027-01-16', dayOff: '2027-01-08' }],
    },
  });

export const ZMrpBody = z
  .object({
    year: z.number().int().min(2024).max(2100),
    tenge: z.number().int().positive().max(1_000_000).openapi({ description: 'the MRP in whole tenge' }),
    act: ZAct,
    publishedBy: z.string().trim().min(1).max(200).optional(),
    correction: z
      .object({ reason: z.string().trim().min(1).max(1000) })
      .strict()
      .optional()
      .openapi({ description: 'replaces a year already published with another value; cases that already charged keep their fee' }),
  })
  .strict()
  .openapi('MrpPublication', {
    example: {
      year: 2027,
      tenge: 4500,
      act: { title: 'Law of the Republic of Kazakhstan "On the republican budget for 2027–2029"', date: '2026-12-04' },
      publishedBy: 'Aigerim Nurlanovna, reference-data administrator',
    },
  });

const ZVersionMeta = z.object({
  kind: z.enum(['calendar', 'mrp', 'fees', 'working-hours']),
  number: z.number().int().openapi({ description: '1 = the data compiled into the build' }),
  version: z.string().openapi({ example: 'kz-calendar@2' }),
  // A union, not ZAct.nullable(): that would make the registered Act component itself nullable (and the requests' act too).
  act: z.union([ZAct, z.null()]).openapi({ description: 'null for version 1 (its rows carry their own sources)' }),
  summary: z.string().openapi({ example: 'Friday 2027-01-08 declared a day off, Saturday 2027-01-16 a working day' }),
  publishedAt: z.string().nullable().openapi({ example: '2026-12-03T10:15:00+05:00' }),
  publishedBy: z.string(),
  current: z.boolean(),
});

const ZYears = z.array(YearDataSchema);
const ZMrpRow = z.object({ year: z.number().int(), tenge: z.number(), source: z.string(), act: ZAct.optional() });

export const ZPublished = ZVersionMeta.extend({
  broadcast: z.object({ workflowId: z.string().openapi({ example: 'reference-data-broadcast-kz-calendar@2' }) }).openapi({
    description: 'the workflow that signals every running case with this version (reference-data-published)',
  }),
}).openapi('ReferenceDataPublished');

export const ZCurrentReferenceData = z
  .object({
    calendar: ZVersionMeta.extend({ years: z.array(z.number().int()), links: z.object({ data: z.string() }) }),
    mrp: ZVersionMeta.extend({ years: z.array(ZMrpRow) }),
    fees: ZVersionMeta.extend({ services: z.array(z.object({ service: z.string(), mrp: z.number(), regulation: z.string() })) }),
    workingHours: ZVersionMeta.extend({
      schedules: z.array(
        z.object({
          provider: z.string(),
          channel: z.string(),
          weekdays: z.array(z.number().int()),
          periods: z.array(z.object({ start: z.string(), end: z.string() })),
          aroundTheClock: z.boolean().optional(),
          source: z.string(),
        }),
      ),
    }),
  })
  .openapi('CurrentReferenceData');

export const ZCalendarVersionList = z.object({ items: z.array(ZVersionMeta) }).openapi('CalendarVersionList');
export const ZCalendarVersion = ZVersionMeta.extend({ data: z.object({ version: z.string(), years: ZYears }) }).openapi('CalendarVersion');
export const ZMrpTable = ZVersionMeta.extend({ years: z.array(ZMrpRow) }).openapi('MrpTable');

const ZVersionParam = z.object({
  version: z
    .string()
    .min(1)
    .max(100)
    .openapi({ param: { description: 'a version name, e.g. kz-calendar@2' }, example: 'kz-calendar/2024-2029@2' }),
});

// ---- helpers ----------------------------------------------------------------------------------------

function parse<S extends ZodType>(schema: S, value: unknown, prefix = '', what = 'request body'): z.infer<S> {
  const r = schema.safeParse(value);
  if (!r.success) throw validationError(r.error, prefix, what, value);
  return r.data;
}

function meta(v: ReferenceDataVersion, currentNumber: number): z.infer<typeof ZVersionMeta> {
  return {
    kind: v.kind,
    number: v.number,
    version: v.version,
    act: v.act,
    summary: v.summary,
    publishedAt: v.publishedAt ? toKzIso(v.publishedAt) : null,
    publishedBy: v.publishedBy,
    current: v.number === currentNumber,
  };
}

/** The version's own key for a publish with an Idempotency-Key: a retry finds it (see publish below). */
function requestKey(idem: IdempotencyContext): string {
  return `api:${crypto.createHash('sha256').update(`${idem.principal}\n${idem.key}`).digest('hex').slice(0, 40)}`;
}

function send(res: Response, r: StoredResponse): void {
  if (r.replayed) res.setHeader('Idempotent-Replayed', 'true');
  res.status(r.status).json(r.body);
}

function publisherName(p: Principal, given: string | undefined): string {
  return given ?? p.displayName ?? p.subject;
}

export function signalPayload(v: ReferenceDataVersion, mrpYear?: number): ReferenceDataPublished {
  const base = {
    version: v.version,
    act: v.act as Act,
    publishedAt: (v.publishedAt ?? new Date(0)).toISOString(),
    publishedBy: v.publishedBy,
  };
  if (v.kind === 'calendar') {
    const data = (v as ReferenceDataVersion<'calendar'>).data;
    return { kind: 'calendar', ...base, summary: v.summary, calendar: data };
  }
  const row = (v as ReferenceDataVersion<'mrp'>).data.years.find((r) => r.year === mrpYear);
  if (v.kind !== 'mrp' || !row) throw new Error(`no signal for ${v.version}`);
  return { kind: 'mrp', ...base, year: row.year, tenge: row.tenge };
}

// ---- routes -----------------------------------------------------------------------------------------

export function referenceDataRouter(deps: ReferenceDataRouteDeps): Router {
  const { store } = deps;
  const router = Router();

  router.get('/v1/reference-data', async (_req, res) => {
    const [calendar, mrp, fees, hours] = await Promise.all([
      store.current('calendar'),
      store.current('mrp'),
      store.current('fees'),
      store.current('working-hours'),
    ]);
    const body: z.infer<typeof ZCurrentReferenceData> = {
      calendar: {
        ...meta(calendar, calendar.number),
        years: calendar.data.years.map((y) => y.year),
        links: { data: `/v1/reference-data/calendar/versions/${encodeURIComponent(calendar.version)}` },
      },
      mrp: { ...meta(mrp, mrp.number), years: [...mrp.data.years] },
      fees: { ...meta(fees, fees.number), services: [...fees.data.services] },
      workingHours: {
        ...meta(hours, hours.number),
        schedules: hours.data.schedules.map((s) => ({ ...s, weekdays: [...s.weekdays], periods: [...s.periods] })),
      },
    };
    res.json(body);
  });

  router.get('/v1/reference-data/calendar/versions', async (_req, res) => {
    const all = await store.versions('calendar');
    const current = all[all.length - 1]?.number ?? 1;
    res.json({ items: all.map((v) => meta(v, current)) });
  });

  router.get('/v1/reference-data/calendar/versions/:version', async (req: Request<{ version: string }>, res) => {
    const { version } = parse(ZVersionParam, req.params, 'path', 'path');
    const [v, current] = await Promise.all([store.get('calendar', version), store.current('calendar')]);
    if (!v) throw new DomainError('NOT_FOUND', `no calendar version ${version}`, [{ field: 'path.version', message: 'unknown version' }]);
    res.json({ ...meta(v, current.number), data: v.data });
  });

  router.get('/v1/reference-data/mrp', async (_req, res) => {
    const v = await store.current('mrp');
    res.json({ ...meta(v, v.number), years: v.data.years });
  });

  /**
   * The one publish path: a retry with the same Idempotency-Key finds the version it made (its request
   * key) and only restarts the broadcast — so a publish whose broadcast start failed (Temporal down, 503)
   * is finished by retrying it, never published twice. A version published meanwhile by someone else is
   * a 409: the change was computed from a calendar that is no longer current.
   */
  async function publish<K extends ReferenceDataKind>(
    req: Request,
    res: Response,
    kind: K,
    make: (
      current: ReferenceDataVersion<K>,
      p: Principal,
    ) => { data: ReferenceDataVersion<K>['data']; summary: string; act: Act; publishedBy: string },
    mrpYear?: (v: ReferenceDataVersion<K>) => number,
  ): Promise<void> {
    const p = requirePrincipal(res, PUBLISHERS);
    const idem = idempotencyContext(req, p.subject, true);
    if (!idem) throw new DomainError('INTERNAL', 'idempotency context missing');
    const run = async (): Promise<unknown> => {
      const key = requestKey(idem);
      let v = (await store.byRequestKey(key)) as ReferenceDataVersion<K> | null;
      if (!v) {
        const current = await store.current(kind);
        const made = make(current, p);
        try {
          v = await store.publish({
            kind,
            basedOn: current.number,
            act: made.act,
            summary: made.summary,
            publishedAt: deps.idempotency.now(),
            publishedBy: made.publishedBy,
            principal: p.subject,
            data: made.data,
            requestKey: key,
          });
        } catch (e) {
          if (e instanceof StaleVersionError)
            throw new DomainError('CONFLICT', `${e.message}; read it and send the change again`, [
              { field: 'body', message: 'computed from an older version' },
            ]);
          throw e;
        }
      }
      const { workflowId } = await deps.broadcast(signalPayload(v, mrpYear?.(v)));
      return { ...meta(v, v.number), broadcast: { workflowId } };
    };
    send(res, await onceForKey(deps.idempotency, idem, 201, run));
  }

  router.post('/v1/admin/reference-data/calendar/decrees', async (req, res) => {
    requirePrincipal(res, rolesOf('POST /v1/admin/reference-data/calendar/decrees'));
    const b = parse(ZDecreeBody, req.body);
    await publish(req, res, 'calendar', (current, p) => {
      const applied = applyDecree(current.data, b.changes, b.act);
      return {
        data: { version: current.data.version, years: applied.years },
        summary: applied.summary,
        act: b.act,
        publishedBy: publisherName(p, b.publishedBy),
      };
    });
  });

  router.post('/v1/admin/reference-data/mrp', async (req, res) => {
    requirePrincipal(res, rolesOf('POST /v1/admin/reference-data/mrp'));
    const b = parse(ZMrpBody, req.body);
    await publish(
      req,
      res,
      'mrp',
      (current, p) => {
        const applied = applyMrp(current.data, current.version, b);
        return { data: applied.data, summary: applied.summary, act: b.act, publishedBy: publisherName(p, b.publishedBy) };
      },
      () => b.year,
    );
  });

  return router;
}

// ---- OpenAPI ----------------------------------------------------------------------------------------

export function registerReferenceDataPaths(
  registry: OpenAPIRegistry,
  h: {
    secured: Array<Record<string, string[]>>;
    json: (schema: ZodType, description: string) => ResponseConfig;
    problems: (...statuses: Array<number | [number, ...string[]]>) => Record<number, ResponseConfig>;
  },
): void {
  const keyHeader = z.object({ 'Idempotency-Key': ZIdempotencyKeyHeader });
  registry.registerPath({
    method: 'get',
    path: '/v1/reference-data',
    summary: 'The current version of each kind of reference data (public): calendar, MRP per year, fees, working hours',
    tags: ['reference-data'],
    responses: { 200: h.json(ZCurrentReferenceData, 'each kind’s current version, its act and data (the calendar by link)') },
  });
  registry.registerPath({
    method: 'get',
    path: '/v1/reference-data/calendar/versions',
    summary: 'Every calendar version, oldest first (public)',
    tags: ['reference-data'],
    responses: { 200: h.json(ZCalendarVersionList, 'version 1 is the calendar compiled into the build') },
  });
  registry.registerPath({
    method: 'get',
    path: '/v1/reference-data/calendar/versions/{version}',
    summary: 'One calendar version with its whole data (public)',
    tags: ['reference-data'],
    request: { params: ZVersionParam },
    responses: { 200: h.json(ZCalendarVersion, 'the version'), ...h.problems(400, 404) },
  });
  registry.registerPath({
    method: 'get',
    path: '/v1/reference-data/mrp',
    summary: 'The current MRP per year with the act that sets each (public)',
    tags: ['reference-data'],
    responses: { 200: h.json(ZMrpTable, 'the current MRP version') },
  });
  const publishResponses = {
    201: h.json(ZPublished, 'published; the broadcast to the running cases has started'),
    ...h.problems(400, 401, 403, 409, 413, [422, 'REFERENCE_DATA_INVALID'], 503),
  };
  registry.registerPath({
    method: 'post',
    path: '/v1/admin/reference-data/calendar/decrees',
    summary: 'Publish a decree: transfers, Kurban Ait or a whole year, applied to the current calendar → the next version (admin)',
    description:
      'Checked before anything is written: a date twice, a transfer onto a holiday or onto a working weekday, a year outside the data, or a year that does not make a consistent calendar is 422 naming the change (`changes.N…`) and the reason. Another version published since the current one was read is 409. The new version is signalled to every running case (reference-data-published), which recomputes the deadlines still ahead.',
    tags: ['reference-data'],
    security: h.secured,
    request: { headers: keyHeader, body: { required: true, content: { 'application/json': { schema: ZDecreeBody } } } },
    responses: publishResponses,
  });
  registry.registerPath({
    method: 'post',
    path: '/v1/admin/reference-data/mrp',
    summary: 'Publish a year’s MRP (budget law) → the next MRP version (admin)',
    description:
      'A year already published is 409 (with the same value: nothing to publish; with another value: send it as a `correction` with its reason). A correction of a year not published is 422. Cases waiting for that year’s MRP are signalled and charge it.',
    tags: ['reference-data'],
    security: h.secured,
    request: { headers: keyHeader, body: { required: true, content: { 'application/json': { schema: ZMrpBody } } } },
    responses: publishResponses,
  });
}

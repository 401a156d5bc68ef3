/**
 * The OpenAPI 3.1 document (GET /openapi.json), generated from the same zod schemas the routes parse
 * with. Each service gets its own submission path (its body is its module's `input`); actions are
 * documented once per name, with one example per service that has the action.
 */
import { OpenAPIRegistry, OpenApiGeneratorV31, zodToOpenAPIRegistry, type ResponseConfig } from '@asteasolutions/zod-to-openapi';
import type { ZodType } from 'zod';
import { ROLES } from '../domain/roles';
import { accessFor } from './access';
import { ERROR_STATUS } from './errors';
import {
  ZActionResult,
  ZApplicationAccepted,
  ZApplicationList,
  ZApplicationView,
  ZApplicationWaitQuery,
  ZDocumentList,
  ZHealth,
  ZIdempotencyKeyHeader,
  ZCaseListQuery,
  ZEventAccepted,
  ZPaymentAccepted,
  ZPaymentCallback,
  ZUnacceptedCallbacks,
  ZProblemSchema,
  ZReady,
  ZServiceList,
  ZTermPlan,
  ZTermQuery,
} from './schemas';
import type { ServiceModule } from './service-module';
import { PRE_ACCEPTANCE_REGULATION } from './pre-acceptance';
import { PAYMENT_CALLBACK_PATH, UNACCEPTED_CALLBACKS_PATH } from './routes/payment-callback';
import { z } from './zod';
import { registerDashboardPaths } from './dashboard-openapi';
import { registerComplaintPaths } from './complaints-openapi';
import { ZComplaintTermPlan } from './complaints-schemas';
import { registerOpenApiPaths } from '../register/routes';
import { registerReferenceDataPaths } from '../reference-data/routes';
import { registerPkiOpenApiPaths } from '../pki/routes';
import { registerCounterPaths } from '../counter/routes';

export type OpenApiDocument = ReturnType<OpenApiGeneratorV31['generateDocument']>;

/** The example attached to a schema with `.openapi({ example })` or `.meta({ example })`. */
export function exampleOf(schema: ZodType): unknown {
  const fromOpenApi = (zodToOpenAPIRegistry.get(schema) as { example?: unknown } | undefined)?.example;
  if (fromOpenApi !== undefined) return fromOpenApi;
  return (schema.meta() as { example?: unknown } | undefined)?.example;
}

/** A status every route of the kind may answer, or `[status, ...codes]` for codes only that route produces. */
export type ProblemStatus = number | [number, ...string[]];

/**
 * Codes only some routes produce: listed where a route names them (`[422, 'REFERENCE_DATA_INVALID']`), not by
 * status. RULE_VIOLATED goes with every 400 (below), INCONSISTENT_REQUEST and INVALID_DATE with a plain 422.
 */
const ROUTE_SPECIFIC_CODES = new Set(['PRE_ACCEPTANCE_CHECK_FAILED', 'REFERENCE_DATA_INVALID', 'RULE_VIOLATED']);

/**
 * Problem responses by status. Every route that answers 400 for input that does not match its schema also
 * answers 422 RULE_VIOLATED for input that matches it but breaks a rule the schema cannot state (a check
 * digit; domain/zod-issues.ts zodFailureCode), so a 400 brings that 422 with it.
 */
function problems(...statuses: ProblemStatus[]): Record<number, ResponseConfig> {
  const byStatus = new Map<number, string[]>();
  const add = (status: number, codes: string[]): void => {
    byStatus.set(status, [...new Set([...(byStatus.get(status) ?? []), ...codes])]);
  };
  for (const entry of statuses) {
    const [status, ...named] = typeof entry === 'number' ? [entry] : entry;
    add(
      status,
      named.length > 0
        ? named
        : Object.entries(ERROR_STATUS)
            .filter(([code, v]) => v.status === status && !ROUTE_SPECIFIC_CODES.has(code))
            .map(([code]) => code),
    );
    if (status === 400) add(422, ['RULE_VIOLATED']);
  }
  const out: Record<number, ResponseConfig> = {};
  for (const [status, codes] of [...byStatus].sort(([a], [b]) => a - b)) {
    out[status] = { description: `Problem: ${codes.join(', ')}`, content: { 'application/problem+json': { schema: ZProblemSchema } } };
  }
  return out;
}

const json = (schema: ZodType, description: string): ResponseConfig => ({ description, content: { 'application/json': { schema } } });

export function buildOpenApiDocument(
  modules: ServiceModule[],
  serverUrl: string,
  opts: { register?: boolean; pki?: boolean } = {},
): OpenApiDocument {
  const registry = new OpenAPIRegistry();
  const bearer = registry.registerComponent('securitySchemes', 'bearerAuth', { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' });
  const secured = [{ [bearer.name]: [] }];
  const idempotencyHeaders = (required: boolean) =>
    z.object({ 'Idempotency-Key': required ? ZIdempotencyKeyHeader : ZIdempotencyKeyHeader.optional() });
  const applicationIdParam = z.object({
    id: z
      .string()
      .openapi({ param: { description: 'application id (from the submission response)' }, example: 'flag-emblem-license-KZ95APP00000001' }),
  });

  registry.registerPath({
    method: 'get',
    path: '/v1/services',
    summary: 'Service catalogue (public)',
    tags: ['catalogue'],
    responses: {
      200: json(
        ZServiceList,
        'every service with its names, provider, term, fee, channels and regulation; the reference-data versions behind them',
      ),
    },
  });

  registry.registerPath({
    method: 'get',
    path: '/v1/calendar/term',
    summary: 'Expected dates for a service before applying (public; seed 003 ¶8), with the current published calendar (calendarVersion)',
    tags: ['catalogue'],
    request: { query: ZTermQuery },
    // 422: an addressee the regime does not have (INCONSISTENT_REQUEST), a date the calendar has no data for (INVALID_DATE)
    responses: {
      200: json(
        z.union([ZTermPlan, ZComplaintTermPlan]),
        'registeredAt, milestones and dueAt in Kazakhstan time; for service=complaint the review term at the addressee',
      ),
      ...problems(400, 422),
    },
  });

  for (const m of modules) {
    const d = m.descriptor;
    // seed 004 ¶21–¶22: a service that declares checks before acceptance can answer 422 with their reasons.
    const checks = [...new Set((m.preAcceptance ?? []).map((c) => `${c.check} (${PRE_ACCEPTANCE_REGULATION[c.check]})`))];
    const blocked =
      checks.length > 0
        ? ` Before acceptance the system checks ${checks.join(', ')}; a failure is a 422 PRE_ACCEPTANCE_CHECK_FAILED listing each failed check with its field, reason and paragraph (seed 004 ¶22), and nothing is started or stored; a state database or register that cannot be reached is a 503.`
        : '';
    registry.registerPath({
      method: 'post',
      path: `/v1/services/${d.code}/applications`,
      summary: `Submit an application: ${d.name.en}`,
      description: `${d.regulation}. Starts the case workflow; the response carries the application id, its ANCN, registeredAt and dueAt.${blocked}`,
      tags: [d.code],
      security: secured,
      request: {
        headers: idempotencyHeaders(true),
        body: { required: true, content: { 'application/json': { schema: m.input } } },
      },
      responses: {
        201: json(ZApplicationAccepted, 'accepted; the case is running'),
        ...problems(
          400,
          401,
          403,
          404,
          409,
          413,
          ...(checks.length > 0 ? [[422, 'PRE_ACCEPTANCE_CHECK_FAILED'] as ProblemStatus] : []),
          503,
        ),
      },
    });
  }

  for (const { name, uses, schema, examples, summary } of perName(modules, (m) => m.actions)) {
    registry.registerPath({
      method: 'post',
      path: `/v1/applications/{id}/actions/${name}`,
      summary,
      description: `A decision recorded as a Temporal Update. Services: ${uses.map((u) => `${u.module.descriptor.code} (roles: ${u.item.roles.join(', ')})`).join('; ')}. Staff act only on their own licensor body's cases.`,
      tags: uses.map((u) => u.module.descriptor.code),
      security: secured,
      request: {
        params: applicationIdParam,
        headers: idempotencyHeaders(false),
        body: { required: true, content: { 'application/json': { schema, examples } } },
      },
      responses: { 200: json(ZActionResult, 'the workflow accepted and ran the decision'), ...problems(400, 401, 403, 404, 409, 413, 503) },
    });
  }

  // Outside systems' events, per name like the actions: one path, one example per service.
  for (const { name, uses, schema, examples, summary } of perName(modules, (m) => m.events ?? [])) {
    registry.registerPath({
      method: 'post',
      path: `/v1/applications/{id}/events/${name}`,
      summary,
      description: `An outside system's event, delivered to the case as the \`${uses[0]?.item.signal.name ?? name}\` signal after validation (nothing is signalled on a bad body). Services: ${uses.map((u) => `${u.module.descriptor.code} (roles: ${u.item.roles.join(', ')})`).join('; ')}. A closed case answers 409; the same Idempotency-Key is answered from the store without signalling again.`,
      tags: uses.map((u) => u.module.descriptor.code),
      security: secured,
      request: {
        params: applicationIdParam,
        headers: idempotencyHeaders(false),
        body: { required: true, content: { 'application/json': { schema, examples } } },
      },
      responses: { 202: json(ZEventAccepted, 'delivered to the case'), ...problems(400, 401, 403, 404, 409, 413, 503) },
    });
  }

  registry.registerPath({
    method: 'post',
    path: PAYMENT_CALLBACK_PATH,
    summary: "Payment gateway callback: the fee's result, delivered to the case as the payment signal",
    description:
      'The e-government payment gateway posts every invoice result to this one URL (role `gateway`); `applicationId` names the case the invoice was issued for. One event is one (applicationId, invoiceId, status): a retry of it is answered from the store without signalling again, whatever Idempotency-Key it carries (a valid key is still required when sent). Unknown application 404; closed case 409; a 5xx means "retry later". Every callback not accepted is counted (kz_payment_callbacks_unaccepted_total) and listed at GET /v1/admin/payment-callbacks/unaccepted.',
    tags: ['payments'],
    security: secured,
    request: {
      headers: idempotencyHeaders(false),
      body: { required: true, content: { 'application/json': { schema: ZPaymentCallback } } },
    },
    responses: { 202: json(ZPaymentAccepted, 'delivered to the case'), ...problems(400, 401, 403, 404, 409, 413, 503) },
  });
  registry.registerPath({
    method: 'get',
    path: UNACCEPTED_CALLBACKS_PATH,
    summary: 'Payment callbacks this API process did not accept (newest first, the last 500): for operators (admin, viewer)',
    description:
      'A final refusal (4xx: unknown application, closed case, a conflicting body) means a payment the case never heard of: check it and refund or reconcile. `retryable: true` rows were answered 5xx and the gateway retries them.',
    tags: ['payments'],
    security: secured,
    responses: { 200: json(ZUnacceptedCallbacks, 'the list'), ...problems(401, 403) },
  });
  registry.registerPath({
    method: 'get',
    path: '/v1/applications/{id}',
    summary: 'An application: stage, pending actions, timeline, SLA remaining (working time, or elapsed time for hour terms)',
    description:
      'Answers with an ETag. A client waiting for the next step (the portal, a signer) sends it back as changedFrom with wait=N: the answer comes as soon as the case moves on, or after N seconds with the view as it is — a long poll instead of repeated requests.',
    tags: ['applications'],
    security: secured,
    request: { params: applicationIdParam, query: ZApplicationWaitQuery },
    responses: { 200: json(ZApplicationView, 'the application'), ...problems(400, 401, 403, 404) },
  });
  registry.registerPath({
    method: 'get',
    path: '/v1/applications/{id}/documents',
    summary: 'Documents issued for an application',
    tags: ['applications'],
    security: secured,
    request: { params: applicationIdParam },
    responses: { 200: json(ZDocumentList, 'the documents, newest last'), ...problems(401, 403, 404) },
  });
  registry.registerPath({
    method: 'get',
    path: '/v1/applications/{id}/documents/{ancn}',
    summary: 'One signed XML document',
    tags: ['applications'],
    security: secured,
    request: {
      params: applicationIdParam.extend({
        ancn: z
          .string()
          // ANCN_PATTERN, spaces allowed anywhere (the printed form, seed 004 appendix)
          .regex(/^ *K *Z( *[0-9]){2}( *[A-Z]){3}( *[0-9]){8} *$/)
          .openapi({
            param: { description: 'the document’s ANCN; wrong check digits name no document (404)' },
            example: 'KZ93NTF00000001',
          }),
      }),
    },
    responses: {
      200: { description: 'the signed XML (XMLDSig)', content: { 'application/xml': { schema: z.string() } } },
      ...problems(400, 401, 403, 404),
    },
  });
  registry.registerPath({
    method: 'get',
    path: '/v1/applications/{id}/documents/{ancn}/print',
    summary: 'The printed form of a document (HTML): its fields and a QR code opening the public verification page',
    tags: ['applications'],
    security: secured,
    request: { params: applicationIdParam.extend({ ancn: z.string().openapi({ example: 'KZ93NTF00000001' }) }) },
    responses: {
      200: { description: 'the printed form', content: { 'text/html': { schema: z.string() } } },
      ...problems(400, 401, 403, 404),
    },
  });
  registry.registerPath({
    method: 'get',
    path: '/v1/applications',
    summary: 'Dashboard list (staff see their own body only)',
    tags: ['applications'],
    security: secured,
    request: { query: ZCaseListQuery },
    // 422: an empty period, a cursor of another sort (INCONSISTENT_REQUEST)
    responses: { 200: json(ZApplicationList, 'one page; pass nextCursor as cursor for the next'), ...problems(400, 401, 403, 422) },
  });
  registerDashboardPaths(registry, { secured, json, problems });
  registerComplaintPaths(registry, { secured, json, problems });
  registerReferenceDataPaths(registry, { secured, json, problems });
  registerCounterPaths(registry, { secured, json, problems });
  if (opts.register) registerOpenApiPaths(registry, { secured, json, problems });
  if (opts.pki) registerPkiOpenApiPaths(registry);
  registry.registerPath({
    method: 'get',
    path: '/healthz',
    summary: 'The process is up',
    tags: ['operations'],
    responses: { 200: json(ZHealth, 'up') },
  });
  registry.registerPath({
    method: 'get',
    path: '/readyz',
    summary: 'Database and Temporal reachable',
    tags: ['operations'],
    responses: { 200: json(ZReady, 'ready'), ...problems(503) },
  });

  return withAccess(
    withSafeIntegerBounds(
      new OpenApiGeneratorV31(registry.definitions).generateDocument({
        openapi: '3.1.0',
        info: {
          title: 'kz-services-orchestrator',
          version: '0.1.0',
          description: "Kazakhstan's regulated state services as durable Temporal workflows. Errors are RFC 9457 problem details.",
        },
        servers: [{ url: serverUrl }],
      }),
    ),
  );
}

/**
 * Each operation's declared access (api/access.ts, what its route requires) written into the document:
 * `x-roles` (or `x-public`), `x-scope`, and the 401 and 403 answers it implies, so no route documents
 * them by hand and none can forget one.
 */
function withAccess(doc: OpenApiDocument): OpenApiDocument {
  for (const [template, item] of Object.entries(doc.paths ?? {})) {
    for (const method of ['get', 'put', 'post', 'delete', 'patch'] as const) {
      const op = (item as Record<string, unknown> | undefined)?.[method] as
        | { responses?: Record<string, unknown>; [k: string]: unknown }
        | undefined;
      const declared = op ? accessFor(method, template) : undefined;
      if (!op || !declared) continue;
      const { roles, scope } = declared.access;
      if (roles === 'public') {
        op['x-public'] = true;
        continue;
      }
      op['x-roles'] = [...roles];
      if (scope) op['x-scope'] = scope;
      const narrowed = roles.length < ROLES.length || scope !== undefined || /\/(actions|events)\/|^\/v1\/services\//.test(template);
      op.responses = { ...problems(401, ...(narrowed ? [403] : [])), ...op.responses };
    }
  }
  return doc;
}

/**
 * zod's `.int()` accepts safe integers only (|n| ≤ 2^53 − 1), which the generator does not write down: an
 * `integer` without its own bounds gets them here, so the document states what the routes accept.
 */
function withSafeIntegerBounds(doc: OpenApiDocument): OpenApiDocument {
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) {
      node.forEach(visit);
      return;
    }
    if (node === null || typeof node !== 'object') return;
    const o = node as Record<string, unknown>;
    if (o['type'] === 'integer') {
      if (o['maximum'] === undefined && o['exclusiveMaximum'] === undefined) o['maximum'] = Number.MAX_SAFE_INTEGER;
      if (o['minimum'] === undefined && o['exclusiveMinimum'] === undefined) o['minimum'] = Number.MIN_SAFE_INTEGER;
    }
    Object.values(o).forEach(visit);
  };
  visit(doc);
  return doc;
}

/**
 * Actions and events are registered one path per name, shared by every service that has one: the body
 * schema is the union of theirs, with one example per service.
 */
function perName<T extends { name: string; summary: string; input: z.ZodType }>(
  modules: ServiceModule[],
  itemsOf: (m: ServiceModule) => T[],
): Array<{
  name: string;
  uses: Array<{ module: ServiceModule; item: T }>;
  schema: z.ZodType;
  examples: Record<string, { summary: string; value: unknown }>;
  summary: string;
}> {
  const byName = new Map<string, Array<{ module: ServiceModule; item: T }>>();
  for (const m of modules) for (const item of itemsOf(m)) byName.set(item.name, [...(byName.get(item.name) ?? []), { module: m, item }]);
  return [...byName].flatMap(([name, uses]) => {
    const [first, ...rest] = uses;
    if (!first) return [];
    const schema = rest.length === 0 ? first.item.input : z.union([first.item.input, ...rest.map((u) => u.item.input)]);
    const examples = Object.fromEntries(
      uses.map((u) => [
        u.module.descriptor.code,
        { summary: `${u.module.descriptor.code}: ${u.item.summary}`, value: exampleOf(u.item.input) },
      ]),
    );
    const summary = uses
      .map((u) => u.item.summary)
      .filter((x, i, all) => all.indexOf(x) === i)
      .join(' / ');
    return [{ name, uses, schema, examples, summary }];
  });
}

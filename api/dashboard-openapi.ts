/**
 * OpenAPI entries for the dashboard, inbox and metrics resources (api/routes/dashboard.ts, inbox.ts,
 * metrics.ts), added to the document built in api/openapi.ts. Query parameters are the very schemas the
 * routes parse with (api/schemas.ts).
 */
import type { OpenAPIRegistry, ResponseConfig } from '@asteasolutions/zod-to-openapi';
import { ZCaseFilterQuery, ZInboxQuery } from './schemas';
import { z } from './zod';

const ZAny = z.object({}).passthrough();

export interface DocHelpers {
  secured: Array<Record<string, string[]>>;
  json: (schema: z.ZodType, description: string) => ResponseConfig;
  problems: (...statuses: Array<number | [number, ...string[]]>) => Record<number, ResponseConfig>;
}

export function registerDashboardPaths(registry: OpenAPIRegistry, { secured, json, problems }: DocHelpers): void {
  registry.registerPath({
    method: 'get',
    path: '/v1/dashboard/counts',
    summary: 'Cases per service × stage × SLA state (read model)',
    tags: ['dashboard'],
    security: secured,
    request: { query: ZCaseFilterQuery },
    responses: {
      200: json(ZAny.openapi('CaseCounts'), '{ items: [{ serviceCode, stage, slaState, count }], total }'),
      ...problems(400, 401, 403, 422),
    },
  });
  registry.registerPath({
    method: 'get',
    path: '/v1/dashboard/overview',
    summary:
      "Per service: open cases by stage and SLA state, on-time share in the period, breached and at-risk lists (most urgent first); `counter`: the State Corporation counter's 20-minute breaches in the period by kind and branch, the newest with their causes",
    tags: ['dashboard'],
    security: secured,
    request: { query: ZCaseFilterQuery.pick({ service: true, licensor: true, from: true, to: true }) },
    responses: { 200: json(ZAny.openapi('DashboardOverview'), 'the overview'), ...problems(400, 401, 403, 422) },
  });
  registry.registerPath({
    method: 'get',
    path: '/v1/applications/{id}/timeline',
    summary: 'Planned vs actual per stage in working days, suspensions and term moves, who acted, documents, audit history',
    tags: ['dashboard'],
    security: secured,
    request: { params: z.object({ id: z.string().openapi({ example: 'flag-emblem-license-KZ95APP00000001' }) }) },
    responses: { 200: json(ZAny.openapi('CaseTimeline'), 'the timeline'), ...problems(401, 403, 404) },
  });
  registry.registerPath({
    method: 'get',
    path: '/v1/inbox',
    summary:
      "Staff inbox: open cases of the caller's licensor body waiting on staff, earliest deadline first, with the actions each accepts now",
    tags: ['dashboard'],
    security: secured,
    request: { query: ZInboxQuery },
    responses: { 200: json(ZAny.openapi('Inbox'), 'one page; pass nextCursor as cursor for the next'), ...problems(400, 401, 403, 422) },
  });
  registry.registerPath({
    method: 'get',
    path: '/v1/dashboard/forms',
    summary: "Each service action's body as JSON Schema with its example",
    tags: ['dashboard'],
    security: secured,
    responses: { 200: json(ZAny.openapi('ActionForms'), 'by service, by action'), ...problems(401, 403) },
  });
  registry.registerPath({
    method: 'get',
    path: '/v1/me',
    summary: 'Who the bearer token belongs to',
    tags: ['dashboard'],
    security: secured,
    responses: { 200: json(ZAny.openapi('Me'), 'the principal'), ...problems(401) },
  });
  registry.registerPath({
    method: 'get',
    path: '/metrics',
    summary: "Prometheus metrics: cases by service/stage/SLA state, breaches, API latency, the worker's Temporal metrics",
    tags: ['operations'],
    responses: { 200: { description: 'Prometheus text exposition format', content: { 'text/plain': { schema: z.string() } } } },
  });
}

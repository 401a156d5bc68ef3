/**
 * OpenAPI entries for the complaint resources (api/routes/complaints.ts), from the schemas the routes
 * parse with (api/complaints-schemas.ts), added to the document built in api/openapi.ts.
 */
import type { OpenAPIRegistry } from '@asteasolutions/zod-to-openapi';
import { ZIdempotencyKeyHeader } from './schemas';
import {
  COMPLAINT_ACTIONS,
  ZComplaintAccepted,
  ZComplaintActionBodies,
  ZComplaintCabinetQuery,
  ZComplaintFiling,
  ZComplaintIdParams,
} from './complaints-schemas';
import type { DocHelpers } from './dashboard-openapi';
import { z } from './zod';

const ZAny = z.object({}).passthrough();
const idParam = ZComplaintIdParams;

export function registerComplaintPaths(registry: OpenAPIRegistry, { secured, json, problems }: DocHelpers): void {
  registry.registerPath({
    method: 'post',
    path: '/v1/complaints',
    summary:
      "File a complaint against a case (seed 003 ¶16; seed 002 ¶11): the portal for its applicant, or staff registering a paper one (channel, incomingNumber). Another applicant's case is 403; nothing is started on a 4xx.",
    tags: ['complaints'],
    security: secured,
    request: {
      headers: z.object({ 'Idempotency-Key': ZIdempotencyKeyHeader }),
      body: { required: true, content: { 'application/json': { schema: ZComplaintFiling } } },
    },
    responses: {
      201: json(ZComplaintAccepted, 'registered: the review term, the filing check (late: flagged)'),
      // 422: fields that contradict the case or each other (an addressee the regime lacks, a portal complaint
      // with a paper channel, a learnedOn in the future)
      ...problems(400, 401, 403, 404, 409, 422),
    },
  });
  registry.registerPath({
    method: 'get',
    path: '/v1/complaints',
    summary: "The applicant's cabinet: their complaints",
    tags: ['complaints'],
    security: secured,
    request: { query: ZComplaintCabinetQuery },
    responses: { 200: json(ZAny, 'items'), ...problems(400, 401, 403) },
  });
  registry.registerPath({
    method: 'get',
    path: '/v1/complaints/{id}',
    summary: 'A complaint: its terms, extension, forwarding, decision, documents and the working time left',
    tags: ['complaints'],
    security: secured,
    request: { params: idParam },
    responses: { 200: json(ZAny, 'the complaint'), ...problems(400, 401, 403, 404) },
  });
  for (const action of COMPLAINT_ACTIONS) {
    registry.registerPath({
      method: 'post',
      path: `/v1/complaints/{id}/actions/${action}`,
      summary: `Staff of the reviewing body: ${action} (a Temporal Update; its validator decides who and when)`,
      tags: ['complaints'],
      security: secured,
      request: {
        params: idParam,
        headers: z.object({ 'Idempotency-Key': ZIdempotencyKeyHeader.optional() }),
        body: { required: true, content: { 'application/json': { schema: ZComplaintActionBodies[action] } } },
      },
      responses: { 200: json(ZAny, 'accepted, with what happens next'), ...problems(400, 401, 403, 404, 409) },
    });
  }
  registry.registerPath({
    method: 'get',
    path: '/v1/applications/{id}/complaints',
    summary: 'The complaints filed against a case',
    tags: ['complaints'],
    security: secured,
    request: {
      params: z.object({
        id: ZComplaintIdParams.shape.id.openapi({
          param: { description: 'application id' },
          example: 'flag-emblem-license-KZ08APP00000500',
        }),
      }),
    },
    responses: { 200: json(ZAny, 'items'), ...problems(400, 401, 404) },
  });
  registry.registerPath({
    method: 'get',
    path: '/v1/dashboard/complaints',
    summary: 'Complaints per service complained about and per body: open (at risk, breached), closed on time and late',
    tags: ['complaints'],
    security: secured,
    responses: { 200: json(ZAny, 'items'), ...problems(401, 403) },
  });
}

/**
 * Outside systems' events, delivered to cases as Temporal signals (house rule: external events are
 * signals; decisions are updates). A signal cannot be refused by the workflow, so the API validates
 * first and signals nothing on bad input:
 *
 *   POST /v1/applications/{id}/events/{event}   an event the service's regulation declares
 *                                               (ServiceModule.events), e.g. an approving body's answer
 *
 * The payment gateway's result comes to its one configured callback URL instead (./payment-callback.ts);
 * both share the delivery rules below: unknown application 404, closed case 409, Idempotency-Key honoured.
 */
import { Router, type Request, type Response } from 'express';
import type { SignalDefinition } from '@temporalio/common';
import { DomainError, isDomainError } from '../../domain/errors';
import type { ApplicationRecord } from '../../persistence/port';
import { requirePrincipal, requireSameBody } from '../auth';
import { rolesOf } from '../access';
import { moduleFor, parse, type ApiContext } from '../context';
import { idempotencyContext, onceForKey, type StoredResponse } from '../idempotency';
import type { TEventAccepted } from '../schemas';
import { z } from '../zod';

const ZEventParams = z.object({ id: z.string().min(1).max(200), event: z.string().min(1).max(100) });

/** The case's record; 404 UNKNOWN_APPLICATION when there is none. */
export async function applicationFor(ctx: ApiContext, id: string, field: string): Promise<ApplicationRecord> {
  const app = await ctx.deps.store.getApplication(id);
  if (!app) throw new DomainError('UNKNOWN_APPLICATION', `no application ${id}`, [{ field, message: 'unknown application' }]);
  return app;
}

/** Sends the signal; a closed case (or one whose workflow is gone) accepts no more events: 409. */
export async function signalCase<Arg>(
  ctx: ApiContext,
  app: ApplicationRecord,
  signal: SignalDefinition<[Arg]>,
  arg: Arg,
  what: string,
): Promise<void> {
  const closed = new DomainError('ACTION_NOT_ALLOWED_NOW', `the case ${app.id} is closed: it accepts no more ${what}`);
  if (app.closedAt) throw closed;
  try {
    await ctx.deps.cases.signal(app.workflowId, signal, arg);
  } catch (e) {
    // The record exists, so a missing workflow means the case is closed (or was never started).
    if (isDomainError(e) && e.code === 'UNKNOWN_APPLICATION') throw closed;
    throw e;
  }
}

export function send(res: Response, r: StoredResponse): void {
  if (r.replayed) res.setHeader('Idempotent-Replayed', 'true');
  res.status(r.status).json(r.body);
}

export function eventsRouter(ctx: ApiContext): Router {
  const router = Router();

  router.post('/v1/applications/:id/events/:event', async (req: Request<{ id: string; event: string }>, res) => {
    const principal = requirePrincipal(res, rolesOf('POST /v1/applications/{id}/events/{event}'));
    const { id, event: name } = parse(ZEventParams, req.params, 'path', 'path');
    const app = await applicationFor(ctx, id, 'path.id');
    const module = moduleFor(ctx, app.serviceCode);
    const events = module.events ?? [];
    const event = events.find((e) => e.name === name);
    if (!event) {
      throw new DomainError(
        'UNKNOWN_ACTION',
        `${app.serviceCode} has no event "${name}" (known: ${events.map((e) => e.name).join(', ') || 'none'})`,
        [{ field: 'path.event', message: 'unknown event' }],
      );
    }
    if (!event.roles.includes(principal.role))
      throw new DomainError('FORBIDDEN', `role ${principal.role} may not post ${event.name} (allowed: ${event.roles.join(', ')})`);
    requireSameBody(principal, app.licensorBody);
    const idem = idempotencyContext(req, principal.subject, false);
    const input: unknown = parse(event.input, req.body);
    const result = await onceForKey({ store: ctx.deps.store, mutex: ctx.mutex, now: ctx.now }, idem, 202, async () => {
      await signalCase(ctx, app, event.signal, event.toSignalArg(input, principal), `${event.name} events`);
      ctx.deps.logger.info({ applicationId: app.id, event: event.name }, 'external event delivered');
      const body: TEventAccepted = { applicationId: app.id, event: event.name, delivered: true };
      return body;
    });
    send(res, result);
  });

  return router;
}

/**
 * createApp(deps): the Express app with the uniform resources for every registered ServiceModule.
 * No I/O at construction; api/main.ts wires real dependencies, tests wire fakes.
 *
 * Order: request id → health (never authenticated) → JSON body (size limit) → bearer token → routes
 * → 404 → the one error handler (RFC 9457 problem details).
 */
import crypto from 'node:crypto';
import express, { type Express } from 'express';
import { DomainError } from '../domain/errors';
import { authenticateRequests } from './auth';
import { createContext, type AppDeps } from './context';
import { errorHandler } from './errors';
import { buildOpenApiDocument } from './openapi';
import { applicationsRouter } from './routes/applications';
import { catalogueRouter } from './routes/catalogue';
import { healthRouter } from './routes/health';
import { dashboardRouter } from './routes/dashboard';
import { eventsRouter } from './routes/events';
import { inboxRouter } from './routes/inbox';
import { paymentCallbackRouter } from './routes/payment-callback';
import { registerRouter } from '../register/routes';
import { referenceDataRouter } from '../reference-data/routes';
import { referenceDataBroadcastWorkflow, referenceDataBroadcastWorkflowId } from '../reference-data/broadcast.workflow';
import { createApiMetrics } from './metrics';
import { WEB_DIR, webRouter } from './web';

export type { AppDeps } from './context';

export function createApp(deps: AppDeps): Express {
  const ctx = createContext(deps);
  const openapi = buildOpenApiDocument(deps.modules, deps.config.api.publicBaseUrl, { register: Boolean(deps.register) });
  const app = express();
  app.disable('x-powered-by');
  app.set('query parser', 'simple');
  const metrics = createApiMetrics({ store: deps.store, workerUrl: deps.config.metrics.workerUrl });
  app.use(metrics.middleware);

  app.use((req, res, next) => {
    const incoming = req.header('x-request-id');
    const requestId = incoming && /^[\w.-]{1,100}$/.test(incoming) ? incoming : crypto.randomUUID();
    res.locals.requestId = requestId;
    res.setHeader('X-Request-Id', requestId);
    const started = process.hrtime.bigint();
    res.on('finish', () => {
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      deps.logger.info(
        { requestId, method: req.method, path: req.originalUrl.split('?')[0], status: res.statusCode, ms: Math.round(ms * 10) / 10 },
        'request',
      );
    });
    next();
  });

  app.use(healthRouter(ctx));
  app.use(metrics.router);
  app.use(webRouter(WEB_DIR));
  app.get('/openapi.json', (_req, res) => {
    res.json(openapi);
  });

  app.use(express.json({ limit: deps.config.api.bodyLimit, strict: true, type: ['application/json', 'application/*+json'] }));
  app.use(authenticateRequests(deps.auth));
  app.use(catalogueRouter(ctx));
  app.use(dashboardRouter(ctx));
  app.use(inboxRouter(ctx));
  app.use(applicationsRouter(ctx));
  app.use(eventsRouter(ctx));
  app.use(paymentCallbackRouter(ctx, metrics.registry));
  app.use(
    referenceDataRouter({
      store: ctx.referenceData,
      // One broadcast workflow per version: a retried publish finds it started (started: false) and goes on.
      async broadcast(payload) {
        const workflowId = referenceDataBroadcastWorkflowId(payload.version);
        await deps.cases.start(referenceDataBroadcastWorkflow, workflowId, { payload });
        return { workflowId };
      },
      idempotency: { store: deps.store, mutex: ctx.mutex, now: ctx.now },
    }),
  );
  if (deps.register) {
    app.use(
      registerRouter({
        register: deps.register.service,
        signer: deps.register.signer,
        documents: deps.store,
        idempotency: { store: deps.store, mutex: ctx.mutex, now: ctx.now },
      }),
    );
  }

  app.use((req, _res, next) => {
    next(new DomainError('NOT_FOUND', `no route ${req.method} ${req.path}`, [{ field: 'path', message: 'unknown route' }]));
  });
  app.use(errorHandler(deps.logger));
  return app;
}

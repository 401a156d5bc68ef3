/**
 * createApp(deps): the Express app with the uniform resources for every registered ServiceModule.
 * No I/O at construction; api/main.ts wires real dependencies, tests wire fakes.
 *
 * Order: request id → health (never authenticated) → JSON body (size limit) → bearer token → routes
 * → 404 → the one error handler (RFC 9457 problem details).
 */
import crypto from 'node:crypto';
import express, { type Express, type RequestHandler } from 'express';
import { DomainError } from '../domain/errors';
import { authenticateRequests } from './auth';
import { createContext, type AppDeps } from './context';
import { errorHandler } from './errors';
import { buildOpenApiDocument, type OpenApiDocument } from './openapi';
import { applicationsRouter } from './routes/applications';
import { catalogueRouter } from './routes/catalogue';
import { healthRouter } from './routes/health';
import { dashboardRouter } from './routes/dashboard';
import { eventsRouter } from './routes/events';
import { inboxRouter } from './routes/inbox';
import { complaintsRouter } from './routes/complaints';
import { paymentCallbackRouter } from './routes/payment-callback';
import { registerRouter } from '../register/routes';
import { referenceDataRouter } from '../reference-data/routes';
import { counterRouter } from '../counter/routes';
import { InMemoryScanStore } from '../counter/scans';
import { referenceDataBroadcastWorkflow, referenceDataBroadcastWorkflowId } from '../reference-data/broadcast.workflow';
import { createApiMetrics } from './metrics';
import { pkiRouter } from '../pki/routes';
import { WEB_DIR, webRouter } from './web';

export type { AppDeps } from './context';

const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const;

/**
 * A documented path asked with a method its OpenAPI entry does not list → 405 with `Allow` (RFC 9110
 * §15.5.6), not the 404 an unknown path gets. The document is the one source of what each path accepts.
 */
function methodNotAllowed(openapi: OpenApiDocument): RequestHandler {
  const paths = Object.entries(openapi.paths ?? {}).map(([template, item]) => {
    const pattern = template.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{[^}]+\}/g, '[^/]+');
    const documented = HTTP_METHODS.filter((m) => item?.[m] !== undefined).map((m) => m.toUpperCase());
    // Express answers HEAD for every GET route.
    const allow = documented.includes('GET') ? [...documented, 'HEAD'] : documented;
    return { regex: new RegExp(`^${pattern}$`), allow, templated: (template.match(/\{/g) ?? []).length };
  });
  // OpenAPI matches a concrete path before a templated one (`/v1/register/permits` before `/v1/register/{kind}`).
  paths.sort((a, b) => a.templated - b.templated);
  return (req, res, next) => {
    const match = paths.find((p) => p.regex.test(req.path));
    if (!match || match.allow.includes(req.method)) return next();
    res.setHeader('Allow', match.allow.join(', '));
    next(
      new DomainError('METHOD_NOT_ALLOWED', `${req.path} accepts ${match.allow.join(', ')}, not ${req.method}`, [
        { field: 'method', message: `not one of ${match.allow.join(', ')}` },
      ]),
    );
  };
}

export function createApp(deps: AppDeps): Express {
  const ctx = createContext(deps);
  const openapi = buildOpenApiDocument(deps.modules, deps.config.api.publicBaseUrl, {
    register: Boolean(deps.register),
    pki: Boolean(deps.nca),
  });
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
  app.use(
    webRouter(WEB_DIR, {
      issuer: deps.config.oidc.issuer,
      clientId: deps.config.oidc.clientId,
      scope: deps.config.oidc.scope,
      tokenPaste: deps.config.env !== 'production',
    }),
  );
  app.get('/openapi.json', (_req, res) => {
    res.json(openapi);
  });

  app.use(express.json({ limit: deps.config.api.bodyLimit, strict: true, type: ['application/json', 'application/*+json'] }));
  app.use(authenticateRequests(deps.auth));
  app.use(catalogueRouter(ctx));
  app.use(dashboardRouter(ctx));
  app.use(inboxRouter(ctx));
  app.use(complaintsRouter(ctx)); // before the applications router: /v1/applications/{id}/complaints
  app.use(applicationsRouter(ctx));
  app.use(eventsRouter(ctx));
  app.use(paymentCallbackRouter(ctx, metrics.registry));
  app.use(
    counterRouter({
      cases: deps.cases,
      modules: deps.modules,
      referenceData: ctx.referenceData,
      store: deps.store,
      scans: deps.counterScans ?? new InMemoryScanStore(),
      now: ctx.now,
    }),
  );
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
  // The NCA's CRL, OCSP and CA certificates: public (relying parties fetch them without signing in).
  if (deps.nca) app.use(pkiRouter(deps.nca));
  if (deps.register) {
    app.use(
      registerRouter({
        register: deps.register.service,
        signer: deps.register.signer,
        documents: deps.store,
        idempotency: { store: deps.store, mutex: ctx.mutex, now: ctx.now },
        ...(deps.nca ? { signerStatus: deps.nca.signerStatusAt.bind(deps.nca) } : {}),
        publicBaseUrl: deps.config.api.publicBaseUrl,
      }),
    );
  }

  app.use(methodNotAllowed(openapi));
  app.use((req, _res, next) => {
    next(new DomainError('NOT_FOUND', `no route ${req.method} ${req.path}`, [{ field: 'path', message: 'unknown route' }]));
  });
  app.use(errorHandler(deps.logger));
  return app;
}

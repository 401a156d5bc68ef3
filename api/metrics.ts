/**
 * Prometheus metrics (prom-client), served by the API at GET /metrics:
 *
 *   kz_cases{service,stage,sla_state}          cases in the read model (stage "closed" = finished)
 *   kz_sla_breaches{service,kind}              open cases past dueAt (kind="open-breached") and cases
 *                                              closed after it (kind="closed-missed")
 *   kz_counter_sla_breaches_total{branch,kind,service}   State Corporation counter breaches of the 20-minute
 *                                              limits (kind waiting | service | hand-over; service "" before
 *                                              the operator chose it), each recorded with its cause
 *   kz_http_request_duration_seconds{method,route,status}   API latency histogram (route = the pattern)
 *   process_* / nodejs_*                       the API process (prom-client defaults)
 *   temporal_*                                 the worker's own Temporal SDK metrics, merged in from its
 *                                              Prometheus exporter (see workerMetricsRuntimeOptions)
 *
 * The case gauges are computed from the read model at scrape time (one grouped count), so every API
 * instance reports the same figures. No personal data: labels are codes only.
 */
import type { RequestHandler, Router } from 'express';
import { Router as createRouter } from 'express';
import type { RuntimeOptions } from '@temporalio/worker';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { Config } from '../config';
import type { ApplicationStore } from '../persistence/port';
import { caseQueries } from './read-model';

export interface ApiMetricsOptions {
  store: ApplicationStore;
  /** The worker's Temporal metrics endpoint (config.metrics.workerUrl); null: do not merge. */
  workerUrl: string | null;
  /** How long a scrape waits for the worker before reporting it down. */
  workerTimeoutMs?: number;
}

export interface ApiMetrics {
  registry: Registry;
  /** Times every request; mount first. */
  middleware: RequestHandler;
  /** GET /metrics (no credentials: Prometheus scrapes it; it carries no personal data). */
  router: Router;
}

/** Buckets for a JSON API answering in milliseconds, up to the slow outliers. */
const LATENCY_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.2, 0.3, 0.5, 1, 2.5, 5, 10];

export function createApiMetrics(opts: ApiMetricsOptions): ApiMetrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const queries = caseQueries(opts.store);

  const cases = new Gauge({
    name: 'kz_cases',
    help: 'Cases in the application read model by service, stage and SLA state',
    labelNames: ['service', 'stage', 'sla_state'] as const,
    registers: [registry],
    async collect() {
      this.reset();
      for (const r of await queries.count({})) this.set({ service: r.serviceCode, stage: r.stage, sla_state: r.slaState }, r.count);
    },
  });
  void cases;

  const breaches = new Gauge({
    name: 'kz_sla_breaches',
    help: 'Cases past their dueAt: still open (open-breached) or closed late (closed-missed)',
    labelNames: ['service', 'kind'] as const,
    registers: [registry],
    async collect() {
      this.reset();
      const rows = await queries.count({ slaStates: ['breached', 'missed'] });
      const sum = new Map<string, number>();
      for (const r of rows) {
        const k = `${r.serviceCode}\n${r.slaState === 'breached' ? 'open-breached' : 'closed-missed'}`;
        sum.set(k, (sum.get(k) ?? 0) + r.count);
      }
      for (const [k, n] of sum) {
        const [service = '', kind = ''] = k.split('\n');
        this.set({ service, kind }, n);
      }
    },
  });
  void breaches;

  // seed 001 ¶9(2), ¶12(2), seed 002 ¶4(2): counted from the stored breaches, so every API instance agrees
  // and the count survives restarts (a counter: breaches are never removed).
  const counterBreaches = new Counter({
    name: 'kz_counter_sla_breaches_total',
    help: 'State Corporation counter SLA breaches (20-minute waiting, service and hand-over limits) by branch, kind and service',
    labelNames: ['branch', 'kind', 'service'] as const,
    registers: [registry],
    async collect() {
      this.reset();
      const { counts } = await opts.store.counterBreaches({ limit: 0 });
      for (const c of counts) this.inc({ branch: c.branchId, kind: c.kind, service: c.serviceCode ?? '' }, c.count);
    },
  });
  void counterBreaches;

  const workerUp = new Gauge({
    name: 'kz_worker_metrics_up',
    help: '1 when the worker metrics endpoint answered this scrape',
    registers: [registry],
  });

  const latency = new Histogram({
    name: 'kz_http_request_duration_seconds',
    help: 'API request latency by method, route pattern and status',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: LATENCY_BUCKETS,
    registers: [registry],
  });

  const middleware: RequestHandler = (req, res, next) => {
    const end = latency.startTimer();
    res.on('finish', () => {
      // The pattern, not the URL: /v1/applications/:id keeps the label set small.
      const route = req.route as { path?: unknown } | undefined;
      const pattern =
        typeof route?.path === 'string'
          ? `${req.baseUrl}${route.path}`
          : req.path.startsWith('/web/') || req.path === '/'
            ? 'static'
            : 'unmatched';
      end({ method: req.method, route: pattern, status: String(res.statusCode) });
    });
    next();
  };

  const router = createRouter();
  router.get('/metrics', async (_req, res) => {
    const worker = opts.workerUrl ? await fetchWorkerMetrics(opts.workerUrl, opts.workerTimeoutMs ?? 500) : null;
    workerUp.set(worker === null ? 0 : 1);
    const own = await registry.metrics();
    res.type(registry.contentType).send(worker ? `${own}\n# Temporal worker metrics from ${opts.workerUrl}\n${worker}` : own);
  });

  return { registry, middleware, router };
}

async function fetchWorkerMetrics(url: string, timeoutMs: number): Promise<string | null> {
  try {
    const r = await fetch(url, { signal: AbortSignal.timeout(timeoutMs) });
    if (!r.ok) return null;
    return await r.text();
  } catch {
    return null; // the worker is down or not exporting: kz_worker_metrics_up says so
  }
}

/**
 * For worker.ts, before creating the Worker:
 *   Runtime.install(workerMetricsRuntimeOptions(config));
 * The worker then serves Temporal's Prometheus metrics (task slots, poll latency, workflow task
 * latency, activity failures…) at http://<bindAddress>/metrics; the API merges them into its /metrics.
 */
export function workerMetricsRuntimeOptions(config: Pick<Config, 'metrics'>): RuntimeOptions {
  return { telemetryOptions: { metrics: { prometheus: { bindAddress: config.metrics.workerBindAddress }, metricPrefix: 'temporal_' } } };
}

/** GET /metrics: Prometheus text with the case figures, API latency and the worker's Temporal metrics. */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import request from 'supertest';
import { loadConfig } from '../../config';
import { workerMetricsRuntimeOptions } from '../../api/metrics';
import { makeDashboardHarness, seedCase } from './dashboard-fixtures';

test('cases by service, stage and SLA state, and breaches, from the read model; no credentials needed', async () => {
  const h = makeDashboardHarness();
  await seedCase(h.store, { slaState: 'at-risk' });
  await seedCase(h.store, { slaState: 'at-risk' });
  await seedCase(h.store, { slaState: 'breached', stage: 'site-inspection' });
  await seedCase(h.store, { slaState: 'missed', status: 'refused', stage: 'closed', waitingOn: 'nobody' });
  const res = await request(h.app).get('/metrics');
  expect(res.status).toBe(200);
  expect(res.headers['content-type']).toContain('text/plain');
  expect(res.text).toContain('kz_cases{service="flag-emblem-license",stage="completeness-check",sla_state="at-risk"} 2');
  expect(res.text).toContain('kz_cases{service="flag-emblem-license",stage="site-inspection",sla_state="breached"} 1');
  expect(res.text).toContain('kz_sla_breaches{service="flag-emblem-license",kind="open-breached"} 1');
  expect(res.text).toContain('kz_sla_breaches{service="flag-emblem-license",kind="closed-missed"} 1');
  // The worker is not running in this test: said so, not silently missing.
  expect(res.text).toContain('kz_worker_metrics_up 0');
  // No personal data: the applicant reference never appears.
  expect(res.text).not.toContain('180340001231');
});

test('API latency is labelled by route pattern, not by case id', async () => {
  const h = makeDashboardHarness();
  const id = await seedCase(h.store);
  await request(h.app).get(`/v1/applications/${id}/timeline`).set('Authorization', `Bearer ${h.tokens.admin}`);
  await request(h.app).get('/v1/nothing-here');
  const res = await request(h.app).get('/metrics');
  expect(res.text).toMatch(
    /kz_http_request_duration_seconds_count\{method="GET",route="\/v1\/applications\/:id\/timeline",status="200"\} 1/,
  );
  expect(res.text).toMatch(/kz_http_request_duration_seconds_count\{method="GET",route="unmatched",status="404"\} 1/);
  expect(res.text).not.toContain(id);
});

test("the worker's Temporal metrics are merged in when its exporter answers", async () => {
  const worker = http.createServer((_req, res) => {
    res.setHeader('Content-Type', 'text/plain; version=0.0.4');
    res.end(
      '# HELP temporal_workflow_completed Workflows completed\n# TYPE temporal_workflow_completed counter\ntemporal_workflow_completed{namespace="default",task_queue="kz-services"} 7\n',
    );
  });
  await new Promise<void>((r) => worker.listen(0, '127.0.0.1', r));
  try {
    const { port } = worker.address() as AddressInfo;
    const h = makeDashboardHarness(undefined, `http://127.0.0.1:${port}/metrics`);
    const res = await request(h.app).get('/metrics');
    expect(res.text).toContain('temporal_workflow_completed{namespace="default",task_queue="kz-services"} 7');
    expect(res.text).toContain('kz_worker_metrics_up 1');
  } finally {
    worker.close();
  }
});

test("the worker helper binds Temporal's Prometheus exporter where the API looks for it", () => {
  const config = loadConfig({ APP_ENV: 'test', WORKER_METRICS_PORT: '9555' });
  expect(workerMetricsRuntimeOptions(config)).toEqual({
    telemetryOptions: { metrics: { prometheus: { bindAddress: '127.0.0.1:9555' }, metricPrefix: 'temporal_' } },
  });
  expect(config.metrics.workerUrl).toBe('http://127.0.0.1:9555/metrics');
});

test("the counter's 20-minute breaches (waiting, service, hand-over) are a metric and on the overview, with their causes", async () => {
  const h = makeDashboardHarness();
  const breach = (subjectId: string, kind: 'waiting' | 'service' | 'hand-over', serviceCode: string | null, cause: string) =>
    h.store.recordCounterBreach({
      subjectId,
      kind,
      branchId: 'astana-yesil',
      serviceCode,
      limitMinutes: 20,
      regulation: kind === 'waiting' ? 'seed 002 ¶4(2)' : kind === 'service' ? 'seed 001 S1 ¶9(2)' : 'seed 001 S1 ¶12(2)',
      dueAt: new Date('2026-03-02T10:20:00+05:00'),
      recordedAt: new Date('2026-03-02T10:21:00+05:00'),
      cause,
    });
  await breach('visit-1', 'waiting', null, 'no operator called the ticket');
  await breach('visit-2', 'waiting', null, 'no operator called the ticket');
  await breach('visit-2', 'service', 'mne-import-export-license', 'waiting for the unified notarial information system (e-gov gateway)');
  await breach('case-1', 'hand-over', 'flag-emblem-license', 'the result was not handed over within 20 minutes');

  const metrics = await request(h.app).get('/metrics');
  expect(metrics.text).toContain('kz_counter_sla_breaches_total{branch="astana-yesil",kind="waiting",service=""} 2');
  expect(metrics.text).toContain(
    'kz_counter_sla_breaches_total{branch="astana-yesil",kind="service",service="mne-import-export-license"} 1',
  );
  expect(metrics.text).toContain('kz_counter_sla_breaches_total{branch="astana-yesil",kind="hand-over",service="flag-emblem-license"} 1');

  const all = await request(h.app).get('/v1/dashboard/overview').set('Authorization', `Bearer ${h.tokens.admin}`);
  expect(all.status).toBe(200);
  expect(all.body.counter).toMatchObject({
    breaches: 4,
    byKind: { waiting: 2, service: 1, 'hand-over': 1 },
    byBranch: [{ branchId: 'astana-yesil', total: 4 }],
  });
  expect(all.body.counter.recent).toContainEqual(
    expect.objectContaining({
      kind: 'service',
      limitMinutes: 20,
      cause: expect.stringMatching(/notarial/),
      recordedAt: '2026-03-02T10:21:00+05:00',
    }),
  );
  // A licensor's staff see the breaches of their own services only (a waiting breach names no service).
  const ctrm = await request(h.app).get('/v1/dashboard/overview').set('Authorization', `Bearer ${h.tokens.ctrm}`);
  expect(ctrm.body.counter).toMatchObject({ breaches: 1, byKind: { waiting: 0, service: 0, 'hand-over': 1 } });
  // The period filters by when the breach was recorded.
  const later = await request(h.app).get('/v1/dashboard/overview?from=2026-03-03').set('Authorization', `Bearer ${h.tokens.admin}`);
  expect(later.body.counter).toMatchObject({ breaches: 0, recent: [] });
});

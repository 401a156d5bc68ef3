/**
 * Benchmark (prints figures; not a timed test): SME registration end to end through the HTTP API against
 * a bare Temporal workflow of the same shape on the same server, side by side in one run (issue 15).
 *
 *   npx tsx bench/throughput.bench.ts                           # make start's stack, concurrency 10 and 30
 *   npx tsx bench/throughput.bench.ts --stack cluster           # the cluster profile
 *   npx tsx bench/throughput.bench.ts --stack running           # an already running make start (config env)
 *   npx tsx bench/throughput.bench.ts --cases 200 --concurrency 10,30
 *
 * The stack is started by its own script on free ports with the simulators at 0 latency. One SME case runs
 * first and its history gives the shape of the baseline: as many activities, split at the first signature
 * the same way, and one Update per signer (bench/bare.workflow.ts; no-op activities on a worker in this
 * process, its own task queue). Then, per concurrency c: n bare cases, then n SME cases, each by c
 * concurrent clients. SME case = POST the application → wait on GET /v1/applications/:id until the
 * signatures are asked for → POST sign per signer → wait until it is closed. The waits are what a portal
 * uses: the status long poll (the view's ETag sent back as ?changedFrom=…&wait=20, answered as soon as the
 * case moves on), not a request every 100 ms. Latency = first request to seen closed; throughput = cases /
 * wall time. Per step: median of each leg.
 *
 * The baseline's activities: the business activities of the measured case (its ActivityTaskScheduled
 * events other than recordProgress). The read-model writes (recordProgress, local activities since patch
 * 'read-model-local-activity', MarkerRecorded in history) are this system's own overhead, so the bare
 * workflow does not get them; both counts are printed.
 *
 *   npx tsx bench/throughput.bench.ts --sweep                   # + the maximum sustainable load and p99 at half of it
 *   npx tsx bench/throughput.bench.ts --baseline all            # bare = every activity incl. the read-model writes
 *   npx tsx bench/throughput.bench.ts --profile /tmp/prof       # + V8 CPU profiles of every part, summed by package
 *
 * Each pair of runs also prints the CPU milliseconds per case of every process (/proc): on a 2-core machine
 * CPU per case is what bounds throughput, and unlike cases/s it hardly depends on what else the machine runs.
 *
 * --sweep: SME cases by 1, 2, 4, 8, … concurrent clients until the throughput stops rising (< 5 % more);
 * the best throughput is the maximum sustainable load. Then cases arrive open-loop at half that rate
 * (evenly spaced) and their p50/p95/p99 are printed.
 */
import os from 'node:os';
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { DefaultLogger, NativeConnection, Runtime, Worker } from '@temporalio/worker';
import { z } from 'zod';
import { bareSignUpdate, type BareActivities } from './bare.workflow';
import { ROOT_DIR } from '../config';
import { printProfiles } from './cpu-profile';
import { rssMb, selfCpuSeconds, startBenchStack, type BenchStack, type StackKind } from './stack';

const OpenApi = z.object({ components: z.object({ schemas: z.record(z.string(), z.object({ example: z.unknown().optional() })) }) });
const Submitted = z.object({ applicationId: z.string() });
const Status = z.object({
  outcome: z.string(),
  pendingActions: z.array(z.object({ action: z.string(), who: z.array(z.string()).optional() })),
});

export interface Shape {
  /** Business activities: ActivityTaskScheduled events other than recordProgress (the baseline runs these). */
  activities: number;
  /** Read-model writes as activity tasks (cases before patch 'read-model-local-activity'). */
  recordProgressTasks: number;
  /** Local activities (MarkerRecorded core_local_activity): the read-model writes since the patch. */
  localActivities: number;
  signAfter: number;
  /** Every activity (business + read-model writes) before the first accepted Update. */
  signAfterAll: number;
  signatures: number;
  events: number;
  /** Workflow tasks completed, search-attribute upserts and signals: what the server does besides activities. */
  workflowTasks: number;
  upserts: number;
  signals: number;
}

export interface RunFigures {
  label: string;
  cases: number;
  failed: number;
  wallMs: number;
  perSecond: number;
  latency: { p50: number; p95: number; p99: number };
  steps: Record<string, number>;
}

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i]!;
}

const median = (xs: number[]): number =>
  percentile(
    [...xs].sort((a, b) => a - b),
    50,
  );

async function runPool<T>(
  n: number,
  concurrency: number,
  one: () => Promise<T>,
): Promise<{ results: T[]; failed: number; wallMs: number }> {
  let next = 0;
  let failed = 0;
  const results: T[] = [];
  const t0 = Date.now();
  await Promise.all(
    Array.from({ length: Math.min(n, concurrency) }, async () => {
      while (next < n) {
        const i = next++;
        try {
          results.push(await one());
        } catch (e) {
          failed++;
          if (failed <= 3) process.stderr.write(`case ${i} failed: ${e instanceof Error ? e.message : String(e)}\n`);
        }
      }
    }),
  );
  return { results, failed, wallMs: Date.now() - t0 };
}

/** Open loop: `n` cases started evenly at `ratePerSec`, whatever the earlier ones are doing. */
async function runOpen<T>(n: number, ratePerSec: number, one: () => Promise<T>): Promise<{ results: T[]; failed: number; wallMs: number }> {
  let failed = 0;
  const results: T[] = [];
  const t0 = Date.now();
  const running: Promise<void>[] = [];
  for (let i = 0; i < n; i++) {
    const wait = t0 + (i * 1000) / ratePerSec - Date.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    running.push(
      one().then(
        (r) => void results.push(r),
        (e: unknown) => {
          failed++;
          if (failed <= 3) process.stderr.write(`case ${i} failed: ${e instanceof Error ? e.message : String(e)}\n`);
        },
      ),
    );
  }
  await Promise.all(running);
  return { results, failed, wallMs: Date.now() - t0 };
}

/**
 * The maximum sustainable load: closed-loop runs with 1, 2, 4, … clients until the throughput stops rising
 * (less than 5 % over the previous level) or cases fail; the best throughput is that load. Then p99 at
 * half of it, with cases arriving open-loop at that rate.
 */
async function sweepLoad(
  one: () => Promise<{ total: number; steps: Record<string, number> }>,
  cases: number,
  out: (l: string) => void,
): Promise<void> {
  out('\nsweep (SME through the API; closed loop, then open loop at half the maximum):');
  let best = 0;
  let bestAt = 0;
  for (let c = 1; c <= 128; c *= 2) {
    const n = Math.max(cases, c * 3);
    const f = figures(`c=${c}`, n, await runPool(n, c, one));
    out(
      `  ${String(c).padStart(3)} clients: ${f.perSecond.toFixed(2).padStart(6)} cases/s  p50 ${fmt(f.latency.p50)}  p99 ${fmt(f.latency.p99)}  failed ${f.failed}`,
    );
    const rising = f.perSecond >= best * 1.05;
    if (f.perSecond > best) {
      best = f.perSecond;
      bestAt = c;
    }
    if (!rising || f.failed > 0) break;
  }
  out(`  maximum sustainable load: ${best.toFixed(2)} cases/s (${bestAt} clients)`);
  const rate = best / 2;
  const n = Math.max(cases, 50);
  const f = figures('open loop', n, await runOpen(n, rate, one));
  out(
    `  at half of it, ${rate.toFixed(2)} cases/s open loop (${n} cases): p50 ${fmt(f.latency.p50)}  p95 ${fmt(f.latency.p95)}  p99 ${fmt(f.latency.p99)}  failed ${f.failed}  (target p99 ≤ 1.5 s)`,
  );
}

function figures(
  label: string,
  n: number,
  pool: { results: Array<{ total: number; steps: Record<string, number> }>; failed: number; wallMs: number },
): RunFigures {
  const totals = pool.results.map((r) => r.total).sort((a, b) => a - b);
  const stepNames = Object.keys(pool.results[0]?.steps ?? {});
  return {
    label,
    cases: n,
    failed: pool.failed,
    wallMs: pool.wallMs,
    perSecond: pool.results.length / (pool.wallMs / 1000),
    latency: { p50: percentile(totals, 50), p95: percentile(totals, 95), p99: percentile(totals, 99) },
    steps: Object.fromEntries(stepNames.map((s) => [s, median(pool.results.map((r) => r.steps[s] ?? 0))])),
  };
}

/** The SME case through the HTTP API, as the portal and the signers would drive it. */
function smeDriver(stack: BenchStack, example: unknown) {
  const portal = stack.token('portal');
  const request = async (method: string, url: string, body?: unknown, key?: string): Promise<{ body: unknown; etag: string | null }> => {
    const res = await fetch(`${stack.api}${url}`, {
      method,
      headers: {
        authorization: `Bearer ${portal}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...(key ? { 'idempotency-key': key } : {}),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await res.text();
    if (res.status >= 300) throw new Error(`${method} ${url}: ${res.status} ${text.slice(0, 300)}`);
    return { body: JSON.parse(text) as unknown, etag: res.headers.get('etag') };
  };
  const call = async (method: string, url: string, body?: unknown, key?: string): Promise<unknown> =>
    (await request(method, url, body, key)).body;
  const run = `${Date.now().toString(36)}${Math.floor(Math.random() * 1e6).toString(36)}`;
  let seq = 0; // unique across runs: a reused Idempotency-Key would replay an earlier case
  return async (): Promise<{ total: number; steps: Record<string, number>; applicationId: string }> => {
    const i = seq++;
    const app = structuredClone(example) as { legalEntity: { name: string } };
    app.legalEntity.name = `${app.legalEntity.name} bench ${run}-${i}`;
    const t0 = Date.now();
    const { applicationId } = Submitted.parse(await call('POST', '/v1/services/sme-registration/applications', app, `bench-${run}-${i}`));
    const t1 = Date.now();
    // The portal's wait: the status long poll, answered as soon as the case moves on from the view we hold.
    let etag: string | null = null;
    const poll = async (done: (s: z.infer<typeof Status>) => boolean): Promise<z.infer<typeof Status>> => {
      const deadline = Date.now() + 120_000;
      for (;;) {
        const wait = etag ? `?changedFrom=${encodeURIComponent(etag)}&wait=20` : '';
        const r = await request('GET', `/v1/applications/${applicationId}${wait}`);
        etag = r.etag;
        const s = Status.parse(r.body);
        if (done(s)) return s;
        if (Date.now() > deadline) throw new Error(`${applicationId} stuck: ${JSON.stringify(s)}`);
        if (!etag) await new Promise((res) => setTimeout(res, 100)); // an API without the long poll
      }
    };
    const atSigning = await poll((s) => s.pendingActions.some((a) => a.action === 'sign') || s.outcome !== 'open');
    const t2 = Date.now();
    for (const iin of atSigning.pendingActions.find((a) => a.action === 'sign')?.who ?? []) {
      await call(
        'POST',
        `/v1/applications/${applicationId}/actions/sign`,
        { signerIin: iin, biometricSessionId: `bio-${run}-${i}-${iin}` },
        `sign-${run}-${i}-${iin}`,
      );
    }
    const t3 = Date.now();
    const closed = await poll((s) => s.outcome !== 'open');
    if (closed.outcome !== 'issued') throw new Error(`${applicationId} ended ${closed.outcome}`);
    const t4 = Date.now();
    return {
      applicationId,
      total: t4 - t0,
      steps: { 'submit (HTTP)': t1 - t0, 'accepted → signatures asked': t2 - t1, 'sign ×n (HTTP)': t3 - t2, 'signed → issued': t4 - t3 },
    };
  };
}

function bareDriver(client: Client, taskQueue: string, shape: Shape) {
  const run = Date.now().toString(36);
  let seq = 0;
  return async (): Promise<{ total: number; steps: Record<string, number> }> => {
    const i = seq++;
    const t0 = Date.now();
    const handle = await client.workflow.start('bareCaseWorkflow', {
      taskQueue,
      workflowId: `bench-bare-${run}-${i}`,
      args: [{ activities: shape.activities, signatures: shape.signatures, signAfter: shape.signAfter }],
    });
    const t1 = Date.now();
    for (let s = 0; s < shape.signatures; s++) await handle.executeUpdate(bareSignUpdate, { args: [`signer-${s}`] });
    const t2 = Date.now();
    await handle.result();
    const t3 = Date.now();
    return { total: t3 - t0, steps: { 'start (gRPC)': t1 - t0, 'update ×n': t2 - t1, 'updated → completed': t3 - t2 } };
  };
}

/** The SME case's shape from its history: business activities, how many before the first accepted Update, events. */
async function shapeOf(client: Client, workflowId: string): Promise<Shape> {
  const history = await client.workflow.getHandle(workflowId).fetchHistory();
  let activities = 0;
  let recordProgressTasks = 0;
  let localActivities = 0;
  let signAfter = -1;
  let signAfterAll = 0;
  let signatures = 0;
  let workflowTasks = 0;
  let upserts = 0;
  let signals = 0;
  for (const e of history.events ?? []) {
    if (e.workflowTaskCompletedEventAttributes) workflowTasks++;
    if (e.upsertWorkflowSearchAttributesEventAttributes) upserts++;
    if (e.workflowExecutionSignaledEventAttributes) signals++;
    const scheduled = e.activityTaskScheduledEventAttributes;
    if (scheduled) {
      if (scheduled.activityType?.name === 'recordProgress') recordProgressTasks++;
      else activities++;
    }
    if (e.markerRecordedEventAttributes?.markerName === 'core_local_activity') localActivities++;
    if (e.workflowExecutionUpdateAcceptedEventAttributes) {
      signatures++;
      if (signAfter < 0) {
        signAfter = activities;
        signAfterAll = activities + recordProgressTasks + localActivities;
      }
    }
  }
  return {
    activities,
    recordProgressTasks,
    localActivities,
    signAfter: Math.max(0, signAfter),
    signAfterAll,
    signatures,
    events: history.events?.length ?? 0,
    workflowTasks,
    upserts,
    signals,
  };
}

const fmt = (ms: number): string => (Number.isFinite(ms) ? (ms >= 10_000 ? `${(ms / 1000).toFixed(1)} s` : `${Math.round(ms)} ms`) : '—');

export function printPair(c: number, bare: RunFigures, sme: RunFigures, out: (l: string) => void): void {
  out(`\nconcurrency ${c}:`);
  out('  run                 cases  failed  cases/s   p50       p95       p99');
  for (const f of [bare, sme]) {
    out(
      `  ${f.label.padEnd(18)}  ${String(f.cases).padStart(5)}  ${String(f.failed).padStart(6)}  ${f.perSecond.toFixed(2).padStart(7)}   ${fmt(f.latency.p50).padEnd(8)}  ${fmt(f.latency.p95).padEnd(8)}  ${fmt(f.latency.p99)}`,
    );
  }
  out(`  ratio (SME / bare throughput): ${(sme.perSecond / bare.perSecond).toFixed(2)}`);
  out(
    `  per step, median: bare ${Object.entries(bare.steps)
      .map(([k, v]) => `${k} ${fmt(v)}`)
      .join(', ')}`,
  );
  out(
    `                    SME  ${Object.entries(sme.steps)
      .map(([k, v]) => `${k} ${fmt(v)}`)
      .join(', ')}`,
  );
}

export async function throughputBench(opts: {
  stack: StackKind;
  cases: number;
  concurrency: number[];
  /** Also find the maximum sustainable load and p99 at half of it. */
  sweep?: boolean;
  /** The baseline's activities: the business ones (default), or all the case's incl. the read-model writes. */
  baseline?: 'business' | 'all';
  /** Write V8 CPU profiles of every part of the stack here and print where each spends its CPU. */
  profileDir?: string;
  out?: (l: string) => void;
}): Promise<void> {
  const out = opts.out ?? ((l: string) => process.stdout.write(`${l}\n`));
  out(`== throughput: SME end to end through the HTTP API vs a bare Temporal workflow of the same shape`);
  out(
    `   ${new Date().toISOString()}, ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, load ${os
      .loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')} (shared machine)`,
  );
  if (opts.profileDir) process.env.CPU_PROFILE_DIR = opts.profileDir; // scripts/start.ts passes it to each part
  const stack = await startBenchStack(opts.stack, out);
  out(`   stack: ${stack.label}`);
  const connection = await Connection.connect({ address: stack.temporalAddress });
  const client = new Client({ connection, namespace: stack.namespace });
  const bareQueue = `bench-bare-${Date.now().toString(36)}`;
  let worker: Worker | undefined;
  let running: Promise<void> | undefined;
  try {
    const openapi = OpenApi.parse(await (await fetch(`${stack.api}/openapi.json`)).json());
    const example = openapi.components.schemas.SmeRegistrationApplication?.example;
    if (!example) throw new Error('no SmeRegistrationApplication example in the OpenAPI document');
    const sme = smeDriver(stack, example);
    // Warm-up (bundles, JIT, connections) and the shape of the baseline.
    const first = await sme();
    await sme();
    const shape = await shapeOf(client, first.applicationId);
    out(
      `   SME case (from its history): ${shape.activities} business activities (ActivityTaskScheduled other than recordProgress; ${shape.signAfter} before the first signature), ` +
        `read-model writes: ${shape.localActivities} local activities (MarkerRecorded core_local_activity) + ${shape.recordProgressTasks} recordProgress activity tasks, ` +
        `${shape.signatures} signature Updates, ${shape.signals} signals, ${shape.upserts} search-attribute upserts, ${shape.workflowTasks} workflow tasks, ` +
        `${shape.events} history events; warm-up case ${fmt(first.total)}`,
    );
    if (opts.baseline === 'all') {
      // The issue's first definition: as many activities as the case has in all, its read-model writes included.
      shape.activities += shape.localActivities + shape.recordProgressTasks;
      shape.signAfter = shape.signAfterAll;
      out(
        `   bare baseline (--baseline all): ${shape.activities} no-op activities (business + read-model writes), ${shape.signatures} Updates after ${shape.signAfter}`,
      );
    } else
      out(
        `   bare baseline: ${shape.activities} no-op activities (the business activities), ${shape.signatures} Updates after ${shape.signAfter} of them`,
      );

    const activities: BareActivities = { step: async (n) => n };
    installQuietRuntime();
    worker = await Worker.create({
      connection: await NativeConnection.connect({ address: stack.temporalAddress }),
      namespace: stack.namespace,
      taskQueue: bareQueue,
      workflowsPath: require.resolve('./bare.workflow'),
      activities,
      bundlerOptions: { webpackConfigHook: (c) => ({ ...c, stats: 'errors-only', infrastructureLogging: { level: 'error' } }) },
    });
    running = worker.run();
    const bare = bareDriver(client, bareQueue, shape);
    await bare();

    for (const c of opts.concurrency) {
      const cpu0 = cpuNow(stack);
      const b = figures('bare Temporal', opts.cases, await runPool(opts.cases, c, bare));
      const cpu1 = cpuNow(stack);
      const rssBefore = rssMb(stack.workerPids());
      const s = figures('SME through API', opts.cases, await runPool(opts.cases, c, sme));
      const cpu2 = cpuNow(stack);
      printPair(c, b, s, out);
      printCpu(perCase(cpu0, cpu1, opts.cases), perCase(cpu1, cpu2, opts.cases), out);
      out(
        `  worker RSS after the SME run: ${rssMb(stack.workerPids())} MB (before ${rssBefore} MB, ${stack.workerPids().length} worker process(es))`,
      );
    }
    if (opts.sweep) await sweepLoad(sme, opts.cases, out);
  } finally {
    worker?.shutdown();
    await running?.catch(() => undefined);
    await connection.close();
    await stack.stop();
  }
  if (opts.profileDir) printProfiles(opts.profileDir, ROOT_DIR, out);
}

/** CPU seconds so far by part of the stack, and this process ("bench": the clients and the baseline's worker). */
function cpuNow(stack: BenchStack): Record<string, number> {
  return { ...stack.cpuSeconds(), bench: selfCpuSeconds() };
}

/** CPU milliseconds per case by part between two readings. */
export function perCase(from: Record<string, number>, to: Record<string, number>, cases: number): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [part, s] of Object.entries(to)) out[part] = ((s - (from[part] ?? 0)) * 1000) / cases;
  return out;
}

/**
 * Where the CPU goes, per case: the machine has a fixed number of cores, so CPU per case bounds the
 * throughput a loaded machine can reach, whatever the latencies. Unlike cases/s it barely depends on what
 * else the machine is doing, so it compares runs made at different loads.
 */
export function printCpu(bare: Record<string, number>, sme: Record<string, number>, out: (l: string) => void): void {
  const parts = [...new Set([...Object.keys(sme), ...Object.keys(bare)])].filter((p) => (sme[p] ?? 0) + (bare[p] ?? 0) >= 0.5);
  parts.sort((a, b) => (sme[b] ?? 0) - (sme[a] ?? 0));
  const total = (r: Record<string, number>): number => Object.values(r).reduce((a, b) => a + b, 0);
  const row = (label: string, r: Record<string, number>): string =>
    `  ${label.padEnd(18)}  ${parts.map((p) => `${p} ${Math.round(r[p] ?? 0)}`).join(', ')}; total ${Math.round(total(r))} ms`;
  out('  CPU per case (ms), by process:');
  out(row('bare Temporal', bare));
  out(row('SME through API', sme));
}

let runtimeInstalled = false;
/** The SDK's worker logs (state changes, bundling) would drown the figures. */
export function installQuietRuntime(): void {
  if (runtimeInstalled) return;
  runtimeInstalled = true;
  Runtime.install({ logger: new DefaultLogger('WARN') });
}

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

if (require.main === module) {
  const full = process.argv.includes('--full');
  throughputBench({
    stack: (arg('stack') ?? 'dev') as StackKind,
    cases: Number(arg('cases') ?? (full ? 200 : 40)),
    concurrency: (arg('concurrency') ?? '10,30').split(',').map(Number),
    sweep: process.argv.includes('--sweep'),
    baseline: arg('baseline') === 'all' ? 'all' : 'business',
    ...(arg('profile') ? { profileDir: path.resolve(arg('profile') ?? '') } : {}),
  }).then(
    () => process.exit(0),
    (e: unknown) => {
      process.stderr.write(`throughput bench: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
      process.exit(1);
    },
  );
}

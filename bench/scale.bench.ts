/**
 * Benchmark (prints figures; not a timed test): many open Flag/Emblem license cases waiting on their
 * working-day timers (issue 15 item 3), on `make start` (dev server, SQLite read model) and on the cluster
 * profile (Temporal server and read model on PostgreSQL, two workers, two APIs).
 *
 *   npx tsx bench/scale.bench.ts                              # both stacks, 1,000 then 10,000 open cases
 *   npx tsx bench/scale.bench.ts --stacks dev --sizes 1000    # one stack, one size
 *   npx tsx bench/scale.bench.ts --full                       # 1,000 → 10,000 → 100,000
 *
 * Cases are started in bulk through the Temporal client as the API opens them (a read-model row, then the
 * workflow with the API's input and search attributes; api/routes/applications.ts openCase), 40 at a time,
 * pausing while the task queue's backlog is above 60 tasks (so the cases in flight stay in the workers' cache).
 * At each size, once the task queue's backlog is empty (every case parked on its timers): the workers'
 * RSS (sum over the worker processes, from /proc), and the median / p95 of 40 sequential requests (after 5
 * warm-up) to GET /v1/dashboard/overview (viewer) and GET /v1/inbox (staff of the licensor), through the API.
 */
import os from 'node:os';
import { Client, Connection } from '@temporalio/client';
import { temporal as proto } from '@temporalio/proto';
import { exampleOf } from '../api/openapi';
import { applicationIdFor } from '../api/routes/applications';
import { embeddedCalendar } from '../domain/calendar';
import type { Principal } from '../domain/roles';
import { openDatabase } from '../persistence';
import { SERVICE_CODES } from '../services';
import { flagEmblemLicenseModule as license } from '../services/flag-emblem/license-api';
import { SEARCH_ATTRIBUTES } from '../workflows/shared/case';
import { rssMb, startBenchStack, type BenchStack, type StackKind } from './stack';
import { percentile } from './throughput.bench';

/** Starts in flight at once (--concurrency). */
let BULK = 40;
/**
 * Starts pause while the task queue's backlog is above this (--max-backlog; 0: never). A flood of new cases
 * larger than the workers' workflow cache makes every case's next task a cache miss and a replay, so the
 * workers spend their CPU replaying instead of parking cases; paced, the cases in flight stay in the cache.
 */
let MAX_BACKLOG = 60;
const RUNS = 40;
const WARMUP = 5;

interface Row {
  stack: string;
  open: number;
  startPerSecond: number;
  settleSeconds: number;
  rss: number;
  overview: { p50: number; p95: number; kb: number };
  inbox: { p50: number; p95: number; kb: number };
}

async function timeRequests(url: string, token: string): Promise<{ p50: number; p95: number; kb: number }> {
  let bytes = 0;
  const once = async (): Promise<number> => {
    const t = performance.now();
    const res = await fetch(url, { headers: { authorization: `Bearer ${token}` } });
    bytes = (await res.arrayBuffer()).byteLength;
    if (!res.ok) throw new Error(`${url}: ${res.status}`);
    return performance.now() - t;
  };
  for (let i = 0; i < WARMUP; i++) await once();
  const xs: number[] = [];
  for (let i = 0; i < RUNS; i++) xs.push(await once());
  xs.sort((a, b) => a - b);
  return { p50: percentile(xs, 50), p95: percentile(xs, 95), kb: Math.round(bytes / 1024) };
}

/** Workflow + activity backlog of the case task queue (the server's approximate counts). */
async function backlog(connection: Connection, stack: BenchStack): Promise<number> {
  let total = 0;
  for (const type of [
    proto.api.enums.v1.TaskQueueType.TASK_QUEUE_TYPE_WORKFLOW,
    proto.api.enums.v1.TaskQueueType.TASK_QUEUE_TYPE_ACTIVITY,
  ]) {
    const res = await connection.workflowService.describeTaskQueue({
      namespace: stack.namespace,
      taskQueue: { name: stack.taskQueue, kind: proto.api.enums.v1.TaskQueueKind.TASK_QUEUE_KIND_NORMAL },
      taskQueueType: type,
      reportStats: true,
    });
    total += Number(res.stats?.approximateBacklogCount ?? 0);
  }
  return total;
}

async function scaleOn(kind: StackKind, sizes: number[], out: (l: string) => void): Promise<Row[]> {
  const stack = await startBenchStack(kind, out);
  out(`   stack: ${stack.label}`);
  const db = await openDatabase(
    { url: stack.databaseUrl, provider: stack.databaseUrl.startsWith('file:') ? 'sqlite' : 'postgresql' },
    { serviceCodes: SERVICE_CODES },
  );
  const connection = await Connection.connect({ address: stack.temporalAddress });
  const client = new Client({ connection, namespace: stack.namespace });
  const input = license.input.parse(exampleOf(license.input));
  const principal: Principal = { subject: 'dev-portal', role: 'portal' };
  const viewer = stack.token('viewer');
  const staff = stack.token('staff', 'dev-staff-ctrm');
  const rows: Row[] = [];
  let open = 0;
  try {
    for (const size of sizes) {
      const t0 = Date.now();
      let next = open;
      // A line every 60 s while the cases start and park, so a run stopped early still says how far it got and how fast.
      const progress = setInterval(() => {
        void backlog(connection, stack).then(
          (b) =>
            out(
              `   … ${((Date.now() - t0) / 1000).toFixed(0)} s: ${next} started, task backlog ${b}, worker RSS ${rssMb(stack.workerPids())} MB, load ${os.loadavg()[0]!.toFixed(1)}`,
            ),
          () => undefined,
        );
      }, 60_000);
      let backlogNow = 0;
      let pacing = true;
      const pacer = (async () => {
        while (pacing && MAX_BACKLOG > 0) {
          backlogNow = await backlog(connection, stack).catch(() => backlogNow);
          await new Promise((r) => setTimeout(r, 1_000));
        }
      })();
      await Promise.all(
        Array.from({ length: BULK }, async () => {
          while (next < size) {
            while (MAX_BACKLOG > 0 && backlogNow > MAX_BACKLOG) await new Promise((r) => setTimeout(r, 250));
            next++;
            const submittedAt = new Date();
            const plan = license.plan(submittedAt, embeddedCalendar);
            const ancn = await db.store.allocateAncn('APP');
            const applicationId = applicationIdFor(license.descriptor.code, ancn);
            await db.store.createApplication({
              id: applicationId,
              serviceCode: license.descriptor.code,
              workflowId: applicationId,
              ancn,
              applicantRef: license.applicantRef(input),
              licensorBody: license.descriptor.licensorBody,
              submittedAt: plan.submittedAt,
              registeredAt: plan.registeredAt,
              dueAt: plan.dueAt,
              calendarVersion: plan.calendarVersion,
              stage: 'submitted',
              status: 'open',
              slaState: 'on-track',
            });
            await client.workflow.start(license.workflow, {
              taskQueue: stack.taskQueue,
              workflowId: applicationId,
              args: [license.workflowInput({ applicationId, ancn, plan, calendar: embeddedCalendar.data, input, principal })],
              typedSearchAttributes: [
                { key: SEARCH_ATTRIBUTES.serviceCode, value: license.descriptor.code },
                { key: SEARCH_ATTRIBUTES.licensorBody, value: license.descriptor.licensorBody },
                { key: SEARCH_ATTRIBUTES.stage, value: 'submitted' },
                { key: SEARCH_ATTRIBUTES.dueAt, value: plan.dueAt },
                { key: SEARCH_ATTRIBUTES.slaState, value: 'on-track' },
              ],
            });
          }
        }),
      );
      pacing = false;
      await pacer;
      const startedIn = (Date.now() - t0) / 1000;
      // Settled: the backlog empty on three polls in a row (1 s apart).
      let quiet = 0;
      while (quiet < 3) {
        quiet = (await backlog(connection, stack)) === 0 ? quiet + 1 : 0;
        await new Promise((r) => setTimeout(r, 1_000));
      }
      clearInterval(progress);
      const settleSeconds = (Date.now() - t0) / 1000;
      open = size;
      const row: Row = {
        stack: kind,
        open,
        startPerSecond: (size - rows.reduce((n, r) => Math.max(n, r.open), 0)) / startedIn,
        settleSeconds,
        rss: rssMb(stack.workerPids()),
        overview: await timeRequests(`${stack.api}/v1/dashboard/overview`, viewer),
        inbox: await timeRequests(`${stack.api}/v1/inbox?service=flag-emblem-license`, staff),
      };
      rows.push(row);
      out(
        `   ${kind.padEnd(7)} ${String(open).padStart(7)} open   started ${row.startPerSecond.toFixed(1)}/s, settled in ${row.settleSeconds.toFixed(0)} s   worker RSS ${row.rss} MB   overview p50 ${row.overview.p50.toFixed(0)} ms (p95 ${row.overview.p95.toFixed(0)})   inbox p50 ${row.inbox.p50.toFixed(0)} ms (p95 ${row.inbox.p95.toFixed(0)}, ${row.inbox.kb} kB: the first page)`,
      );
    }
  } finally {
    await connection.close();
    await db.close();
    await stack.stop();
  }
  return rows;
}

export async function scaleBench(opts: { stacks: StackKind[]; sizes: number[]; out?: (l: string) => void }): Promise<Row[]> {
  const out = opts.out ?? ((l: string) => process.stdout.write(`${l}\n`));
  out(`== scale: open Flag/Emblem cases waiting on working-day timers; worker RSS; dashboard overview and inbox`);
  out(
    `   ${new Date().toISOString()}, ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, load ${os
      .loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')} (shared machine)`,
  );
  const rows: Row[] = [];
  for (const kind of opts.stacks) rows.push(...(await scaleOn(kind, opts.sizes, out)));
  out('\n   stack    open cases   worker RSS   overview p50   inbox p50');
  for (const r of rows) {
    out(
      `   ${r.stack.padEnd(8)} ${String(r.open).padStart(10)}   ${`${r.rss} MB`.padStart(10)}   ${`${r.overview.p50.toFixed(0)} ms`.padStart(12)}   ${`${r.inbox.p50.toFixed(0)} ms`.padStart(9)}`,
    );
  }
  return rows;
}

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

if (require.main === module) {
  BULK = Number(arg('concurrency') ?? BULK);
  MAX_BACKLOG = Number(arg('max-backlog') ?? MAX_BACKLOG);
  const full = process.argv.includes('--full');
  scaleBench({
    stacks: (arg('stacks') ?? 'dev,cluster').split(',') as StackKind[],
    sizes: (arg('sizes') ?? (full ? '1000,10000,100000' : '1000,10000')).split(',').map(Number),
  }).then(
    () => process.exit(0),
    (e: unknown) => {
      process.stderr.write(`scale bench: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
      process.exit(1);
    },
  );
}

/**
 * Benchmark (prints figures; not a timed test): the overview and the staff inbox with 1,000 and 10,000
 * open cases across services in the read model, on the in-memory store, SQLite (the embedded default) and
 * PostgreSQL (a throwaway server, scripts/postgres-test.sh). Target (issue 15 item 3): median ≤ 300 ms at
 * 10,000 open cases and ≤ 1 s at 100,000.
 *
 *   npx tsx bench/dashboard.bench.ts                                   # memory + SQLite, 1,000 and 10,000
 *   npx tsx bench/dashboard.bench.ts sqlite 10000                      # one store, one size
 *   npx tsx bench/dashboard.bench.ts sqlite,postgresql 1000,10000,100000  # and how each figure grows
 *
 * Each figure: 40 sequential HTTP requests through the whole app (auth, validation, queries, working-time
 * math, JSON) after 5 warm-up requests; median and 95th percentile in ms.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import pino from 'pino';
import { createApp } from '../api/app';
import { createAuthenticator, mintToken } from '../api/auth';
import type { CaseGateway } from '../api/case-gateway';
import { flagEmblemLicenseModule, flagEmblemLicenseReissueModule } from '../services/flag-emblem/license-api';
import type { ServiceModule } from '../api/service-module';
import { loadConfig } from '../config';
import { formatAncn } from '../domain/ancn';
import { DomainError } from '../domain/errors';
import { kzMoment, addWorkingDays } from '../domain/calendar';
import type { ServiceCode } from '../domain/services';
import { InMemoryApplicationStore, migrate, openDatabase } from '../persistence';
import type { PrismaClient } from '../prisma/generated/sqlite';
import type { ApplicationStore } from '../persistence/port';
import { InMemoryStateDatabases } from '../adapters/state-databases/fake';
import { InMemoryPermitRegister } from '../register/permit-register-memory';
import { z } from 'zod';
import { startTestPostgres, type TestPostgres } from '../scripts/db-postgres';

type Kind = 'memory' | 'sqlite' | 'postgresql';
const KINDS: readonly Kind[] = ['memory', 'sqlite', 'postgresql'];

const NOW = kzMoment('2026-04-08', '11:00');
const SIZES = [1_000, 10_000];
const RUNS = 40;
const WARMUP = 5;

/** The API needs no Temporal for these two pages. */
const noTemporal: CaseGateway = {
  start: async () => ({ started: true }),
  update: async () => {
    throw new DomainError('UPSTREAM_UNAVAILABLE', 'benchmark: no Temporal');
  },
  status: async () => {
    throw new DomainError('UPSTREAM_UNAVAILABLE', 'benchmark: no Temporal');
  },
  signal: async () => undefined,
  ping: async () => undefined,
};

const smeModule: ServiceModule = {
  ...flagEmblemLicenseModule,
  descriptor: { ...flagEmblemLicenseModule.descriptor, code: 'sme-registration', licensorBody: 'state-corporation' },
};

const SERVICES: Array<{ code: ServiceCode; stages: string[] }> = [
  { code: 'flag-emblem-license', stages: ['completeness-check', 'site-inspection', 'decision', 'hearing', 'final-decision'] },
  { code: 'flag-emblem-license-reissue', stages: ['completeness-check', 'site-inspection', 'final-decision'] },
  { code: 'sme-registration', stages: ['application-review', 'bank-account', 'payment', 'signatures', 'registry-check'] },
];
const SLA = ['on-track', 'on-track', 'on-track', 'at-risk', 'breached'];
const WAITING = ['staff', 'staff', 'staff', 'applicant', 'external-system'];

/** Case i of a seed of n open cases plus n/10 closed ones, spread over services, stages, SLA states and registration days. */
function caseAt(i: number, n: number) {
  const s = SERVICES[i % SERVICES.length]!;
  const open = i < n;
  const ancn = formatAncn('APP', i + 1);
  const id = `${s.code}-${ancn}`;
  const registeredAt = new Date(kzMoment('2026-03-02', '09:00').getTime() + (i % 900) * 3_600_000);
  const dueAt = addWorkingDays(registeredAt, 7);
  const stage = open ? s.stages[(i >> 2) % s.stages.length]! : 'closed';
  const pendingDueAt = addWorkingDays(registeredAt, 1 + (i % 3));
  return {
    id,
    serviceCode: s.code,
    workflowId: id,
    ancn,
    applicantRef: '180340001231',
    licensorBody: s.code === 'sme-registration' ? 'state-corporation' : 'ctrm',
    submittedAt: registeredAt,
    registeredAt,
    dueAt,
    calendarVersion: 'kz-calendar/2024-2027@1',
    stage,
    status: open ? 'open' : 'issued',
    slaState: open ? SLA[(i >> 3) % SLA.length]! : i % 7 === 0 ? 'missed' : 'met',
    waitingOn: open ? WAITING[(i >> 1) % WAITING.length]! : 'nobody',
    pendingActions: open ? [{ action: stage, by: 'staff', dueAt: pendingDueAt.toISOString() }] : [],
    nextDueAt: open && pendingDueAt < dueAt ? pendingDueAt : dueAt,
    closedAt: open ? null : addWorkingDays(registeredAt, 5),
  };
}

/** Through the store, as the worker writes: the row, then its stage with an audit event (the in-memory store). */
async function seedThroughStore(store: ApplicationStore, n: number): Promise<void> {
  const total = n + Math.floor(n / 10);
  for (let start = 0; start < total; start += 100) {
    const jobs: Promise<void>[] = [];
    for (let i = start; i < Math.min(total, start + 100); i++) {
      const c = caseAt(i, n);
      jobs.push(
        (async () => {
          await store.createApplication({
            id: c.id,
            serviceCode: c.serviceCode,
            workflowId: c.workflowId,
            ancn: c.ancn,
            applicantRef: c.applicantRef,
            licensorBody: c.licensorBody,
            submittedAt: c.submittedAt,
            registeredAt: c.registeredAt,
            dueAt: c.dueAt,
            calendarVersion: c.calendarVersion,
          });
          await store.updateApplication(
            c.id,
            { stage: c.stage, status: c.status, slaState: c.slaState, waitingOn: c.waitingOn, pendingActions: c.pendingActions },
            {
              actor: 'system',
              action: c.status === 'open' ? 'stage-entered' : 'case-closed',
              at: addWorkingDays(c.registeredAt, 2),
              details: { stage: c.stage },
              idempotencyKey: `${c.id}:1`,
            },
          );
        })(),
      );
    }
    await Promise.all(jobs);
  }
}

/**
 * SQLite and PostgreSQL: the rows in their final state, 500 per INSERT (100,000 rows one transaction each
 * would take an hour here); no audit events — neither page reads them.
 */
async function seedInBulk(client: PrismaClient, n: number): Promise<void> {
  const total = n + Math.floor(n / 10);
  for (let start = 0; start < total; start += 500) {
    const now = new Date();
    const rows = Array.from({ length: Math.min(total, start + 500) - start }, (_, k) => {
      const c = caseAt(start + k, n);
      return { ...c, resultDocumentAncn: null, updatedAt: now };
    });
    await client.application.createMany({ data: rows });
  }
}

async function measure(url: string, token: string): Promise<{ median: number; p95: number }> {
  const times: number[] = [];
  for (let i = 0; i < WARMUP + RUNS; i++) {
    const t0 = process.hrtime.bigint();
    const r = await fetch(url, { headers: { Authorization: `Bearer ${token}` } });
    const body = await r.text();
    if (!r.ok) throw new Error(`${url}: ${r.status} ${body.slice(0, 300)}`);
    if (i >= WARMUP) times.push(Number(process.hrtime.bigint() - t0) / 1e6);
  }
  times.sort((a, b) => a - b);
  return { median: times[Math.floor(times.length / 2)]!, p95: times[Math.ceil(times.length * 0.95) - 1]! };
}

interface Figures {
  overview: number;
  inbox: number;
  list: number;
}

async function run(kind: Kind, n: number, pg: () => Promise<TestPostgres>): Promise<Figures> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kz-bench-'));
  const databaseUrl = kind === 'postgresql' ? await (await pg()).createDatabase(`bench_${n}_${Date.now()}`) : undefined;
  const config = loadConfig({
    APP_ENV: 'test',
    DATA_DIR: dataDir,
    LOG_LEVEL: 'silent',
    WORKER_METRICS_URL: 'http://127.0.0.1:9/metrics',
    ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}),
  });
  let store: ApplicationStore;
  const t0 = Date.now();
  if (kind === 'memory') {
    store = new InMemoryApplicationStore(() => NOW);
    await seedThroughStore(store, n);
  } else {
    await migrate(config);
    const db = await openDatabase(config);
    store = db.store;
    await seedInBulk(db.client, n);
  }
  const seedMs = Date.now() - t0;
  const secret = crypto.randomBytes(32).toString('hex');
  const app = createApp({
    config,
    store,
    cases: noTemporal,
    modules: [flagEmblemLicenseModule, flagEmblemLicenseReissueModule, smeModule],
    auth: createAuthenticator({ secret, refuseDevTokens: false }),
    clock: () => NOW,
    logger: pino({ level: 'silent' }),
    // Reads only: nothing is submitted, so the checks before acceptance have nothing to read.
    preAcceptance: { stateDatabases: new InMemoryStateDatabases(), permits: new InMemoryPermitRegister() },
  });
  const server: Server = await new Promise((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const admin = mintToken(secret, { subject: 'bench-admin', role: 'admin' });
  const staff = mintToken(secret, { subject: 'bench-staff', role: 'staff', licensorBody: 'ctrm' });
  try {
    const overview = await measure(`${base}/v1/dashboard/overview`, admin);
    const inbox = await measure(`${base}/v1/inbox?limit=50`, staff);
    const list = await measure(`${base}/v1/applications?sla=at-risk,breached&state=open&sort=dueAt&limit=50`, admin);
    const fmt = (x: { median: number; p95: number }): string => `${x.median.toFixed(1).padStart(7)} ${x.p95.toFixed(1).padStart(7)}`;
    process.stdout.write(
      `${kind.padEnd(10)} ${String(n).padStart(7)}  ${fmt(overview)}  ${fmt(inbox)}  ${fmt(list)}   (seeded in ${(seedMs / 1000).toFixed(1)} s)\n`,
    );
    return { overview: overview.median, inbox: inbox.median, list: list.median };
  } finally {
    await new Promise<void>((r) => server.close(() => r()));
    await store.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  const [kindArg, sizeArg] = process.argv.slice(2);
  const kinds = kindArg ? kindArg.split(',').map((k) => z.enum(KINDS).parse(k)) : (['memory', 'sqlite'] as const);
  const sizes = sizeArg ? sizeArg.split(',').map(Number) : SIZES;
  let server: TestPostgres | undefined;
  const pg = async (): Promise<TestPostgres> => (server ??= await startTestPostgres());
  process.stdout.write(
    `${new Date().toISOString()}, ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, load ${os
      .loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}\n`,
  );
  process.stdout.write(`open cases across 3 services (+10 % closed); ${RUNS} requests each; ms\n`);
  process.stdout.write(`store        cases  overview median/p95   inbox median/p95   list(at-risk,breached by dueAt) median/p95\n`);
  const growth: string[] = [];
  try {
    for (const kind of kinds) {
      const figures: Array<{ n: number; f: Figures }> = [];
      for (const n of sizes) figures.push({ n, f: await run(kind, n, pg) });
      // How each median grows from one size to the next (×): 10× the cases should cost far less than 10× the time.
      for (let i = 1; i < figures.length; i++) {
        const [a, b] = [figures[i - 1]!, figures[i]!];
        const x = (k: keyof Figures): string => `${(b.f[k] / a.f[k]).toFixed(1)}×`;
        growth.push(`${kind.padEnd(10)} ${a.n} → ${b.n}: overview ${x('overview')}, inbox ${x('inbox')}, list ${x('list')}`);
      }
    }
  } finally {
    await server?.stop();
  }
  if (growth.length) process.stdout.write(`growth of the medians:\n${growth.map((g) => `  ${g}`).join('\n')}\n`);
}

main().catch((e: unknown) => {
  process.stderr.write(`${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  process.exit(1);
});

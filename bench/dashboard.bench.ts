/**
 * Benchmark (prints figures; not a timed test): the overview and the staff inbox with 1,000 and 10,000
 * open cases across services in the read model, on the in-memory store and on SQLite (the embedded
 * default). Target: under 300 ms at the median on this machine with 10,000 cases.
 *
 *   npx tsx bench/dashboard.bench.ts                 # both stores, 1,000 and 10,000 cases
 *   npx tsx bench/dashboard.bench.ts sqlite 10000    # one store, one size
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
import { createStore, InMemoryApplicationStore, migrate } from '../persistence';
import type { ApplicationStore } from '../persistence/port';
import { InMemoryStateDatabases } from '../adapters/state-databases/fake';
import { InMemoryPermitRegister } from '../register/permit-register-memory';

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

/** n open cases plus n/10 closed ones, spread over services, stages, SLA states and registration days. */
async function seed(store: ApplicationStore, n: number): Promise<void> {
  const total = n + Math.floor(n / 10);
  const batch = 100;
  for (let start = 0; start < total; start += batch) {
    const jobs: Promise<void>[] = [];
    for (let i = start; i < Math.min(total, start + batch); i++) {
      jobs.push(
        (async () => {
          const s = SERVICES[i % SERVICES.length]!;
          const open = i < n;
          const ancn = formatAncn('APP', i + 1);
          const id = `${s.code}-${ancn}`;
          const registeredAt = new Date(kzMoment('2026-03-02', '09:00').getTime() + (i % 900) * 3_600_000);
          const dueAt = addWorkingDays(registeredAt, 7);
          await store.createApplication({
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
          });
          const stage = open ? s.stages[(i >> 2) % s.stages.length]! : 'closed';
          await store.updateApplication(
            id,
            {
              stage,
              status: open ? 'open' : 'issued',
              slaState: open ? SLA[(i >> 3) % SLA.length]! : i % 7 === 0 ? 'missed' : 'met',
              waitingOn: open ? WAITING[(i >> 1) % WAITING.length]! : 'nobody',
              pendingActions: open ? [{ action: stage, by: 'staff', dueAt: addWorkingDays(registeredAt, 1 + (i % 3)).toISOString() }] : [],
            },
            {
              actor: 'system',
              action: open ? 'stage-entered' : 'case-closed',
              at: addWorkingDays(registeredAt, 2),
              details: { stage },
              idempotencyKey: `${id}:1`,
            },
          );
        })(),
      );
    }
    await Promise.all(jobs);
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

async function run(kind: 'memory' | 'sqlite', n: number): Promise<void> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kz-bench-'));
  const config = loadConfig({ APP_ENV: 'test', DATA_DIR: dataDir, LOG_LEVEL: 'silent', WORKER_METRICS_URL: 'http://127.0.0.1:9/metrics' });
  let store: ApplicationStore;
  if (kind === 'memory') store = new InMemoryApplicationStore(() => NOW);
  else {
    await migrate(config);
    store = await createStore(config);
  }
  const t0 = Date.now();
  await seed(store, n);
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
      `${kind.padEnd(7)} ${String(n).padStart(6)}  ${fmt(overview)}  ${fmt(inbox)}  ${fmt(list)}   (seeded in ${(seedMs / 1000).toFixed(1)} s)\n`,
    );
  } finally {
    await new Promise<void>((r) => server.close(() => r()));
    await store.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  const [kindArg, sizeArg] = process.argv.slice(2);
  const kinds: ReadonlyArray<'memory' | 'sqlite'> = kindArg === 'memory' || kindArg === 'sqlite' ? [kindArg] : ['memory', 'sqlite'];
  const sizes = sizeArg ? [Number(sizeArg)] : SIZES;
  process.stdout.write(`open cases across 3 services (+10 % closed); ${RUNS} requests each; ms\n`);
  process.stdout.write(`store    cases  overview median/p95   inbox median/p95   list(at-risk,breached by dueAt) median/p95\n`);
  for (const kind of kinds) for (const n of sizes) await run(kind, n);
}

main().catch((e: unknown) => {
  process.stderr.write(`${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  process.exit(1);
});

/**
 * `make fault-suite` (issue 16 item 2, short version): the embedded stack (Temporal dev server,
 * simulators, worker, API as separate processes on free ports and a data directory of their own) with
 * SME and Flag/Emblem cases in flight while faults are injected:
 *   - the worker and the API killed -9 at random moments and started again;
 *   - every outside system unavailable (all calls 503) for a while.
 * Then every case must have finished correctly (SME: registered, with its signed notification) or wait
 * where the law says (Flag/Emblem: fee paid, waiting for staff's completeness check, seed 003 ¶10), and
 * the simulators' ledgers must show nothing lost and nothing done twice (one account, one registration,
 * one invoice per case; no refund; no signature twice). It prints its figures and exits 1 on any loss.
 *
 * Knobs (environment): FAULT_SME (default 24), FAULT_FLAG_EMBLEM (12), FAULT_KILLS (4: kills of each of
 * worker and API), FAULT_OUTAGE_MS (15000), FAULT_SEED (random), FAULT_KEEP=1 keeps the data directory.
 */
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { z } from 'zod';
import { loadConfig, ROOT_DIR } from '../config';
import { configuredDevServer, startDevServer, waitForHttp } from './dev-server';
import { delay, spawnManaged, stopManaged, type ManagedProcess } from './process-group';
import { flagEmblemFeeWalkthrough, smeWalkthrough } from './walkthrough';

export interface FaultSuiteOptions {
  sme: number;
  flagEmblem: number;
  /** Kills of each of the worker and the API. */
  kills: number;
  outageMs: number;
  seed: number;
  keepData?: boolean;
  log?: (line: string) => void;
}

export interface FaultSuiteFigures {
  cases: number;
  finished: number;
  waitingWhereTheLawSays: number;
  lost: number;
  duplicated: number;
  faults: { workerKills: number; apiKills: number; outageMs: number };
  p50Ms: number;
  p99Ms: number;
  wallMs: number;
  problems: string[];
}

const LedgerState = z.object({
  bank: z.object({ accounts: z.array(z.object({ applicationId: z.string(), iban: z.string() })) }),
  insurer: z.object({ policies: z.array(z.object({ applicationId: z.string() })) }),
  paymentGateway: z.object({
    invoices: z.array(z.object({ applicationId: z.string(), invoiceId: z.string(), status: z.string() })),
    refunds: z.array(z.object({ invoiceId: z.string() })),
  }),
  digitalId: z.object({ signatures: z.array(z.object({ iin: z.string(), documentHash: z.string() })) }),
  legalEntityRegistry: z.object({ registrations: z.array(z.object({ applicationId: z.string(), bin: z.string() })) }),
});

/** Small deterministic PRNG (mulberry32): a run is repeatable with its FAULT_SEED. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as net.AddressInfo).port;
      srv.close(() => resolve(port));
    });
  });
}

/** fetch that rides out a restarting API or an outside outage: retries network errors and 502/503/504. */
function patientFetch(limitMs: number): typeof fetch {
  return async (input, init) => {
    const deadline = Date.now() + limitMs;
    for (;;) {
      try {
        const res = await fetch(input, { ...init, signal: AbortSignal.timeout(15_000) });
        if (![502, 503, 504].includes(res.status) || Date.now() > deadline) return res;
        await res.arrayBuffer().catch(() => undefined);
      } catch (e) {
        if (Date.now() > deadline) throw e;
      }
      await delay(400);
    }
  };
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? 0;
}

export async function runFaultSuite(o: FaultSuiteOptions): Promise<FaultSuiteFigures> {
  const log = o.log ?? ((l: string) => process.stdout.write(`${l}\n`));
  const random = prng(o.seed);
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kz-fault-suite-'));
  const logFile = fs.createWriteStream(path.join(dataDir, 'processes.log'));
  const [temporalPort, uiPort, apiPort, simPort, metricsPort] = [
    await freePort(),
    await freePort(),
    await freePort(),
    await freePort(),
    await freePort(),
  ];
  Object.assign(process.env, {
    APP_ENV: 'development',
    DATA_DIR: dataDir,
    TEMPORAL_ADDRESS: `127.0.0.1:${temporalPort}`,
    TEMPORAL_UI_PORT: String(uiPort),
    API_PORT: String(apiPort),
    SIMULATORS_PORT: String(simPort),
    WORKER_METRICS_PORT: String(metricsPort),
    SIMULATOR_LATENCY_MS: '0',
  });
  const config = loadConfig();
  const api = `http://127.0.0.1:${apiPort}`;
  const sims = `http://127.0.0.1:${simPort}`;
  const env = { ...process.env };
  const running = new Map<string, ManagedProcess>();
  const t0 = Date.now();
  const devServer = await startDevServer({ ...configuredDevServer(config), logLevel: 'error', output: logFile }, 120_000);

  const start = async (name: 'simulators' | 'worker' | 'api'): Promise<void> => {
    const entry = { simulators: 'simulators/main.ts', worker: 'worker.ts', api: 'api/main.ts' }[name];
    let ready!: () => void;
    const workerUp = new Promise<void>((r) => (ready = r));
    const proc = spawnManaged(name, process.execPath, ['--import', 'tsx', entry], {
      cwd: ROOT_DIR,
      env,
      output: logFile,
      onLine: (line) => {
        if (line.includes('"worker running"')) ready();
      },
    });
    running.set(name, proc);
    if (name === 'simulators') await waitForHttp(`${sims}/_health`, 120_000, proc);
    if (name === 'api') await waitForHttp(`${api}/healthz`, 120_000, proc);
    if (name === 'worker') await Promise.race([workerUp, delay(120_000)]);
  };
  const kill9 = async (name: 'worker' | 'api'): Promise<void> => {
    const proc = running.get(name);
    if (!proc) return;
    try {
      process.kill(-proc.pid, 'SIGKILL');
    } catch {
      // already gone
    }
    await proc.exited;
  };

  const figures: FaultSuiteFigures = {
    cases: o.sme + o.flagEmblem,
    finished: 0,
    waitingWhereTheLawSays: 0,
    lost: 0,
    duplicated: 0,
    faults: { workerKills: 0, apiKills: 0, outageMs: 0 },
    p50Ms: 0,
    p99Ms: 0,
    wallMs: 0,
    problems: [],
  };
  try {
    await start('simulators');
    await Promise.all([start('worker'), start('api')]);
    log(`fault suite: stack up in ${Date.now() - t0} ms (data ${dataDir}, seed ${o.seed})`);

    const walk = {
      apiUrl: api,
      simulatorsUrl: sims,
      credentialsFile: path.join(dataDir, 'dev-credentials.json'),
      log: () => undefined,
      stepTimeoutMs: 240_000,
      fetch: patientFetch(240_000),
    };
    const durations: number[] = [];
    const expected = new Map<string, 'sme' | 'flag-emblem'>();
    const flows: Array<Promise<void>> = [];
    const kinds: Array<'sme' | 'flag-emblem'> = [
      ...Array<'sme'>(o.sme).fill('sme'),
      ...Array<'flag-emblem'>(o.flagEmblem).fill('flag-emblem'),
    ];
    for (let i = kinds.length - 1; i > 0; i -= 1) {
      const j = Math.floor(random() * (i + 1));
      [kinds[i], kinds[j]] = [kinds[j] ?? 'sme', kinds[i] ?? 'sme'];
    }
    for (const [i, kind] of kinds.entries()) {
      flows.push(
        (async () => {
          await delay(Math.floor(random() * 8_000)); // arrivals spread over the first seconds, among the faults
          const t = Date.now();
          try {
            if (kind === 'sme') {
              const r = await smeWalkthrough(walk);
              expected.set(r.applicationId, 'sme');
              if (r.outcome === 'issued' && r.bin) figures.finished += 1;
              else figures.problems.push(`${r.applicationId}: ended ${r.outcome}`);
            } else {
              const r = await flagEmblemFeeWalkthrough({ ...walk, key: `fault-suite-${o.seed}-${i}` });
              expected.set(r.applicationId, 'flag-emblem');
              if (r.stage === 'completeness-check') figures.waitingWhereTheLawSays += 1;
              else figures.problems.push(`${r.applicationId}: paid but at ${r.stage}`);
            }
            durations.push(Date.now() - t);
          } catch (e) {
            figures.lost += 1;
            figures.problems.push(`${kind} case ${i}: ${e instanceof Error ? e.message : String(e)}`);
          }
        })(),
      );
    }

    // The faults, while the cases run: kills of worker and API at random moments, one outage.
    const faults = (async () => {
      const plan: Array<'worker' | 'api' | 'outage'> = [];
      for (let k = 0; k < o.kills; k += 1) plan.push('worker', 'api');
      if (o.outageMs > 0) plan.splice(Math.floor(random() * (plan.length + 1)), 0, 'outage');
      for (const f of plan) {
        await delay(1_000 + Math.floor(random() * 4_000));
        if (f === 'outage') {
          const body = (b: unknown) => ({ method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(b) });
          await fetch(`${sims}/_control/faults`, body({ errorRate: 1 }));
          log(`  fault: every outside system answers 503 for ${o.outageMs} ms`);
          await delay(o.outageMs);
          await fetch(`${sims}/_control/faults`, body({ errorRate: 0 }));
          figures.faults.outageMs += o.outageMs;
          continue;
        }
        await kill9(f);
        log(`  fault: kill -9 ${f} at +${Date.now() - t0} ms`);
        if (f === 'worker') figures.faults.workerKills += 1;
        else figures.faults.apiKills += 1;
        await start(f);
      }
    })();
    const tFlows = Date.now();
    await Promise.all([...flows, faults]);
    figures.wallMs = Date.now() - tFlows;

    // The ledgers: nothing done twice for any case.
    const state = LedgerState.parse(await (await fetch(`${sims}/_state`)).json());
    const countBy = <T>(items: T[], key: (t: T) => string): Map<string, number> => {
      const m = new Map<string, number>();
      for (const it of items) m.set(key(it), (m.get(key(it)) ?? 0) + 1);
      return m;
    };
    const twice = (what: string, m: Map<string, number>): void => {
      for (const [k, n] of m)
        if (n > 1) {
          figures.duplicated += n - 1;
          figures.problems.push(`${what} ${k}: ${n} times`);
        }
    };
    twice(
      'bank account for',
      countBy(state.bank.accounts, (a) => a.applicationId),
    );
    twice(
      'IBAN',
      countBy(state.bank.accounts, (a) => a.iban),
    );
    twice(
      'insurance policy for',
      countBy(state.insurer.policies, (p) => p.applicationId),
    );
    twice(
      'registration of',
      countBy(state.legalEntityRegistry.registrations, (r) => r.applicationId),
    );
    twice(
      'BIN',
      countBy(state.legalEntityRegistry.registrations, (r) => r.bin),
    );
    twice(
      'invoice for',
      countBy(state.paymentGateway.invoices, (i) => i.applicationId),
    );
    twice(
      'signature',
      countBy(state.digitalId.signatures, (s) => `${s.iin}/${s.documentHash}`),
    );
    if (state.paymentGateway.refunds.length > 0) {
      figures.duplicated += state.paymentGateway.refunds.length;
      figures.problems.push(`${state.paymentGateway.refunds.length} refunds (a fee taken and given back)`);
    }
    // And nothing lost: every finished SME case has its account and registration; every fee its paid invoice.
    for (const [id, kind] of expected) {
      const has = (n: number | undefined, what: string): void => {
        if (n !== 1) {
          figures.lost += 1;
          figures.problems.push(`${id}: ${what} ${n ?? 0} times`);
        }
      };
      if (kind === 'sme') {
        has(state.bank.accounts.filter((a) => a.applicationId === id).length, 'bank account');
        has(state.legalEntityRegistry.registrations.filter((r) => r.applicationId === id).length, 'registration');
      } else {
        has(state.paymentGateway.invoices.filter((i) => i.applicationId === id && i.status === 'paid').length, 'paid invoice');
      }
    }
    durations.sort((a, b) => a - b);
    figures.p50Ms = percentile(durations, 50);
    figures.p99Ms = percentile(durations, 99);
    return figures;
  } finally {
    for (const name of ['api', 'worker', 'simulators'] as const) {
      const proc = running.get(name);
      if (proc) await stopManaged(proc, 5_000);
    }
    await stopManaged(devServer.process, 5_000);
    logFile.end();
    if (!o.keepData) fs.rmSync(dataDir, { recursive: true, force: true });
    else log(`fault suite: data and process logs kept in ${dataDir}`);
  }
}

export function formatFigures(f: FaultSuiteFigures): string {
  return [
    `fault suite: ${f.cases} cases — ${f.finished} finished, ${f.waitingWhereTheLawSays} waiting where the law says; ` +
      `lost ${f.lost}, duplicated ${f.duplicated}`,
    `  faults injected: worker kill -9 ×${f.faults.workerKills}, API kill -9 ×${f.faults.apiKills}, ` +
      `outside systems down ${f.faults.outageMs} ms`,
    `  case time p50 ${f.p50Ms} ms, p99 ${f.p99Ms} ms; all cases in ${f.wallMs} ms`,
    ...f.problems.slice(0, 20).map((p) => `  problem: ${p}`),
  ].join('\n');
}

if (require.main === module) {
  const n = (name: string, d: number): number => (process.env[name] === undefined ? d : Number(process.env[name]));
  runFaultSuite({
    sme: n('FAULT_SME', 24),
    flagEmblem: n('FAULT_FLAG_EMBLEM', 12),
    kills: n('FAULT_KILLS', 4),
    outageMs: n('FAULT_OUTAGE_MS', 15_000),
    seed: n('FAULT_SEED', Math.floor(Math.random() * 1e9)),
    keepData: process.env.FAULT_KEEP === '1',
  }).then(
    (f) => {
      process.stdout.write(`${formatFigures(f)}\n`);
      process.exit(f.lost === 0 && f.duplicated === 0 && f.problems.length === 0 ? 0 : 1);
    },
    (e: unknown) => {
      process.stderr.write(`fault suite failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
      process.exit(1);
    },
  );
}

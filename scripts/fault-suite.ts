/**
 * `make fault-suite` (issue 16 item 2): cases of every service in flight (scripts/fault-scenarios.ts: SME,
 * the Flag/Emblem license, its duplicate and re-issue, the MNE S1–S5 licences and permit at the State
 * Corporation counter and from the portal, NCA certificates at the counter and by a signed portal request,
 * revocation both ways, complaints) while faults are injected at random moments:
 *   - worker-kill      a worker killed -9 and started again (cluster: one of the two);
 *   - api-kill         an API killed -9 and started again (cluster: one of the two behind the round-robin);
 *   - temporal-restart the Temporal server killed -9 and started again on its state (dev server: SQLite file;
 *                      cluster: PostgreSQL);
 *   - unavailable      every outside system answers 503 (POST /_control/faults {errorRate: 1});
 *   - stall            every outside system accepts the call and answers only after FAULT_STALL_MS, longer
 *                      than every client's timeout ({stallMs}): activities time out and retry, and the
 *                      stalled first call still lands later, which is what idempotency must absorb.
 * Then it checks every case finished correctly or waits where the law says, the simulators' ledgers and the
 * read model (one account, registration and invoice per case, no refund, no signature twice, one register
 * entry per licence, a re-issued license replaced once by its re-issue's entry, one certificate per case
 * and profile and per public key, one revocation per serial, one complaint per filing), and that
 * every case flagged at risk or breached has the flag in its audit trail with its cause. It prints its
 * figures per fault class and exits 1 on any loss, duplicate or unexplained flag.
 *
 * Knobs (environment): FAULT_STACK=embedded|cluster (make fault-suite STACK=cluster), FAULT_FULL=1 (the full
 * version: 240 cases, 10-minute outage and stall), FAULT_CASES (cases, spread over the scenarios),
 * FAULT_KILLS (kills of each kind), FAULT_TEMPORAL_RESTARTS, FAULT_OUTAGE_MS, FAULT_STALL_MS (how long a
 * call hangs), FAULT_STALL_WINDOW_MS (how long the stall lasts), FAULT_ARRIVAL_MS (arrivals spread),
 * FAULT_SEED, FAULT_KEEP=1 (keep the data directory and every process's log), FAULT_SCENARIOS (a comma-separated
 * subset of the scenarios).
 */
import { createHash, X509Certificate } from 'node:crypto';
import fs from 'node:fs';
import { z } from 'zod';
import { runScenario, SCENARIOS, newRunId, type Scenario, type ScenarioCase } from './fault-scenarios';
import { startClusterStack, startEmbeddedStack, type FaultStack } from './fault-stack';
import { delay } from './process-group';

export const FAULT_CLASSES = ['worker-kill', 'api-kill', 'temporal-restart', 'unavailable', 'stall'] as const;
export type FaultClass = (typeof FAULT_CLASSES)[number];

export interface FaultSuiteOptions {
  stack: 'embedded' | 'cluster';
  cases: number;
  /** Kills of each of worker and API. */
  kills: number;
  temporalRestarts: number;
  outageMs: number;
  stallWindowMs: number;
  stallMs: number;
  arrivalMs: number;
  seed: number;
  /** Scenarios to run (default: all). */
  scenarios?: Scenario[];
  keepData?: boolean;
  log?: (line: string) => void;
}

export interface ClassFigures {
  injected: number;
  /** Cases in flight while this fault class was injected. */
  cases: number;
  lost: number;
  duplicated: number;
  p50Ms: number;
  p99Ms: number;
}

export interface FaultSuiteFigures {
  stack: string;
  cases: number;
  scenarios: Record<string, number>;
  finished: number;
  waitingWhereTheLawSays: number;
  lost: number;
  duplicated: number;
  /** Cases flagged at risk / breached (read model) and how many of them carry the flag's cause in their audit. */
  flagged: number;
  flaggedWithCause: number;
  counterBreaches: number;
  /** Cases that ended failed with the ¶15 report (an outside system down through the bounded retry). */
  technicalFailures: number;
  perClass: Record<FaultClass, ClassFigures>;
  unplannedExits: string[];
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

/** Small deterministic PRNG (mulberry32): a run's plan is repeatable with its FAULT_SEED. */
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

/** fetch that rides out a restarting API or an outside outage: retries network errors and 502/503/504. */
function patientFetch(limitMs: number): typeof fetch {
  return async (input, init) => {
    const deadline = Date.now() + limitMs;
    for (;;) {
      try {
        const res = await fetch(input, { ...init, signal: AbortSignal.timeout(30_000) });
        // The body inside the try: the 30-s signal also covers reading it, and a read cut off by it is
        // retried like any other timeout instead of escaping this loop.
        const body = await res.arrayBuffer();
        if (![502, 503, 504].includes(res.status) || Date.now() > deadline)
          return new Response(res.status === 204 || res.status === 304 ? null : body, {
            status: res.status,
            statusText: res.statusText,
            headers: res.headers,
          });
      } catch (e) {
        if (Date.now() > deadline) throw e;
      }
      await delay(500);
    }
  };
}

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? 0;
}

interface Flow {
  scenario: Scenario;
  index: number;
  startedAt: number;
  endedAt?: number;
  cases: ScenarioCase[];
  lost: number;
  duplicated: number;
}

export async function runFaultSuite(o: FaultSuiteOptions): Promise<FaultSuiteFigures> {
  const log = o.log ?? ((l: string) => process.stdout.write(`${l}\n`));
  const random = prng(o.seed);
  const t0 = Date.now();
  const stack: FaultStack = o.stack === 'cluster' ? await startClusterStack(log) : await startEmbeddedStack(log);
  log(`fault suite (${stack.kind}): stack up in ${Date.now() - t0} ms (data ${stack.dataDir}, seed ${o.seed})`);
  const windows: Array<{ cls: FaultClass; from: number; to: number }> = [];
  const perClass = Object.fromEntries(
    FAULT_CLASSES.map((c) => [c, { injected: 0, cases: 0, lost: 0, duplicated: 0, p50Ms: 0, p99Ms: 0 }]),
  ) as Record<FaultClass, ClassFigures>;
  const figures: FaultSuiteFigures = {
    stack: stack.kind,
    cases: 0,
    scenarios: {},
    finished: 0,
    waitingWhereTheLawSays: 0,
    lost: 0,
    duplicated: 0,
    flagged: 0,
    flaggedWithCause: 0,
    counterBreaches: 0,
    technicalFailures: 0,
    perClass,
    unplannedExits: stack.unplannedExits,
    p50Ms: 0,
    p99Ms: 0,
    wallMs: 0,
    problems: [],
  };
  try {
    const ctx = {
      api: stack.api,
      sims: stack.sims,
      credentialsFile: stack.credentialsFile,
      fetch: patientFetch(900_000),
      run: newRunId(),
      stepTimeoutMs: Math.max(300_000, o.outageMs + o.stallWindowMs + 240_000),
      pollMs: Math.max(400, o.cases * 8),
    };
    const kinds = o.scenarios ?? [...SCENARIOS];
    const flows: Flow[] = [];
    const running: Array<Promise<void>> = [];
    for (let i = 0; i < o.cases; i += 1) {
      const scenario = kinds[i % kinds.length] ?? 'sme';
      const flow: Flow = { scenario, index: i, startedAt: 0, cases: [], lost: 0, duplicated: 0 };
      flows.push(flow);
      running.push(
        (async () => {
          await delay(Math.floor(random() * o.arrivalMs)); // arrivals spread among the faults
          flow.startedAt = Date.now();
          try {
            flow.cases = await runScenario(scenario, ctx, `${scenario}-${i}`, Math.floor(i / kinds.length));
          } catch (e) {
            flow.lost += 1;
            figures.problems.push(`${scenario} #${i}: ${e instanceof Error ? e.message : String(e)}`);
          }
          flow.endedAt = Date.now();
        })(),
      );
    }

    // The faults, while the cases run, in a random order at random moments.
    const outsideFaults = async (cls: 'unavailable' | 'stall', ms: number): Promise<void> => {
      const post = (b: unknown) =>
        fetch(`${stack.sims}/_control/faults`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(b),
        });
      const from = Date.now();
      await post(cls === 'unavailable' ? { errorRate: 1 } : { stallMs: o.stallMs });
      log(`  fault: every outside system ${cls === 'unavailable' ? 'answers 503' : `hangs ${o.stallMs} ms per call`} for ${ms} ms`);
      await delay(ms);
      await post(cls === 'unavailable' ? { errorRate: 0 } : { stallMs: 0 });
      windows.push({ cls, from, to: Date.now() });
      perClass[cls].injected += 1;
    };
    const faults = (async () => {
      const plan: Array<FaultClass> = [];
      for (let k = 0; k < o.kills; k += 1) plan.push('worker-kill', 'api-kill');
      for (let k = 0; k < o.temporalRestarts; k += 1) plan.push('temporal-restart');
      for (let i = plan.length - 1; i > 0; i -= 1) {
        const j = Math.floor(random() * (i + 1));
        [plan[i], plan[j]] = [plan[j] ?? 'worker-kill', plan[i] ?? 'worker-kill'];
      }
      // The outside systems go down, then come back slow (the stall follows the outage at once): a counter
      // visit whose look-ups span both passes the 20-minute limit in the full version, and the breach must
      // be recorded with its cause.
      const outside: FaultClass[] = [
        ...(o.outageMs > 0 ? (['unavailable'] as const) : []),
        ...(o.stallWindowMs > 0 ? (['stall'] as const) : []),
      ];
      plan.splice(Math.floor(random() * (plan.length + 1)), 0, ...outside);
      const gap = Math.max(1_000, Math.floor(o.arrivalMs / Math.max(1, plan.length)));
      for (const [i, cls] of plan.entries()) {
        if (!(cls === 'stall' && plan[i - 1] === 'unavailable')) await delay(Math.floor(gap / 2 + random() * gap));
        if (cls === 'unavailable') await outsideFaults(cls, o.outageMs);
        else if (cls === 'stall') await outsideFaults(cls, o.stallWindowMs);
        else {
          const from = Date.now();
          const names = cls === 'temporal-restart' ? ['temporal'] : stack.parts[cls === 'worker-kill' ? 'worker' : 'api'];
          const name = names[Math.floor(random() * names.length)] ?? names[0] ?? 'worker';
          log(`  fault: kill -9 ${name} at +${Date.now() - t0} ms`);
          if (cls === 'temporal-restart') await stack.restartTemporal();
          else await stack.kill9(name);
          windows.push({ cls, from, to: Date.now() });
          perClass[cls].injected += 1;
          log(`    ${name} back after ${Date.now() - from} ms`);
        }
      }
    })();
    const tFlows = Date.now();
    await Promise.all([...running, faults]);
    figures.wallMs = Date.now() - tFlows;

    // Every case: finished, or waiting where the law says.
    const byCase = new Map<string, { flow: Flow; c: ScenarioCase }>();
    for (const flow of flows) {
      figures.scenarios[flow.scenario] = (figures.scenarios[flow.scenario] ?? 0) + Math.max(1, flow.cases.length);
      for (const c of flow.cases) {
        byCase.set(c.applicationId, { flow, c });
        if (c.state === 'finished') figures.finished += 1;
        else figures.waitingWhereTheLawSays += 1;
      }
      figures.cases += Math.max(1, flow.cases.length);
      figures.lost += flow.lost;
    }
    await checkLedgers(stack, byCase, figures, flows.filter((f) => f.scenario === 'flag-emblem-reissue').length);
    await checkFlags(stack, byCase, figures);

    const durations = flows.filter((f) => f.endedAt && f.lost === 0).map((f) => (f.endedAt ?? 0) - f.startedAt);
    durations.sort((a, b) => a - b);
    figures.p50Ms = percentile(durations, 50);
    figures.p99Ms = percentile(durations, 99);
    for (const cls of FAULT_CLASSES) {
      const exposed = flows.filter((f) => windows.some((w) => w.cls === cls && f.startedAt <= w.to && (f.endedAt ?? Infinity) >= w.from));
      const d = exposed
        .filter((f) => f.lost === 0)
        .map((f) => (f.endedAt ?? 0) - f.startedAt)
        .sort((a, b) => a - b);
      Object.assign(perClass[cls], {
        cases: exposed.length,
        lost: exposed.reduce((n, f) => n + f.lost, 0),
        duplicated: exposed.reduce((n, f) => n + f.duplicated, 0),
        p50Ms: percentile(d, 50),
        p99Ms: percentile(d, 99),
      });
    }
    return figures;
  } finally {
    await stack.stop();
    // A run that found something keeps its evidence: the API's log names each 500's cause by request id.
    const found = figures.problems.length > 0 || figures.lost > 0 || figures.duplicated > 0;
    if (!o.keepData && !found) fs.rmSync(stack.dataDir, { recursive: true, force: true });
    else log(`fault suite: data and process logs kept in ${stack.dataDir}${found && !o.keepData ? ' (it found problems)' : ''}`);
  }
}

async function checkLedgers(
  stack: FaultStack,
  byCase: Map<string, { flow: Flow; c: ScenarioCase }>,
  f: FaultSuiteFigures,
  /** Flows of the re-issue scenario: each has staff enter one license in the register (POST /v1/register/permits). */
  reissueFlows: number,
): Promise<void> {
  const state = LedgerState.parse(await (await fetch(`${stack.sims}/_state`)).json());
  const twice = (what: string, keys: string[], caseOf: (k: string) => string | undefined = (k) => k): void => {
    const m = new Map<string, number>();
    for (const k of keys) m.set(k, (m.get(k) ?? 0) + 1);
    for (const [k, n] of m)
      if (n > 1) {
        f.duplicated += n - 1;
        const flow = byCase.get(caseOf(k) ?? '')?.flow;
        if (flow) flow.duplicated += n - 1;
        f.problems.push(`${what} ${k}: ${n} times`);
      }
  };
  twice(
    'bank account for',
    state.bank.accounts.map((a) => a.applicationId),
  );
  twice(
    'IBAN',
    state.bank.accounts.map((a) => a.iban),
    () => undefined,
  );
  twice(
    'insurance policy for',
    state.insurer.policies.map((p) => p.applicationId),
  );
  twice(
    'registration of',
    state.legalEntityRegistry.registrations.map((r) => r.applicationId),
  );
  twice(
    'BIN',
    state.legalEntityRegistry.registrations.map((r) => r.bin),
    () => undefined,
  );
  twice(
    'invoice for',
    state.paymentGateway.invoices.map((i) => i.applicationId),
  );
  twice(
    'signature',
    state.digitalId.signatures.map((s) => `${s.iin}/${s.documentHash}`),
    () => undefined,
  );
  if (state.paymentGateway.refunds.length > 0) {
    f.duplicated += state.paymentGateway.refunds.length;
    f.problems.push(`${state.paymentGateway.refunds.length} refunds (a fee taken and given back)`);
  }
  // seed 003 ¶15: the support desk's technical-failure reports (the monitoring simulator), per ANCN.
  const reports = z
    .object({ items: z.array(z.object({ applicationAncn: z.string() })) })
    .parse(await (await fetch(`${stack.sims}/monitoring/technical-failures`)).json()).items;
  const ancnOf = (c: ScenarioCase): string => /; (\S+)$/.exec(c.where)?.[1] ?? '';
  twice(
    'technical-failure report for',
    reports.map((r) => r.applicationAncn),
    () => undefined,
  );
  f.technicalFailures = [...byCase.values()].filter(({ c }) => c.expect.technicalFailureReports !== undefined).length;
  // The read model: the register, the NCA's certificates and revocations.
  const entries = await stack.rows('SELECT ancn, application_id, status, previous_ancn, replaced_by_ancn FROM register_entry');
  const certs = await stack.rows(
    "SELECT case_id, profile, serial, status, cert_pem FROM nca_certificate WHERE case_id IS NOT NULL AND case_id <> 'system'",
  );
  const revocations = await stack.rows('SELECT serial, case_id FROM nca_revocation');
  twice(
    'register entry for',
    entries.filter((e) => e.application_id !== null && e.application_id !== undefined).map((e) => String(e.application_id)),
  );
  // The licenses staff entered by hand (no application): one per re-issue flow at most, however often it was retried.
  const entered = entries.filter((e) => e.application_id === null || e.application_id === undefined).length;
  if (entered > reissueFlows) {
    f.duplicated += entered - reissueFlows;
    f.problems.push(`${entered} licenses entered by staff for ${reissueFlows} re-issue flows`);
  }
  // A license re-issued twice (two entries replacing one): charged to the case whose entry replaces it.
  const reissuedBy = new Map(entries.filter((e) => e.previous_ancn).map((e) => [String(e.previous_ancn), String(e.application_id)]));
  twice(
    're-issue of',
    entries.filter((e) => e.previous_ancn).map((e) => String(e.previous_ancn)),
    (k) => reissuedBy.get(k),
  );
  twice(
    'certificate',
    certs.map((c) => `${String(c.case_id)}/${String(c.profile)}`),
    (k) => k.split('/')[0],
  );
  // One certificate per key: every flow makes its own key pairs, so a public key certified twice is an issue done twice.
  const keyOf = (pem: unknown): string =>
    createHash('sha256')
      .update(new X509Certificate(String(pem)).publicKey.export({ type: 'spki', format: 'der' }))
      .digest('hex');
  const caseOfKey = new Map(certs.map((c) => [keyOf(c.cert_pem), String(c.case_id)]));
  twice(
    'certificate of the public key',
    certs.map((c) => keyOf(c.cert_pem)),
    (k) => caseOfKey.get(k),
  );
  twice(
    'revocation of',
    revocations.map((r) => String(r.serial)),
    () => undefined,
  );

  // Nothing lost: each case has what its scenario says, once.
  for (const [id, { flow, c }] of byCase) {
    const has = (n: number, want: number | undefined, what: string): void => {
      if (want !== undefined && n < want) {
        f.lost += 1;
        flow.lost += 1;
        f.problems.push(`${id} (${c.service}): ${what} ${n} times, expected ${want}`);
      }
    };
    has(state.bank.accounts.filter((a) => a.applicationId === id).length, c.expect.bankAccounts, 'bank account');
    has(state.legalEntityRegistry.registrations.filter((r) => r.applicationId === id).length, c.expect.registrations, 'registration');
    has(
      state.paymentGateway.invoices.filter((i) => i.applicationId === id && i.status === 'paid').length,
      c.expect.paidInvoices,
      'paid invoice',
    );
    has(entries.filter((e) => e.application_id === id).length, c.expect.registerEntries, 'register entry');
    has(certs.filter((x) => x.case_id === id).length, c.expect.certificates, 'certificate');
    if (c.expect.reissuedAncn !== undefined) {
      const mine = entries.find((e) => e.application_id === id);
      const old = entries.find((e) => e.ancn === c.expect.reissuedAncn);
      has(
        mine && old && mine.previous_ancn === old.ancn && old.status === 're-issued' && old.replaced_by_ancn === mine.ancn ? 1 : 0,
        1,
        `${c.expect.reissuedAncn} re-issued as this case's entry`,
      );
    }
    for (const serial of c.expect.revokedSerials ?? []) {
      const cert = certs.find((x) => String(x.serial).toLowerCase() === serial);
      has(cert?.status === 'revoked' ? 1 : 0, 1, `certificate ${serial} revoked`);
    }
    has(
      reports.filter((r) => r.applicationAncn === ancnOf(c)).length,
      c.expect.technicalFailureReports,
      'technical-failure report (seed 003 ¶15)',
    );
    if (c.expect.complaints !== undefined) {
      const token = JSON.parse(fs.readFileSync(stack.credentialsFile, 'utf8')) as { credentials: Array<{ role: string; token: string }> };
      const portal = token.credentials.find((x) => x.role === 'portal')?.token ?? '';
      const res = await fetch(`${stack.api}/v1/applications/${id}/complaints`, { headers: { authorization: `Bearer ${portal}` } });
      const body = (await res.json()) as { items?: unknown[] };
      const n = body.items?.length ?? 0;
      has(n, c.expect.complaints, 'complaint');
      if (n > c.expect.complaints) {
        f.duplicated += n - c.expect.complaints;
        flow.duplicated += n - c.expect.complaints;
        f.problems.push(`${id}: ${n} complaints for one filing`);
      }
    }
  }
}

/** Every case the SLA watch flagged (at risk, breached, missed) has the flag in its audit trail with a cause. */
async function checkFlags(stack: FaultStack, byCase: Map<string, { flow: Flow; c: ScenarioCase }>, f: FaultSuiteFigures): Promise<void> {
  const flagged = (await stack.rows("SELECT id, sla_state FROM application WHERE sla_state IN ('at-risk', 'breached', 'missed')")).filter(
    (r) => byCase.has(String(r.id)),
  );
  const audit = await stack.rows("SELECT application_id, action, details FROM audit_event WHERE action IN ('sla-at-risk', 'sla-breached')");
  f.flagged = flagged.length;
  for (const r of flagged) {
    const causes = audit
      .filter((a) => a.application_id === r.id)
      .map(
        (a) =>
          (typeof a.details === 'string' ? (JSON.parse(a.details) as { cause?: string }) : (a.details as { cause?: string } | null))?.cause,
      )
      .filter((c): c is string => typeof c === 'string' && c.length > 0);
    if (causes.length > 0) f.flaggedWithCause += 1;
    else f.problems.push(`${String(r.id)} is ${String(r.sla_state)} with no audit event naming the cause`);
  }
  const breaches = await stack.rows('SELECT subject_id, kind, cause FROM counter_sla_breach');
  f.counterBreaches = breaches.length;
  for (const b of breaches) if (!b.cause) f.problems.push(`counter breach ${String(b.kind)} of ${String(b.subject_id)} has no cause`);
}

const s = (ms: number): string => `${(ms / 1000).toFixed(1)} s`;

export function formatFigures(f: FaultSuiteFigures): string {
  return [
    `fault suite (${f.stack}): ${f.cases} cases — ${f.finished} finished, ${f.waitingWhereTheLawSays} waiting where the law says; ` +
      `lost ${f.lost}, duplicated ${f.duplicated}`,
    `  scenarios: ${Object.entries(f.scenarios)
      .map(([k, n]) => `${k} ${n}`)
      .join(', ')}`,
    `  case time p50 ${s(f.p50Ms)}, p99 ${s(f.p99Ms)}; all cases in ${s(f.wallMs)}`,
    `  ended failed with the seed 003 ¶15 technical-failure report (counted as finished): ${f.technicalFailures}`,
    `  SLA flags: ${f.flagged} cases at risk/breached, ${f.flaggedWithCause} with their cause in the audit; counter breaches ${f.counterBreaches}`,
    '  fault class       injected  cases  lost  dup   p50      p99',
    ...FAULT_CLASSES.map((c) => {
      const x = f.perClass[c];
      return `  ${c.padEnd(17)} ${String(x.injected).padStart(8)} ${String(x.cases).padStart(6)} ${String(x.lost).padStart(5)} ${String(x.duplicated).padStart(4)}   ${s(x.p50Ms).padEnd(8)} ${s(x.p99Ms)}`;
    }),
    ...(f.unplannedExits.length > 0 ? [`  parts that exited on their own (started again): ${f.unplannedExits.join(', ')}`] : []),
    ...f.problems.slice(0, 30).map((p) => `  problem: ${p}`),
  ].join('\n');
}

/** FAULT_SCENARIOS=nca-counter,complaint: only these scenarios (to chase one path's failure). */
function scenariosOf(list: string): Scenario[] {
  const names = list
    .split(',')
    .map((x) => x.trim())
    .filter(Boolean);
  const unknown = names.filter((x) => !(SCENARIOS as readonly string[]).includes(x));
  if (unknown.length > 0) throw new Error(`FAULT_SCENARIOS: unknown ${unknown.join(', ')} (known: ${SCENARIOS.join(', ')})`);
  return names as Scenario[];
}

export function optionsFromEnv(env: NodeJS.ProcessEnv = process.env): FaultSuiteOptions {
  const full = env.FAULT_FULL === '1';
  const n = (name: string, d: number): number => (env[name] === undefined || env[name] === '' ? d : Number(env[name]));
  const stack = (env.FAULT_STACK ?? 'embedded') === 'cluster' ? 'cluster' : 'embedded';
  return {
    stack,
    cases: n('FAULT_CASES', full ? 240 : 24),
    kills: n('FAULT_KILLS', full ? 6 : 2),
    temporalRestarts: n('FAULT_TEMPORAL_RESTARTS', full ? 2 : 1),
    outageMs: n('FAULT_OUTAGE_MS', full ? 600_000 : 15_000),
    stallWindowMs: n('FAULT_STALL_WINDOW_MS', full ? 600_000 : 20_000),
    stallMs: n('FAULT_STALL_MS', 45_000),
    arrivalMs: n('FAULT_ARRIVAL_MS', full ? 900_000 : 30_000),
    seed: n('FAULT_SEED', Math.floor(Math.random() * 1e9)),
    keepData: env.FAULT_KEEP === '1',
    ...(env.FAULT_SCENARIOS ? { scenarios: scenariosOf(env.FAULT_SCENARIOS) } : {}),
  };
}

if (require.main === module) {
  runFaultSuite(optionsFromEnv()).then(
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

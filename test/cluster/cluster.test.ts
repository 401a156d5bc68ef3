/**
 * In `make test` (which builds the server first, `make setup-cluster`) and alone as `make test-cluster`:
 * the cluster profile for real — `make start-cluster`'s script on free ports and a data directory of its
 * own brings up PostgreSQL, the Temporal server 1.29.1 on it, two workers and two APIs behind the
 * round-robin; the SME walk-through runs through the round-robin, a Flag/Emblem application is accepted
 * through the API (checks against the state databases, the fee invoiced and paid at the simulated
 * gateway, the case in the dashboard's overview from the PostgreSQL read model and listed by its search
 * attribute through Temporal's SQL visibility; staff steps depend on the hour the case registers, ¶9);
 * both APIs answer on their own ports; Ctrl-C-equivalent SIGTERM leaves no process behind; a second
 * start reuses the data (schema already there) and still serves the case.
 *
 * Skipped unless CLUSTER_TEST=1 (both make targets set it) and the server has been built.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { z } from 'zod';
import { exampleOf } from '../../api/openapi';
import { flagEmblemLicenseModule } from '../../services/flag-emblem/license-api';
import { smeWalkthrough } from '../../scripts/walkthrough';
import { freeClusterPorts, stackEnv } from '../../scripts/ports';
import { eventually } from '../helpers/dev-server';
import { ROOT } from '../helpers/temporal';

const SERVER = path.join(ROOT, '.tools', 'temporal-server-v1.29.1', 'bin', 'temporal-server');
const enabled = process.env.CLUSTER_TEST === '1' && fs.existsSync(SERVER);
const maybe = enabled ? test : test.skip;

const Credentials = z.object({
  credentials: z.array(z.object({ role: z.string(), subject: z.string(), token: z.string(), licensorBody: z.string().optional() })),
});
const Accepted = z.object({ applicationId: z.string(), dueAt: z.string() });
const Status = z.object({
  stage: z.string(),
  outcome: z.string(),
  details: z.record(z.string(), z.unknown()),
});
const Fee = z.object({ status: z.string(), payUrl: z.string().optional() });
const Overview = z.object({ services: z.array(z.object({ serviceCode: z.string(), open: z.number() })) });

interface Cluster {
  child: ChildProcess;
  output: () => string;
  stop(): Promise<number | null>;
}

function startCluster(env: NodeJS.ProcessEnv): Promise<Cluster> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/start-cluster.ts'], {
    cwd: ROOT,
    env,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (output += d.toString()));
  const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
  const stop = async (): Promise<number | null> => {
    if (child.exitCode === null && child.pid) process.kill(child.pid, 'SIGTERM');
    let timer: NodeJS.Timeout | undefined;
    const code = await Promise.race([exited, new Promise<null>((r) => (timer = setTimeout(() => r(null), 60_000)))]);
    clearTimeout(timer);
    if (child.exitCode === null && child.pid) process.kill(-child.pid, 'SIGKILL');
    return code;
  };
  return (async () => {
    const deadline = Date.now() + 240_000;
    while (!output.includes('Press Ctrl-C to stop.')) {
      if (child.exitCode !== null || Date.now() > deadline) {
        await stop();
        throw new Error(`start-cluster did not come up:\n${output.slice(-6000)}`);
      }
      await new Promise((r) => setTimeout(r, 250));
    }
    return { child, output: () => output, stop };
  })();
}

/** Processes whose command line mentions `text` (the cluster's data directory is unique to this test). */
function processesMentioning(text: string): number[] {
  const found: number[] = [];
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry) || Number(entry) === process.pid) continue;
    try {
      // PostgreSQL and Temporal name the directory in their arguments; the node parts get it as DATA_DIR.
      if (
        fs.readFileSync(`/proc/${entry}/cmdline`, 'utf8').includes(text) ||
        fs.readFileSync(`/proc/${entry}/environ`, 'utf8').includes(`DATA_DIR=${text}\0`)
      )
        found.push(Number(entry));
    } catch {
      // gone
    }
  }
  return found;
}

let cluster: Cluster | undefined;
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kz-cluster-test-'));
// As root, PostgreSQL runs as the postgres account, which must reach its data directory inside.
fs.chmodSync(dataDir, 0o755);
afterAll(async () => {
  await cluster?.stop();
  fs.rmSync(dataDir, { recursive: true, force: true });
}, 90_000);

maybe(
  'make start-cluster: walk-throughs through the round-robin on two APIs and two workers on the Temporal server on PostgreSQL; stops cleanly; restarts on its data',
  async () => {
    const ports = await freeClusterPorts();
    const env = stackEnv(dataDir, ports, { LOG_LEVEL: 'warn' });
    const apiBase = ports.api;
    const api = `http://127.0.0.1:${apiBase}`;
    const clusterDir = path.join(dataDir, 'cluster');
    const t0 = Date.now();
    cluster = await startCluster(env);
    const firstStartMs = Date.now() - t0;
    expect(cluster.output()).toContain('Temporal server v1.29.1 ready');
    expect(cluster.output()).toContain('search attributes registered: KzServiceCode');

    // Each API answers on its own port, and the round-robin in front of them.
    for (const port of [apiBase, apiBase + 1, apiBase + 2]) {
      const r = await fetch(`http://127.0.0.1:${port}/healthz`);
      // A foreign answer (e.g. another process on the port) names itself in the failure.
      expect({ port, status: r.status, body: r.status === 200 ? '' : (await r.text()).slice(0, 300) }).toEqual({
        port,
        status: 200,
        body: '',
      });
    }

    const t1 = Date.now();
    const sme = await smeWalkthrough({
      apiUrl: api,
      simulatorsUrl: `http://127.0.0.1:${ports.simulators}`,
      credentialsFile: path.join(clusterDir, 'dev-credentials.json'),
      log: () => undefined,
    });
    expect(sme.outcome).toBe('issued');
    expect(sme.bin).toMatch(/^\d{12}$/);
    const smeMs = Date.now() - t1;

    const creds = Credentials.parse(JSON.parse(fs.readFileSync(path.join(clusterDir, 'dev-credentials.json'), 'utf8'))).credentials;
    const portal = creds.find((c) => c.role === 'portal')!.token;
    const staff = creds.find((c) => c.subject === 'dev-staff-ctrm')!.token;
    const viewer = creds.find((c) => c.role === 'viewer')!.token;
    const get = async <S extends z.ZodType>(schema: S, url: string, token: string): Promise<z.infer<S>> => {
      const res = await fetch(url, { headers: { authorization: `Bearer ${token}` } });
      const body: unknown = await res.json();
      if (!res.ok) throw new Error(`${url}: ${res.status} ${JSON.stringify(body)}`);
      return schema.parse(body);
    };

    // Flag/Emblem through the API: accepted after the state-database checks, fee invoiced and paid.
    const res = await fetch(`${api}/v1/services/flag-emblem-license/applications`, {
      method: 'POST',
      headers: { authorization: `Bearer ${portal}`, 'content-type': 'application/json', 'idempotency-key': `cluster-fe-${Date.now()}` },
      body: JSON.stringify(exampleOf(flagEmblemLicenseModule.input)),
    });
    const accepted = Accepted.parse(await res.json());
    const view = `${api}/v1/applications/${accepted.applicationId}`;
    const invoiced = await eventually(
      async () => {
        const fee = Fee.safeParse((await get(Status, view, staff)).details.fee);
        return fee.success && fee.data.payUrl ? fee.data : undefined;
      },
      60_000,
      300,
    );
    expect((await fetch(invoiced.payUrl!, { method: 'POST' })).status).toBeLessThan(300);
    await eventually(
      async () => (Fee.parse((await get(Status, view, staff)).details.fee).status === 'paid' ? true : undefined),
      60_000,
      300,
    );
    // The dashboard's overview from the PostgreSQL read model, and Temporal's SQL visibility by search attribute.
    const overview = await get(Overview, `${api}/v1/dashboard/overview`, viewer);
    expect(overview.services.find((x) => x.serviceCode === 'flag-emblem-license')?.open).toBeGreaterThanOrEqual(1);
    const connection = await Connection.connect({ address: env.TEMPORAL_ADDRESS });
    try {
      const client = new Client({ connection });
      const listed = await eventually(
        async () => {
          const ids: string[] = [];
          for await (const w of client.workflow.list({ query: `KzServiceCode = "flag-emblem-license" AND ExecutionStatus = "Running"` }))
            ids.push(w.workflowId);
          return ids.includes(accepted.applicationId) ? ids : undefined;
        },
        30_000,
        500,
      );
      expect(listed).toContain(accepted.applicationId);
    } finally {
      await connection.close();
    }

    // Stop: nothing of the cluster is left (PostgreSQL, Temporal, workers, APIs all mention the data dir
    // or were started with it in their environment; the data dir is in PostgreSQL's and Temporal's args).
    expect(await cluster.stop()).toBe(0);
    cluster = undefined;
    await eventually(async () => (processesMentioning(clusterDir).length === 0 ? true : undefined), 15_000, 250);
    expect(cluster).toBeUndefined();

    // Second start on the same data: schema already there, the case still answers.
    const t2 = Date.now();
    cluster = await startCluster(env);
    const secondStartMs = Date.now() - t2;
    expect(cluster.output()).not.toContain('new data directory');
    const after = await get(Status, view, staff);
    expect(after.outcome).toBe('open');
    expect(Fee.parse(after.details.fee).status).toBe('paid');
    expect(await cluster.stop()).toBe(0);
    cluster = undefined;
    console.log(
      `cluster profile: first start ${firstStartMs} ms (initdb, schema, namespace), SME walk-through ${smeMs} ms, second start ${secondStartMs} ms`,
    );
  },
  600_000,
);

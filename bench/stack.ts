/**
 * The system under measurement for the benchmarks: `make start` (dev server, SQLite) or `make start-cluster`
 * (Temporal server on PostgreSQL, two workers, two APIs) started by its own script on free ports with a
 * data directory of its own and simulators at 0 latency — or an already running `make start` (`running`).
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { z } from 'zod';
import { loadConfig, ROOT_DIR } from '../config';
import { freeClusterPorts, freeStackPorts, stackEnv, type StackPorts } from '../scripts/ports';

export type StackKind = 'dev' | 'cluster' | 'running';

export interface BenchStack {
  kind: StackKind;
  /** What to print: "dev server + SQLite" … */
  label: string;
  api: string;
  temporalAddress: string;
  namespace: string;
  taskQueue: string;
  /** The read model's DATABASE_URL (SQLite file or PostgreSQL). */
  databaseUrl: string;
  /** Bearer token of a role (and subject, for staff with several principals). */
  token(role: string, subject?: string): string;
  /** The worker processes' pids (RSS is read from /proc). */
  workerPids(): number[];
  /** CPU seconds (user + system) each part of the stack has used so far, by part (temporal, worker, api, …). */
  cpuSeconds(): Record<string, number>;
  stop(): Promise<void>;
}

const Credentials = z.object({
  credentials: z.array(z.object({ role: z.string(), subject: z.string(), token: z.string(), licensorBody: z.string().optional() })),
});

function tokens(file: string): (role: string, subject?: string) => string {
  const creds = Credentials.parse(JSON.parse(fs.readFileSync(file, 'utf8'))).credentials;
  return (role, subject) => {
    const c = creds.find((x) => x.role === role && (subject === undefined || x.subject === subject));
    if (!c) throw new Error(`no credential for ${role}${subject ? ` ${subject}` : ''} in ${file}`);
    return c.token;
  };
}

/**
 * Every process started with one of these DATA_DIRs (the stack's script passes it on to each part), with
 * its command line; not the bench itself (it may run with the same DATA_DIR: --stack running).
 */
function stackProcesses(dataDirs: readonly string[]): Array<{ pid: number; cmd: string }> {
  const found: Array<{ pid: number; cmd: string }> = [];
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry) || Number(entry) === process.pid) continue;
    try {
      const environ = fs.readFileSync(`/proc/${entry}/environ`, 'utf8');
      if (!dataDirs.some((d) => environ.includes(`DATA_DIR=${d}\0`))) continue;
      found.push({ pid: Number(entry), cmd: fs.readFileSync(`/proc/${entry}/cmdline`, 'utf8').replace(/\0/g, ' ') });
    } catch {
      // gone, or not ours to read
    }
  }
  return found;
}

/** Node processes started with this DATA_DIR whose command line runs worker.ts. */
function workersOf(dataDir: string): number[] {
  return stackProcesses([dataDir])
    .filter((p) => p.cmd.includes('worker.ts'))
    .map((p) => p.pid);
}

const PARTS: Array<[string, RegExp]> = [
  ['worker', /worker\.ts/],
  ['api', /api\/main\.ts/],
  ['simulators', /simulators\/main\.ts/],
  ['identity', /identity\//],
  ['postgresql', /postgres/],
  ['temporal', /temporal|server/],
  ['supervisor', /start(-cluster)?\.ts/],
];
// /proc/<pid>/stat counts in clock ticks; Linux's USER_HZ is 100 on every architecture Node supports.
const TICKS_PER_SECOND = 100;

/**
 * CPU seconds of every process started with this DATA_DIR (the stack's script passes it on to each part),
 * summed by part. Processes that exited since are not counted: read it around a run without restarts.
 */
export function cpuOf(...dataDirs: string[]): Record<string, number> {
  const byPart: Record<string, number> = {};
  for (const { pid, cmd } of stackProcesses(dataDirs)) {
    try {
      const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
      // Fields after the command name (which may hold spaces): state is field 3, utime 14, stime 15.
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      const ticks = Number(fields[11]) + Number(fields[12]);
      const part = PARTS.find(([, re]) => re.test(cmd))?.[0] ?? 'other';
      byPart[part] = (byPart[part] ?? 0) + ticks / TICKS_PER_SECOND;
    } catch {
      // exited since
    }
  }
  return byPart;
}

/** CPU seconds of this process (the bench's own client and, for the baseline, its in-process worker). */
export function selfCpuSeconds(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
}

export function rssMb(pids: number[]): number {
  let kb = 0;
  for (const pid of pids) {
    try {
      const m = /VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
      kb += Number(m?.[1] ?? 0);
    } catch {
      // exited
    }
  }
  return Math.round(kb / 1024);
}

export async function startBenchStack(kind: StackKind, log: (line: string) => void): Promise<BenchStack> {
  if (kind === 'running') {
    const config = loadConfig();
    return {
      kind,
      label: `running stack at ${config.api.publicBaseUrl}`,
      api: config.api.publicBaseUrl,
      temporalAddress: config.temporal.address,
      namespace: config.temporal.namespace,
      taskQueue: config.temporal.taskQueue,
      databaseUrl: config.database.url,
      token: tokens(config.api.devCredentialsFile),
      workerPids: () => workersOf(config.dataDir),
      cpuSeconds: () => cpuOf(config.dataDir),
      stop: async () => undefined,
    };
  }
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), `kz-bench-${kind}-`));
  fs.chmodSync(dataDir, 0o755); // the cluster's PostgreSQL runs as the postgres account when we are root
  const ports: StackPorts = kind === 'cluster' ? await freeClusterPorts() : await freeStackPorts();
  const env = stackEnv(dataDir, ports, { LOG_LEVEL: 'warn' });
  const script = kind === 'cluster' ? 'scripts/start-cluster.ts' : 'scripts/start.ts';
  const child = spawn(process.execPath, ['--import', 'tsx', script], {
    cwd: ROOT_DIR,
    env,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const keep = (d: Buffer): void => {
    output = (output + d.toString()).slice(-200_000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  const stop = async (): Promise<void> => {
    if (child.exitCode === null && child.pid) process.kill(child.pid, 'SIGTERM');
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([exited, new Promise((r) => (timer = setTimeout(r, 60_000)))]);
    clearTimeout(timer);
    if (child.exitCode === null && child.pid) process.kill(-child.pid, 'SIGKILL');
    fs.rmSync(dataDir, { recursive: true, force: true });
  };
  const t0 = Date.now();
  const deadline = t0 + 300_000;
  while (!output.includes('Press Ctrl-C to stop.')) {
    if (child.exitCode !== null || Date.now() > deadline) {
      await stop();
      throw new Error(`${script} did not come up:\n${output.slice(-5000)}`);
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  log(`${kind === 'cluster' ? 'make start-cluster' : 'make start'} up in ${Date.now() - t0} ms (${dataDir})`);
  const appDir = kind === 'cluster' ? path.join(dataDir, 'cluster') : dataDir;
  return {
    kind,
    label:
      kind === 'cluster'
        ? `cluster profile: Temporal server 1.29.1 on PostgreSQL, ${process.env.CLUSTER_WORKERS ?? 2} worker(s), ${process.env.CLUSTER_APIS ?? 2} API(s)`
        : 'make start: dev server + SQLite, 1 worker, 1 API',
    api: `http://127.0.0.1:${ports.api}`,
    temporalAddress: `127.0.0.1:${ports.temporal}`,
    namespace: 'default',
    taskQueue: 'kz-services',
    databaseUrl: kind === 'cluster' ? `postgresql://app@127.0.0.1:${ports.pg}/kz_services` : `file:${path.join(dataDir, 'app.sqlite')}`,
    token: tokens(path.join(appDir, 'dev-credentials.json')),
    workerPids: () => workersOf(appDir),
    cpuSeconds: () => cpuOf(dataDir, appDir),
    stop,
  };
}

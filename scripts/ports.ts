/**
 * Ports for the servers the tests, the fault suite (scripts/fault-stack.ts) and the benchmarks
 * (bench/stack.ts) start, without the race of "bind 0, close, hand the number on". One implementation for
 * all of them, so they also never hand each other the same port.
 *
 * That race has two sides. The kernel hands out port-0 binds and outgoing connections' source ports from
 * the same ephemeral range (net.ipv4.ip_local_port_range, 32768–60999 here), so a port just released
 * can be taken by any connection before the server binds it. And two test processes (jest workers, or two
 * checkouts running suites at once) can be given the same released port.
 *
 * So ports come from below the ephemeral range, and each is claimed with a lock file created exclusively
 * (O_EXCL) in one directory shared by every process on the machine, naming the process (the directory
 * keeps its first name, kz-test-ports, so checkouts of older and newer code still see each other's claims). A claim lasts as
 * long as its process (jest's sandboxed `process` never sees the real exit, so there is no release at
 * exit): a claim whose process is gone is taken over. A bind probe still checks that nothing outside
 * these processes listens there.
 */
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

/** Below Linux's default ephemeral range (32768–60999) and above the well-known and common dev ports. */
export const PORT_RANGE = { from: 20_000, to: 32_000 } as const;

const LOCK_DIR = path.join(os.tmpdir(), 'kz-test-ports');
const claimed = new Set<number>();

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Claims `port` for this process; false when another live process holds it. */
export function claimPort(port: number): boolean {
  fs.mkdirSync(LOCK_DIR, { recursive: true });
  const lock = path.join(LOCK_DIR, String(port));
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      fs.writeFileSync(lock, String(process.pid), { flag: 'wx' });
      claimed.add(port);
      return true;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      const holder = Number(fs.readFileSync(lock, 'utf8'));
      if (Number.isInteger(holder) && holder > 0 && processAlive(holder)) return false;
      // The holder died without releasing: take the claim over (one retry, so two takers cannot both win).
      fs.rmSync(lock, { force: true });
    }
  }
  return false;
}

function bindable(port: number, host: string): Promise<boolean> {
  return new Promise((resolve) => {
    const srv = net.createServer();
    srv.once('error', () => resolve(false));
    srv.listen({ port, host, exclusive: true }, () => srv.close(() => resolve(true)));
  });
}

/**
 * A port no other test process on this machine holds and nothing listens on, kept for this process until
 * it exits. `pick` chooses the candidates (tests may pin it); by default a random walk over PORT_RANGE.
 */
export async function freePort(host = '127.0.0.1', pick: () => number = randomPort): Promise<number> {
  for (let attempt = 0; attempt < 200; attempt++) {
    const port = pick();
    if (claimed.has(port) || !claimPort(port)) continue;
    if (await bindable(port, host)) return port;
    // Something else listens there: keep the claim (so no one retries it this run) and move on.
  }
  throw new Error(`no free port in ${PORT_RANGE.from}-${PORT_RANGE.to} after 200 tries (lock directory ${LOCK_DIR})`);
}

/** The offsets from TEMPORAL_ADDRESS's port that the cluster's Temporal server listens on (scripts/start-cluster.ts). */
const CLUSTER_TEMPORAL_OFFSETS: readonly number[] = [0, 1, 2, 3, 20, 100, 101, 102, 103];

/** 0, 1, ..., n − 1: the offsets of n consecutive ports (the cluster's APIs after the round-robin, its workers' metrics). */
const consecutive = (n: number): number[] => Array.from({ length: n }, (_, d) => d);

function release(port: number): void {
  claimed.delete(port);
  fs.rmSync(path.join(LOCK_DIR, String(port)), { force: true });
}

/**
 * A base port such that base + each offset is free, each claimed for this process as freePort claims one:
 * the cluster profile listens on runs of ports from one base (its Temporal services, the round-robin and
 * its APIs, the workers' metrics). A probe alone would leave the run open to any other test's freePort in
 * the half minute before the cluster binds it. All inside PORT_RANGE, so also below 32767, where
 * Temporal's SQL schema keeps membership ports (a smallint).
 */
export async function freePortRange(offsets: readonly number[], host = '127.0.0.1'): Promise<number> {
  const span = Math.max(...offsets);
  for (let attempt = 0; attempt < 200; attempt++) {
    const base = PORT_RANGE.from + Math.floor(Math.random() * (PORT_RANGE.to - PORT_RANGE.from - span));
    const ports = offsets.map((d) => base + d);
    if (ports.some((p) => claimed.has(p))) continue;
    const mine: number[] = [];
    for (const p of ports) {
      if (!claimPort(p)) break;
      mine.push(p);
    }
    if (mine.length === ports.length && (await Promise.all(ports.map((p) => bindable(p, host)))).every(Boolean)) return base;
    for (const p of mine) release(p);
  }
  throw new Error(`no free run of ports at offsets ${offsets.join(', ')} in ${PORT_RANGE.from}-${PORT_RANGE.to} after 200 tries`);
}

function randomPort(): number {
  return PORT_RANGE.from + Math.floor(Math.random() * (PORT_RANGE.to - PORT_RANGE.from));
}

/** The ports of one `make start` (or cluster) stack on a shared machine. */
export interface StackPorts {
  temporal: number;
  /** The Temporal UI (the cluster profile has none). */
  ui?: number;
  /** The first API's; the cluster's second API listens on the next one. */
  api: number;
  simulators: number;
  /** The first worker's metrics; the cluster's second worker uses the next one. */
  workerMetrics: number;
  /** The development identity provider (OpenID Connect). */
  oidc?: number;
  /** The cluster profile's PostgreSQL (CLUSTER_PG_PORT). */
  pg?: number;
}

/** A free port for each part of an embedded stack. */
export async function freeStackPorts(): Promise<Required<Omit<StackPorts, 'pg'>>> {
  return {
    temporal: await freePort(),
    ui: await freePort(),
    api: await freePort(),
    simulators: await freePort(),
    workerMetrics: await freePort(),
    oidc: await freePort(),
  };
}

/**
 * The cluster profile's ports (scripts/start-cluster.ts): runs from one base for its Temporal services, the
 * round-robin and its two APIs, and the two workers' metrics; its own PostgreSQL. It has no Temporal UI.
 */
export async function freeClusterPorts(): Promise<Required<Omit<StackPorts, 'ui'>>> {
  return {
    temporal: await freePortRange(CLUSTER_TEMPORAL_OFFSETS),
    api: await freePortRange(consecutive(3)),
    workerMetrics: await freePortRange(consecutive(2)),
    simulators: await freePort(),
    oidc: await freePort(),
    pg: await freePort(),
  };
}

/**
 * The environment the stack's start script and every part read (config/index.ts) for a stack on `dataDir`
 * and `ports`, in development: one definition for the tests (test/helpers/stack.ts, test/ops/start.test.ts, test/cluster),
 * the fault suite (scripts/fault-stack.ts) and the benchmarks (bench/stack.ts). Simulators answer without
 * their realistic latency unless `extra` says otherwise.
 */
export function stackEnv(dataDir: string, ports: StackPorts, extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  return {
    ...process.env,
    APP_ENV: 'development',
    DATA_DIR: dataDir,
    TEMPORAL_ADDRESS: `127.0.0.1:${ports.temporal}`,
    ...(ports.ui !== undefined ? { TEMPORAL_UI_PORT: String(ports.ui) } : {}),
    API_PORT: String(ports.api),
    SIMULATORS_PORT: String(ports.simulators),
    WORKER_METRICS_PORT: String(ports.workerMetrics),
    ...(ports.oidc !== undefined ? { OIDC_DEV_PROVIDER_PORT: String(ports.oidc) } : {}),
    ...(ports.pg !== undefined ? { CLUSTER_PG_PORT: String(ports.pg) } : {}),
    SIMULATOR_LATENCY_MS: '0',
    ...extra,
  };
}

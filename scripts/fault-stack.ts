/**
 * The stacks the fault suite (scripts/fault-suite.ts) runs on, with the faults each can take:
 *
 *   embedded  `make start`'s topology on free ports and a data directory of its own: the Temporal dev server
 *             (state in a SQLite file, so a restart keeps every case), simulators, one worker, one API.
 *   cluster   `make start-cluster` (scripts/start-cluster.ts) in a directory of its own with CLUSTER_RESPAWN=1:
 *             the real Temporal server on PostgreSQL, two workers, two APIs behind the round-robin; a part
 *             killed here is started again by start-cluster's supervisor (its pids in parts.json).
 *
 * Both give the same handle: kill -9 one part (and have it back), restart the Temporal server, read the
 * simulators' ledgers and the read model's tables.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { Client as PgClient } from 'pg';
import { Connection } from '@temporalio/client';
import { temporal as proto } from '@temporalio/proto';
import { loadConfig, ROOT_DIR } from '../config';
import { configuredDevServer, startDevServer, waitForHttp, waitForTemporal, type DevServer } from './dev-server';
import { freeClusterPorts, freeStackPorts, stackEnv } from './ports';
import { delay, spawnManaged, stopManaged, type ManagedProcess } from './process-group';

export type Part = 'worker' | 'api';

export interface FaultStack {
  kind: 'embedded' | 'cluster';
  api: string;
  sims: string;
  credentialsFile: string;
  dataDir: string;
  /** Names of the killable parts of each kind (cluster: two of each). */
  parts: Record<Part, string[]>;
  /** kill -9 the part's process group and wait until it (or its replacement) is back. */
  kill9(name: string): Promise<void>;
  /** kill -9 the Temporal server and start it again on the same state. */
  restartTemporal(): Promise<void>;
  /** Rows of a read-model table (SQLite or PostgreSQL). */
  rows(sql: string): Promise<Array<Record<string, unknown>>>;
  /** Parts that exited without being killed by the suite (each was started again). */
  unplannedExits: string[];
  stop(): Promise<void>;
}

function killGroup(pid: number): void {
  try {
    process.kill(-pid, 'SIGKILL');
  } catch {
    // already gone
  }
}

export async function startEmbeddedStack(log: (l: string) => void): Promise<FaultStack> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kz-fault-suite-'));
  const logFile = fs.createWriteStream(path.join(dataDir, 'processes.log'));
  const ports = await freeStackPorts();
  const env = stackEnv(dataDir, ports, { OIDC_DEV_PROVIDER: 'off' });
  const config = loadConfig(env);
  const api = `http://127.0.0.1:${ports.api}`;
  const sims = `http://127.0.0.1:${ports.simulators}`;
  const devOptions = { ...configuredDevServer(config), uiPort: null, logLevel: 'error' as const, output: logFile };
  let devServer: DevServer = await startDevServer(devOptions, 120_000);
  const running = new Map<string, ManagedProcess>();
  const killing = new Set<string>();
  const unplannedExits: string[] = [];
  let stopping = false;

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
    // A part that dies on its own (e.g. a worker that gives up on an unreachable server) is started again.
    void proc.exited.then(async (code) => {
      if (stopping || killing.has(name) || running.get(name) !== proc) return;
      unplannedExits.push(`${name} (${String(code)})`);
      log(`  ${name} exited on its own (${String(code)}): starting it again`);
      await start(name).catch((e: unknown) => log(`  ${name} did not come back: ${String(e)}`));
    });
    if (name === 'simulators') await waitForHttp(`${sims}/_health`, 120_000, proc);
    if (name === 'api') await waitForHttp(`${api}/healthz`, 120_000, proc);
    if (name === 'worker') {
      // A timer left pending would keep the test's process alive for two minutes: cleared once up.
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([workerUp, new Promise<void>((r) => (timer = setTimeout(r, 120_000)))]);
      clearTimeout(timer);
    }
  };
  await start('simulators');
  await Promise.all([start('worker'), start('api')]);

  const dbFile = config.database.url.replace(/^file:/, '');
  return {
    kind: 'embedded',
    api,
    sims,
    dataDir,
    credentialsFile: path.join(dataDir, 'dev-credentials.json'),
    parts: { worker: ['worker'], api: ['api'] },
    unplannedExits,
    async kill9(name) {
      const proc = running.get(name);
      if (!proc) return;
      killing.add(name);
      killGroup(proc.pid);
      await proc.exited;
      killing.delete(name);
      await start(name as 'worker' | 'api');
    },
    async restartTemporal() {
      killGroup(devServer.process.pid);
      await devServer.process.exited;
      devServer = await startDevServer(devOptions, 120_000);
    },
    rows(sql) {
      const db = new Database(dbFile, { readonly: true, fileMustExist: true });
      try {
        db.pragma('busy_timeout = 15000');
        return Promise.resolve(db.prepare(sql).all() as Array<Record<string, unknown>>);
      } finally {
        db.close();
      }
    },
    async stop() {
      stopping = true;
      for (const name of ['api', 'worker', 'simulators']) {
        const proc = running.get(name);
        if (proc) await stopManaged(proc, 5_000);
      }
      await stopManaged(devServer.process, 5_000);
      logFile.end();
    },
  };
}

export async function startClusterStack(log: (l: string) => void): Promise<FaultStack> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kz-fault-cluster-'));
  // PostgreSQL runs as the postgres account when we are root: it must be able to reach its directory.
  fs.chmodSync(dataDir, 0o711);
  const logFile = fs.createWriteStream(path.join(dataDir, 'processes.log'));
  const ports = await freeClusterPorts();
  const clusterDir = path.join(dataDir, 'cluster');
  const env = stackEnv(dataDir, ports, { CLUSTER_DIR: clusterDir, CLUSTER_RESPAWN: '1', OIDC_DEV_PROVIDER: 'off' });
  let up!: () => void;
  let timer: NodeJS.Timeout | undefined;
  const ready = new Promise<void>((r) => (up = r));
  const cluster = spawnManaged('cluster', process.execPath, ['--import', 'tsx', 'scripts/start-cluster.ts'], {
    cwd: ROOT_DIR,
    env,
    output: logFile,
    onLine: (line) => {
      if (line.includes('is running:')) up();
      if (/respawn|exited unexpectedly/.test(line)) log(`  cluster: ${line.trim()}`);
    },
  });
  await Promise.race([
    ready,
    cluster.exited.then((c) => {
      throw new Error(`start-cluster exited (${String(c)}); see ${dataDir}/processes.log`);
    }),
    new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error('the cluster did not start within 10 minutes')), 600_000);
    }),
  ]).finally(() => clearTimeout(timer));
  const api = `http://127.0.0.1:${ports.api}`;
  const sims = `http://127.0.0.1:${ports.simulators}`;
  const partsFile = path.join(clusterDir, 'parts.json');
  const pids = (): Record<string, number> => JSON.parse(fs.readFileSync(partsFile, 'utf8')) as Record<string, number>;
  const config = loadConfig(env);
  const readyAgain = async (name: string, pid: number): Promise<void> => {
    if (name.startsWith('api-')) await waitForHttp(`http://127.0.0.1:${ports.api + Number(name.slice(4))}/healthz`, 180_000);
    if (name === 'temporal') await waitForTemporal(config.temporal.address, config.temporal.namespace, 180_000);
    // A worker is back when its new process polls the task queue (the SDK's identity is pid@host; the dead
    // one stays in the poller list for a while, so a count would not tell).
    if (name.startsWith('worker-')) {
      const connection = await Connection.connect({ address: config.temporal.address });
      try {
        const deadline = Date.now() + 180_000;
        while (Date.now() < deadline) {
          const res = await connection.workflowService.describeTaskQueue({
            namespace: config.temporal.namespace,
            taskQueue: { name: config.temporal.taskQueue, kind: proto.api.enums.v1.TaskQueueKind.TASK_QUEUE_KIND_NORMAL },
            taskQueueType: proto.api.enums.v1.TaskQueueType.TASK_QUEUE_TYPE_WORKFLOW,
          });
          if ((res.pollers ?? []).some((p) => p.identity?.startsWith(`${pid}@`))) return;
          await delay(500);
        }
      } finally {
        await connection.close();
      }
    }
  };
  const killAndAwait = async (name: string): Promise<void> => {
    const before = pids()[name];
    if (!before) throw new Error(`no running ${name} in ${partsFile}`);
    killGroup(before);
    const deadline = Date.now() + 180_000;
    while (pids()[name] === before) {
      if (Date.now() > deadline) throw new Error(`${name} was not started again`);
      await delay(200);
    }
    await readyAgain(name, pids()[name] ?? 0);
  };
  const pg = new PgClient({ connectionString: `postgresql://app@127.0.0.1:${ports.pg}/kz_services` });
  await pg.connect();
  return {
    kind: 'cluster',
    api,
    sims,
    dataDir,
    credentialsFile: path.join(clusterDir, 'dev-credentials.json'),
    parts: { worker: ['worker-1', 'worker-2'], api: ['api-1', 'api-2'] },
    unplannedExits: [],
    kill9: killAndAwait,
    restartTemporal: () => killAndAwait('temporal'),
    async rows(sql) {
      return (await pg.query(sql)).rows as Array<Record<string, unknown>>;
    },
    async stop() {
      await pg.end().catch(() => undefined);
      await stopManaged(cluster, 60_000);
      logFile.end();
    },
  };
}

/**
 * `make start-cluster`: the production topology on this machine, in the foreground (docs/operations.md).
 *
 *   PostgreSQL (own data dir) ─┬─ Temporal server 1.29.1 (frontend, history, matching, worker services in
 *                              │  one process; persistence and SQL visibility on PostgreSQL)
 *                              └─ the read model (database kz_services)
 *   simulators → worker ×2 (same task queue) → API ×2 behind a round-robin on API_PORT
 *
 * First start: initdb, the three databases, Temporal's schema through temporal-sql-tool (same module as
 * the server; setup-schema then update-schema to the newest version), the namespace and the case search
 * attributes. Later starts reuse the data in CLUSTER_DIR (default $DATA_DIR/cluster; delete it to reset).
 * Ctrl-C / SIGTERM stops everything in reverse order (scripts/supervisor.ts), PostgreSQL last.
 *
 * Ports (all on loopback): API_PORT the round-robin, API_PORT+1 and +2 the two APIs; TEMPORAL_ADDRESS's
 * port P the frontend gRPC, P+1..P+3 history, matching and the worker service, P+20 the frontend HTTP API,
 * P+100..P+103 membership; CLUSTER_PG_PORT (5433) PostgreSQL; WORKER_METRICS_PORT and +1 the workers'
 * Prometheus metrics; SIMULATORS_PORT the simulators.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { Connection } from '@temporalio/client';
import { msToTs } from '@temporalio/common/lib/time';
import { Client as PgClient } from 'pg';
import { ConfigError, loadConfig, ROOT_DIR, workerNodeArgs, type Config } from '../config';
import { ensureTestPki } from '../adapters/signer';
import { resolveTokenSecret } from '../api/auth';
import { splitAddress, waitForHttp } from './dev-server';
import { delay, type ManagedProcess } from './process-group';
import { registerSearchAttributes } from './register-search-attributes';
import { startRoundRobin } from './round-robin';
import { assertPortsFree, Supervisor, waitForPoller } from './supervisor';

const run = promisify(execFile);
const TEMPORAL_SERVER_VERSION = process.env.TEMPORAL_SERVER_VERSION ?? 'v1.29.1';
const READY_TIMEOUT_MS = Number(process.env.START_READY_TIMEOUT_MS ?? 180_000);
const STOP_GRACE_MS = Number(process.env.START_STOP_GRACE_MS ?? 10_000);
/** Fixed at the first start (Temporal cannot change it later): 16 is plenty for one machine (docs/operations.md). */
const HISTORY_SHARDS = Number(process.env.CLUSTER_HISTORY_SHARDS ?? 16);
/** Two of each by default (the topology under test); CLUSTER_WORKERS=1 for the one-vs-two comparison. */
const WORKERS = Number(process.env.CLUSTER_WORKERS ?? 2);
const APIS = Number(process.env.CLUSTER_APIS ?? 2);
const PG_USER = 'app';
const DATABASES = { temporal: 'temporal', visibility: 'temporal_visibility', app: 'kz_services' } as const;

const supervisor = new Supervisor(STOP_GRACE_MS);
/** The fault suite's cluster run (scripts/fault-stack.ts): Temporal, workers and APIs come back after a kill -9. */
const RESPAWN = process.env.CLUSTER_RESPAWN === '1';
const spawnPart: Supervisor['spawn'] = (...a) => (RESPAWN ? supervisor.respawn(...a) : supervisor.spawn(...a));
/** The Temporal server's last lines (its log is off by default): printed when it fails to start. */
const temporalTail: string[] = [];
const say = (line: string): void => supervisor.say(line);

export interface ClusterLayout {
  dir: string;
  tools: { server: string; sqlTool: string; schema: string };
  pg: { port: number; dataDir: string; url: (db: string) => string };
  temporal: { host: string; port: number };
  api: { host: string; front: number; ports: number[] };
  workerMetricsPorts: number[];
}

export function clusterLayout(config: Config, env: NodeJS.ProcessEnv = process.env): ClusterLayout {
  const dir = path.resolve(env.CLUSTER_DIR ?? path.join(config.dataDir, 'cluster'));
  // TEMPORAL_SERVER_DIR: where setup-cluster built it when not under .tools (scripts/setup-cluster.sh).
  const tools = env.TEMPORAL_SERVER_DIR ?? path.join(ROOT_DIR, '.tools', `temporal-server-${TEMPORAL_SERVER_VERSION}`);
  const pgPort = Number(env.CLUSTER_PG_PORT ?? 5433);
  const { host, port } = splitAddress(config.temporal.address);
  return {
    dir,
    tools: {
      server: path.join(tools, 'bin', 'temporal-server'),
      sqlTool: path.join(tools, 'bin', 'temporal-sql-tool'),
      schema: path.join(tools, 'schema', 'postgresql', 'v12'),
    },
    pg: { port: pgPort, dataDir: path.join(dir, 'postgres'), url: (db) => `postgresql://${PG_USER}@127.0.0.1:${pgPort}/${db}` },
    temporal: { host, port },
    api: { host: config.api.host, front: config.api.port, ports: Array.from({ length: APIS }, (_, i) => config.api.port + 1 + i) },
    workerMetricsPorts: Array.from({ length: WORKERS }, (_, i) => splitAddress(config.metrics.workerBindAddress).port + i),
  };
}

async function main(): Promise<void> {
  let config: Config;
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`${err.message}\n`);
      process.exit(2);
    }
    throw err;
  }
  const layout = clusterLayout(config);
  for (const [what, file] of [
    ['Temporal server', layout.tools.server],
    ['temporal-sql-tool', layout.tools.sqlTool],
    ['Temporal schema', layout.tools.schema],
  ] as const) {
    if (!fs.existsSync(file)) {
      process.stderr.write(`${what} not found at ${file}: run \`make setup-cluster\` (make start-cluster does)\n`);
      process.exit(2);
    }
  }
  if (layout.temporal.port + 103 > 32_767) {
    // Temporal's SQL schema keeps membership ports in a smallint: the server dies at start above it.
    process.stderr.write(
      `TEMPORAL_ADDRESS: port ${layout.temporal.port} too high: the cluster uses it up to +103, and Temporal's SQL schema stores membership ports as smallint (≤ 32767)\n`,
    );
    process.exit(2);
  }
  supervisor.installStopHandlers();
  fs.mkdirSync(layout.dir, { recursive: true });
  if (RESPAWN) supervisor.pidFile = path.join(layout.dir, 'parts.json');
  const { host: th, port: tp } = layout.temporal;
  await assertPortsFree(
    [
      ['CLUSTER_PG_PORT', '127.0.0.1', layout.pg.port],
      ...[0, 1, 2, 3, 20, 100, 101, 102, 103].map((d): [string, string, number] => [`TEMPORAL_ADDRESS port + ${d}`, th, tp + d]),
      ['API_PORT', layout.api.host, layout.api.front],
      ...layout.api.ports.map((p, i): [string, string, number] => [`API_PORT + ${i + 1}`, layout.api.host, p]),
      ...layout.workerMetricsPorts.map((p, i): [string, string, number] => [`WORKER_METRICS_PORT + ${i}`, '127.0.0.1', p]),
      ['SIMULATORS_PORT', config.adapters.simulators.host, config.adapters.simulators.port],
      ...(config.oidc.devProvider
        ? [['OIDC_DEV_PROVIDER_PORT', config.oidc.devProvider.host, config.oidc.devProvider.port] as [string, string, number]]
        : []),
    ],
    'is `make start` or another `make start-cluster` running? Stop it or change the setting.',
  );
  const t0 = Date.now();

  // 1. PostgreSQL, then the databases and Temporal's schema.
  let t = Date.now();
  const pg = await startPostgres(layout);
  await createDatabases(layout);
  await applyTemporalSchema(layout);
  say(`PostgreSQL ready on 127.0.0.1:${layout.pg.port} with Temporal's schema in ${Date.now() - t} ms`);

  // 2. The Temporal server, its namespace and the case search attributes (SQL visibility).
  t = Date.now();
  const configDir = writeTemporalConfig(layout);
  const temporal = spawnPart(
    'temporal',
    layout.tools.server,
    ['--root', layout.dir, '--config', path.relative(layout.dir, configDir), '--env', 'cluster', '--allow-no-auth', 'start'],
    {
      cwd: layout.dir,
      output: process.env.CLUSTER_TEMPORAL_LOG === 'show' ? process.stdout : null,
      onLine: (line) => {
        temporalTail.push(line);
        if (temporalTail.length > 15) temporalTail.shift();
      },
    },
  );
  await prepareNamespace(config, temporal);
  say(`Temporal server ${TEMPORAL_SERVER_VERSION} ready in ${Date.now() - t} ms`);

  // 3. The app: what the processes would otherwise race to create (test PKI, token secret) first.
  const dataDir = layout.dir;
  const appEnv: NodeJS.ProcessEnv = {
    ...process.env,
    DATA_DIR: dataDir,
    DATABASE_URL: layout.pg.url(DATABASES.app),
    PUBLIC_BASE_URL: process.env.PUBLIC_BASE_URL ?? `http://${layout.api.host}:${layout.api.front}`,
    WORKER_METRICS_URL: process.env.WORKER_METRICS_URL ?? `http://127.0.0.1:${layout.workerMetricsPorts[0]}/metrics`,
  };
  const appConfig = loadConfig(appEnv);
  await ensureTestPki(appConfig.adapters.signingKeysDir, Date.now(), { publicBaseUrl: appConfig.api.publicBaseUrl });
  resolveTokenSecret(appConfig);
  const tsx = (name: string, entry: string, env: NodeJS.ProcessEnv, restart = false, nodeArgs: string[] = []): ManagedProcess =>
    (restart ? spawnPart : supervisor.spawn.bind(supervisor))(name, process.execPath, [...nodeArgs, '--import', 'tsx', entry], {
      cwd: ROOT_DIR,
      env,
    });

  t = Date.now();
  const sims = config.adapters.simulators;
  const simulators = tsx('simulators', 'simulators/main.ts', appEnv);
  await waitForHttp(`http://${sims.host}:${sims.port}/`, READY_TIMEOUT_MS, simulators);
  // People sign in to the dashboard through the development identity provider (one process for both APIs).
  const idp = appConfig.oidc.devProvider;
  if (idp) {
    const identity = tsx('identity', 'identity/dev-provider-main.ts', appEnv);
    await waitForHttp(`${idp.url}/.well-known/openid-configuration`, READY_TIMEOUT_MS, identity);
  }
  // The workers migrate the read model at start (advisory lock on PostgreSQL): one first, then the other.
  const workers: ManagedProcess[] = [];
  for (const [i, port] of layout.workerMetricsPorts.entries()) {
    const w = tsx(`worker-${i + 1}`, 'worker.ts', { ...appEnv, WORKER_METRICS_PORT: String(port) }, true, workerNodeArgs(appConfig));
    workers.push(w);
    await waitForPoller(
      { address: config.temporal.address },
      config.temporal.namespace,
      config.temporal.taskQueue,
      READY_TIMEOUT_MS,
      w,
      i + 1,
    );
  }
  // The APIs one after the other: each writes the development credentials file (same secret, both valid).
  for (const [i, port] of layout.api.ports.entries()) {
    const a = tsx(`api-${i + 1}`, 'api/main.ts', { ...appEnv, API_PORT: String(port) }, true);
    await waitForHttp(`http://${layout.api.host}:${port}/healthz`, READY_TIMEOUT_MS, a);
  }
  const front = await startRoundRobin(
    layout.api.host,
    layout.api.front,
    layout.api.ports.map((p) => ({ host: layout.api.host, port: p })),
  );
  supervisor.onStop(() => new Promise<void>((r) => front.close(() => r())));
  say(`simulators, ${workers.length} workers and ${layout.api.ports.length} APIs ready in ${Date.now() - t} ms`);

  const apiUrl = `http://${layout.api.host}:${layout.api.front}`;
  say(
    [
      '',
      'kz-services-orchestrator (cluster profile) is running:',
      `  API (round-robin)  ${apiUrl}   → ${layout.api.ports.map((p) => `http://${layout.api.host}:${p}`).join(', ')}`,
      `  OpenAPI            ${apiUrl}/openapi.json`,
      `  Dashboard          ${apiUrl}/web/`,
      ...(idp ? [`  Identity provider  ${idp.url}   (development users, no password; OpenID Connect)`] : []),
      `  Dev credentials    ${appConfig.api.devCredentialsFile}`,
      `  Temporal gRPC      ${config.temporal.address} (server ${TEMPORAL_SERVER_VERSION}, ${HISTORY_SHARDS} history shards, namespace ${config.temporal.namespace}, task queue ${config.temporal.taskQueue})`,
      `  Temporal HTTP      http://${th}:${tp + 20}/api/v1/namespaces/${config.temporal.namespace}/workflows`,
      `  PostgreSQL         ${layout.pg.url(DATABASES.app)} (also ${DATABASES.temporal}, ${DATABASES.visibility}; pid ${pg.pid})`,
      `  Simulators         http://${sims.host}:${sims.port}`,
      `  Workers            ${workers.length} (metrics ${layout.workerMetricsPorts.map((p) => `http://127.0.0.1:${p}/metrics`).join(', ')})`,
      `  Data               ${layout.dir}   (stop, then delete it to start from scratch)`,
      `Up in ${Date.now() - t0} ms. Press Ctrl-C to stop.`,
    ].join('\n'),
  );
}

// ---------------------------------------------------------------- PostgreSQL

function pgBinDir(): string {
  if (process.env.PG_BIN && fs.existsSync(path.join(process.env.PG_BIN, 'postgres'))) return process.env.PG_BIN;
  const candidates = fs.existsSync('/usr/lib/postgresql')
    ? fs
        .readdirSync('/usr/lib/postgresql')
        .sort((a, b) => Number(b) - Number(a))
        .map((v) => `/usr/lib/postgresql/${v}/bin`)
    : [];
  candidates.push('/usr/local/bin', '/usr/bin');
  const found = candidates.find((d) => fs.existsSync(path.join(d, 'postgres')) && fs.existsSync(path.join(d, 'initdb')));
  if (!found) throw new Error('no PostgreSQL server binaries (initdb, postgres) found: run `make setup` or set PG_BIN');
  return found;
}

/** PostgreSQL refuses to run as root: as root it runs as the `postgres` account (Debian's package makes it). */
function asOwner(command: string, args: string[]): [string, string[]] {
  return process.getuid?.() === 0 ? ['runuser', ['-u', 'postgres', '--', command, ...args]] : [command, args];
}

async function startPostgres(layout: ClusterLayout): Promise<ManagedProcess> {
  const bin = pgBinDir();
  const dataDir = layout.pg.dataDir;
  if (!fs.existsSync(path.join(dataDir, 'PG_VERSION'))) {
    fs.mkdirSync(dataDir, { recursive: true, mode: 0o700 });
    if (process.getuid?.() === 0) {
      await run('chown', ['-R', 'postgres', dataDir]);
      await run('runuser', ['-u', 'postgres', '--', 'test', '-w', dataDir]).catch(() => {
        throw new Error(`the postgres account cannot reach ${dataDir}: every directory above it must be searchable by others (chmod o+x)`);
      });
    }
    const [cmd, args] = asOwner(path.join(bin, 'initdb'), ['-D', dataDir, '-U', PG_USER, '--auth=trust', '-E', 'UTF8', '--locale=C.UTF-8']);
    await run(cmd, args, { timeout: 120_000 });
    say(`PostgreSQL: new data directory ${dataDir}`);
  }
  // Durable (fsync on) but synchronous_commit off: a crash may lose the last few hundred ms of commits,
  // never corrupt; the same trade Temporal's own docs suggest for dev clusters. Loopback only, trust auth.
  const [cmd, args] = asOwner(path.join(bin, 'postgres'), [
    '-D',
    dataDir,
    '-p',
    String(layout.pg.port),
    '-k',
    dataDir,
    '-c',
    'listen_addresses=127.0.0.1',
    '-c',
    'max_connections=300',
    '-c',
    'synchronous_commit=off',
    '-c',
    'shared_buffers=256MB',
  ]);
  const proc = supervisor.spawn('postgres', cmd, args, { output: null });
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (proc.hasExited()) throw new Error(`PostgreSQL exited (${String(await proc.exited)}); see ${dataDir}/log or run it by hand`);
    const client = new PgClient({ connectionString: layout.pg.url('postgres') });
    try {
      await client.connect();
      await client.end();
      return proc;
    } catch (err) {
      await client.end().catch(() => undefined);
      if (Date.now() > deadline) throw new Error(`PostgreSQL did not answer on ${layout.pg.port}: ${String(err)}`);
      await delay(200);
    }
  }
}

async function createDatabases(layout: ClusterLayout): Promise<void> {
  const client = new PgClient({ connectionString: layout.pg.url('postgres') });
  await client.connect();
  try {
    for (const db of Object.values(DATABASES)) {
      const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [db]);
      if (!rowCount) await client.query(`CREATE DATABASE ${db}`);
    }
  } finally {
    await client.end();
  }
}

/** setup-schema once (version 0.0 + the schema_version table), then update-schema: idempotent. */
async function applyTemporalSchema(layout: ClusterLayout): Promise<void> {
  for (const [db, schemaDir] of [
    [DATABASES.temporal, 'temporal'],
    [DATABASES.visibility, 'visibility'],
  ] as const) {
    const base = ['--plugin', 'postgres12', '--ep', '127.0.0.1', '-p', String(layout.pg.port), '-u', PG_USER, '--db', db];
    const client = new PgClient({ connectionString: layout.pg.url(db) });
    await client.connect();
    const { rowCount } = await client.query("SELECT 1 FROM information_schema.tables WHERE table_name = 'schema_version'");
    await client.end();
    if (!rowCount) await run(layout.tools.sqlTool, [...base, 'setup-schema', '-v', '0.0'], { timeout: 120_000 });
    await run(layout.tools.sqlTool, [...base, 'update-schema', '-d', path.join(layout.tools.schema, schemaDir, 'versioned')], {
      timeout: 300_000,
    });
  }
}

// ---------------------------------------------------------------- Temporal

function writeTemporalConfig(layout: ClusterLayout): string {
  const dir = path.join(layout.dir, 'temporal-config');
  fs.mkdirSync(dir, { recursive: true });
  const { host, port } = layout.temporal;
  const store = (db: string, maxConns: number): string => `      sql:
        pluginName: "postgres12"
        databaseName: "${db}"
        connectAddr: "127.0.0.1:${layout.pg.port}"
        connectProtocol: "tcp"
        user: "${PG_USER}"
        password: ""
        maxConns: ${maxConns}
        maxIdleConns: ${maxConns}
        maxConnLifetime: "1h"`;
  const service = (grpc: number, membership: number, extra = ''): string => `    rpc:
      grpcPort: ${grpc}
      membershipPort: ${membership}
      bindOnIP: "${host}"${extra}`;
  fs.writeFileSync(
    path.join(dir, 'cluster.yaml'),
    `# Written by scripts/start-cluster.ts at every start (edit the script, not this file).
log:
  stdout: true
  level: warn
persistence:
  defaultStore: postgres-default
  visibilityStore: postgres-visibility
  numHistoryShards: ${HISTORY_SHARDS}
  datastores:
    postgres-default:
${store(DATABASES.temporal, 20)}
    postgres-visibility:
${store(DATABASES.visibility, 10)}
global:
  membership:
    maxJoinDuration: 30s
    broadcastAddress: "${host}"
services:
  frontend:
${service(port, port + 100, `\n      httpPort: ${port + 20}`)}
  history:
${service(port + 1, port + 101)}
  matching:
${service(port + 2, port + 102)}
  worker:
${service(port + 3, port + 103)}
clusterMetadata:
  enableGlobalNamespace: false
  failoverVersionIncrement: 10
  masterClusterName: "active"
  currentClusterName: "active"
  clusterInformation:
    active:
      enabled: true
      initialFailoverVersion: 1
      rpcName: "frontend"
      rpcAddress: "${host}:${port}"
dcRedirectionPolicy:
  policy: "noop"
dynamicConfigClient:
  filepath: "${path.join(dir, 'dynamic.yaml')}"
  pollInterval: "10s"
`,
  );
  // What the dev server of make start sets too (temporalio/cli devserver): a larger mutable-state cache and
  // visibility RPS; search attributes visible right after registration.
  fs.writeFileSync(
    path.join(dir, 'dynamic.yaml'),
    `history.hostLevelCacheMaxSize:
  - value: 8192
frontend.namespaceRPS.visibility:
  - value: 100
system.forceSearchAttributesCacheRefreshOnRead:
  - value: true
frontend.enableUpdateWorkflowExecution:
  - value: true
frontend.enableExecuteMultiOperation:
  - value: true
limit.maxIDLength:
  - value: 255
`,
  );
  return dir;
}

async function prepareNamespace(config: Config, proc: ManagedProcess): Promise<void> {
  const namespace = config.temporal.namespace;
  const deadline = Date.now() + READY_TIMEOUT_MS;
  let last = 'no answer yet';
  let connection: Connection | undefined;
  while (!connection) {
    if (proc.hasExited())
      throw new Error(`the Temporal server exited (${String(await proc.exited)}); CLUSTER_TEMPORAL_LOG=show prints its log`);
    if (Date.now() > deadline) throw new Error(`Temporal server not up in ${READY_TIMEOUT_MS} ms: ${last}`);
    try {
      const c = await Connection.connect({ address: config.temporal.address, connectTimeout: 1_000 });
      await c.workflowService.getSystemInfo({});
      connection = c;
    } catch (err) {
      last = err instanceof Error ? err.message : String(err);
      await delay(300);
    }
  }
  try {
    try {
      await connection.workflowService.registerNamespace({
        namespace,
        workflowExecutionRetentionPeriod: msToTs('7 days'),
      });
      say(`Temporal: namespace ${namespace} registered (retention 7 days)`);
    } catch (err) {
      if (!/already exists/i.test(String(err))) throw err;
    }
    // The frontend's namespace cache refreshes every 2 s: wait until the namespace is usable.
    for (;;) {
      try {
        await connection.workflowService.listWorkflowExecutions({ namespace, pageSize: 1 });
        break;
      } catch (err) {
        if (Date.now() > deadline) throw err;
        await delay(300);
      }
    }
    const r = await registerSearchAttributes(connection, namespace);
    if (r.conflicting.length > 0) throw new Error(`search attributes of another type: ${JSON.stringify(r.conflicting)}`);
    if (r.added.length > 0) say(`Temporal: search attributes registered: ${r.added.join(', ')}`);
  } finally {
    await connection.close();
  }
}

if (require.main === module) {
  main().catch((err: unknown) => {
    process.stderr.write(`make start-cluster: ${err instanceof Error ? err.message : String(err)}\n`);
    void supervisor.stopAll('start failed', 1);
  });
}

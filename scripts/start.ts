/**
 * `make start`: the whole system on this machine, in the foreground.
 *
 *   Temporal dev server (SQLite file under DATA_DIR, Web UI) → external-system simulators and the development
 *   identity provider (OpenID Connect, identity/dev-provider.ts; off with OIDC_DEV_PROVIDER=off) → worker + API
 *
 * Each part runs as its own process group; the script waits until each one answers, prints where to
 * find everything, and on Ctrl-C / SIGTERM / SIGHUP (or when its parent dies) stops them in reverse
 * order: SIGTERM to each group, SIGKILL after a grace period. Nothing is left running.
 * If any part exits on its own, everything is stopped and the exit code is 1.
 *
 * Parts whose entry file does not exist yet are skipped with a note; START_SKIP=api,worker skips parts on
 * purpose (e.g. to run one of them under a debugger instead).
 */
import fs from 'node:fs';
import path from 'node:path';
import { ConfigError, loadConfig, ROOT_DIR, workerNodeArgs, type Config } from '../config';
import { configuredDevServer, splitAddress, startDevServer, waitForHttp } from './dev-server';
import type { ManagedProcess } from './process-group';
import { assertPortsFree as assertFree, Supervisor, waitForPoller } from './supervisor';

const READY_TIMEOUT_MS = Number(process.env.START_READY_TIMEOUT_MS ?? 180_000);
const STOP_GRACE_MS = Number(process.env.START_STOP_GRACE_MS ?? 8_000);

interface Part {
  name: string;
  entry: string;
  ready: (proc: ManagedProcess) => Promise<void>;
  url?: string;
}

const SKIP = new Set(
  (process.env.START_SKIP ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean),
);

const supervisor = new Supervisor(STOP_GRACE_MS);
const say = (line: string): void => supervisor.say(line);

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
  supervisor.installStopHandlers();
  fs.mkdirSync(config.dataDir, { recursive: true });
  await assertPortsFree(config);

  const t0 = Date.now();
  const devServer = await startDevServer({ ...configuredDevServer(config), logLevel: 'error' }, READY_TIMEOUT_MS);
  supervisor.adopt(devServer.process);
  say(`Temporal dev server ready in ${Date.now() - t0} ms`);

  const env: NodeJS.ProcessEnv = { ...process.env, DATA_DIR: config.dataDir };
  const sims = config.adapters.simulators;
  const simulators: Part = {
    name: 'simulators',
    entry: 'simulators/main.ts',
    url: `http://${sims.host}:${sims.port}`,
    ready: (p) => waitForHttp(`http://${sims.host}:${sims.port}/`, READY_TIMEOUT_MS, p),
  };
  // People sign in to the dashboard here (authorization code + PKCE); its own origin, like a real provider.
  const devIdp = config.oidc.devProvider;
  const identity: Part | null = devIdp
    ? {
        name: 'identity',
        entry: 'identity/dev-provider-main.ts',
        url: devIdp.url,
        ready: (p) => waitForHttp(`${devIdp.url}/.well-known/openid-configuration`, READY_TIMEOUT_MS, p),
      }
    : null;
  const worker: Part = {
    name: 'worker',
    entry: 'worker.ts',
    ready: (p) =>
      waitForPoller({ address: config.temporal.address }, config.temporal.namespace, config.temporal.taskQueue, READY_TIMEOUT_MS, p),
  };
  const api: Part = {
    name: 'api',
    entry: 'api/main.ts',
    url: `http://${config.api.host}:${config.api.port}`,
    ready: (p) => waitForHttp(`http://${config.api.host}:${config.api.port}/healthz`, READY_TIMEOUT_MS, p),
  };

  // The simulators first (the worker's adapters call them), then worker and API side by side.
  const started = new Set<string>();
  for (const wave of [identity ? [simulators, identity] : [simulators], [worker, api]]) {
    await Promise.all(
      wave.map(async (part) => {
        if (SKIP.has(part.name)) {
          say(`${part.name}: skipped (START_SKIP)`);
          return;
        }
        if (!fs.existsSync(path.join(ROOT_DIR, part.entry))) {
          say(`${part.name}: ${part.entry} does not exist yet — skipped`);
          return;
        }
        if (supervisor.stopping) return;
        const t = Date.now();
        // The worker's main-thread heap limit is a node argument (WORKER_HEAP_MB; docs/operations.md, Workers).
        const nodeArgs = part.name === 'worker' ? workerNodeArgs(config) : [];
        // CPU_PROFILE_DIR: each part writes V8 CPU profiles there when it exits (bench/throughput.bench.ts --profile).
        const profileDir = process.env.CPU_PROFILE_DIR;
        if (profileDir) nodeArgs.push('--cpu-prof', `--cpu-prof-dir=${path.join(profileDir, part.name)}`);
        const proc = supervisor.spawn(part.name, process.execPath, [...nodeArgs, '--import', 'tsx', part.entry], { cwd: ROOT_DIR, env });
        await part.ready(proc).catch((err: unknown) => {
          throw new Error(`${part.name} did not become ready: ${err instanceof Error ? err.message : String(err)}`);
        });
        started.add(part.name);
        say(`${part.name} ready in ${Date.now() - t} ms`);
      }),
    );
  }

  const lines = [
    '',
    'kz-services-orchestrator is running:',
    started.has('api')
      ? `  API                ${api.url ?? ''}`
      : `  API                (not started: ${SKIP.has('api') ? 'START_SKIP' : 'api/main.ts not there yet'})`,
    started.has('api') ? `  OpenAPI            ${api.url ?? ''}/openapi.json` : null,
    started.has('api')
      ? `  Dashboard          ${api.url ?? ''}/web/   (staff inbox, SLA overview; sign in through ${started.has('identity') ? 'the development identity provider' : (config.oidc.issuer ?? 'a dev token')})`
      : null,
    started.has('identity') ? `  Identity provider  ${identity?.url ?? ''}   (development users, no password; OpenID Connect)` : null,
    started.has('api') ? `  Dev credentials    ${config.api.devCredentialsFile}` : null,
    `  Temporal Web UI    ${devServer.uiUrl ?? '(headless)'}`,
    `  Temporal gRPC      ${devServer.address} (namespace ${devServer.namespace}, task queue ${config.temporal.taskQueue})`,
    started.has('simulators') ? `  Simulators         ${simulators.url ?? ''}` : null,
    started.has('worker') ? '  Worker             running' : null,
    `  Data               ${config.dataDir}`,
    `Up in ${Date.now() - t0} ms. Press Ctrl-C to stop.`,
  ];
  say(lines.filter((l): l is string => l !== null).join('\n'));
}

async function assertPortsFree(config: Config): Promise<void> {
  const { host, port } = splitAddress(config.temporal.address);
  const wanted: [string, string, number][] = [
    ['TEMPORAL_ADDRESS', host, port],
    ['TEMPORAL_UI_PORT', host, config.temporal.uiPort],
  ];
  const planned = (name: string, entry: string): boolean => !SKIP.has(name) && fs.existsSync(path.join(ROOT_DIR, entry));
  if (planned('api', 'api/main.ts')) wanted.push(['API_PORT', config.api.host, config.api.port]);
  const idp = config.oidc.devProvider;
  if (idp && planned('identity', 'identity/dev-provider-main.ts')) wanted.push(['OIDC_DEV_PROVIDER_PORT', idp.host, idp.port]);
  if (planned('simulators', 'simulators/main.ts')) {
    wanted.push(['SIMULATORS_PORT', config.adapters.simulators.host, config.adapters.simulators.port]);
  }
  await assertFree(wanted, 'is another `make start` running? Stop it or change the setting.');
}

main().catch((err: unknown) => {
  process.stderr.write(`make start: ${err instanceof Error ? err.message : String(err)}\n`);
  void supervisor.stopAll('start failed', 1);
});

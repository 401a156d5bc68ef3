/**
 * The local Temporal dev server (`temporal server start-dev`), used by `make start` (persistent SQLite
 * file under DATA_DIR, Web UI on) and by the integration tests (in-memory, headless, free ports).
 *
 * The case search attributes (workflows/shared/case.ts) are registered at launch with
 * `--search-attribute`, so dashboards' visibility queries work from the first workflow on.
 *
 * Run directly (`npx tsx scripts/dev-server.ts`) it starts the server as configured and keeps it in
 * the foreground until Ctrl-C.
 */
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { Connection } from '@temporalio/client';
import { loadConfig, ROOT_DIR, type Config } from '../config';
import { SEARCH_ATTRIBUTE_TYPES } from '../workflows/shared/case';
import { delay, spawnManaged, stopManaged, type ManagedProcess } from './process-group';

export interface DevServerOptions {
  cliPath: string;
  ip: string;
  port: number;
  /** null → no Web UI (`--headless`). */
  uiPort: number | null;
  /** SQLite file for a persistent store; undefined → in memory (gone when the server stops). */
  dbFile?: string;
  namespace?: string;
  /** Register the case search attributes at launch (default true). */
  searchAttributes?: boolean;
  /** Server log level; the CLI's default for start-dev is warn. */
  logLevel?: 'debug' | 'info' | 'warn' | 'error' | 'never';
  /** Where the server's output goes (prefixed). null = discard. */
  output?: NodeJS.WritableStream | null;
}

export interface DevServer {
  address: string;
  namespace: string;
  uiUrl: string | null;
  process: ManagedProcess;
  stop(): Promise<void>;
}

/** The project-local CLI built by scripts/setup.sh, unless TEMPORAL_CLI_PATH names another one. */
export function resolveTemporalCli(config: Pick<Config, 'temporal'> = loadConfig()): string {
  const cli = config.temporal.cliPath ?? path.join(ROOT_DIR, '.tools', 'bin', 'temporal');
  if (!fs.existsSync(cli)) {
    throw new Error(`Temporal CLI not found at ${cli}: run \`make setup\` (or set TEMPORAL_CLI_PATH)`);
  }
  return cli;
}

export function splitAddress(address: string): { host: string; port: number } {
  const m = /^(.*):(\d+)$/.exec(address);
  if (!m?.[1] || !m[2]) throw new Error(`TEMPORAL_ADDRESS must be host:port, got ${JSON.stringify(address)}`);
  return { host: m[1].replace(/^\[|\]$/g, ''), port: Number(m[2]) };
}

export function devServerArgs(o: Omit<DevServerOptions, 'cliPath' | 'output'>): string[] {
  const args = ['server', 'start-dev', '--ip', o.ip, '--port', String(o.port)];
  if (o.uiPort === null) args.push('--headless');
  else args.push('--ui-port', String(o.uiPort));
  if (o.dbFile) {
    // WAL + NORMAL: far fewer fsyncs on a persistent file, still crash-safe for a dev server.
    args.push('--db-filename', o.dbFile, '--sqlite-pragma', 'journal_mode=WAL', '--sqlite-pragma', 'synchronous=NORMAL');
  }
  if (o.namespace && o.namespace !== 'default') args.push('--namespace', o.namespace);
  if (o.searchAttributes !== false) {
    for (const [name, type] of Object.entries(SEARCH_ATTRIBUTE_TYPES)) {
      args.push('--search-attribute', `${name}=${type}`);
    }
  }
  args.push('--log-level', o.logLevel ?? 'warn');
  return args;
}

/** Starts the dev server and resolves once it answers gRPC (and its UI answers HTTP, when enabled). */
export async function startDevServer(o: DevServerOptions, timeoutMs = 60_000): Promise<DevServer> {
  if (o.dbFile) fs.mkdirSync(path.dirname(o.dbFile), { recursive: true });
  const tail: string[] = [];
  const proc = spawnManaged('temporal', o.cliPath, devServerArgs(o), {
    output: o.output === undefined ? process.stdout : o.output,
    onLine: (line) => {
      tail.push(line);
      if (tail.length > 20) tail.shift();
    },
  });
  const address = `${o.ip}:${o.port}`;
  const namespace = o.namespace ?? 'default';
  const uiUrl = o.uiPort === null ? null : `http://${o.ip}:${o.uiPort}`;
  try {
    await waitForTemporal(address, namespace, timeoutMs, proc);
    if (uiUrl) await waitForHttp(uiUrl, timeoutMs, proc);
  } catch (err) {
    await stopManaged(proc, 2_000);
    const why = err instanceof Error ? err.message : String(err);
    throw new Error(`Temporal dev server did not start: ${why}\n${tail.join('\n')}`);
  }
  return { address, namespace, uiUrl, process: proc, stop: () => stopManaged(proc) };
}

/** Polls GetSystemInfo + DescribeNamespace until the server answers, the deadline passes or the process dies. */
export async function waitForTemporal(address: string, namespace: string, timeoutMs: number, proc?: ManagedProcess): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last = 'no answer yet';
  while (Date.now() < deadline) {
    if (proc?.hasExited()) throw new Error(`the server process exited (${String(await proc.exited)})`);
    let connection: Connection | undefined;
    try {
      connection = await Connection.connect({ address, connectTimeout: 1_000 });
      await connection.workflowService.getSystemInfo({});
      await connection.workflowService.describeNamespace({ namespace });
      return;
    } catch (err) {
      last = err instanceof Error ? err.message : String(err);
    } finally {
      await connection?.close().catch(() => undefined);
    }
    await delay(200);
  }
  throw new Error(`no answer from ${address} within ${timeoutMs} ms (${last})`);
}

/** Resolves once `url` answers HTTP with any status below 500. */
export async function waitForHttp(url: string, timeoutMs: number, proc?: ManagedProcess): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last = 'no answer yet';
  while (Date.now() < deadline) {
    if (proc?.hasExited()) throw new Error(`the process exited (${String(await proc.exited)})`);
    const status = await httpStatus(url).catch((err: unknown) => {
      last = err instanceof Error ? err.message : String(err);
      return 0;
    });
    if (status > 0 && status < 500) return;
    if (status >= 500) last = `HTTP ${status}`;
    await delay(200);
  }
  throw new Error(`no answer from ${url} within ${timeoutMs} ms (${last})`);
}

export function httpStatus(url: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = http.get(url, { timeout: 2_000 }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', reject);
  });
}

/** Options for the configured dev server of `make start`. */
export function configuredDevServer(config: Config): DevServerOptions {
  const { host, port } = splitAddress(config.temporal.address);
  return {
    cliPath: resolveTemporalCli(config),
    ip: host,
    port,
    uiPort: config.temporal.uiPort,
    dbFile: path.join(config.dataDir, 'temporal.sqlite'),
    namespace: config.temporal.namespace,
  };
}

async function main(): Promise<void> {
  const config = loadConfig();
  const started = Date.now();
  const server = await startDevServer(configuredDevServer(config));
  process.stdout.write(`Temporal dev server at ${server.address} (Web UI ${server.uiUrl ?? 'off'}), ready in ${Date.now() - started} ms\n`);
  const stop = (): void => {
    void server.stop().then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  const code = await server.process.exited;
  process.stderr.write(`Temporal dev server exited (${String(code)})\n`);
  process.exit(1);
}

if (require.main === module) {
  main().catch((err: unknown) => {
    process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  });
}

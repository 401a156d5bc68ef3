/**
 * A real Temporal dev server (`temporal server start-dev`) for integration tests: in memory, headless,
 * on free loopback ports, with the case search attributes registered — the same binary and flags as
 * `make start`, so visibility queries behave as in development (eventually consistent).
 *
 *   let server: TestDevServer;
 *   beforeAll(async () => { server = await startTestDevServer(); });
 *   afterAll(async () => { await server?.teardown(); });
 *
 * One server per test file; teardown kills its whole process group. If the test process dies first,
 * the server is SIGKILLed at exit (scripts/process-group.ts).
 */
import { Client, Connection } from '@temporalio/client';
import { NativeConnection } from '@temporalio/worker';
import { loadConfig } from '../../config';
import { resolveTemporalCli, startDevServer, type DevServer } from '../../scripts/dev-server';
import { freePort } from '../../scripts/ports';
import { HANG_CEILING_MS } from './temporal';

export interface TestDevServer {
  address: string;
  namespace: string;
  /** For clients (start workflows, visibility queries). */
  connection: Connection;
  client: Client;
  /** For Worker.create({ connection: nativeConnection, … }). */
  nativeConnection: NativeConnection;
  server: DevServer;
  teardown(): Promise<void>;
}

export async function startTestDevServer(options: { namespace?: string; searchAttributes?: boolean } = {}): Promise<TestDevServer> {
  const cliPath = resolveTemporalCli(loadConfig({ ...process.env, APP_ENV: 'test' }));
  // freePort() claims the port against every other test process (scripts/ports.ts); a process
  // outside the tests could still bind it first, so a failed start is tried once more on another port.
  let server: DevServer | undefined;
  let lastError: unknown;
  for (let attempt = 0; attempt < 2 && !server; attempt++) {
    try {
      server = await startDevServer({
        cliPath,
        ip: '127.0.0.1',
        port: await freePort(),
        uiPort: null,
        ...(options.namespace ? { namespace: options.namespace } : {}),
        searchAttributes: options.searchAttributes ?? true,
        logLevel: 'error',
        output: process.env.DEV_SERVER_LOGS ? process.stderr : null,
      });
    } catch (err) {
      lastError = err;
    }
  }
  if (!server) throw lastError instanceof Error ? lastError : new Error(String(lastError));
  const started = server;
  const connection = await Connection.connect({ address: started.address });
  const nativeConnection = await NativeConnection.connect({ address: started.address });
  const client = new Client({ connection, namespace: started.namespace });
  return {
    address: started.address,
    namespace: started.namespace,
    connection,
    client,
    nativeConnection,
    server: started,
    async teardown() {
      await nativeConnection.close().catch(() => undefined);
      await connection.close().catch(() => undefined);
      await started.stop();
    },
  };
}

/** Polls `probe` until it returns a value that is not undefined (visibility is eventually consistent). */
export async function eventually<T>(probe: () => Promise<T | undefined>, timeoutMs = HANG_CEILING_MS, intervalMs = 200): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}

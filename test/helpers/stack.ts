/**
 * The whole system as `make start` runs it (Temporal dev server, simulators, worker, API as separate
 * processes), on free ports and a data directory of its own, for the integration tests that need every
 * process; stop() ends them all (SIGTERM, then SIGKILL of the process group) and removes the data.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { z } from 'zod';
import { freeStackPorts, stackEnv, type StackPorts as PartPorts } from '../../scripts/ports';
import { ROOT } from './temporal';

const Credentials = z.object({
  credentials: z.array(
    z.object({
      subject: z.string(),
      role: z.string(),
      token: z.string(),
      licensorBody: z.string().optional(),
      branch: z.string().optional(),
    }),
  ),
});

export interface Stack {
  /** http://127.0.0.1:<port> of the API and of the simulators. */
  api: string;
  sims: string;
  /** The bearer token `make start` wrote for a role (and licensor body, for staff; branch, for an operator). */
  token(role: string, licensorBody?: string): string;
  /** The bearer token of one credential by its subject (e.g. 'ctrm:chairman' of the approval chain). */
  tokenOf(subject: string): string;
  ports: StackPorts;
  /** The data directory (DATA_DIR) this stack runs on. */
  dataDir: string;
  /** Everything the start script and its parts printed so far (logs of API, worker, simulators). */
  output(): string;
  /** POST with a bearer token, an Idempotency-Key and a JSON body. */
  post(url: string, token: string, key: string, body: unknown): Promise<Response>;
  stop(): Promise<void>;
}

/** Every part's port, the UI's and the identity provider's too: a restart reuses them all. */
export type StackPorts = Required<Omit<PartPorts, 'pg'>>;

export interface StackOptions {
  /** Run on this data directory and keep it at stop() (a restart test starts the stack on it again). */
  dataDir?: string;
  /** Listen on these ports (a restart test reuses the first run's, as `make start` does). */
  ports?: StackPorts;
  /** Extra environment for the start script and its parts. */
  env?: NodeJS.ProcessEnv;
}

/** Starts the stack and waits until it says it is up (150 s at most). */
export async function startStack(name: string, opts: StackOptions = {}): Promise<Stack> {
  const keepData = opts.dataDir !== undefined;
  const dataDir = opts.dataDir ?? fs.mkdtempSync(path.join(os.tmpdir(), `kz-${name}-`));
  const ports: StackPorts = opts.ports ?? (await freeStackPorts());
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', 'scripts/start.ts'], {
    cwd: ROOT,
    env: stackEnv(dataDir, ports, { START_STOP_GRACE_MS: '8000', ...opts.env }),
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const stop = async (): Promise<void> => {
    if (child.pid && child.exitCode === null) {
      const exited = new Promise((r) => child.once('exit', r));
      process.kill(child.pid, 'SIGTERM');
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([exited, new Promise((r) => (timer = setTimeout(r, 20_000)))]);
      clearTimeout(timer);
      if (child.exitCode === null) {
        try {
          process.kill(-child.pid, 'SIGKILL');
        } catch {
          // already gone
        }
      }
    }
    if (!keepData) fs.rmSync(dataDir, { recursive: true, force: true });
  };
  let output = '';
  child.stdout?.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (output += d.toString()));
  const deadline = Date.now() + 150_000;
  while (!output.includes('Press Ctrl-C to stop.')) {
    const failure =
      child.exitCode !== null
        ? `start script exited early (${child.exitCode})`
        : Date.now() > deadline
          ? 'start script not up in time'
          : null;
    if (failure) {
      await stop();
      throw new Error(`${failure}:\n${output}`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  const creds = Credentials.parse(JSON.parse(fs.readFileSync(path.join(dataDir, 'dev-credentials.json'), 'utf8'))).credentials;
  return {
    api: `http://127.0.0.1:${ports.api}`,
    sims: `http://127.0.0.1:${ports.simulators}`,
    dataDir,
    ports,
    output: () => output,
    token: (role, licensorBody) =>
      creds.find((c) => c.role === role && (licensorBody === undefined || c.licensorBody === licensorBody || c.branch === licensorBody))
        ?.token ?? '',
    tokenOf: (subject) => creds.find((c) => c.subject === subject)?.token ?? '',
    post: (url, token, key, body) =>
      fetch(url, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', 'idempotency-key': key },
        body: JSON.stringify(body),
      }),
    stop,
  };
}

/** The JSON body parsed by `schema`; a non-2xx answer throws with its body. */
export async function json<S extends z.ZodType>(schema: S, res: Response): Promise<z.infer<S>> {
  const body: unknown = await res.json();
  if (!res.ok) throw new Error(`${res.status}: ${JSON.stringify(body)}`);
  return schema.parse(body);
}

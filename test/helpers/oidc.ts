/**
 * The development identity provider (identity/dev-provider-main.ts) as its own process, the way `make start`
 * runs it, and the code + PKCE sign-in against it (identity/code-flow.ts).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { ROOT } from './temporal';

export { signInWithCodeFlow, type CodeFlowOptions, type SignInResult } from '../../identity/code-flow';

export interface DevProviderProcess {
  issuer: string;
  output(): string;
  stop(): Promise<void>;
}

/** identity/dev-provider-main.ts as a child process on `port`, for an API reached at `apiPort`. */
export async function startDevProviderProcess(opts: {
  port: number;
  apiPort: number;
  dataDir: string;
  env?: NodeJS.ProcessEnv;
}): Promise<DevProviderProcess> {
  const issuer = `http://127.0.0.1:${opts.port}`;
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', 'identity/dev-provider-main.ts'], {
    cwd: ROOT,
    env: {
      ...process.env,
      APP_ENV: 'development',
      DATA_DIR: opts.dataDir,
      API_PORT: String(opts.apiPort),
      OIDC_DEV_PROVIDER_PORT: String(opts.port),
      ...opts.env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (output += d.toString()));
  const stop = async (): Promise<void> => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGTERM');
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([exited, new Promise((r) => (timer = setTimeout(r, 5000)))]);
    clearTimeout(timer);
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  };
  const deadline = Date.now() + 60_000;
  while (!output.includes('development identity provider at')) {
    if (child.exitCode !== null) throw new Error(`identity provider exited (${child.exitCode}):\n${output}`);
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`identity provider not up in time:\n${output}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return { issuer, output: () => output, stop };
}

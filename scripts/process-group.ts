/**
 * Child processes that can be stopped without leaving anything behind.
 *
 * Each child is started as the leader of its own process group (`detached: true`), so that whatever it
 * starts in turn (tsx's loader, the Temporal CLI's embedded UI server, a shell) is in the same group and
 * a single signal to the group reaches all of them. Stopping = SIGTERM to the group, then SIGKILL to the
 * group after a grace period, then a final SIGKILL sweep in case the leader exited before its children.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import readline from 'node:readline';

export interface ManagedProcess {
  readonly name: string;
  readonly child: ChildProcess;
  readonly pid: number;
  /** Resolves with the exit code (or the signal's name) once the group leader has exited. */
  readonly exited: Promise<number | string>;
  hasExited(): boolean;
}

export interface SpawnOptions {
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  /** Where to copy the child's output, line by line, prefixed with `[name]`. Default: this process's stdout. */
  output?: NodeJS.WritableStream | null;
  /** Called with every output line (stdout and stderr), e.g. to wait for a readiness message. */
  onLine?: (line: string) => void;
}

export function spawnManaged(name: string, command: string, args: readonly string[], options: SpawnOptions = {}): ManagedProcess {
  const child = spawn(command, args, {
    cwd: options.cwd,
    env: options.env ?? process.env,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  if (child.pid === undefined) {
    throw new Error(`${name}: could not start ${command}`);
  }
  const pid = child.pid;
  let done = false;
  const exited = new Promise<number | string>((resolve) => {
    child.once('exit', (code, signal) => {
      done = true;
      resolve(code ?? signal ?? 'unknown');
    });
    child.once('error', (err) => {
      done = true;
      resolve(`error: ${err.message}`);
    });
  });
  const out = options.output === undefined ? process.stdout : options.output;
  for (const stream of [child.stdout, child.stderr]) {
    if (!stream) continue;
    const rl = readline.createInterface({ input: stream });
    rl.on('line', (line) => {
      options.onLine?.(line);
      out?.write(`[${name}] ${line}\n`);
    });
  }
  liveGroups.add(pid);
  void exited.then(() => liveGroups.delete(pid));
  return { name, child, pid, exited, hasExited: () => done };
}

/** SIGTERM the group, wait up to `graceMs` for the leader, then SIGKILL whatever of the group is left. */
export async function stopManaged(proc: ManagedProcess, graceMs = 5_000): Promise<void> {
  signalGroup(proc.pid, 'SIGTERM');
  const inTime = await Promise.race([proc.exited.then(() => true), delay(graceMs).then(() => false)]);
  if (!inTime) process.stderr.write(`[${proc.name}] did not stop within ${graceMs} ms: SIGKILL\n`);
  // Also after a clean exit: a grandchild may outlive its parent in the group.
  signalGroup(proc.pid, 'SIGKILL');
  if (!inTime) await Promise.race([proc.exited, delay(2_000)]);
}

/** True when some process of the group still exists. */
export function groupAlive(pgid: number): boolean {
  try {
    process.kill(-pgid, 0);
    return true;
  } catch {
    return false;
  }
}

function signalGroup(pgid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pgid, signal);
  } catch {
    // ESRCH: nothing left in the group.
  }
}

export function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/**
 * Last-resort cleanup when this process exits without having stopped its children (an uncaught error,
 * process.exit from elsewhere): SIGKILL every group still registered. Synchronous, as 'exit' requires.
 */
const liveGroups = new Set<number>();
process.once('exit', () => {
  for (const pgid of liveGroups) signalGroup(pgid, 'SIGKILL');
});

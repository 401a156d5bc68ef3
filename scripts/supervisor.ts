/**
 * What `make start` and `make start-cluster` share: a list of running parts (each its own process
 * group, scripts/process-group.ts), stopped in reverse start order on Ctrl-C / SIGTERM / SIGHUP, when the
 * parent dies or when any part exits on its own (exit code 1 then); readiness probes; a port check.
 */
import fs from 'node:fs';
import net from 'node:net';
import { Connection, type ConnectionOptions } from '@temporalio/client';
import { temporal as proto } from '@temporalio/proto';
import { delay, spawnManaged, stopManaged, type ManagedProcess, type SpawnOptions } from './process-group';

export class Supervisor {
  private readonly running: ManagedProcess[] = [];
  private stoppingPromise: Promise<void> | null = null;
  private readonly extraStops: Array<() => Promise<void> | void> = [];

  /**
   * Set by `make start-cluster` under CLUSTER_RESPAWN=1 (the fault suite's cluster run): parts spawned with
   * `respawn` are started again when they exit instead of stopping everything, and each part's current
   * process-group id is written to this file ({ name: pid }) so the suite can kill -9 one of them.
   */
  pidFile: string | null = null;

  constructor(private readonly graceMs: number) {}

  /** Spawns a part that is started again whenever it exits while we are not stopping (see pidFile). */
  respawn(name: string, command: string, args: readonly string[], options: SpawnOptions = {}): ManagedProcess {
    const proc = spawnManaged(name, command, args, options);
    this.running.push(proc);
    this.writePids();
    void proc.exited.then(async (code) => {
      if (this.stopping) return;
      this.say(`${name} exited (${String(code)}): respawning`);
      const i = this.running.indexOf(proc);
      if (i >= 0) this.running.splice(i, 1);
      await delay(500);
      if (!this.stopping) this.respawn(name, command, args, options);
    });
    return proc;
  }

  private writePids(): void {
    if (!this.pidFile) return;
    const pids = Object.fromEntries(this.running.filter((p) => !p.hasExited()).map((p) => [p.name, p.pid]));
    fs.writeFileSync(`${this.pidFile}.tmp`, JSON.stringify(pids));
    fs.renameSync(`${this.pidFile}.tmp`, this.pidFile);
  }

  get stopping(): boolean {
    return this.stoppingPromise !== null;
  }

  say(line: string): void {
    process.stdout.write(`${line}\n`);
  }

  /** Spawns a part and stops everything if it exits while we are not stopping. */
  spawn(name: string, command: string, args: readonly string[], options: SpawnOptions = {}): ManagedProcess {
    const proc = spawnManaged(name, command, args, options);
    this.adopt(proc);
    return proc;
  }

  /** A part started elsewhere (e.g. by startDevServer) joins the list. */
  adopt(proc: ManagedProcess): void {
    this.running.push(proc);
    this.writePids();
    void proc.exited.then((code) => {
      if (!this.stopping) {
        process.stderr.write(`${proc.name} exited unexpectedly (${String(code)})\n`);
        void this.stopAll(`${proc.name} exited`, 1);
      }
    });
  }

  /** Something in this process to close first when stopping (a proxy's listening socket). */
  onStop(fn: () => Promise<void> | void): void {
    this.extraStops.push(fn);
  }

  /** Stops everything in reverse start order, then exits; idempotent. */
  stopAll(reason: string, exitCode: number): Promise<void> {
    if (!this.stoppingPromise) {
      this.stoppingPromise = (async () => {
        this.say(`\nstopping (${reason})…`);
        for (const fn of this.extraStops) await Promise.resolve(fn()).catch(() => undefined);
        for (const proc of [...this.running].reverse()) {
          if (!proc.hasExited()) this.say(`  stopping ${proc.name}`);
          await stopManaged(proc, this.graceMs);
        }
        this.say('stopped: no process left');
        process.exit(exitCode);
      })();
    }
    return this.stoppingPromise;
  }

  installStopHandlers(): void {
    for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
      process.on(signal, () => void this.stopAll(signal, 0));
    }
    // Killed with SIGKILL, or a terminal closed without SIGHUP: the parent is gone.
    const parent = process.ppid;
    setInterval(() => {
      if (process.ppid !== parent) void this.stopAll('parent process exited', 0);
    }, 1_000).unref();
  }
}

/** Ready = at least `count` workers poll the task queue (workflow tasks). */
export async function waitForPoller(
  connectionOptions: ConnectionOptions,
  namespace: string,
  taskQueue: string,
  timeoutMs: number,
  proc: ManagedProcess,
  count = 1,
): Promise<void> {
  const connection = await Connection.connect(connectionOptions);
  try {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      if (proc.hasExited()) throw new Error(`worker exited (${String(await proc.exited)})`);
      const res = await connection.workflowService.describeTaskQueue({
        namespace,
        taskQueue: { name: taskQueue, kind: proto.api.enums.v1.TaskQueueKind.TASK_QUEUE_KIND_NORMAL },
        taskQueueType: proto.api.enums.v1.TaskQueueType.TASK_QUEUE_TYPE_WORKFLOW,
      });
      if ((res.pollers ?? []).length >= count) return;
      await delay(300);
    }
    throw new Error(`fewer than ${count} worker(s) poll task queue ${taskQueue} after ${timeoutMs} ms`);
  } finally {
    await connection.close();
  }
}

/** Exits with a message naming the settings whose ports are taken. */
export async function assertPortsFree(wanted: ReadonlyArray<[setting: string, host: string, port: number]>, hint: string): Promise<void> {
  const busy: string[] = [];
  for (const [name, h, p] of wanted) {
    if (!(await portFree(h, p))) busy.push(`${h}:${p} (${name})`);
  }
  if (busy.length > 0) {
    process.stderr.write(`already in use: ${busy.join(', ')} — ${hint}\n`);
    process.exit(1);
  }
}

export function portFree(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const srv = net.createServer();
    srv.once('error', () => resolve(false));
    srv.listen({ host, port, exclusive: true }, () => srv.close(() => resolve(true)));
  });
}

/**
 * `make start` for real: the start script brings up the Temporal dev server (and the simulators, worker
 * and API when their entry files exist) on free ports, prints the URLs, answers on them, and on SIGTERM
 * stops everything — no process it started is left behind.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { httpStatus } from '../../scripts/dev-server';
import { freeStackPorts, stackEnv } from '../../scripts/ports';
import { ROOT } from '../helpers/temporal';
import { smeWalkthrough } from '../../scripts/walkthrough';
import { xmlsec1Verify } from '../adapters/signer/xmlsec1';
import { signInWithCodeFlow } from '../../identity/code-flow';

interface ProcInfo {
  pid: number;
  ppid: number;
  /** Start time in clock ticks since boot: tells a pid apart from a later process that reuses it. */
  startTime: string;
}

function processTable(): ProcInfo[] {
  const out: ProcInfo[] = [];
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
      // Fields after the command name (which may contain spaces) in parentheses.
      const rest = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (rest[0] === 'Z') continue; // a zombie has exited; only its parent's wait is missing
      out.push({ pid: Number(entry), ppid: Number(rest[1]), startTime: rest[19] ?? '' });
    } catch {
      // exited while we looked
    }
  }
  return out;
}

function descendantsOf(root: number): ProcInfo[] {
  const table = processTable();
  const found: ProcInfo[] = [];
  const frontier = [root];
  while (frontier.length > 0) {
    const parent = frontier.pop();
    for (const p of table) {
      if (p.ppid === parent) {
        found.push(p);
        frontier.push(p.pid);
      }
    }
  }
  return found;
}

function stillRunning(p: ProcInfo): boolean {
  return processTable().some((q) => q.pid === p.pid && q.startTime === p.startTime);
}

function processesMentioning(text: string): number[] {
  const pids: number[] = [];
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (fs.readFileSync(`/proc/${entry}/cmdline`, 'utf8').includes(text)) pids.push(Number(entry));
    } catch {
      // exited while we looked
    }
  }
  return pids;
}

let child: ChildProcess | undefined;
let dataDir = '';

afterAll(() => {
  // Only if the test failed half-way: never leave the system running.
  if (child?.pid && child.exitCode === null) {
    try {
      process.kill(-child.pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
  if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
});

test('make start brings the system up, the SME walk-through registers an entity with a verifiable notification, and SIGTERM leaves no process behind', async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kz-start-test-'));
  const ports = await freeStackPorts();
  // As `make start` runs it: the simulators keep their realistic latency.
  const env = stackEnv(dataDir, ports, { SIMULATOR_LATENCY_MS: undefined, START_STOP_GRACE_MS: '8000' });
  // Own process group, like a terminal's job: the test can clean up the whole tree if it fails.
  child = spawn(process.execPath, ['--import', 'tsx', 'scripts/start.ts'], {
    cwd: ROOT,
    env,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const startPid = child.pid ?? 0;
  let output = '';
  child.stdout?.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (output += d.toString()));
  const exited = new Promise<number | null>((resolve) => child?.once('exit', (code) => resolve(code)));

  // Up: the script says so only after every part answered.
  const deadline = Date.now() + 150_000;
  while (!output.includes('Press Ctrl-C to stop.')) {
    if (child.exitCode !== null) throw new Error(`start script exited early (${child.exitCode}):\n${output}`);
    if (Date.now() > deadline) throw new Error(`start script not up in time:\n${output}`);
    await new Promise((r) => setTimeout(r, 200));
  }
  expect(output).toContain(`Temporal Web UI    http://127.0.0.1:${ports.ui}`);
  expect(await httpStatus(`http://127.0.0.1:${ports.ui}/`)).toBe(200);
  // The dev server keeps its state in a SQLite file under DATA_DIR.
  expect(fs.existsSync(path.join(dataDir, 'temporal.sqlite'))).toBe(true);
  expect(output).toContain(`OpenAPI            http://127.0.0.1:${ports.api}/openapi.json`);
  expect(await httpStatus(`http://127.0.0.1:${ports.api}/openapi.json`)).toBe(200);

  // The README walk-through on the real stack: dev server, simulators, worker, API (seed 000 ¶5.9–¶5.12).
  const walk = await smeWalkthrough({
    apiUrl: `http://127.0.0.1:${ports.api}`,
    simulatorsUrl: `http://127.0.0.1:${ports.simulators}`,
    credentialsFile: path.join(dataDir, 'dev-credentials.json'),
    log: () => undefined,
    stepTimeoutMs: 60_000,
  });
  expect(walk.outcome).toBe('issued');
  expect(walk.slaState).toBe('met');
  expect(walk.bin).toMatch(/^\d{12}$/);
  expect(walk.documentAncn).toMatch(/^KZ\d{2}NTF\d{8}$/);
  const verified = xmlsec1Verify(walk.signedXml, path.join(dataDir, 'pki', 'root.pem'));
  expect(verified.ok).toBe(true);

  // People sign in through the development identity provider; the API accepts its access token.
  expect(output).toContain(`Identity provider  http://127.0.0.1:${ports.oidc}`);
  const { accessToken } = await signInWithCodeFlow({
    issuer: `http://127.0.0.1:${ports.oidc}`,
    clientId: 'kz-dashboard',
    redirectUri: `http://127.0.0.1:${ports.api}/web/`,
    subject: 'dev-staff-ctrm',
  });
  const me = await fetch(`http://127.0.0.1:${ports.api}/v1/me`, { headers: { authorization: `Bearer ${accessToken}` } });
  expect(me.status).toBe(200);
  expect(await me.json()).toMatchObject({ subject: 'dev-staff-ctrm', role: 'staff', licensorBody: 'ctrm' });

  const tree = descendantsOf(startPid);
  // At least the dev server; plus simulators, worker and API when they exist.
  expect(tree.length).toBeGreaterThanOrEqual(1);

  process.kill(startPid, 'SIGTERM');
  const code = await exited;
  expect(code).toBe(0);
  expect(output).toContain('stopped: no process left');
  expect(tree.filter(stillRunning)).toEqual([]);
  // Nothing else started with our data dir either (e.g. a grandchild re-parented to init).
  expect(processesMentioning(dataDir)).toEqual([]);
  expect(processesMentioning(`127.0.0.1:${ports.temporal}`).length + processesMentioning(`--port\0${ports.temporal}`).length).toBe(0);
}, 200_000);

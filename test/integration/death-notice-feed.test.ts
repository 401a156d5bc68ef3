/**
 * seed 004 ¶50 on the real stack (`make start`: Temporal dev server, simulators, worker, API as
 * separate processes): the simulated individuals database registers a death, the worker collects the
 * notice from its feed and starts the death-notice workflow, which revokes the person's permit and
 * notification — visible through the register API — and leaves another holder's permit alone.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { z } from 'zod';
import { eventually, freePort } from '../helpers/dev-server';
import { ROOT } from '../helpers/temporal';

const DECEASED = '850514300122';
const OTHER = '920101050983';

let child: ChildProcess | undefined;
let dataDir = '';

afterAll(async () => {
  if (child?.pid && child.exitCode === null) {
    const exited = new Promise((r) => child?.once('exit', r));
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
  if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
}, 30_000);

const Credentials = z.object({
  credentials: z.array(z.object({ role: z.string(), token: z.string(), licensorBody: z.string().optional() })),
});
const Entered = z.object({ entry: z.object({ ancn: z.string(), status: z.string() }) });
const Entry = z.object({
  ancn: z.string(),
  status: z.string(),
  history: z.array(z.object({ operation: z.string(), reason: z.string().optional() })),
});
const Feed = z.object({
  feed: z.array(z.object({ notice: z.object({ noticeId: z.string(), iin: z.string() }), acknowledgedAt: z.string().nullable() })),
});

async function json<S extends z.ZodType>(schema: S, res: Response): Promise<z.infer<S>> {
  const body: unknown = await res.json();
  if (!res.ok) throw new Error(`${res.status}: ${JSON.stringify(body)}`);
  return schema.parse(body);
}

test('a death notice emitted by the simulator ends with the person’s permit and notification revoked in the register', async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kz-death-notice-'));
  const [temporalPort, uiPort, apiPort, simulatorsPort, workerMetricsPort] = [
    await freePort(),
    await freePort(),
    await freePort(),
    await freePort(),
    await freePort(),
  ];
  const env = {
    ...process.env,
    APP_ENV: 'development',
    DATA_DIR: dataDir,
    TEMPORAL_ADDRESS: `127.0.0.1:${temporalPort}`,
    TEMPORAL_UI_PORT: String(uiPort),
    API_PORT: String(apiPort),
    SIMULATORS_PORT: String(simulatorsPort),
    WORKER_METRICS_PORT: String(workerMetricsPort),
    SIMULATOR_LATENCY_MS: '0',
    START_STOP_GRACE_MS: '8000',
  };
  child = spawn(process.execPath, ['--import', 'tsx', 'scripts/start.ts'], {
    cwd: ROOT,
    env,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (output += d.toString()));
  const deadline = Date.now() + 150_000;
  while (!output.includes('Press Ctrl-C to stop.')) {
    if (child.exitCode !== null) throw new Error(`start script exited early (${child.exitCode}):\n${output}`);
    if (Date.now() > deadline) throw new Error(`start script not up in time:\n${output}`);
    await new Promise((r) => setTimeout(r, 200));
  }

  const api = `http://127.0.0.1:${apiPort}`;
  const sims = `http://127.0.0.1:${simulatorsPort}`;
  const creds = Credentials.parse(JSON.parse(fs.readFileSync(path.join(dataDir, 'dev-credentials.json'), 'utf8'))).credentials;
  const staff = creds.find((c) => c.role === 'staff' && c.licensorBody === 'ctrm')?.token ?? '';
  const portal = creds.find((c) => c.role === 'portal')?.token ?? '';
  const post = (url: string, token: string, key: string, body: unknown): Promise<Response> =>
    fetch(url, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', 'idempotency-key': key },
      body: JSON.stringify(body),
    });
  const permitOf = (iin: string, key: string) =>
    post(`${api}/v1/register/permits`, staff, key, {
      operation: 'enter-external-result',
      serviceCode: 'flag-emblem-license',
      category: 'first',
      holder: { ref: iin },
      licensorBody: 'ctrm',
      activity: 'Manufacture of the State Flag and the State Emblem',
      issuedAt: '2026-03-02T10:00:00+05:00',
      reason: 'review done outside the system: order No. 12',
    });

  const permit = (await json(Entered, await permitOf(DECEASED, 'death-1'))).entry.ancn;
  const othersPermit = (await json(Entered, await permitOf(OTHER, 'death-2'))).entry.ancn;
  const notification = (
    await json(
      Entered,
      await post(`${api}/v1/register/notifications`, portal, 'death-3', {
        serviceCode: 'notification-flag-retail',
        holder: { ref: DECEASED },
        licensorBody: 'ctrm',
        activity: 'Retail sale of state symbols',
      }),
    )
  ).entry.ancn;

  const emitted = await fetch(`${sims}/individuals-database/_simulator/death-notices`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ iin: DECEASED, dateOfDeath: '2026-03-05' }),
  });
  expect(emitted.status).toBe(201);

  const view = async (kind: string, ancn: string) =>
    json(Entry, await fetch(`${api}/v1/register/${kind}/${ancn}`, { headers: { authorization: `Bearer ${staff}` } }));
  const revoked = await eventually(
    async () => {
      const e = await view('permits', permit);
      return e.status === 'revoked' ? e : undefined;
    },
    60_000,
    500,
  );
  expect(revoked.history.at(-1)).toMatchObject({
    operation: 'revoke',
    reason: expect.stringContaining('death of the holder on 2026-03-05'),
  });
  await eventually(async () => ((await view('notifications', notification)).status === 'revoked' ? true : undefined), 30_000, 500);
  expect((await view('permits', othersPermit)).status).toBe('active');

  // The worker acknowledged the notice once it had started the workflow: the feed does not serve it again.
  const feed = await eventually(
    async () => {
      const f = await json(Feed, await fetch(`${sims}/individuals-database/_simulator/state`));
      return f.feed.every((r) => r.acknowledgedAt !== null) ? f.feed : undefined;
    },
    15_000,
    300,
  );
  expect(feed.map((r) => r.notice.iin)).toEqual([DECEASED]);
}, 240_000);

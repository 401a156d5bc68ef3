import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { claimPort, freePort, PORT_RANGE } from '../../scripts/ports';

const LOCK_DIR = path.join(os.tmpdir(), 'kz-test-ports');

describe('ports for servers the tests, the fault suite and the benchmarks start (scripts/ports.ts)', () => {
  it('come from below the ephemeral range, so no outgoing connection can take one before the server binds it', async () => {
    const ports = await Promise.all([freePort(), freePort(), freePort(), freePort(), freePort()]);
    expect(new Set(ports).size).toBe(5);
    for (const p of ports) {
      expect(p).toBeGreaterThanOrEqual(PORT_RANGE.from);
      expect(p).toBeLessThan(PORT_RANGE.to);
    }
    const [low] = fs.readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8').trim().split(/\s+/).map(Number);
    expect(PORT_RANGE.to).toBeLessThanOrEqual(low ?? 0);
  });

  it('are claimed once: a port another live process holds is never handed out again', async () => {
    // A child process writes the claim, naming this jest process's parent (alive), on a port this
    // process has not touched.
    let port = 0;
    for (let p = PORT_RANGE.to - 1; port === 0; p--) {
      const lock = path.join(LOCK_DIR, String(p));
      const holder = spawnSync(process.execPath, [
        '-e',
        `require('fs').writeFileSync(${JSON.stringify(lock)}, String(process.ppid), { flag: 'wx' })`,
      ]);
      if (holder.status === 0) port = p;
    }
    try {
      expect(claimPort(port)).toBe(false);
      expect(await freePort('127.0.0.1', seq([port, port]))).not.toBe(port);
    } finally {
      fs.rmSync(path.join(LOCK_DIR, String(port)), { force: true });
    }
  });

  it('are taken over from a process that died without releasing them', async () => {
    const port = await freePort();
    const dead = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))']);
    fs.writeFileSync(path.join(LOCK_DIR, String(port)), dead.stdout.toString());
    expect(claimPort(port)).toBe(true);
    expect(fs.readFileSync(path.join(LOCK_DIR, String(port)), 'utf8')).toBe(String(process.pid));
  });
});

/** The given ports first, then random ones (a neighbour may be another live test process's claim). */
function seq(values: number[]): () => number {
  let i = 0;
  return () => values[i++] ?? PORT_RANGE.from + Math.floor(Math.random() * (PORT_RANGE.to - PORT_RANGE.from));
}

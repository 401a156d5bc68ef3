/**
 * Starts and stops a throwaway PostgreSQL server through scripts/postgres-test.sh (temp data dir,
 * free port, deleted afterwards). Used by scripts/db-migration.ts and test/helpers/postgres.ts.
 */
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const SCRIPT = path.join(__dirname, 'postgres-test.sh');

export interface TestPostgres {
  /** postgresql://app@127.0.0.1:<port>/app */
  url: string;
  dir: string;
  /** Creates another empty database on the same server and returns its URL. */
  createDatabase(name: string): Promise<string>;
  stop(): Promise<void>;
}

/** The server is also stopped (by a watchdog) when this process ends without calling stop(). */
export async function startTestPostgres(): Promise<TestPostgres> {
  let stdout: string;
  try {
    ({ stdout } = await run(SCRIPT, ['start', '--owner-pid', String(process.pid)], { timeout: 300_000, maxBuffer: 16 * 1024 * 1024 }));
  } catch (e) {
    const err = e as { stderr?: string; message: string };
    throw new Error(`PostgreSQL test server did not start (${SCRIPT} start):\n${err.stderr ?? err.message}`);
  }
  const vars = Object.fromEntries(
    stdout
      .split('\n')
      .map((l) => l.match(/^([A-Z_]+)=(.*)$/))
      .filter((m): m is RegExpMatchArray => m !== null)
      .map((m) => [m[1], m[2]]),
  ) as Record<string, string | undefined>;
  const url = vars.DATABASE_URL;
  const dir = vars.PG_TEST_DIR;
  if (!url || !dir) throw new Error(`unexpected output from ${SCRIPT} start:\n${stdout}`);
  let stopped = false;
  return {
    url,
    dir,
    async createDatabase(name: string): Promise<string> {
      if (!/^[a-z][a-z0-9_]{0,62}$/.test(name)) throw new Error(`bad database name ${name}`);
      const { Client } = await import('pg');
      const client = new Client({ connectionString: url });
      await client.connect();
      try {
        await client.query(`CREATE DATABASE ${name}`);
      } finally {
        await client.end();
      }
      return url.replace(/\/[^/]*$/, `/${name}`);
    },
    async stop(): Promise<void> {
      if (stopped) return;
      stopped = true;
      await run(SCRIPT, ['stop', dir], { timeout: 60_000 });
    },
  };
}

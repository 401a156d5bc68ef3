/**
 * A directory lock (mkdir is atomic), so parallel processes — the API, the worker, the simulators and
 * parallel test workers starting together — never generate two sets of keys in one place.
 */
import fs from 'node:fs/promises';

const LOCK_STALE_MS = 60_000;
const LOCK_WAIT_MS = 60_000;

export class LockTimeoutError extends Error {
  override readonly name = 'LockTimeoutError';
}

/** Runs `fn` holding the lock directory `lock`; a lock older than a minute is taken as left by a crash. */
export async function withDirectoryLock<T>(lock: string, fn: () => Promise<T>): Promise<T> {
  const started = Date.now();
  for (;;) {
    try {
      await fs.mkdir(lock);
      break;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      const st = await fs.stat(lock).catch(() => null);
      if (st && Date.now() - st.mtimeMs > LOCK_STALE_MS) {
        await fs.rm(lock, { recursive: true, force: true });
        continue;
      }
      if (Date.now() - started > LOCK_WAIT_MS)
        throw new LockTimeoutError(`timed out waiting for ${lock} (remove it if no setup is running)`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  try {
    return await fn();
  } finally {
    await fs.rm(lock, { recursive: true, force: true });
  }
}

/**
 * GET /healthz  the process is up (no dependencies asked).
 * GET /readyz   the database and Temporal answer; 503 naming what is down.
 */
import { Router } from 'express';
import { DomainError } from '../../domain/errors';
import type { ApiContext } from '../context';
import { sendProblem } from '../errors';

const PROBE_TIMEOUT_MS = 3_000;

async function probe(fn: () => Promise<void>): Promise<{ ok: boolean; error?: string }> {
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      fn(),
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no answer within ${PROBE_TIMEOUT_MS} ms`)), PROBE_TIMEOUT_MS);
      }),
    ]);
    return { ok: true };
  } catch (e) {
    return { ok: false, error: e instanceof Error ? e.message : String(e) };
  } finally {
    if (timer) clearTimeout(timer);
  }
}

export function healthRouter(ctx: ApiContext): Router {
  const router = Router();
  router.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  router.get('/readyz', async (req, res) => {
    const [database, temporal] = await Promise.all([probe(() => ctx.deps.store.ping()), probe(() => ctx.deps.cases.ping())]);
    const checks = { database, temporal };
    const down = Object.entries(checks).filter(([, c]) => !c.ok);
    if (down.length === 0) {
      res.json({ status: 'ready', checks });
      return;
    }
    const err = new DomainError(
      'UPSTREAM_UNAVAILABLE',
      `not ready: ${down.map(([name, c]) => `${name} unreachable (${c.error ?? '?'})`).join('; ')}`,
      down.map(([name, c]) => ({ field: name, message: c.error ?? 'unreachable' })),
    );
    ctx.deps.logger.warn({ checks }, 'not ready');
    sendProblem(res, err, req, { checks });
  });
  return router;
}

/**
 * Fault injection shared by every simulated system in the process: latency, stall and error rate, set
 * per run (SIMULATOR_LATENCY_MS, SIMULATOR_STALL_MS, SIMULATOR_ERROR_RATE) and changed at run time
 * through POST /_control/faults. One mutable settings object is read on every request, so a change
 * applies at once to all systems. Paths under `/_simulator` (state, test control) are never faulted.
 */
import express, { type NextFunction, type Request, type Response, type Router } from 'express';
import { z } from 'zod';
import { describeIssues } from '../domain/zod-issues';

export interface SimulatorFaults {
  /** Share of calls answered 503 (0..1). */
  errorRate?: number;
  /** Extra delay before answering, ms: a stalled system (clients time out). */
  stallMs?: number;
  latencyMs?: number;
}

export const FaultSettingsSchema = z
  .object({
    errorRate: z.number().min(0).max(1),
    stallMs: z.number().int().min(0).max(600_000),
    latencyMs: z.number().int().min(0).max(60_000),
  })
  .partial()
  .strict();

export function injectFaults(faults: SimulatorFaults, random: () => number = Math.random) {
  return async (req: Request, res: Response, next: NextFunction): Promise<void> => {
    if (req.path.startsWith('/_simulator')) return next();
    const wait = (faults.latencyMs ?? 0) + (faults.stallMs ?? 0);
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    if ((faults.errorRate ?? 0) > 0 && random() < (faults.errorRate ?? 0)) {
      res.status(503).json({ message: 'simulated outage (fault injection)' });
      return;
    }
    next();
  };
}

/** GET/POST /_control/faults: read or change this run's faults. */
export function faultControlRouter(faults: SimulatorFaults): Router {
  const router = express.Router();
  router.use(express.json());
  router.get('/_control/faults', (_req, res) => {
    res.json(faults);
  });
  router.post('/_control/faults', (req, res) => {
    const parsed = FaultSettingsSchema.safeParse(req.body);
    if (!parsed.success) {
      res.status(400).json({ message: describeIssues(parsed.error, 'body') });
      return;
    }
    Object.assign(faults, parsed.data);
    res.json(faults);
  });
  return router;
}

/** The Idempotency-Key header every creating call must carry; answers 400 and returns null without it. */
export function idempotencyKeyOf(req: Request, res: Response): string | null {
  const key = req.get('idempotency-key');
  if (!key || key.length > 200) {
    res.status(400).json({ message: 'the Idempotency-Key header is required (1–200 characters)' });
    return null;
  }
  return key;
}

/** Parses a body with zod; answers 400 with the reasons and returns null when it does not match. */
export function bodyOf<S extends z.ZodType>(schema: S, req: Request, res: Response): z.infer<S> | null {
  const parsed = schema.safeParse(req.body);
  if (!parsed.success) {
    res.status(400).json({ message: describeIssues(parsed.error, 'body') });
    return null;
  }
  return parsed.data;
}

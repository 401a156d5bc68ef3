/**
 * Individuals database simulator (ГБД ФЛ), the source of seed 004 ¶50's death notices: a test or a
 * person at the console registers a death, and the notice waits in the feed until the e-licensing
 * system collects and acknowledges it (adapters/individuals-database/http.ts). Unacknowledged notices
 * are served again on every poll, as the real queue redelivers.
 *
 * Mount point (simulators/main.ts): `/individuals-database`.
 *   GET  /v1/death-notices                               pending notices, oldest first
 *   POST /v1/death-notices/:noticeId/acknowledgement     handled (idempotent)
 *   POST /_simulator/death-notices   {iin, dateOfDeath}  registers a death: a new notice in the feed
 *   GET  /_simulator/state                               every notice, delivery count, acknowledged or not
 */
import crypto from 'node:crypto';
import express, { type Router } from 'express';
import { z } from 'zod';
import { DeathNoticeSchema, type DeathNotice } from '../adapters/individuals-database/port';
import { bodyOf, injectFaults, type SimulatorFaults } from './faults';
import { IinSchema } from '../domain/identification-number';
import { persisted, type SimulatorStore } from './store';

export interface FeedRecord {
  notice: DeathNotice;
  deliveries: number;
  acknowledgedAt: string | null;
}

const DeathSchema = z.object({ iin: IinSchema, dateOfDeath: z.iso.date() });

export function individualsDatabaseRouter(
  opts: { faults?: SimulatorFaults; random?: () => number; now?: () => Date; store?: SimulatorStore } = {},
): {
  router: Router;
  feed: FeedRecord[];
} {
  const now = opts.now ?? (() => new Date());
  const feed: FeedRecord[] = [];
  const router = express.Router();
  router.use(express.json({ limit: '16kb' }));
  router.use(injectFaults(opts.faults ?? {}, opts.random));
  const saved = persisted(opts.store, 'individuals-database', {
    snapshot: () => structuredClone(feed),
    restore: (s: FeedRecord[]) => void feed.splice(0, feed.length, ...s),
  });
  router.use(saved.middleware);

  router.get('/v1/death-notices', (_req, res) => {
    const pending = feed.filter((r) => r.acknowledgedAt === null);
    for (const r of pending) r.deliveries += 1;
    res.json({ notices: pending.map((r) => r.notice) });
  });
  router.post('/v1/death-notices/:noticeId/acknowledgement', (req, res) => {
    const rec = feed.find((r) => r.notice.noticeId === req.params.noticeId);
    if (!rec) {
      res.status(404).json({ message: `no death notice ${req.params.noticeId}` });
      return;
    }
    rec.acknowledgedAt ??= now().toISOString();
    res.json({ noticeId: rec.notice.noticeId, acknowledgedAt: rec.acknowledgedAt });
  });
  router.post('/_simulator/death-notices', (req, res) => {
    const body = bodyOf(DeathSchema, req, res);
    if (!body) return;
    // Unique across simulator restarts: the death-notice workflow id is derived from it, and a reused
    // id would be taken for a redelivery of an old notice.
    const notice = DeathNoticeSchema.parse({
      noticeId: `DN-${crypto.randomUUID()}`,
      iin: body.iin,
      dateOfDeath: body.dateOfDeath,
      sentAt: now().toISOString(),
    });
    feed.push({ notice, deliveries: 0, acknowledgedAt: null });
    res.status(201).json(notice);
  });
  router.get('/_simulator/state', (_req, res) => {
    res.json({ feed });
  });
  return { router, feed };
}

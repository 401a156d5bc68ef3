/**
 * Concurrent operations on one permit, through two stores (two connections/pools) on the same database:
 * whatever wins, the history is one unbroken chain — seq 1..n, each row starting from the status the
 * previous one left, the entry's status and version equal to the chain's end, a notice per row — and
 * every loser was refused with CONFLICT having written nothing.
 */
import { isDomainError } from '../../domain/errors';
import type { RegisterStore } from '../../register/store';
import { RegisterService } from '../../register/service';
import { createHarness, permitRequest, STAFF, uniqueKey, type RegisterHarness } from './helpers';
import { kzMoment } from '../../domain/calendar';

export function describeConcurrency(
  name: string,
  open: () => Promise<{ a: RegisterStore; b: RegisterStore; close?: () => Promise<void> }>,
): void {
  describe(`concurrent operations on one permit (${name})`, () => {
    let h: RegisterHarness;
    let a: RegisterStore;
    let b: RegisterStore;
    let close: (() => Promise<void>) | undefined;
    beforeAll(async () => {
      ({ a, b, close } = await open());
      h = await createHarness(a);
    });
    afterAll(async () => {
      h.cleanup();
      await close?.();
    });

    it('24 racing operations leave one consistent history; losers are CONFLICT and write nothing', async () => {
      const entered = await h.service.enter(permitRequest({ validUntil: kzMoment('2027-06-30', '18:30') }), STAFF);
      const ancn = entered.entry.ancn;
      const other = new RegisterService({
        store: b,
        signer: h.signer,
        cabinet: h.cabinet,
        now: () => kzMoment('2026-03-10', '12:00'),
        maxAttempts: 50,
      });
      const services = [
        new RegisterService({
          store: a,
          signer: h.signer,
          cabinet: h.cabinet,
          now: () => kzMoment('2026-03-10', '12:00'),
          maxAttempts: 50,
        }),
        other,
      ];
      const ops = ['suspend', 'resume', 'duplicate', 'correct-data', 'suspend', 'resume', 'duplicate', 'extend'];
      const calls = Array.from({ length: 24 }, (_, i) => {
        const op = ops[i % ops.length] as string;
        const svc = services[i % 2] as RegisterService;
        return svc
          .apply(
            ancn,
            op,
            {
              reason: `race ${i}`,
              idempotencyKey: uniqueKey(`race-${i}`),
              ...(op === 'extend' ? { validUntil: kzMoment('2027-12-30', '18:30') } : {}),
              ...(op === 'correct-data' ? { corrections: { activity: `Activity v${i}` } } : {}),
            },
            STAFF,
          )
          .then(() => 'ok' as const)
          .catch((e: unknown) => {
            if (isDomainError(e) && (e.code === 'CONFLICT' || e.code === 'VALIDATION_FAILED' || e.code === 'INCONSISTENT_REQUEST'))
              return e.code;
            throw e;
          });
      });
      const outcomes = await Promise.all(calls);
      const ok = outcomes.filter((o) => o === 'ok').length;
      expect(ok).toBeGreaterThan(0);

      const history = await a.listHistory(ancn);
      const entry = await a.getEntry(ancn);
      expect(history).toHaveLength(1 + ok);
      expect(history.map((r) => r.seq)).toEqual(history.map((_, i) => i + 1));
      for (let i = 1; i < history.length; i += 1) expect(history[i]?.fromStatus).toBe(history[i - 1]?.toStatus);
      expect(entry?.status).toBe(history[history.length - 1]?.toStatus);
      expect(entry?.version).toBe(history.length);
      const notices = await Promise.all(history.map((r) => a.getDocument(r.documentAncn)));
      expect(notices.every((d) => d?.kind === 'register-maintenance-notice')).toBe(true);
      expect(new Set(history.map((r) => r.documentAncn)).size).toBe(history.length);
      // duplicates counted exactly once per successful duplicate
      expect(entry?.duplicates).toBe(history.filter((r) => r.operation === 'duplicate').length);
    });

    it('the same idempotency key sent twice at once does the operation once', async () => {
      const entered = await h.service.enter(permitRequest(), STAFF);
      const key = uniqueKey('same');
      const [x, y] = await Promise.all([
        h.service.apply(entered.entry.ancn, 'suspend', { reason: 'inspection found breaches', idempotencyKey: key }, STAFF),
        new RegisterService({ store: b, signer: h.signer, cabinet: h.cabinet }).apply(
          entered.entry.ancn,
          'suspend',
          { reason: 'inspection found breaches', idempotencyKey: key },
          STAFF,
        ),
      ]);
      expect(x.notice.ancn).toBe(y.notice.ancn);
      expect([x.replayed, y.replayed].sort()).toEqual([false, true]);
      expect(await a.listHistory(entered.entry.ancn)).toHaveLength(2);
    });
  });
}

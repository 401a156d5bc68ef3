/**
 * The status long poll's trigger (GET /v1/applications/{id}?changedFrom=…&wait=…): a client that already
 * has the case's view waits here until the case's read-model row changes, instead of asking again and
 * again. Every step that changes what a client sees (a stage, the pending actions, the outcome) is
 * recorded to the read model by the case's workflow within the same workflow task (CaseTracker, local
 * activity), so the row's stamp moving is the signal to look again.
 *
 * One read per tick for all the waiting clients of this API process together (store.progressStamps), not
 * one per client: 20 reads a second whether 1 or 1,000 clients wait. Without that method (a store that
 * lacks it) the watch falls back to one getApplication per watched case per tick.
 */
import type { ApplicationStore } from '../persistence/port';

/** How often the read model is asked (ours): a change is seen within this, on average half of it. */
export const PROGRESS_WATCH_TICK_MS = 50;

interface Waiter {
  id: string;
  since: number | undefined;
  resolve: () => void;
}

export interface ProgressWatch {
  /** The row's current stamp (undefined: no such application). */
  stamp(id: string): Promise<number | undefined>;
  /** Resolves when the stamp differs from `since`, or after `maxMs`, whichever first. */
  changed(id: string, since: number | undefined, maxMs: number): Promise<void>;
  close(): void;
}

export function progressWatch(store: ApplicationStore, tickMs = PROGRESS_WATCH_TICK_MS): ProgressWatch {
  const waiters = new Set<Waiter>();
  let timer: NodeJS.Timeout | null = null;
  let closed = false;

  const stamps = async (ids: string[]): Promise<Map<string, number>> => {
    if (store.progressStamps) return store.progressStamps(ids);
    const m = new Map<string, number>();
    for (const id of ids) {
      const a = await store.getApplication(id);
      if (a) m.set(id, a.updatedAt.getTime());
    }
    return m;
  };

  const tick = async (): Promise<void> => {
    timer = null;
    if (waiters.size === 0 || closed) return;
    try {
      const now = await stamps([...new Set([...waiters].map((w) => w.id))]);
      for (const w of waiters) {
        if (now.get(w.id) !== w.since) {
          waiters.delete(w);
          w.resolve();
        }
      }
    } catch {
      // The read model is unreachable: the waiters' own deadlines answer them (with the view as it is).
    }
    schedule();
  };

  const schedule = (): void => {
    if (timer || closed || waiters.size === 0) return;
    timer = setTimeout(() => void tick(), tickMs);
    timer.unref();
  };

  return {
    async stamp(id) {
      return (await stamps([id])).get(id);
    },
    changed(id, since, maxMs) {
      return new Promise<void>((resolve) => {
        const w: Waiter = { id, since, resolve: () => undefined };
        const deadline = setTimeout(() => {
          waiters.delete(w);
          resolve();
        }, maxMs);
        deadline.unref();
        w.resolve = () => {
          clearTimeout(deadline);
          resolve();
        };
        waiters.add(w);
        schedule();
      });
    },
    close() {
      closed = true;
      if (timer) clearTimeout(timer);
      for (const w of waiters) w.resolve();
      waiters.clear();
    },
  };
}

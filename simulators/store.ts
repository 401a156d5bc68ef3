/**
 * Where the simulated outside systems keep their state, so a restart of `make start` does not make the
 * gateway hand out INV-000001 again, the bank reissue an IBAN or the registry a BIN: one SQLite file
 * under the data directory (DATA_DIR/simulators.sqlite), one row per system holding its state as JSON.
 *
 * Each system is a small ledger (a few hundred records in a long demo), so it is saved whole: after
 * every request that may change it, BEFORE the answer leaves (`persistBeforeAnswer`), so whatever a
 * caller was told survives a crash of the simulator; and by `persist()` for changes made outside a
 * request (a callback's delivery attempts). Reset: stop `make start` and delete the file (README).
 * Tests that do not pass a store run in memory, as before.
 */
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import type { NextFunction, Request, Response } from 'express';

export interface SimulatorStore {
  /** The state saved for `system`, or undefined on its first start. */
  load(system: string): unknown;
  save(system: string, state: unknown): void;
  close(): void;
}

/** A system's state as it can be saved and restored (plain JSON: no Maps, Sets or class instances). */
export interface Persistable<S> {
  snapshot(): S;
  restore(state: S): void;
}

export class SqliteSimulatorStore implements SimulatorStore {
  private readonly db: Database.Database;
  private readonly get: Database.Statement<[string], { state: string }>;
  private readonly put: Database.Statement<[string, string, string]>;

  constructor(readonly file: string) {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    this.db = new Database(file);
    this.db.pragma('journal_mode = WAL');
    this.db.exec('CREATE TABLE IF NOT EXISTS simulator_state (system TEXT PRIMARY KEY, state TEXT NOT NULL, saved_at TEXT NOT NULL)');
    this.get = this.db.prepare('SELECT state FROM simulator_state WHERE system = ?');
    this.put = this.db.prepare(
      'INSERT INTO simulator_state (system, state, saved_at) VALUES (?, ?, ?) ' +
        'ON CONFLICT(system) DO UPDATE SET state = excluded.state, saved_at = excluded.saved_at',
    );
  }

  load(system: string): unknown {
    const row = this.get.get(system);
    return row ? (JSON.parse(row.state) as unknown) : undefined;
  }

  save(system: string, state: unknown): void {
    this.put.run(system, JSON.stringify(state), new Date().toISOString());
  }

  close(): void {
    this.db.close();
  }
}

/** For tests: state kept in this process only (a "restart" is a new createSimulators on the same store). */
export class MemorySimulatorStore implements SimulatorStore {
  private readonly rows = new Map<string, string>();
  load(system: string): unknown {
    const s = this.rows.get(system);
    return s === undefined ? undefined : (JSON.parse(s) as unknown);
  }
  save(system: string, state: unknown): void {
    this.rows.set(system, JSON.stringify(state));
  }
  close(): void {
    this.rows.clear();
  }
}

/** One system's binding to the store: restores it now, and saves it on `persist()`. */
export interface PersistedSystem {
  persist(): void;
  /** Express middleware: a request that may change the system saves it before its answer is sent. */
  middleware: (req: Request, res: Response, next: NextFunction) => void;
}

export function persisted<S>(store: SimulatorStore | undefined, system: string, target: Persistable<S>): PersistedSystem {
  if (store) {
    const saved = store.load(system);
    if (saved !== undefined) target.restore(saved as S);
  }
  const persist = (): void => store?.save(system, target.snapshot());
  return {
    persist,
    middleware: (req, res, next) => {
      if (!store || req.method === 'GET' || req.method === 'HEAD') return next();
      // Saved synchronously in end(), so the caller never hears of a change the store does not hold.
      const end = res.end.bind(res) as (...args: unknown[]) => Response;
      res.end = ((...args: unknown[]) => {
        try {
          persist();
        } catch (e) {
          if (!res.headersSent) {
            res.status(500).type('json');
            return end(JSON.stringify({ message: `simulator state not saved: ${(e as Error).message}` }));
          }
        }
        return end(...args);
      }) as Response['end'];
      next();
    },
  };
}

/** Map ⇄ entries, for snapshots of the fakes' idempotency maps. */
export function entriesOf<V>(m: Map<string, V>): Array<[string, V]> {
  return [...m.entries()].map(([k, v]) => [k, structuredClone(v)]);
}

/** Replaces an array's content in place (the fakes expose their ledgers as readonly arrays). */
export function refill<T>(target: T[], items: readonly T[]): void {
  target.splice(0, target.length, ...items.map((x) => structuredClone(x)));
}

/** DATA_DIR/simulators.sqlite */
export function simulatorStoreFile(dataDir: string): string {
  return path.join(dataDir, 'simulators.sqlite');
}

/**
 * Where published reference-data versions are kept. `ReferenceDataStore` is the port the API and the
 * worker use; `ReferenceDataRepository` implements it over a `VersionTable` — the rows only — so the
 * in-memory table (./store-memory.ts, tests and no-database runs) and the Prisma one (./store-prisma.ts,
 * SQLite and PostgreSQL) share everything else: version 1 from the build, naming, parsing, the cache of
 * immutable versions. Both tables pass test/reference-data/contract.ts.
 *
 * A publish names the version it was computed from (`basedOn`): the row gets number basedOn + 1, and the
 * table's primary key (kind, number) refuses a second publisher that read the same current version —
 * StaleVersionError, nothing written — so a decree is never applied to a calendar it did not see.
 */
import { businessCalendar, type BusinessCalendar } from '../domain/calendar';
import { kzYear } from '../domain/fees';
import type { Act } from '../domain/reference-data';
import {
  EMBEDDED,
  parseKindData,
  StoredActSchema,
  versionName,
  type MrpRow,
  type ReferenceDataDraft,
  type ReferenceDataKind,
  type ReferenceDataVersion,
} from './records';

/** A row as the tables keep it (versions 2, 3, …). */
export interface StoredVersion {
  kind: ReferenceDataKind;
  number: number;
  version: string;
  act: Act;
  summary: string;
  publishedAt: Date;
  publishedBy: string;
  principal: string;
  data: unknown;
  requestKey: string | null;
}

export interface VersionTable {
  latest(kind: ReferenceDataKind): Promise<StoredVersion | null>;
  /** Oldest first. */
  all(kind: ReferenceDataKind): Promise<StoredVersion[]>;
  byVersion(version: string): Promise<StoredVersion | null>;
  byRequestKey(key: string): Promise<StoredVersion | null>;
  /** 'number-taken': (kind, number) exists; 'key-taken': the request key exists. Nothing written then. */
  insert(row: StoredVersion): Promise<'ok' | 'number-taken' | 'key-taken'>;
}

export interface ReferenceDataStore {
  current<K extends ReferenceDataKind>(kind: K): Promise<ReferenceDataVersion<K>>;
  /** Every version of a kind, version 1 first. */
  versions<K extends ReferenceDataKind>(kind: K): Promise<Array<ReferenceDataVersion<K>>>;
  /** A version by its name (`kz-calendar@3`, or the embedded calendar's build name). */
  get<K extends ReferenceDataKind>(kind: K, version: string): Promise<ReferenceDataVersion<K> | null>;
  /** The version a publish with this request key made, if any. */
  byRequestKey(key: string): Promise<ReferenceDataVersion | null>;
  /** Throws StaleVersionError when `basedOn` is not the current number, RequestKeyTakenError for a used key. */
  publish<K extends ReferenceDataKind>(draft: ReferenceDataDraft<K>): Promise<ReferenceDataVersion<K>>;
  /** The current calendar as a BusinessCalendar (built once per version). */
  currentCalendar(): Promise<BusinessCalendar>;
  /** A recorded calendar version (what a case started with), or null when none has that name. */
  calendar(version: string): Promise<BusinessCalendar | null>;
  /** The MRP in force on the day of `at` (Kazakhstan time) in the current version, or undefined. */
  mrpOn(at: Date): Promise<MrpRow | undefined>;
}

/** Another version was published since the caller read the current one: read it again and re-apply. */
export class StaleVersionError extends Error {
  override readonly name = 'StaleVersionError';
  constructor(
    readonly kind: ReferenceDataKind,
    readonly basedOn: number,
  ) {
    super(`${kind}: version ${basedOn} is no longer the current one (another version was published meanwhile)`);
  }
}

export class RequestKeyTakenError extends Error {
  override readonly name = 'RequestKeyTakenError';
  constructor(readonly key: string) {
    super(`a version was already published with request key ${key}`);
  }
}

/** Versions are shared from the cache: frozen, so no reader can change what another reads. */
function deepFreeze<T>(v: T): T {
  if (v !== null && typeof v === 'object' && !(v instanceof Date) && !Object.isFrozen(v)) {
    for (const x of Object.values(v)) deepFreeze(x);
    Object.freeze(v);
  }
  return v;
}

export class ReferenceDataRepository implements ReferenceDataStore {
  // Versions are immutable: once parsed, a version is kept by name (the calendar's table is costly).
  private readonly cache = new Map<string, ReferenceDataVersion>();

  constructor(private readonly table: VersionTable) {}

  private out<K extends ReferenceDataKind>(kind: K, row: StoredVersion): ReferenceDataVersion<K> {
    const cached = this.cache.get(row.version);
    if (cached && cached.kind === kind) return cached as ReferenceDataVersion<K>;
    const v: ReferenceDataVersion<K> = {
      kind,
      number: row.number,
      version: row.version,
      act: StoredActSchema.parse(row.act),
      summary: row.summary,
      publishedAt: row.publishedAt,
      publishedBy: row.publishedBy,
      data: parseKindData(kind, row.version, row.data),
    };
    this.cache.set(row.version, deepFreeze(v));
    return v;
  }

  async current<K extends ReferenceDataKind>(kind: K): Promise<ReferenceDataVersion<K>> {
    const row = await this.table.latest(kind);
    return row ? this.out(kind, row) : EMBEDDED[kind];
  }

  async versions<K extends ReferenceDataKind>(kind: K): Promise<Array<ReferenceDataVersion<K>>> {
    return [EMBEDDED[kind], ...(await this.table.all(kind)).map((r) => this.out(kind, r))];
  }

  async get<K extends ReferenceDataKind>(kind: K, version: string): Promise<ReferenceDataVersion<K> | null> {
    if (version === EMBEDDED[kind].version) return EMBEDDED[kind];
    const row = await this.table.byVersion(version);
    return row && row.kind === kind ? this.out(kind, row) : null;
  }

  async byRequestKey(key: string): Promise<ReferenceDataVersion | null> {
    const row = await this.table.byRequestKey(key);
    return row ? this.out(row.kind, row) : null;
  }

  async publish<K extends ReferenceDataKind>(d: ReferenceDataDraft<K>): Promise<ReferenceDataVersion<K>> {
    const current = await this.current(d.kind);
    if (current.number !== d.basedOn) throw new StaleVersionError(d.kind, d.basedOn);
    const number = d.basedOn + 1;
    const version = versionName(d.kind, number);
    // A calendar's data names its own version: that is the name a case records.
    const data = d.kind === 'calendar' ? { ...(d.data as ReferenceDataVersion<'calendar'>['data']), version } : d.data;
    const row: StoredVersion = {
      kind: d.kind,
      number,
      version,
      act: d.act,
      summary: d.summary,
      publishedAt: d.publishedAt,
      publishedBy: d.publishedBy,
      principal: d.principal,
      data,
      requestKey: d.requestKey ?? null,
    };
    const r = await this.table.insert(row);
    if (r === 'number-taken') throw new StaleVersionError(d.kind, d.basedOn);
    if (r === 'key-taken') throw new RequestKeyTakenError(d.requestKey ?? '');
    return this.out(d.kind, row);
  }

  async currentCalendar(): Promise<BusinessCalendar> {
    return businessCalendar((await this.current('calendar')).data);
  }

  async calendar(version: string): Promise<BusinessCalendar | null> {
    const v = await this.get('calendar', version);
    return v ? businessCalendar(v.data) : null;
  }

  async mrpOn(at: Date): Promise<MrpRow | undefined> {
    const year = kzYear(at);
    return (await this.current('mrp')).data.years.find((r) => r.year === year);
  }
}

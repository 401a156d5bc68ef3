/** In-memory reference-data versions: the same contract as the Prisma table, for tests and runs without a database. */
import { ReferenceDataRepository, type StoredVersion, type VersionTable } from './store';
import type { ReferenceDataKind } from './records';

/** JSON round trip, as a database column would do: a caller's later change never reaches a stored version. */
const copy = (r: StoredVersion): StoredVersion => ({
  ...r,
  act: { ...r.act },
  publishedAt: new Date(r.publishedAt.getTime()),
  data: JSON.parse(JSON.stringify(r.data)) as unknown,
});

export class MemoryVersionTable implements VersionTable {
  private readonly rows: StoredVersion[] = [];

  async latest(kind: ReferenceDataKind): Promise<StoredVersion | null> {
    const mine = this.rows.filter((r) => r.kind === kind);
    const last = mine[mine.length - 1];
    return last ? copy(last) : null;
  }

  async all(kind: ReferenceDataKind): Promise<StoredVersion[]> {
    return this.rows.filter((r) => r.kind === kind).map(copy);
  }

  async byVersion(version: string): Promise<StoredVersion | null> {
    const r = this.rows.find((x) => x.version === version);
    return r ? copy(r) : null;
  }

  async byRequestKey(key: string): Promise<StoredVersion | null> {
    const r = this.rows.find((x) => x.requestKey === key);
    return r ? copy(r) : null;
  }

  async insert(row: StoredVersion): Promise<'ok' | 'number-taken' | 'key-taken'> {
    if (this.rows.some((r) => r.kind === row.kind && r.number === row.number)) return 'number-taken';
    if (row.requestKey !== null && this.rows.some((r) => r.requestKey === row.requestKey)) return 'key-taken';
    this.rows.push(copy(row));
    return 'ok';
  }
}

export class InMemoryReferenceDataStore extends ReferenceDataRepository {
  constructor() {
    super(new MemoryVersionTable());
  }
}

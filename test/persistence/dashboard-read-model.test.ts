/**
 * The dashboard read model on the three stores (in-memory, SQLite, a real PostgreSQL): filters, the two
 * orders with their cursors, grouped counts, derived closedAt / nextDueAt, stale snapshots ignored; and
 * the migration that added the columns keeps existing cases and their audit rows (SQLite redefinition).
 */
import Database from 'better-sqlite3';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { formatAncn } from '../../domain/ancn';
import { kzMoment } from '../../domain/calendar';
import { createStore, InMemoryApplicationStore, migrate } from '../../persistence';
import { DEFAULT_MIGRATIONS_ROOT } from '../../persistence/migrate';
import type { ApplicationStore, CaseListQuery } from '../../persistence/port';
import { usePostgres } from '../helpers/postgres';

const pg = usePostgres();
const tmpRoot = fs.mkdtempSync(path.join(os.tmpdir(), 'kz-dash-rm-'));
afterAll(() => fs.rmSync(tmpRoot, { recursive: true, force: true }));
let n = 0;

const STORES: Array<[string, () => Promise<ApplicationStore>]> = [
  ['in-memory', async () => new InMemoryApplicationStore()],
  [
    'sqlite',
    async () => {
      const db = { provider: 'sqlite' as const, url: `file:${path.join(tmpRoot, `db-${++n}`, 'app.sqlite')}` };
      await migrate(db);
      return createStore(db);
    },
  ],
  [
    'postgresql',
    async () => {
      const db = { provider: 'postgresql' as const, url: await pg.createDatabase(`dash_${++n}`) };
      await migrate(db);
      return createStore(db);
    },
  ],
];

describe.each(STORES)('%s', (_name, open) => {
  let store: ApplicationStore;
  let seq = 0;
  beforeEach(async () => {
    store = await open();
  });
  afterEach(async () => {
    await store.close();
  });

  async function make(
    o: {
      service?: 'flag-emblem-license' | 'sme-registration';
      registeredDay?: string;
      due?: string;
      sla?: string;
      waitingOn?: string;
      status?: string;
      stage?: string;
      actionDue?: string;
      at?: Date;
    } = {},
  ): Promise<string> {
    seq += 1;
    const service = o.service ?? 'flag-emblem-license';
    const ancn = formatAncn('APP', seq);
    const id = `${service}-${ancn}`;
    const registeredAt = kzMoment(o.registeredDay ?? '2026-04-06', '09:00');
    await store.createApplication({
      id,
      serviceCode: service,
      workflowId: id,
      ancn,
      applicantRef: '180340001231',
      licensorBody: service === 'sme-registration' ? 'state-corporation' : 'ctrm',
      submittedAt: registeredAt,
      registeredAt,
      dueAt: kzMoment(o.due ?? '2026-04-14', '18:30'),
      calendarVersion: 'v1',
    });
    await store.updateApplication(
      id,
      {
        stage: o.stage ?? 'completeness-check',
        status: o.status ?? 'open',
        slaState: o.sla ?? 'on-track',
        waitingOn: o.waitingOn ?? 'staff',
        pendingActions: o.actionDue
          ? [{ action: 'completeness-check', by: 'staff', dueAt: kzMoment(o.actionDue, '18:30').toISOString() }]
          : [],
        version: { at: o.at ?? registeredAt, seq: 1 },
      },
      { actor: 'system', action: 'stage-entered', at: o.at ?? registeredAt, idempotencyKey: `${id}:1` },
    );
    return id;
  }

  async function all(q: CaseListQuery): Promise<string[]> {
    const out: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await store.queryApplications({ ...q, limit: 2, ...(cursor ? { cursor } : {}) });
      out.push(...page.items.map((a) => a.id));
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    return out;
  }

  test('due-asc: the earliest deadline first (a pending action before a later term), paged without loss', async () => {
    const a = await make({ due: '2026-04-10' });
    const b = await make({ due: '2026-04-14', actionDue: '2026-04-07' });
    const c = await make({ due: '2026-04-09' });
    const d = await make({ due: '2026-04-09' }); // same moment as c: id breaks the tie
    expect(await all({ sort: 'due-asc' })).toEqual([b, ...[c, d].sort(), a]);
    const rec = await store.getApplication(b);
    expect(rec).toMatchObject({
      waitingOn: 'staff',
      nextDueAt: kzMoment('2026-04-07', '18:30'),
      closedAt: null,
      pendingActions: [{ action: 'completeness-check', by: 'staff' }],
    });
  });

  test('filters: several SLA states, waiting-on, licensor, open/closed, registration and closing periods', async () => {
    const risk = await make({ sla: 'at-risk' });
    const breached = await make({ sla: 'breached', registeredDay: '2026-04-07' });
    await make({ sla: 'at-risk', waitingOn: 'applicant' });
    const sme = await make({ service: 'sme-registration' });
    const closed = await make({ status: 'issued', stage: 'closed', sla: 'met', waitingOn: 'nobody', at: kzMoment('2026-04-08', '12:00') });
    expect(new Set(await all({ slaStates: ['at-risk', 'breached'], waitingOn: 'staff' }))).toEqual(new Set([risk, breached]));
    expect(await all({ licensorBody: 'state-corporation' })).toEqual([sme]);
    expect(await all({ state: 'closed' })).toEqual([closed]);
    expect(await all({ registeredFrom: kzMoment('2026-04-07', '00:00'), registeredTo: kzMoment('2026-04-08', '00:00') })).toEqual([
      breached,
    ]);
    expect(await all({ closedFrom: kzMoment('2026-04-08', '00:00'), closedTo: kzMoment('2026-04-09', '00:00') })).toEqual([closed]);
    expect(await all({ closedFrom: kzMoment('2026-04-09', '00:00') })).toEqual([]);
    expect((await store.getApplication(closed))?.closedAt).toEqual(kzMoment('2026-04-08', '12:00'));
  });

  test('counts per service × stage × SLA state', async () => {
    await make({ sla: 'at-risk' });
    await make({ sla: 'at-risk' });
    await make({ sla: 'breached', stage: 'site-inspection' });
    await make({ service: 'sme-registration', stage: 'payment' });
    const rows = (await store.countApplications({ state: 'open' })).sort((x, y) =>
      `${x.serviceCode}${x.stage}${x.slaState}`.localeCompare(`${y.serviceCode}${y.stage}${y.slaState}`),
    );
    expect(rows).toEqual([
      { serviceCode: 'flag-emblem-license', stage: 'completeness-check', slaState: 'at-risk', count: 2 },
      { serviceCode: 'flag-emblem-license', stage: 'site-inspection', slaState: 'breached', count: 1 },
      { serviceCode: 'sme-registration', stage: 'payment', slaState: 'on-track', count: 1 },
    ]);
  });

  test('an older snapshot landing after a newer one changes nothing but is audited', async () => {
    const id = await make();
    const at = kzMoment('2026-04-07', '18:30');
    await store.updateApplication(
      id,
      { slaState: 'at-risk', version: { at, seq: 3 } },
      { actor: 'system', action: 'sla-at-risk', at, idempotencyKey: `${id}:3` },
    );
    await store.updateApplication(
      id,
      { slaState: 'on-track', waitingOn: 'staff', version: { at, seq: 2 } },
      { actor: 'system', action: 'escalated', at, idempotencyKey: `${id}:2` },
    );
    expect((await store.getApplication(id))?.slaState).toBe('at-risk');
    expect((await store.listAudit(id)).map((e) => e.action)).toEqual(['stage-entered', 'sla-at-risk', 'escalated']);
  });

  test('a bad query is refused naming the field; a cursor of another sort too', async () => {
    await expect(store.queryApplications({ limit: 0 })).rejects.toMatchObject({ code: 'VALIDATION_FAILED', details: [{ field: 'limit' }] });
    await make();
    await make();
    const p = await store.queryApplications({ sort: 'due-asc', limit: 1 });
    await expect(store.queryApplications({ sort: 'registered-desc', cursor: p.nextCursor! })).rejects.toMatchObject({
      code: 'INCONSISTENT_REQUEST',
      details: [{ field: 'query.cursor' }],
    });
    await expect(store.queryApplications({ sort: 'registered-desc', cursor: 'not-a-cursor' })).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
    });
  });
});

test('SQLite: the dashboard migration keeps existing cases, their audit trail and documents, and backfills', async () => {
  const dir = fs.mkdtempSync(path.join(tmpRoot, 'mig-'));
  const before = path.join(dir, 'migrations');
  // The migrations up to the one before the dashboard's.
  const names = fs
    .readdirSync(path.join(DEFAULT_MIGRATIONS_ROOT, 'sqlite'))
    .filter((x) => /^\d+_/.test(x))
    .sort();
  const mine = names.findIndex((x) => x.endsWith('_dashboard_read_model'));
  expect(mine).toBeGreaterThan(0);
  fs.mkdirSync(path.join(before, 'sqlite'), { recursive: true });
  fs.copyFileSync(path.join(DEFAULT_MIGRATIONS_ROOT, 'sqlite', 'migration_lock.toml'), path.join(before, 'sqlite', 'migration_lock.toml'));
  for (const name of names.slice(0, mine))
    fs.cpSync(path.join(DEFAULT_MIGRATIONS_ROOT, 'sqlite', name), path.join(before, 'sqlite', name), { recursive: true });
  const file = path.join(dir, 'app.sqlite');
  const db = { provider: 'sqlite' as const, url: `file:${file}` };
  await migrate(db, { migrationsRoot: before });
  const raw = new Database(file);
  const iso = (s: string): string => new Date(s).toISOString();
  raw
    .prepare(
      `INSERT INTO application (id, service_code, workflow_id, ancn, applicant_ref, licensor_body, stage, status, sla_state, submitted_at, registered_at, due_at, calendar_version, updated_at) VALUES (?, 'flag-emblem-license', ?, ?, '180340001231', 'ctrm', ?, ?, ?, ?, ?, ?, 'v1', ?)`,
    )
    .run(
      'old-open',
      'old-open',
      formatAncn('APP', 1),
      'site-inspection',
      'open',
      'at-risk',
      iso('2026-04-01T09:00:00+05:00'),
      iso('2026-04-01T09:00:00+05:00'),
      iso('2026-04-10T18:30:00+05:00'),
      iso('2026-04-02T10:00:00+05:00'),
    );
  raw
    .prepare(
      `INSERT INTO application (id, service_code, workflow_id, ancn, applicant_ref, licensor_body, stage, status, sla_state, submitted_at, registered_at, due_at, calendar_version, updated_at) VALUES (?, 'flag-emblem-license', ?, ?, '180340001231', 'ctrm', 'closed', 'issued', 'met', ?, ?, ?, 'v1', ?)`,
    )
    .run(
      'old-closed',
      'old-closed',
      formatAncn('APP', 2),
      iso('2026-04-01T09:00:00+05:00'),
      iso('2026-04-01T09:00:00+05:00'),
      iso('2026-04-10T18:30:00+05:00'),
      iso('2026-04-03T12:00:00+05:00'),
    );
  raw
    .prepare(`INSERT INTO audit_event (application_id, actor, action, at) VALUES ('old-open', 'system', 'stage-entered', ?)`)
    .run(iso('2026-04-01T09:00:00+05:00'));
  raw
    .prepare(`INSERT INTO document (ancn, application_id, kind, xml, issued_at) VALUES (?, 'old-closed', 'license', '<x/>', ?)`)
    .run(formatAncn('PRM', 1), iso('2026-04-03T12:00:00+05:00'));
  raw.close();

  await migrate(db); // now with the dashboard migration
  const store = await createStore(db);
  try {
    expect(await store.getApplication('old-open')).toMatchObject({
      stage: 'site-inspection',
      slaState: 'at-risk',
      waitingOn: null,
      pendingActions: [],
      nextDueAt: new Date('2026-04-10T18:30:00+05:00'),
      closedAt: null,
    });
    expect((await store.getApplication('old-closed'))?.closedAt).toEqual(new Date('2026-04-03T12:00:00+05:00'));
    expect((await store.listAudit('old-open')).map((e) => e.action)).toEqual(['stage-entered']);
    expect((await store.listDocuments('old-closed')).map((d) => d.kind)).toEqual(['license']);
    // The foreign keys still hold after the redefinition.
    const check = new Database(file);
    expect(check.pragma('foreign_key_check')).toEqual([]);
    expect(() => check.prepare("DELETE FROM application WHERE id = 'old-open'").run()).toThrow(/FOREIGN KEY/);
    check.close();
  } finally {
    await store.close();
  }
});

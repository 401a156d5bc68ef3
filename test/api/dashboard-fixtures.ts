/**
 * An API over the in-memory read model (persistence/in-memory.ts, same contract as SQLite/PostgreSQL)
 * with the real Flag/Emblem modules (CTRM) and the test SME module (State Corporation), a pinned clock,
 * and cases seeded the way workflows write them: createApplication, then recordProgress-style updates.
 */
import crypto from 'node:crypto';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import type { Express } from 'express';
import { createApp } from '../../api/app';
import { createAuthenticator, mintToken } from '../../api/auth';
import { flagEmblemLicenseModule, flagEmblemLicenseReissueModule } from '../../services/flag-emblem/license-api';
import { loadConfig } from '../../config';
import { formatAncn } from '../../domain/ancn';
import { kzMoment } from '../../domain/calendar';
import type { ServiceCode } from '../../domain/services';
import { InMemoryApplicationStore } from '../../persistence/in-memory';
import type { ApplicationStore, PendingActionRecord } from '../../persistence/port';
import { FakeCases } from './helpers/fake-cases';
import { testRegistrationModule } from './helpers/test-modules';
import { InMemoryStateDatabases } from '../../adapters/state-databases/fake';
import { InMemoryPermitRegister } from '../../register/permit-register-memory';

/** Wednesday 2026-04-08, 11:00 Astana (no holidays around). */
export const NOW = kzMoment('2026-04-08', '11:00');

export interface DashboardHarness {
  app: Express;
  store: ApplicationStore;
  cases: FakeCases;
  clock: { now: Date };
  tokens: { ctrm: string; stateCorp: string; viewer: string; admin: string; portal: string };
}

export function makeDashboardHarness(
  store: ApplicationStore = new InMemoryApplicationStore(() => NOW),
  workerMetricsUrl = 'http://127.0.0.1:9/metrics',
): DashboardHarness {
  // Port 9 (discard) refuses at once: "the worker is not running".
  const config = loadConfig({
    APP_ENV: 'test',
    DATA_DIR: path.join(os.tmpdir(), `kz-dash-${crypto.randomUUID()}`),
    LOG_LEVEL: 'silent',
    WORKER_METRICS_URL: workerMetricsUrl,
  });
  const secret = crypto.randomBytes(32).toString('hex');
  const clock = { now: NOW };
  const cases = new FakeCases();
  const app = createApp({
    config,
    store,
    cases,
    modules: [flagEmblemLicenseModule, flagEmblemLicenseReissueModule, testRegistrationModule],
    auth: createAuthenticator({ secret, refuseDevTokens: false }),
    clock: () => clock.now,
    logger: pino({ level: 'silent' }),
    // The dashboards read seeded cases; nothing here is submitted, so the checks' sources stay empty.
    preAcceptance: { stateDatabases: new InMemoryStateDatabases(), permits: new InMemoryPermitRegister() },
  });
  const token = (p: Parameters<typeof mintToken>[1]): string => mintToken(secret, p, { expiresIn: '1h' });
  return {
    app,
    store,
    cases,
    clock,
    tokens: {
      ctrm: token({ subject: 'ctrm-employee-7', role: 'staff', licensorBody: 'ctrm' }),
      stateCorp: token({ subject: 'sc-employee-3', role: 'staff', licensorBody: 'state-corporation' }),
      viewer: token({ subject: 'oversight-1', role: 'viewer' }),
      admin: token({ subject: 'supervisor-1', role: 'admin' }),
      portal: token({ subject: 'portal-egov', role: 'portal' }),
    },
  };
}

export interface SeedCase {
  service?: ServiceCode;
  stage?: string;
  slaState?: string;
  waitingOn?: string;
  status?: string;
  registeredAt?: Date;
  dueAt?: Date;
  pendingActions?: PendingActionRecord[];
  /** Moment of the last progress (closing moment when status is final). */
  at?: Date;
}

let seq = 0;

/** One case as a workflow would leave it: registered, then one progress with its audit event. */
export async function seedCase(store: ApplicationStore, c: SeedCase = {}): Promise<string> {
  seq += 1;
  const service = c.service ?? 'flag-emblem-license';
  const ancn = formatAncn('APP', seq);
  const id = `${service}-${ancn}`;
  const registeredAt = c.registeredAt ?? kzMoment('2026-04-06', '09:00');
  await store.createApplication({
    id,
    serviceCode: service,
    workflowId: id,
    ancn,
    applicantRef: '180340001231',
    licensorBody: service === 'sme-registration' ? 'state-corporation' : 'ctrm',
    submittedAt: registeredAt,
    registeredAt,
    dueAt: c.dueAt ?? kzMoment('2026-04-14', '18:30'),
    calendarVersion: 'kz-calendar/2024-2027@1',
    stage: 'accepted',
    status: 'open',
    slaState: 'on-track',
  });
  await store.updateApplication(
    id,
    {
      stage: c.stage ?? 'completeness-check',
      status: c.status ?? 'open',
      slaState: c.slaState ?? 'on-track',
      waitingOn: c.waitingOn ?? 'staff',
      pendingActions: c.pendingActions ?? [],
    },
    {
      actor: 'system',
      action: c.status && c.status !== 'open' ? 'case-closed' : 'stage-entered',
      at: c.at ?? registeredAt,
      details: { stage: c.stage ?? 'completeness-check' },
      idempotencyKey: `${id}:1`,
    },
  );
  return id;
}

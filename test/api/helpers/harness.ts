/** One app per test: in-memory store, fake Temporal, the two test modules, a pinned clock and tokens. */
import crypto from 'node:crypto';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import type { Express } from 'express';
import { createApp } from '../../../api/app';
import { createAuthenticator, mintToken } from '../../../api/auth';
import type { ServiceModule } from '../../../api/service-module';
import { loadConfig } from '../../../config';
import { kzMoment } from '../../../domain/calendar';
import type { Principal } from '../../../domain/roles';
import { FakeCases } from './fake-cases';
import { MemoryStore } from './memory-store';
import { testLicenseModule, testRegistrationModule } from './test-modules';
import { InMemoryStateDatabases } from '../../../adapters/state-databases/fake';
import { InMemoryPermitRegister } from '../../../register/permit-register-memory';
import type { PermitRegister } from '../../../register/permit-register';
import { SEEDED_INDIVIDUALS, SEEDED_LEGAL_ENTITIES } from '../../../simulators/egov-gateway';
import { formatAncn } from '../../../domain/ancn';
import type { NationalCertificationAuthority } from '../../../pki/nca';

/** Thursday 2025-03-20, 19:10 Astana: after hours on the eve of Nauryz. */
export const NOW = kzMoment('2025-03-20', '19:10');

export interface Harness {
  app: Express;
  store: MemoryStore;
  cases: FakeCases;
  secret: string;
  token(p: Principal): string;
  tokens: { portal: string; viewer: string; admin: string; gateway: string; ctrm: string; stateCorp: string };
  clock: { now: Date };
  /** What the checks before acceptance read (seed 004 ¶21): seeded like the simulator, with the examples' applicant. */
  stateDatabases: InMemoryStateDatabases;
  permits: InMemoryPermitRegister;
}

/** `share` another harness's store and Temporal: a second API instance (process) on the same backends. */
export function makeHarness(
  opts: { bodyLimit?: string; modules?: ServiceModule[]; share?: Harness; nca?: NationalCertificationAuthority } = {},
): Harness {
  const config = loadConfig({
    APP_ENV: 'test',
    DATA_DIR: path.join(os.tmpdir(), `kz-api-test-${crypto.randomUUID()}`),
    API_BODY_LIMIT: opts.bodyLimit ?? '4kb',
    LOG_LEVEL: 'silent',
  });
  const secret = opts.share?.secret ?? crypto.randomBytes(32).toString('hex');
  const store = opts.share?.store ?? new MemoryStore();
  const cases = opts.share?.cases ?? new FakeCases();
  const clock = { now: NOW };
  const stateDatabases =
    opts.share?.stateDatabases ?? new InMemoryStateDatabases({ individuals: SEEDED_INDIVIDUALS, legalEntities: SEEDED_LEGAL_ENTITIES });
  const permits = opts.share?.permits ?? new InMemoryPermitRegister();
  const app = createApp({
    config,
    store,
    cases,
    modules: opts.modules ?? [testLicenseModule, testRegistrationModule],
    auth: createAuthenticator({ secret, refuseDevTokens: false }),
    clock: () => clock.now,
    logger: pino({ level: 'silent' }),
    preAcceptance: { stateDatabases, permits, ...(opts.nca ? { nca: opts.nca } : {}) },
    ...(opts.nca ? { nca: opts.nca } : {}),
  });
  const token = (p: Principal): string => mintToken(secret, p, { expiresIn: '1h' });
  return {
    app,
    store,
    cases,
    secret,
    token,
    clock,
    stateDatabases,
    permits,
    tokens: {
      portal: token({ subject: 'portal-egov', role: 'portal' }),
      viewer: token({ subject: 'dashboard-1', role: 'viewer' }),
      admin: token({ subject: 'admin-1', role: 'admin' }),
      gateway: token({ subject: 'payment-gateway', role: 'gateway' }),
      ctrm: token({ subject: 'ctrm-employee-7', role: 'staff', licensorBody: 'ctrm' }),
      stateCorp: token({ subject: 'sc-employee-3', role: 'staff', licensorBody: 'state-corporation' }),
    },
  };
}

export const LICENSE_BODY = {
  applicantBin: '180540012345',
  activity: 'Manufacture of the State Flag',
  equipment: [{ name: 'Roland TrueVIS VG3-640 printer', serial: 'RV-2291-KZ' }],
};

/**
 * The license the re-issue's OpenAPI example names (PRM 42), entered in the harness's register of permits
 * for the example's applicant: the re-issue's checks before acceptance (seed 004 ¶21(4)) look for it.
 */
export async function enterExampleLicense(
  h: { permits: Pick<PermitRegister, 'enterPermit'> },
  opts: { holderRef?: string; holderName?: string } = {},
): Promise<string> {
  const ancn = formatAncn('PRM', 42);
  await h.permits.enterPermit({
    idempotencyKey: `example-license-${ancn}`,
    ancn,
    serviceCode: 'flag-emblem-license',
    holderRef: opts.holderRef ?? '180340001231',
    holderName: opts.holderName ?? 'ТОО «Рәміз Өндіріс»',
    licensorBody: 'ctrm',
    activity: 'manufacture of the State Flag and the State Emblem',
    issuedAt: '2024-05-14T11:00:00+05:00',
    validity: { from: '2024-05-14T11:00:00+05:00', until: null },
  });
  return ancn;
}

/** What every router gets: the dependencies, the module registry and small shared helpers. */
import type { Logger } from 'pino';
import type { Config } from '../config';
import { DomainError } from '../domain/errors';
import type { ApplicationStore } from '../persistence/port';
import type { Authenticator } from './auth';
import type { CaseGateway } from './case-gateway';
import type { RegisterService } from '../register/service';
import type { ReferenceDataStore } from '../reference-data/store';
import { InMemoryReferenceDataStore } from '../reference-data/store-memory';
import type { DocumentSigner } from '../adapters/signer/port';
import type { NationalCertificationAuthority } from '../pki/nca';
import { validationError } from './errors';
import { KeyedMutex } from './idempotency';
import type { ServiceModule } from './service-module';
import type { PreAcceptancePorts } from './pre-acceptance';
import type { z } from './zod';
import type { ScanStore } from '../counter/scans';

export interface AppDeps {
  config: Config;
  store: ApplicationStore;
  cases: CaseGateway;
  modules: ServiceModule[];
  auth: Authenticator;
  /** seed 004 ¶21: what the checks before acceptance read (the state databases, the register of permits). */
  preAcceptance: PreAcceptancePorts;
  /** Defaults to the wall clock; tests pin it. */
  clock?: () => Date;
  logger: Logger;
  /** The e-licensing register (seed 004) and the signer that verifies documents; its routes are mounted when given. */
  register?: { service: RegisterService; signer: DocumentSigner };
  /**
   * Published reference data (calendar, MRP, fees, working hours): plans use its current calendar.
   * api/main.ts passes the database's; without it (tests) an in-memory store that starts at the build's data.
   */
  referenceData?: ReferenceDataStore;
  /** The National Certification Authority (seed 002, pki/): its CRL, OCSP and CA routes are mounted when given. */
  nca?: NationalCertificationAuthority;
  /** The counter's scans (counter/scans.ts); in memory when not given. */
  counterScans?: ScanStore;
}

export interface ApiContext {
  deps: AppDeps;
  now: () => Date;
  modules: Map<string, ServiceModule>;
  mutex: KeyedMutex;
  referenceData: ReferenceDataStore;
}

export function createContext(deps: AppDeps): ApiContext {
  const modules = new Map<string, ServiceModule>();
  for (const m of deps.modules) {
    if (modules.has(m.descriptor.code)) throw new Error(`two service modules for ${m.descriptor.code}`);
    modules.set(m.descriptor.code, m);
  }
  return {
    deps,
    now: deps.clock ?? (() => new Date()),
    modules,
    mutex: new KeyedMutex(),
    referenceData: deps.referenceData ?? new InMemoryReferenceDataStore(),
  };
}

export function moduleFor(ctx: ApiContext, code: string): ServiceModule {
  const m = ctx.modules.get(code);
  if (!m) {
    throw new DomainError(
      'UNKNOWN_SERVICE',
      `no service "${code}" in the catalogue (known: ${[...ctx.modules.keys()].join(', ') || 'none'})`,
      [{ field: 'path.serviceCode', message: 'unknown service code' }],
    );
  }
  return m;
}

/** Parses with a zod schema; failures are VALIDATION_FAILED naming each field (prefixed: 'query', 'path', '' = body). */
export function parse<S extends z.ZodType>(schema: S, value: unknown, prefix = '', what = 'request body'): z.infer<S> {
  const r = schema.safeParse(value);
  if (!r.success) throw validationError(r.error, prefix, what, value);
  return r.data;
}

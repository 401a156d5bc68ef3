/**
 * The service registry: one line per service family. To add a service, write its folder
 * (docs/adding-a-service.md) and add its definitions here; the worker, the API, the catalogue, the
 * dashboard's labels and forms all read this list. The worker's workflow bundle is services/workflows.ts
 * (workflow code only); test/services/registry.test.ts checks that it exports every workflow listed here.
 */
import '../api/zod'; // installs `.openapi()` on zod before any module builds its schemas
import type { ServiceModule } from '../api/service-module';
import type { LocalizedText, ServiceReview, TermSuspension } from '../domain/services';
import type { ServiceComplaints } from '../domain/complaints';
import type { ActivityFactory, ServiceActivityDeps, ServiceDefinition } from './definition';
import { FLAG_EMBLEM_SERVICES } from './flag-emblem/definition';
import { SME_REGISTRATION_SERVICES } from './sme-registration/definition';
import { MNE_LICENSING_SERVICES } from './mne-licensing/definition';
import { NCA_SERVICES } from './nca/definition';

export const SERVICE_DEFINITIONS: readonly ServiceDefinition[] = [
  ...SME_REGISTRATION_SERVICES,
  ...FLAG_EMBLEM_SERVICES,
  ...MNE_LICENSING_SERVICES,
  ...NCA_SERVICES,
];

export const SERVICE_MODULES: ServiceModule[] = SERVICE_DEFINITIONS.map((d) => d.module);

function codesOf(defs: readonly ServiceDefinition[]): [string, ...string[]] {
  const [first, ...rest] = defs.map((d) => d.module.descriptor.code);
  if (first === undefined) throw new Error('services/index.ts lists no service');
  return [first, ...rest];
}

/** Every service code, for the API's enums (zod needs a non-empty tuple). */
export const SERVICE_CODES = codesOf(SERVICE_DEFINITIONS);

export const SERVICE_REVIEW: Readonly<Record<string, ServiceReview>> = Object.fromEntries(
  SERVICE_DEFINITIONS.map((d) => [d.module.descriptor.code, d.review]),
);

export function reviewOf(code: string): ServiceReview | undefined {
  return SERVICE_REVIEW[code];
}

/** seed 004 ¶39.9: each service's rule on suspending its term while an approving body answers. */
export const SERVICE_TERM_SUSPENSION: Readonly<Record<string, TermSuspension>> = Object.fromEntries(
  SERVICE_DEFINITIONS.map((d) => [d.module.descriptor.code, d.termSuspension]),
);

export function termSuspensionOf(code: string): TermSuspension | undefined {
  return SERVICE_TERM_SUSPENSION[code];
}

/** seed 003 ¶16–17 / seed 002 ¶11–12: each service's complaints regime and bodies (catalogue data). */
export const SERVICE_COMPLAINTS: Readonly<Record<string, ServiceComplaints>> = Object.fromEntries(
  SERVICE_DEFINITIONS.map((d) => [d.module.descriptor.code, d.complaints]),
);

export function complaintsOf(code: string): ServiceComplaints | undefined {
  return SERVICE_COMPLAINTS[code];
}

/** kk/ru/en labels of every service's own stages and actions (the dashboard merges them into its own). */
export const SERVICE_LABELS: Readonly<Record<string, Readonly<Record<string, LocalizedText>>>> = Object.fromEntries(
  SERVICE_DEFINITIONS.map((d) => [d.module.descriptor.code, d.labels]),
);

/** Every service's activities, each factory built once (services of one family share theirs). */
export function createServiceActivities(deps: ServiceActivityDeps): object {
  const factories = new Set<ActivityFactory>(SERVICE_DEFINITIONS.flatMap((d) => d.activities));
  return [...factories].reduce<object>((all, create) => ({ ...all, ...create(deps) }), {});
}

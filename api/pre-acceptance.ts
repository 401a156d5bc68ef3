/**
 * seed 004 ¶21–¶22: while an electronic application is being submitted, and before it is accepted, the
 * system checks automatically that
 *   (1) the applicant exists in the individuals / legal-entities state databases,
 *   (2) the form passes format-logical control — the module's zod `input` (a 400 naming the field),
 *   (3) the data the applicant entered exist in the state bodies' information systems,
 *   (4) the data the applicant entered exist in the register of permits and notifications;
 * and a failure "does not let the application be submitted", with a message giving the reasons (¶22).
 * So a failed check is a 422 PRE_ACCEPTANCE_CHECK_FAILED listing each failed check with its field,
 * reason and paragraph, and nothing exists afterwards: no ANCN, no record, no workflow (api/routes/
 * applications.ts runs the checks before any of them). A state database or register that cannot be
 * reached is not a reason to refuse the applicant: it is a 503 UPSTREAM_UNAVAILABLE, and they try again.
 *
 * A service module declares the checks that apply to it (ServiceModule.preAcceptance) from the builders
 * below, or writes its own PreAcceptanceCheck. Checks (2)'s schema is the module's input, not listed here.
 */
import type { StateDatabases } from '../adapters/state-databases/port';
import type { Principal } from '../domain/roles';
import type { NationalCertificationAuthority } from '../pki/nca';
import { DomainError } from '../domain/errors';
import type { PermitEntry } from '../register/permit-register';

export const PRE_ACCEPTANCE_CHECKS = [
  'applicant-exists',
  'entered-data-match',
  'register-data-exist',
  'signed-by-valid-certificate',
] as const;
export type PreAcceptanceCheckName = (typeof PRE_ACCEPTANCE_CHECKS)[number];

/** The paragraph each check enforces (seed 004 ¶21's item). */
export const PRE_ACCEPTANCE_REGULATION: Record<PreAcceptanceCheckName, string> = {
  'applicant-exists': 'seed 004 ¶21(1)',
  'entered-data-match': 'seed 004 ¶21(3)',
  'register-data-exist': 'seed 004 ¶21(4)',
  // seed 002 ¶9: a portal request of the NCA services is signed with the applicant's currently valid NCA certificate.
  'signed-by-valid-certificate': 'seed 002 ¶9',
};

/** One failed check, as the 422 lists it. */
export interface PreAcceptanceFailure {
  check: PreAcceptanceCheckName;
  /** The body field the reason is about, dotted as in a 400 (e.g. "reissue.previousPermitAncn"). */
  field: string;
  reason: string;
  regulation: string;
}

/** What the checks read, through the ports the workers use too: the state databases (e-gov gateway) and the register of permits. */
export interface PreAcceptancePorts {
  stateDatabases: StateDatabases;
  permits: { getPermit(ancn: string): Promise<PermitEntry | null> };
  /** The NCA (pki/), for checks of requests signed with its certificates (seed 002 ¶9); absent: such a check answers 503. */
  nca?: NationalCertificationAuthority;
}

/** An applicant as the state databases know them, as far as the checks need it. */
export interface ApplicantRecord {
  kind: 'individual' | 'legal-entity';
  ref: string;
  name: string;
  status: string;
}

export interface ApplicantId {
  kind: 'individual' | 'legal-entity';
  iinOrBin: string;
}

/**
 * The look-ups of one submission. Each is made once, however many checks need it (check (1) and (3)
 * read the same record); an unreachable system becomes UPSTREAM_UNAVAILABLE (503) naming it.
 */
export interface PreAcceptanceLookups {
  applicant(id: ApplicantId): Promise<ApplicantRecord | null>;
  permit(ancn: string): Promise<PermitEntry | null>;
  /** The NCA; UPSTREAM_UNAVAILABLE when this process runs without it. */
  nca(): NationalCertificationAuthority;
  /** Who submits (a check may depend on the channel: the portal signs, the provider's staff does not). */
  principal?: Principal;
}

/** A check a service module declares; `run` returns its failures (none: it passed). */
export interface PreAcceptanceCheck<T = unknown> {
  check: PreAcceptanceCheckName;
  run(input: T, lookups: PreAcceptanceLookups): Promise<Array<{ field: string; reason: string }>>;
}

function unreachable(system: string, e: unknown): DomainError {
  const why = e instanceof Error ? e.message : String(e);
  return new DomainError(
    'UPSTREAM_UNAVAILABLE',
    `the checks before acceptance (seed 004 ¶21) could not reach the ${system}: ${why}; nothing was submitted, try again`,
    [{ field: 'body', message: `${system} unavailable` }],
  );
}

export function lookupsOver(ports: PreAcceptancePorts, principal?: Principal): PreAcceptanceLookups {
  const applicants = new Map<string, Promise<ApplicantRecord | null>>();
  const permits = new Map<string, Promise<PermitEntry | null>>();
  const applicant = async (id: ApplicantId): Promise<ApplicantRecord | null> => {
    try {
      if (id.kind === 'individual') {
        const r = await ports.stateDatabases.findIndividual(id.iinOrBin);
        if (!r) return null;
        return {
          kind: 'individual',
          ref: r.iin,
          name: [r.lastName, r.firstName, r.middleName].filter(Boolean).join(' '),
          status: r.status,
        };
      }
      const r = await ports.stateDatabases.findLegalEntity(id.iinOrBin);
      return r ? { kind: 'legal-entity', ref: r.bin, name: r.name, status: r.status } : null;
    } catch (e) {
      throw unreachable(`${databaseOf(id.kind)} state database`, e);
    }
  };
  const permit = async (ancn: string): Promise<PermitEntry | null> => {
    try {
      return await ports.permits.getPermit(ancn);
    } catch (e) {
      throw unreachable('register of permits', e);
    }
  };
  return {
    ...(principal ? { principal } : {}),
    nca() {
      if (!ports.nca) throw unreachable('National Certification Authority', new Error('not configured in this process'));
      return ports.nca;
    },
    applicant(id) {
      const key = `${id.kind}:${id.iinOrBin}`;
      let p = applicants.get(key);
      if (!p) applicants.set(key, (p = applicant(id)));
      return p;
    },
    permit(ancn) {
      let p = permits.get(ancn);
      if (!p) permits.set(ancn, (p = permit(ancn)));
      return p;
    },
  };
}

/**
 * Runs a module's checks (every one, so the applicant sees every reason at once, ¶22) and throws
 * PRE_ACCEPTANCE_CHECK_FAILED listing the failures, or UPSTREAM_UNAVAILABLE when a system is down.
 */
export async function runPreAcceptanceChecks<T>(
  checks: ReadonlyArray<PreAcceptanceCheck<T>>,
  input: T,
  ports: PreAcceptancePorts,
  principal?: Principal,
): Promise<void> {
  const lookups = lookupsOver(ports, principal);
  const results = await Promise.allSettled(checks.map(async (c) => ({ c, found: await c.run(input, lookups) })));
  const down = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  // An outage wins over a refusal: the reasons would be incomplete.
  if (down) throw down.reason instanceof Error ? down.reason : new Error(String(down.reason));
  const failures: PreAcceptanceFailure[] = results.flatMap((r) =>
    r.status === 'fulfilled'
      ? r.value.found.map((f) => ({
          check: r.value.c.check,
          field: f.field,
          reason: f.reason,
          regulation: PRE_ACCEPTANCE_REGULATION[r.value.c.check],
        }))
      : [],
  );
  if (failures.length > 0) throw preAcceptanceRefusal(failures);
}

export function preAcceptanceRefusal(failures: readonly PreAcceptanceFailure[]): DomainError {
  return new DomainError(
    'PRE_ACCEPTANCE_CHECK_FAILED',
    `the application cannot be submitted (seed 004 ¶22): ${failures.map((f) => `${f.field}: ${f.reason} (${f.regulation})`).join('; ')}`,
    failures.map((f) => ({
      field: f.field,
      message: `${f.reason} (${f.regulation})`,
      check: f.check,
      reason: f.reason,
      regulation: f.regulation,
    })),
  );
}

const databaseOf = (kind: ApplicantId['kind']): string => (kind === 'individual' ? 'individuals' : 'legal-entities');

/**
 * ¶21(1): the applicant is in the individuals (IIN) or legal-entities (BIN) state database. A record
 * that says the person died or the entity is liquidated (or in liquidation) fails too: ours — the
 * paragraph says "exists", and such an applicant could not be issued anything (the duplicate's
 * automatic checks and the license's ¶7 look-up read it the same way).
 */
export function applicantExists<T>(select: (input: T) => ApplicantId, field = 'applicant.iinOrBin'): PreAcceptanceCheck<T> {
  return {
    check: 'applicant-exists',
    async run(input, lookups) {
      const id = select(input);
      const r = await lookups.applicant(id);
      const label = id.kind === 'individual' ? `IIN ${id.iinOrBin}` : `BIN ${id.iinOrBin}`;
      if (!r) return [{ field, reason: `${label} is not in the ${databaseOf(id.kind)} state database` }];
      if (r.status !== 'active') return [{ field, reason: `the ${databaseOf(id.kind)} state database reports ${label} as ${r.status}` }];
      return [];
    },
  };
}

/**
 * ¶21(4): a permit the application names exists in the register of permits, and `problem` (the
 * service's own rule: whose it is, its status, its service) finds nothing wrong with it.
 */
export function permitInRegister<T>(
  select: (input: T) => { ancn: string; field: string },
  problem: (permit: PermitEntry | null, input: T) => string | undefined,
): PreAcceptanceCheck<T> {
  return {
    check: 'register-data-exist',
    async run(input, lookups) {
      const { ancn, field } = select(input);
      const why = problem(await lookups.permit(ancn), input);
      return why ? [{ field, reason: why }] : [];
    },
  };
}

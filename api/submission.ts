/**
 * Accepting an application, one path for every channel: the portal's POST /v1/services/{code}/applications
 * (api/routes/applications.ts) and the State Corporation counter's forwarding (seed 001 ¶9(3); the worker's
 * counter activity, counter/activities.ts) both call `submit`: the checks before acceptance, the plan on the
 * current calendar, the ANCN (seed 004 ¶20), the application record and the case's workflow, idempotent by
 * (principal, key).
 */
import type { Logger } from 'pino';
import type { SearchAttributePair } from '@temporalio/common';
import { DomainError } from '../domain/errors';
import type { Principal } from '../domain/roles';
import type { ApplicationStore } from '../persistence/port';
import type { ReferenceDataStore } from '../reference-data/store';
import { SEARCH_ATTRIBUTES } from '../workflows/shared/case';
import { toKzIso, type BusinessCalendar } from '../domain/calendar';
import type { CaseGateway } from './case-gateway';
import { lookup, remember, replay, type IdempotencyContext, type StoredResponse } from './idempotency';
import { runPreAcceptanceChecks, type PreAcceptancePorts } from './pre-acceptance';
import { ZApplicationAccepted, type TApplicationAccepted } from './schemas';
import type { ServiceModule, TermPlan } from './service-module';

/** Readable and unique: the ANCN is unique per document type (seed 004 appendix). */
export function applicationIdFor(serviceCode: string, ancn: string): string {
  return `${serviceCode}-${ancn}`;
}

/** How long after a submission a replay of its key still completes missing side effects. */
const RECOVERY_WINDOW_MS = 24 * 3_600_000;

export interface SubmissionDeps {
  store: ApplicationStore;
  cases: CaseGateway;
  logger: Pick<Logger, 'info' | 'warn'>;
  now: () => Date;
  referenceData: ReferenceDataStore;
  preAcceptance: PreAcceptancePorts;
}

export interface Submission {
  submit(module: ServiceModule, input: unknown, principal: Principal, idem: IdempotencyContext): Promise<StoredResponse>;
}

export function createSubmission(deps: SubmissionDeps): Submission {
  const { store, cases, logger } = deps;
  const ctx = { now: deps.now, referenceData: deps.referenceData, deps: { preAcceptance: deps.preAcceptance } };

  async function submit(module: ServiceModule, input: unknown, principal: Principal, idem: IdempotencyContext): Promise<StoredResponse> {
    const earlier = await lookup(store, idem);
    if (earlier) return completeAndReplay(module, input, principal, earlier);

    // seed 004 ¶21–¶22: the checks before acceptance block the submission with the reasons. They run
    // before the ANCN is allocated and the key claimed, so a refused application leaves nothing behind
    // (and the same key may be sent again once the applicant's data are right).
    if (module.preAcceptance?.length) await runPreAcceptanceChecks(module.preAcceptance, input, ctx.deps.preAcceptance, principal);

    const submittedAt = ctx.now();
    // The calendar current at submission (reference-data/): the case counts with it until a decree moves it.
    const cal = await ctx.referenceData.currentCalendar();
    const plan = module.plan(submittedAt, cal);
    const ancn = await store.allocateAncn('APP'); // seed 004 ¶20: the application gets its ANCN when filed
    const applicationId = applicationIdFor(module.descriptor.code, ancn);
    const accepted: TApplicationAccepted = {
      applicationId,
      serviceCode: module.descriptor.code,
      ancn,
      submittedAt: toKzIso(submittedAt),
      registeredAt: toKzIso(plan.registeredAt),
      dueAt: toKzIso(plan.dueAt),
      milestones: plan.milestones.map((m) => ({ name: m.name, dueAt: toKzIso(m.dueAt), regulation: m.regulation })),
      calendarVersion: plan.calendarVersion,
      statusUrl: `/v1/applications/${encodeURIComponent(applicationId)}`,
    };
    // Claim the key with the response BEFORE any side effect: a concurrent twin (another process)
    // loses here and only replays; the allocated ANCN number then stays unused.
    if (!(await remember(store, idem, 201, accepted, submittedAt))) {
      const winner = await lookup(store, idem);
      if (!winner) throw new DomainError('CONFLICT', 'a concurrent request with this Idempotency-Key failed; retry');
      logger.warn({ applicationId, key: idem.key }, 'concurrent submission with the same Idempotency-Key: replaying the winner');
      return completeAndReplay(module, input, principal, winner);
    }
    await openCase(module, input, principal, accepted, plan, cal);
    return { status: 201, body: accepted, replayed: false };
  }

  /**
   * A stored submission may belong to a request that died between claiming the key and starting the
   * workflow: finish its side effects (both idempotent) before answering, so the replayed 201 is true.
   */
  async function completeAndReplay(
    module: ServiceModule,
    input: unknown,
    principal: Principal,
    rec: Parameters<typeof replay>[0],
  ): Promise<StoredResponse> {
    const stored = replay(rec);
    const accepted = ZApplicationAccepted.safeParse(stored.body);
    // Only shortly after the claim: a workflow closed and deleted after its retention period must not
    // be started again by an old key.
    const recent = ctx.now().getTime() - rec.createdAt.getTime() < RECOVERY_WINDOW_MS;
    if (stored.status === 201 && accepted.success && recent) {
      // The calendar the answer was planned with, so the case starts with the dates the applicant was told.
      const cal = (await ctx.referenceData.calendar(accepted.data.calendarVersion)) ?? (await ctx.referenceData.currentCalendar());
      await openCase(module, input, principal, accepted.data, module.plan(new Date(accepted.data.submittedAt), cal), cal);
    }
    return stored;
  }

  async function openCase(
    module: ServiceModule,
    input: unknown,
    principal: Principal,
    accepted: TApplicationAccepted,
    plan: TermPlan,
    cal: BusinessCalendar,
  ): Promise<void> {
    const { applicationId, ancn } = accepted;
    if (!(await store.getApplication(applicationId))) {
      try {
        await store.createApplication({
          id: applicationId,
          serviceCode: module.descriptor.code,
          workflowId: applicationId,
          ancn,
          applicantRef: module.applicantRef(input),
          licensorBody: module.descriptor.licensorBody,
          submittedAt: plan.submittedAt,
          registeredAt: plan.registeredAt,
          dueAt: plan.dueAt,
          calendarVersion: plan.calendarVersion,
          stage: 'submitted',
          status: 'open',
          slaState: 'on-track',
        });
      } catch (e) {
        if (!(await store.getApplication(applicationId))) throw e; // else: a concurrent twin wrote it
      }
    }
    // The applicant-signed application, kept under its ANCN (idempotent: once per application).
    const signed = module.signedApplication?.(input);
    if (signed && !(await store.getDocument(ancn))) {
      try {
        await store.saveDocument({
          ancn,
          applicationId,
          kind: 'application',
          xml: signed,
          issuedAt: plan.submittedAt,
          idempotencyKey: `${applicationId}:signed-application`,
        });
      } catch (e) {
        if (!(await store.getDocument(ancn))) throw e; // else: a concurrent twin kept it
      }
    }
    const searchAttributes: SearchAttributePair[] = [
      { key: SEARCH_ATTRIBUTES.serviceCode, value: module.descriptor.code },
      { key: SEARCH_ATTRIBUTES.licensorBody, value: module.descriptor.licensorBody },
      { key: SEARCH_ATTRIBUTES.stage, value: 'submitted' },
      { key: SEARCH_ATTRIBUTES.dueAt, value: plan.dueAt },
      { key: SEARCH_ATTRIBUTES.slaState, value: 'on-track' },
    ];
    const { started } = await cases.start(
      module.workflow,
      applicationId,
      module.workflowInput({ applicationId, ancn, plan, calendar: cal.data, input, principal }),
      searchAttributes,
    );
    if (started) logger.info({ applicationId, serviceCode: module.descriptor.code, workflowType: module.workflow.name }, 'case started');
  }

  return { submit };
}

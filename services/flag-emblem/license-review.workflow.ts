/**
 * seed 003 — the review before the decision: registration (¶9) with its notice (seed 004 ¶23), the applicant from the state databases
 * (¶7) and, for a re-issue, the license to re-issue; the completeness check (¶10–¶11) and the territorial
 * unit's site inspection (¶10), each a staff decision with its working-day deadline (escalated when
 * missed, workflows/shared/staff-decision.ts).
 * Workflow code: deterministic; time only through the CaseClock.
 */
import { patched } from '@temporalio/workflow';
import { precheckAnnex1, type CompletenessCheck, type ReissueDetails, type SiteInspection } from './license-rules';
import { licenseToReissueProblem } from './license-decision-rules';
import { service, STAGES, type LicenseCase, type StaffRecord } from './license-case.workflow';
import { kzTime, type StageDeadline } from '../../workflows/shared/deadlines';
import { awaitStaffDecision } from '../../workflows/shared/staff-decision';

/**
 * seed 004 ¶23, ¶36.3: the registration notice exists only for cases started after this patch; the cases
 * before it registered without one and replay so (their histories: *-before-registration-notice-*).
 */
export const REGISTRATION_NOTICE_PATCH = 'flag-emblem-registration-notice';

/** ¶9: registered on the day of receipt; after hours, on a weekend or a holiday, at 09:00 of the next working day. */
export async function register(c: LicenseCase): Promise<void> {
  await c.clock.sleepUntil(c.plan.registeredAt);
  await c.enter(STAGES.registered, { regulation: 'seed 003 ¶9', note: `registered ${kzTime(c.plan.registeredAt)}` });
  if (patched(REGISTRATION_NOTICE_PATCH)) await sendRegistrationNotice(c);
}

/**
 * seed 004 ¶23, ¶36.3: the accepted application is registered, and the applicant's cabinet gets a notice
 * of it signed with the authorized person's ECDS: when it counts as filed (the ¶9 registration moment),
 * its ANCN and the date the result will be issued (seed 003 ¶8).
 */
async function sendRegistrationNotice(c: LicenseCase): Promise<void> {
  const registeredAt = kzTime(c.plan.registeredAt);
  const dueAt = kzTime(c.dueAt);
  const doc = await c.issue('registration-notice', 'NTC', 'Notice of registration of the application', {
    application: c.input.ancn,
    applicant: c.input.applicant.iinOrBin,
    service: c.serviceCode,
    registeredAt,
    resultBy: dueAt,
    regulation: 'seed 004 ¶23, ¶36.3; seed 003 ¶9',
  });
  await c.steps.deliver(doc, `Your request ${c.input.ancn} was registered at ${registeredAt}; the result will be issued by ${dueAt}.`);
}

/** ¶7: who the applicant is comes from the state databases, not from the applicant; then what the form shows. */
export async function identifyApplicant(c: LicenseCase): Promise<void> {
  const { applicant } = c.input;
  c.profile = await c.steps.run('look-up-applicant', () => service.lookUpApplicant({ kind: applicant.kind, iinOrBin: applicant.iinOrBin }));
  c.precheck = precheckAnnex1(c.input.form, c.plan.registeredAt);
  if (!c.profile)
    c.precheck.push({
      requirement: 'applicant-identity',
      issue: 'not-found',
      message: `${applicant.kind} ${applicant.iinOrBin} is not in the state database (¶7)`,
    });
  else if (c.profile.status !== 'active')
    c.precheck.push({
      requirement: 'applicant-identity',
      issue: 'not-valid',
      message: `the state database reports the applicant as ${c.profile.status} (¶7)`,
    });
  if (c.reissue) await checkLicenseToReissue(c, c.reissue);
}

/** Re-issue: the license must be in the register, active, this service's and the applicant's (license-decision-rules.ts). */
async function checkLicenseToReissue(c: LicenseCase, reissue: ReissueDetails): Promise<void> {
  const p = await c.steps.run('look-up-license', () => service.lookUpPermit({ ancn: reissue.previousPermitAncn }));
  const problem = licenseToReissueProblem(p, reissue.previousPermitAncn, c.input.applicant.iinOrBin);
  if (problem) c.precheck.push({ requirement: 'license-to-reissue', issue: p ? 'not-valid' : 'not-found', message: problem });
  c.tracker.setDetail(
    'licenseToReissue',
    p ? { ancn: p.ancn, status: p.status, issuedAt: p.issuedAt, problem: problem ?? null } : { ancn: reissue.previousPermitAncn, problem },
  );
}

/** ¶10–¶11: the completeness check within 1 working day of registration; returns the staff's record. */
export async function checkCompleteness(c: LicenseCase): Promise<StaffRecord<CompletenessCheck>> {
  const { plan } = c;
  // A function: a decree published while the stage waits moves the deadline (LicenseCase.adoptReferenceData).
  const deadline = (): StageDeadline => ({ stage: STAGES.completeness, by: plan.completenessCheckBy, regulation: 'seed 003 ¶10, ¶11' });
  await c.enter(STAGES.completeness, c.staffStage(deadline(), c.completenessActions()));
  const completeness = await awaitStaffDecision({
    tracker: c.tracker,
    clock: c.clock,
    action: 'completeness-check',
    deadline,
    decision: () => c.completeness,
  });
  if (!completeness) throw new Error('unreachable: completeness check without a decision');
  c.tracker.noteActor(completeness.decision.actor);
  return completeness.decision;
}

/** ¶10: the territorial unit's site visit within 2 working days of registration: a conclusion per requirement. */
export async function inspectSite(c: LicenseCase, completenessActor: string): Promise<StaffRecord<SiteInspection>> {
  const { plan } = c;
  const deadline = (): StageDeadline => ({ stage: STAGES.site, by: plan.siteVisitBy, regulation: 'seed 003 ¶10' });
  await c.enter(STAGES.site, {
    ...c.staffStage(deadline(), c.siteActions()),
    actor: completenessActor,
  });
  const site = await awaitStaffDecision({
    tracker: c.tracker,
    clock: c.clock,
    action: 'site-inspection',
    deadline,
    decision: () => c.site,
  });
  if (!site) throw new Error('unreachable: site inspection without a conclusion');
  c.tracker.noteActor(site.decision.actor, c.siteConforms() ? 'conforms' : 'does not conform');
  return site.decision;
}

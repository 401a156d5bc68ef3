import {
  approvalStageActions,
  decisionStageActions,
  groundThatDoesNotHold,
  isPreliminaryDecisionLate,
  licenseToReissueProblem,
  objectionNotConsidered,
  preliminaryDecisionBy,
  siteConforms,
  siteVisitDateProblem,
  whyLicenseCannotBeIssued,
  type DecisionFacts,
} from '../../services/flag-emblem/license-decision-rules';
import { planFlagEmblemLicense } from '../../services/flag-emblem/license-rules';
import { toKzIso } from '../../domain/calendar';

const kz = (d: Date): string => toKzIso(d);
const at = (s: string): Date => new Date(s);

/** A case where everything allows a license. */
const ready: DecisionFacts = {
  feePaid: true,
  siteConforms: true,
  hearingConcluded: false,
  awaitedApprovingBodies: [],
  negativeApprovingAnswer: false,
};

describe('seed 003 ¶12-1: the preliminary decision’s deadline follows the term', () => {
  test('3 working days before the due date: due Monday 6 April 2026 → Wednesday 1 April 18:30 (as the plan says)', () => {
    const plan = planFlagEmblemLicense(at('2026-03-20T18:45:00+05:00'));
    expect(kz(preliminaryDecisionBy(plan.dueAt))).toBe('2026-04-01T18:30:00+05:00');
    expect(preliminaryDecisionBy(plan.dueAt).getTime()).toBe(plan.preliminaryDecisionBy.getTime());
  });

  test('a moved term (seed 004 ¶39.9-10) moves it: due Thursday 9 April → Monday 6 April 18:30', () => {
    expect(kz(preliminaryDecisionBy(at('2026-04-09T18:30:00+05:00')))).toBe('2026-04-06T18:30:00+05:00');
  });

  test('late only after the deadline, not at it', () => {
    const due = at('2026-04-06T18:30:00+05:00');
    expect(isPreliminaryDecisionLate(at('2026-04-01T18:30:00+05:00'), due)).toBe(false);
    expect(isPreliminaryDecisionLate(at('2026-04-01T18:30:01+05:00'), due)).toBe(true);
    expect(isPreliminaryDecisionLate(at('2026-03-30T10:00:00+05:00'), due)).toBe(false);
  });
});

describe('seed 003 ¶10: the site inspection', () => {
  test('conforms when every finding conforms; no inspection is no conformity', () => {
    expect(siteConforms({ findings: [{ conforms: true }] })).toBe(true);
    expect(siteConforms({ findings: [{ conforms: true }, { conforms: false }] })).toBe(false);
    expect(siteConforms(undefined)).toBe(false);
  });

  test('visitedOn from the registration day to today, both included', () => {
    const registeredAt = at('2026-03-26T09:00:00+05:00');
    const now = at('2026-03-30T12:00:00+05:00');
    expect(siteVisitDateProblem('2026-03-26', registeredAt, now)).toBeUndefined();
    expect(siteVisitDateProblem('2026-03-30', registeredAt, now)).toBeUndefined();
    expect(siteVisitDateProblem('2026-03-25', registeredAt, now)).toBe(
      'site-inspection: visitedOn must be between the registration day 2026-03-26 and today 2026-03-30',
    );
    expect(siteVisitDateProblem('2026-03-31', registeredAt, now)).toBe(
      'site-inspection: visitedOn must be between the registration day 2026-03-26 and today 2026-03-30',
    );
  });
});

describe('seed 003 ¶12, Annex 2 item 9: can the license be issued', () => {
  test('fee paid, site conforms, no approving body pending or negative → yes', () => {
    expect(whyLicenseCannotBeIssued(ready, 'final-decision')).toBeUndefined();
  });

  test('ground 2: the fee not paid', () => {
    expect(whyLicenseCannotBeIssued({ ...ready, feePaid: false }, 'final-decision')).toMatch(
      /^final-decision: the license fee is not paid \(Annex 2 item 9\(2\)\)/,
    );
  });

  test('seed 004 ¶39: an approving body still to answer (within its period) holds the decision up', () => {
    expect(whyLicenseCannotBeIssued({ ...ready, awaitedApprovingBodies: ['mvd', 'kgd'] }, 'draft-submit')).toBe(
      'draft-submit: waiting for the answer of approving body mvd, kgd',
    );
  });

  test('ground 4: a negative approving answer', () => {
    expect(whyLicenseCannotBeIssued({ ...ready, negativeApprovingAnswer: true }, 'final-decision')).toMatch(
      /Annex 2 item 9\(4\)\); a license cannot be issued$/,
    );
  });

  test('¶12-1: non-conformity needs the hearing first; after it the licensor may still issue', () => {
    expect(whyLicenseCannotBeIssued({ ...ready, siteConforms: false }, 'final-decision')).toMatch(
      /send a preliminary decision and hear the applicant before deciding \(¶12-1\)$/,
    );
    expect(whyLicenseCannotBeIssued({ ...ready, siteConforms: false, hearingConcluded: true }, 'final-decision')).toBeUndefined();
  });

  test('the fee is checked first', () => {
    expect(
      whyLicenseCannotBeIssued(
        { feePaid: false, siteConforms: false, hearingConcluded: false, awaitedApprovingBodies: ['mvd'], negativeApprovingAnswer: true },
        'x',
      ),
    ).toMatch(/license fee is not paid/);
  });
});

describe('seed 003 ¶13, Annex 2 item 9: the grounds the case knows about must hold', () => {
  test('grounds 1, 5, 6, 7 rest on the employee’s reasoning', () => {
    expect(
      groundThatDoesNotHold(
        [
          'activity-prohibited-for-applicant-category',
          'court-decision-suspends-or-prohibits-activity',
          'court-temporarily-prohibits-issuing-license',
          'false-documents-or-data',
        ],
        ready,
        'preliminary-decision',
      ),
    ).toBeUndefined();
  });

  test('ground 2 only when the fee is unpaid', () => {
    expect(groundThatDoesNotHold(['license-fee-not-paid'], ready, 'preliminary-decision')).toBe(
      'preliminary-decision: the license fee has been paid; license-fee-not-paid does not apply',
    );
    expect(groundThatDoesNotHold(['license-fee-not-paid'], { ...ready, feePaid: false }, 'preliminary-decision')).toBeUndefined();
  });

  test('ground 3 only when the site inspection found non-conformity', () => {
    expect(groundThatDoesNotHold(['qualification-requirements-not-met'], ready, 'final-decision')).toMatch(
      /qualification-requirements-not-met does not apply$/,
    );
    expect(
      groundThatDoesNotHold(['qualification-requirements-not-met'], { ...ready, siteConforms: false }, 'final-decision'),
    ).toBeUndefined();
  });

  test('ground 4 only after a negative approving answer', () => {
    expect(groundThatDoesNotHold(['approving-body-negative-answer'], ready, 'final-decision')).toBe(
      'final-decision: no approving body has answered negatively; approving-body-negative-answer does not apply',
    );
    expect(
      groundThatDoesNotHold(['approving-body-negative-answer'], { ...ready, negativeApprovingAnswer: true }, 'final-decision'),
    ).toBeUndefined();
  });
});

describe('seed 003 ¶12-1: a refusal after an objection says how it was considered', () => {
  const refusal = { decision: 'refuse' as const, grounds: ['qualification-requirements-not-met' as const], reasoning: 'r' };
  test('objected without objectionConsidered → refused; with it, or without an objection → allowed', () => {
    expect(objectionNotConsidered(refusal, true, 'final-decision')).toBe(
      'final-decision: the applicant objected; say how the objection was considered (objectionConsidered, ¶12-1)',
    );
    expect(
      objectionNotConsidered({ ...refusal, objectionConsidered: 'weighed; the base is still missing' }, true, 'final-decision'),
    ).toBeUndefined();
    expect(objectionNotConsidered(refusal, false, 'final-decision')).toBeUndefined();
  });
});

describe('seed 003 ¶12 re-issue: the license to re-issue', () => {
  const permit = { ancn: 'KZ01PRM00000001', holderRef: '180340001231', status: 'active', serviceCode: 'flag-emblem-license' };
  test('in the register, the applicant’s, active, a Flag and Emblem license (issued or re-issued) → fine', () => {
    expect(licenseToReissueProblem(permit, permit.ancn, '180340001231')).toBeUndefined();
    expect(licenseToReissueProblem({ ...permit, serviceCode: 'flag-emblem-license-reissue' }, permit.ancn, '180340001231')).toBeUndefined();
  });
  test('each problem in words', () => {
    expect(licenseToReissueProblem(null, 'KZ01PRM00000009', '180340001231')).toBe(
      'license KZ01PRM00000009 is not in the register of permits',
    );
    expect(licenseToReissueProblem(permit, permit.ancn, '850512400125')).toBe('license KZ01PRM00000001 is held by someone else');
    expect(licenseToReissueProblem({ ...permit, status: 'revoked' }, permit.ancn, '180340001231')).toBe(
      'license KZ01PRM00000001 is revoked',
    );
    expect(licenseToReissueProblem({ ...permit, serviceCode: 'sme-registration' }, permit.ancn, '180340001231')).toBe(
      'license KZ01PRM00000001 is not a Flag and Emblem license',
    );
  });
});

describe('the pending actions follow the rules and the current term', () => {
  const term = { dueAt: at('2026-04-06T18:30:00+05:00'), preliminaryDecisionBy: at('2026-04-01T18:30:00+05:00') };

  test('¶12, ¶12-1 decision stage: a conforming site → the final decision by the term first; the fee while unpaid', () => {
    expect(decisionStageActions({ siteConforms: true, feePaid: true }, term)).toEqual([
      { action: 'final-decision', by: 'staff', dueAt: '2026-04-06T18:30:00+05:00' },
      { action: 'preliminary-decision', by: 'staff', dueAt: '2026-04-01T18:30:00+05:00' },
      { action: 'approving-body-request', by: 'staff' },
    ]);
    expect(decisionStageActions({ siteConforms: false, feePaid: false }, term)).toEqual([
      { action: 'preliminary-decision', by: 'staff', dueAt: '2026-04-01T18:30:00+05:00' },
      { action: 'approving-body-request', by: 'staff' },
      { action: 'pay-license-fee', by: 'applicant' },
    ]);
  });

  test('seed 004 ¶40 approval stage: review in approval, resubmit in rework (+ a preliminary decision while the applicant can still be heard), nothing once signing', () => {
    expect(approvalStageActions('in-approval', term, () => true)).toEqual([
      { action: 'draft-review', by: 'staff', dueAt: '2026-04-06T18:30:00+05:00' },
    ]);
    expect(approvalStageActions('rework', term, () => false)).toEqual([
      { action: 'draft-submit', by: 'staff', dueAt: '2026-04-06T18:30:00+05:00' },
    ]);
    expect(approvalStageActions('rework', term, () => true)).toEqual([
      { action: 'draft-submit', by: 'staff', dueAt: '2026-04-06T18:30:00+05:00' },
      { action: 'preliminary-decision', by: 'staff', dueAt: '2026-04-01T18:30:00+05:00' },
    ]);
    expect(approvalStageActions('signing', term, () => true)).toEqual([]);
    expect(approvalStageActions('signed', term, () => true)).toEqual([]);
  });
});

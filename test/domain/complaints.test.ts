/**
 * seed 003 ¶16–17 and seed 002 ¶11: the complaint terms, pinned as literals (scripts/mutation-check.ts
 * changes each and expects a test here to fail), and the plan across Nauryz 2026 (21–25 March off).
 */
import { embeddedCalendar as cal, toKzIso } from '../../domain/calendar';
import {
  COMPLAINT_TERMS,
  extendedDueAt,
  extensionNoticeBy,
  nextSteps,
  planComplaint,
  reviewTerm,
  whyExtensionRefused,
  type Addressee,
  type ComplaintRegime,
} from '../../domain/complaints';

const received = new Date('2026-03-19T10:00:00+05:00'); // Thursday before Nauryz
const learned = new Date('2026-03-02T12:00:00+05:00');
const plan = (regime: ComplaintRegime, addressee: Addressee, o: { receivedAt?: Date; learnedAt?: Date; viaProvider?: boolean } = {}) =>
  planComplaint(
    {
      regime,
      addressee,
      receivedAt: o.receivedAt ?? received,
      learnedAt: o.learnedAt ?? learned,
      ...(o.viaProvider ? { viaProvider: true } : {}),
    },
    cal,
  );

describe('the numbers of seed 003 ¶16 and seed 002 ¶11', () => {
  it('pins every term', () => {
    expect(COMPLAINT_TERMS.filingMonths).toBe(3);
    expect(COMPLAINT_TERMS.providerWorkingDays).toBe(5);
    expect(COMPLAINT_TERMS.qualityAuthorityWorkingDays).toBe(15);
    expect(COMPLAINT_TERMS.reviewingBodyWorkingDays).toBe(20);
    expect(COMPLAINT_TERMS.maxExtensionWorkingDays).toBe(10);
    expect(COMPLAINT_TERMS.extensionNoticeWorkingDays).toBe(3);
    expect(COMPLAINT_TERMS.forwardingWorkingDays).toBe(3);
    expect(COMPLAINT_TERMS.headWorkingDays2016).toBe(5);
  });
});

describe('the 2021 regime (seed 003 ¶16) across Nauryz 2026', () => {
  it('the provider: 5 working days from registration (20, 26, 27, 30, 31 March)', () => {
    const p = plan('2021', 'provider');
    expect(toKzIso(p.registeredAt)).toBe('2026-03-19T10:00:00+05:00');
    expect(toKzIso(p.dueAt)).toBe('2026-03-31T18:30:00+05:00');
    expect(p.term).toMatchObject({ workingDays: 5, countedFrom: 'registration', extendable: true });
  });

  it('the quality authority: 15 working days from registration', () => {
    expect(toKzIso(plan('2021', 'quality-authority').dueAt)).toBe('2026-04-14T18:30:00+05:00');
  });

  it('the reviewing body: 20 working days from receipt, not extendable', () => {
    const p = plan('2021', 'reviewing-body');
    expect(toKzIso(p.dueAt)).toBe('2026-04-21T18:30:00+05:00');
    expect(p.term).toMatchObject({ countedFrom: 'receipt', extendable: false });
    expect(p.forwardBy).toBeUndefined();
  });

  it('registration after hours counts from the next working day (ours, as seed 003 ¶9): received Friday 20 March 19:00 → 26 March', () => {
    const p = plan('2021', 'provider', { receivedAt: new Date('2026-03-20T19:00:00+05:00') });
    expect(toKzIso(p.registeredAt)).toBe('2026-03-26T09:00:00+05:00');
    expect(toKzIso(p.dueAt)).toBe('2026-04-02T18:30:00+05:00');
  });

  it('APPC art. 91(4): received by the provider for the reviewing body → forwarded within 3 working days of receipt', () => {
    expect(toKzIso(plan('2021', 'reviewing-body', { viaProvider: true }).forwardBy as Date)).toBe('2026-03-27T18:30:00+05:00');
    expect(plan('2021', 'provider', { viaProvider: true }).forwardBy).toBeUndefined();
  });

  it('filing: no later than 3 months from the day the applicant learned; a day later is flagged', () => {
    const inTime = plan('2021', 'provider', { receivedAt: new Date('2026-06-02T10:00:00+05:00') });
    expect(toKzIso(inTime.filingDeadline)).toBe('2026-06-02T23:59:59.999+05:00');
    expect(inTime.lateFiling).toBe(false);
    expect(plan('2021', 'provider', { receivedAt: new Date('2026-06-03T10:00:00+05:00') }).lateFiling).toBe(true);
  });

  it('filing: a last day that is not a working day moves to the next one (7 June 2026 is a Sunday)', () => {
    const p = plan('2021', 'provider', {
      learnedAt: new Date('2026-03-07T12:00:00+05:00'),
      receivedAt: new Date('2026-06-08T10:00:00+05:00'),
    });
    expect(toKzIso(p.filingDeadline)).toBe('2026-06-08T23:59:59.999+05:00');
    expect(p.lateFiling).toBe(false);
  });

  it('extension: once, 1–10 working days, provider and quality authority only; notice within 3 working days', () => {
    const provider = reviewTerm('2021', 'provider');
    expect(whyExtensionRefused(provider, false, 10)).toBeUndefined();
    expect(whyExtensionRefused(provider, false, 11)).toMatch(/1 to 10 working days/);
    expect(whyExtensionRefused(provider, false, 0)).toMatch(/1 to 10/);
    expect(whyExtensionRefused(provider, true, 5)).toMatch(/already extended once/);
    expect(whyExtensionRefused(reviewTerm('2021', 'reviewing-body'), false, 5)).toMatch(/cannot be extended/);
    expect(whyExtensionRefused(reviewTerm('2021', 'quality-authority'), false, 5)).toBeUndefined();
    expect(toKzIso(extendedDueAt(new Date('2026-03-31T18:30:00+05:00'), 10, cal))).toBe('2026-04-14T18:30:00+05:00');
    // Friday 20 March → 26, 27, 30 March (Nauryz in between)
    expect(toKzIso(extensionNoticeBy(new Date('2026-03-20T11:00:00+05:00'), cal))).toBe('2026-03-30T18:30:00+05:00');
  });

  it('¶17: a dismissed review by the reviewing body names another reviewing body or the court', () => {
    expect(nextSteps('2021', 'reviewing-body').join(' ')).toMatch(/another reviewing body.*court/);
    expect(nextSteps('2021', 'provider').join(' ')).toMatch(/reviewing body/);
  });
});

describe('the 2016 regime (seed 002 ¶11–12)', () => {
  it('the heads of the provider, the Ministry and the State Corporation: 5 working days from registration; no extension', () => {
    for (const a of ['provider-head', 'ministry-head', 'state-corporation-head'] as const) {
      const p = plan('2016', a);
      expect(toKzIso(p.dueAt)).toBe('2026-03-31T18:30:00+05:00');
      expect(p.term.extendable).toBe(false);
    }
  });

  it('then the quality authority, 15 working days; then the court', () => {
    expect(toKzIso(plan('2016', 'quality-authority').dueAt)).toBe('2026-04-14T18:30:00+05:00');
    expect(nextSteps('2016', 'provider-head').join(' ')).toMatch(/quality.*15 working days.*court/);
    expect(nextSteps('2016', 'quality-authority')).toEqual(['the court (seed 002 ¶12)']);
  });

  it('has no reviewing body and no forwarding', () => {
    expect(() => plan('2016', 'reviewing-body')).toThrow(/2016 regime/);
    expect(() => plan('2021', 'ministry-head')).toThrow(/2021 regime/);
  });
});

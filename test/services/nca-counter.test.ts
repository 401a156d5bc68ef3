/**
 * The NCA services' State Corporation counter descriptors (services/nca/counter.ts): the paper-document list
 * is the category's ¶9 checklist (a PoA only with a representative; the A3 for a legal entity's employee),
 * the applicant entered must be the one on the form, and what the operator marked becomes the package
 * handed in of an application the module's own schema accepts.
 */
import { ncaIssueModule, ncaRevokeModule } from '../../services/nca/api';
import { NcaCounterIssueForm } from '../../services/nca/counter';
import { COUNTER_HAND_OVER } from '../../services/nca/rules';

const issue = ncaIssueModule();
const revoke = ncaRevokeModule();
const counter = issue.counter!;
const example = NcaCounterIssueForm.parse(counter.formExample);
const required = (form: unknown, representative: boolean): string[] =>
  (counter.paperDocumentsFor?.(form, { representative }) ?? []).filter((d) => d.required).map((d) => d.code);

test('both services declare the State Corporation channel (seed 002 ¶3) with the A9 receipt and the ¶9 receipt', () => {
  for (const m of [issue, revoke]) {
    expect(m.descriptor.channels).toEqual(['provider', 'state-corporation', 'portal']);
    expect(m.counter?.terms).toMatchObject({
      applicants: ['individual', 'legal-entity'],
      lookups: { individual: true, legalEntity: true },
      serviceMinutes: { minutes: 20, regulation: 'seed 002 ¶4(3)' },
      handOver: COUNTER_HAND_OVER,
      incompletePackage: { copies: 2 },
    });
    expect(m.counter?.terms.receiptRegulation).toMatch(/^seed 002 ¶9/);
  }
});

test('the paper documents are the category checklist of ¶9', () => {
  expect(required(example, false)).toEqual(['application-form', 'identity-document']);
  expect(required(example, true)).toEqual(['application-form', 'identity-document', 'notarised-power-of-attorney']);
  expect(required({ ...example, category: 3 }, false)).toEqual(['application-form', 'identity-document', 'one-time-power-of-attorney']);
  expect(required({ ...example, category: 3, headForThemself: true }, false)).toEqual(['application-form', 'identity-document']);
  expect(required({ ...example, category: 7 }, false)).toContain('residence-document');
});

test('the applicant entered is the one on the form; the category matches the form', () => {
  expect(counter.check?.({ kind: 'individual', iin: '850612300414', name: 'x' }, example)).toEqual([]);
  expect(counter.check?.({ kind: 'individual', iin: '850315400124', name: 'x' }, example)).toEqual([
    { field: 'applicant.iin', message: 'differs from the IIN on the form' },
  ]);
  expect(counter.check?.({ bin: '180340001231', name: 'x' }, example)?.[0]?.field).toBe('applicant');
  expect(counter.check?.({ kind: 'individual', iin: '850612300414', name: 'x' }, { ...example, category: 3 })?.[0]?.field).toBe(
    'form.form.form',
  );
});

test('what the operator marked becomes the package handed in, an application the module accepts', () => {
  const app = counter.toApplication({
    applicant: { kind: 'individual', iin: '850612300414', name: 'Сейітов Нұрлан' },
    form: example,
    lookedUp: {},
    paperDocuments: ['application-form', 'identity-document', 'not-a-document'],
  });
  const parsed = issue.input.safeParse(app);
  expect(parsed.success).toBe(true);
  expect(parsed.data?.package).toMatchObject({
    category: 1,
    handedIn: ['application-form', 'identity-document'],
    representative: false,
    consentToProtectedData: true,
  });
});

import { ApplicationFailure } from '@temporalio/common';
import { createFlagEmblemActivities } from '../../services/flag-emblem/license-activities';
import { InMemoryStateDatabases } from '../../adapters/state-databases/fake';
import { InMemoryApprovingBodyGateway } from '../../adapters/approving-body/fake';
import { InMemoryPermitRegister } from '../../register/permit-register-memory';
import { InMemoryPaymentGateway } from '../../adapters/payment-gateway/fake';
import { formatAncn } from '../../domain/ancn';

function make() {
  const stateDatabases = new InMemoryStateDatabases({
    individuals: [
      {
        iin: '850512400125',
        lastName: 'Сейтқали',
        firstName: 'Айгерім',
        birthDate: '1985-05-12',
        status: 'active',
        soleProprietor: { registeredOn: '2019-02-01', name: 'ИП "Рәміз"', taxAuthority: 'УГД по Есильскому району' },
      },
    ],
  });
  const permitRegister = new InMemoryPermitRegister();
  const payments = new InMemoryPaymentGateway();
  const acts = createFlagEmblemActivities({
    stateDatabases,
    approvingBodies: new InMemoryApprovingBodyGateway(),
    permitRegister,
    paymentGateway: payments,
    paymentCallbackUrl: 'http://127.0.0.1:3000/v1/callbacks/payment',
  });
  return { acts, stateDatabases, permitRegister, payments };
}

test('¶7: the applicant profile comes from the state database (a sole proprietor shows the business name)', async () => {
  const { acts } = make();
  expect(await acts.lookUpApplicant({ kind: 'individual', iinOrBin: '850512400125' })).toEqual({
    kind: 'individual',
    ref: '850512400125',
    name: 'ИП "Рәміз" (Сейтқали Айгерім)',
    status: 'active',
    registeredOn: '2019-02-01',
  });
  expect(await acts.lookUpApplicant({ kind: 'legal-entity', iinOrBin: '180340001231' })).toBeNull();
});

test('the fee invoice carries the callback URL and is idempotent', async () => {
  const { acts, payments } = make();
  const req = {
    idempotencyKey: 'wf:fee-invoice',
    applicationId: 'a',
    purpose: 'license-fee',
    amountTenge: 43_250,
    payerRef: '850512400125',
    expiresAt: '2026-04-06T13:30:00.000Z',
  };
  const a = await acts.createLicenseFeeInvoice(req);
  expect(await acts.createLicenseFeeInvoice(req)).toEqual(a);
  expect(payments.invoices).toEqual([
    expect.objectContaining({ amountTenge: 43_250, callbackUrl: 'http://127.0.0.1:3000/v1/callbacks/payment' }),
  ]);
});

test("the register's refusal is a non-retryable failure with its code; an outage stays retryable", async () => {
  const { acts, permitRegister } = make();
  const req = {
    idempotencyKey: 'wf:enter-permit',
    ancn: formatAncn('PRM', 5),
    serviceCode: 'flag-emblem-license-reissue',
    holderRef: '850512400125',
    licensorBody: 'ctrm',
    activity: 'x',
    issuedAt: '2026-03-27T12:00:00+05:00',
    validity: { from: '2026-03-27T12:00:00+05:00', until: null },
    previousPermitAncn: formatAncn('PRM', 4),
  };
  const refused = await acts.enterPermit(req).catch((e: unknown) => e);
  expect(refused).toBeInstanceOf(ApplicationFailure);
  expect(refused).toMatchObject({ type: 'PREVIOUS_PERMIT_NOT_FOUND', nonRetryable: true });
  permitRegister.failNext(1);
  const outage = await acts.enterPermit({ ...req, previousPermitAncn: undefined }).catch((e: unknown) => e);
  expect(outage).not.toBeInstanceOf(ApplicationFailure);
  expect(String(outage)).toMatch(/unavailable/);
});

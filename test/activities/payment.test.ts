/**
 * The one implementation of the fee's activities (activities/payment.ts). The names the services
 * register it under are checked in test/services/registry.test.ts.
 */
import { createPaymentActivities } from '../../activities/payment';
import { InMemoryPaymentGateway } from '../../adapters/payment-gateway/fake';

const CALLBACK = 'http://127.0.0.1:3000/v1/callbacks/payment-gateway';
const request = {
  idempotencyKey: 'wf:fee-invoice',
  applicationId: 'a',
  purpose: 'license-fee',
  amountTenge: 43_250,
  payerRef: '180340001231',
  expiresAt: '2026-04-06T13:30:00.000Z',
};

test('an invoice carries the callback URL and is idempotent; its status and a refund go to the same gateway', async () => {
  const gateway = new InMemoryPaymentGateway({ now: () => new Date('2026-04-01T10:00:00+05:00') });
  const acts = createPaymentActivities({ paymentGateway: gateway, paymentCallbackUrl: CALLBACK });
  const invoice = await acts.createFeeInvoice(request);
  expect(await acts.createFeeInvoice(request)).toEqual(invoice);
  expect(gateway.invoices).toEqual([expect.objectContaining({ amountTenge: 43_250, callbackUrl: CALLBACK })]);
  expect(await acts.getFeeInvoiceStatus({ invoiceId: invoice.invoiceId })).toEqual({ status: 'pending' });
  await gateway.settle(invoice.invoiceId, 'paid');
  expect(await acts.getFeeInvoiceStatus({ invoiceId: invoice.invoiceId })).toEqual({ status: 'paid', paidAt: '2026-04-01T05:00:00.000Z' });
  const refund = { idempotencyKey: 'wf:undo:fee', invoiceId: invoice.invoiceId, reason: 'case ended' };
  await expect(acts.refundFee(refund)).resolves.toMatchObject({ invoiceId: invoice.invoiceId });
});

test('without a callback URL the invoice has none (the case reconciles at its deadline)', async () => {
  const gateway = new InMemoryPaymentGateway();
  await createPaymentActivities({ paymentGateway: gateway }).createFeeInvoice(request);
  expect(gateway.invoices[0]).not.toHaveProperty('callbackUrl');
});

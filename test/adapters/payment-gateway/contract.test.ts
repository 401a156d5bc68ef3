/** One contract for the payment-gateway port: the in-memory fake and the HTTP client over the simulator. */
import { randomUUID } from 'node:crypto';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { InMemoryPaymentGateway } from '../../../adapters/payment-gateway/fake';
import { HttpPaymentGateway } from '../../../adapters/payment-gateway/http';
import type { PaymentGateway } from '../../../adapters/payment-gateway/port';
import { createSimulators, type Simulators } from '../../../simulators/main';

let server: Server;
let sims: Simulators;
let url = '';
beforeAll(async () => {
  sims = createSimulators({ faults: {}, publicUrl: 'http://127.0.0.1:1' });
  await new Promise<void>((r) => {
    server = sims.app.listen(0, '127.0.0.1', () => r());
  });
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/payment-gateway`;
});
afterAll(() => new Promise((r) => server.close(r)));

const invoice = (minutes = 15) => ({
  idempotencyKey: randomUUID(),
  applicationId: `app-${randomUUID()}`,
  purpose: 'state-registration-fee',
  amountTenge: 28_113,
  payerRef: '850315400124',
  expiresAt: new Date(Date.now() + minutes * 60_000).toISOString(),
});

const fake = new InMemoryPaymentGateway();
describe.each([
  ['in-memory fake', (): PaymentGateway => fake, (id: string) => fake.settle(id, 'paid')],
  ['HTTP client over the simulator', (): PaymentGateway => new HttpPaymentGateway(url), (id: string) => sims.gateway.settle(id, 'paid')],
])('Payment gateway contract: %s', (_name, make, pay) => {
  test('one invoice per key; pending, then paid; refunded once', async () => {
    const gw = make();
    const r = invoice();
    const inv = await gw.createInvoice(r);
    expect(await gw.createInvoice(r)).toEqual(inv);
    expect(inv.amountTenge).toBe(28_113);
    expect((await gw.getInvoice(inv.invoiceId)).status).toBe('pending');
    await expect(gw.refund({ idempotencyKey: randomUUID(), invoiceId: inv.invoiceId, reason: 'x' })).rejects.toThrow(/only a paid invoice/);
    await pay(inv.invoiceId);
    expect((await gw.getInvoice(inv.invoiceId)).status).toBe('paid');
    const key = randomUUID();
    const refund = await gw.refund({ idempotencyKey: key, invoiceId: inv.invoiceId, reason: 'registration refused' });
    expect(await gw.refund({ idempotencyKey: key, invoiceId: inv.invoiceId, reason: 'registration refused' })).toEqual(refund);
    await expect(gw.refund({ idempotencyKey: randomUUID(), invoiceId: inv.invoiceId, reason: 'again' })).rejects.toThrow(
      /already refunded/,
    );
  });

  test('an invoice past its deadline reads as expired', async () => {
    const gw = make();
    const inv = await gw.createInvoice(invoice(-1));
    expect((await gw.getInvoice(inv.invoiceId)).status).toBe('expired');
  });
});

/** One contract for the insurer port: the in-memory fake and the HTTP client over the simulator. */
import { randomUUID } from 'node:crypto';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { InMemoryInsurer } from '../../../adapters/insurer/fake';
import { HttpInsurer } from '../../../adapters/insurer/http';
import type { Insurer } from '../../../adapters/insurer/port';
import { createSimulators } from '../../../simulators/main';

let server: Server;
let url = '';
beforeAll(async () => {
  const sims = createSimulators({ faults: {}, publicUrl: 'http://127.0.0.1:1' });
  await new Promise<void>((r) => {
    server = sims.app.listen(0, '127.0.0.1', () => r());
  });
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/insurer`;
});
afterAll(() => new Promise((r) => server.close(r)));

const req = (insurerCode = 'eurasia') => ({
  idempotencyKey: randomUUID(),
  applicationId: `app-${randomUUID()}`,
  insurerCode,
  policyholderName: 'Dala Tech',
  policyholderHead: { iin: '870912300107', fullName: 'Bekov Timur Aidarovich' },
});

describe.each([
  ['in-memory fake', (): Insurer => new InMemoryInsurer()],
  ['HTTP client over the simulator', (): Insurer => new HttpInsurer(url)],
])('Insurer contract: %s', (_name, make) => {
  test('concludes one policy per key and cancels it once', async () => {
    const insurer = make();
    const r = req();
    const p = await insurer.concludeAccidentInsurance(r);
    expect(await insurer.concludeAccidentInsurance(r)).toEqual(p);
    if (p.status !== 'concluded') throw new Error('expected a policy');
    const c = await insurer.cancelPolicy({ idempotencyKey: `undo-${p.policyId}`, policyId: p.policyId, reason: 'case closed' });
    expect(c.status).toBe('cancelled');
    expect(await insurer.cancelPolicy({ idempotencyKey: `undo-${p.policyId}`, policyId: p.policyId, reason: 'case closed' })).toEqual(c);
    expect((await insurer.getPolicy(p.policyId))?.status).toBe('cancelled');
  });

  test('refuses an insurer it does not know', async () => {
    expect(await make().concludeAccidentInsurance(req('no-such-insurer'))).toMatchObject({
      status: 'refused',
      reasonCode: 'UNKNOWN_INSURER',
    });
  });
});

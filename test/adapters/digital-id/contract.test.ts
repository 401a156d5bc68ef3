/** One contract for the Digital ID port: the in-memory fake and the HTTP client over the simulator. */
import { createHash, randomUUID } from 'node:crypto';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { InMemoryDigitalId } from '../../../adapters/digital-id/fake';
import { HttpDigitalId } from '../../../adapters/digital-id/http';
import type { DigitalId } from '../../../adapters/digital-id/port';
import { createSimulators } from '../../../simulators/main';

let server: Server;
let url = '';
beforeAll(async () => {
  const sims = createSimulators({ faults: {}, publicUrl: 'http://127.0.0.1:1' });
  await new Promise<void>((r) => {
    server = sims.app.listen(0, '127.0.0.1', () => r());
  });
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/digital-id`;
});
afterAll(() => new Promise((r) => server.close(r)));

const hash = createHash('sha256').update('application').digest('hex');

describe.each([
  ['in-memory fake', (): DigitalId => new InMemoryDigitalId()],
  ['HTTP client over the simulator', (): DigitalId => new HttpDigitalId(url)],
])('Digital ID contract: %s', (_name, make) => {
  test('signs the document hash for a person who passed the liveness check, once per key', async () => {
    const id = make();
    const r = { idempotencyKey: randomUUID(), iin: '850315400124', biometricSessionId: 'bio-1', documentHash: hash };
    const s = await id.signWithBiometrics(r);
    expect(s).toMatchObject({ status: 'signed', iin: '850315400124', documentHash: hash });
    expect(await id.signWithBiometrics(r)).toEqual(s);
  });

  test('refuses a failed liveness check and an IIN with a wrong check digit', async () => {
    const id = make();
    expect(
      await id.signWithBiometrics({ idempotencyKey: randomUUID(), iin: '850315400124', biometricSessionId: 'fail-1', documentHash: hash }),
    ).toMatchObject({ status: 'refused', reasonCode: 'LIVENESS_FAILED' });
    expect(
      await id.signWithBiometrics({ idempotencyKey: randomUUID(), iin: '850315400125', biometricSessionId: 'bio-2', documentHash: hash }),
    ).toMatchObject({ status: 'refused', reasonCode: 'UNKNOWN_PERSON' });
  });
});

/** One contract for the bank port: the in-memory fake and the HTTP client over the simulator. */
import { randomUUID } from 'node:crypto';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { InMemoryBank } from '../../../adapters/bank/fake';
import { HttpBank } from '../../../adapters/bank/http';
import type { Bank } from '../../../adapters/bank/port';
import { createSimulators } from '../../../simulators/main';

let server: Server;
let url = '';
beforeAll(async () => {
  const sims = createSimulators({ faults: {}, publicUrl: 'http://127.0.0.1:1' });
  await new Promise<void>((r) => {
    server = sims.app.listen(0, '127.0.0.1', () => r());
  });
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/bank`;
});
afterAll(() => new Promise((r) => server.close(r)));

const req = (iins: string[], bankCode = 'KCJBKZKX', branchCode = 'KCJB-ALA-01') => ({
  idempotencyKey: randomUUID(),
  applicationId: `app-${randomUUID()}`,
  bankCode,
  branchCode,
  legalEntityName: 'Dala Tech',
  founders: iins.map((iin) => ({ iin, fullName: 'Founder', sharePercent: 100 / iins.length })),
  executiveBody: { kind: 'sole' as const, members: [{ iin: '870912300107', fullName: 'Head', position: 'Director' }] },
});

describe.each([
  ['in-memory fake', (): Bank => new InMemoryBank()],
  ['HTTP client over the simulator', (): Bank => new HttpBank(url)],
])('Bank contract: %s', (_name, make) => {
  test('opens an account with a valid Kazakh IBAN; the same key answers the same', async () => {
    const bank = make();
    const r = req(['850315400124']);
    const a = await bank.openAccount(r);
    expect(a).toMatchObject({ status: 'opened', bankCode: 'KCJBKZKX' });
    expect(a.status === 'opened' && /^KZ\d{2}826[0-9A-Z]{13}$/.test(a.iban)).toBe(true);
    expect(await bank.openAccount(r)).toEqual(a);
  });

  test('refuses for a founder on its risk list and for an unknown branch, with the reason', async () => {
    const bank = make();
    expect(await bank.openAccount(req(['881102400154'], 'HSBKKZKX', 'HSBK-ALA-01'))).toMatchObject({
      status: 'refused',
      reasonCode: 'RISK_LIST',
    });
    expect(await bank.openAccount(req(['850315400124'], 'KCJBKZKX', 'NOPE'))).toMatchObject({
      status: 'refused',
      reasonCode: 'UNKNOWN_BRANCH',
    });
  });

  test('cancels an opening once; the same key answers the same; unknown accounts are not found', async () => {
    const bank = make();
    const a = await bank.openAccount(req(['850315400124']));
    if (a.status !== 'opened') throw new Error('expected an account');
    const c1 = await bank.cancelAccountOpening({ idempotencyKey: 'undo-1' + a.accountId, accountId: a.accountId, reason: 'refused' });
    expect(c1.status).toBe('cancelled');
    expect(await bank.cancelAccountOpening({ idempotencyKey: 'undo-1' + a.accountId, accountId: a.accountId, reason: 'refused' })).toEqual(
      c1,
    );
    expect((await bank.getAccount(a.accountId))?.status).toBe('cancelled');
    expect(await bank.getAccount('ACC-none')).toBeNull();
  });
});

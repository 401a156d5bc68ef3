/** One contract for the legal-entities registry port: the in-memory fake and the HTTP client over the simulator. */
import { randomUUID } from 'node:crypto';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { InMemoryLegalEntityRegistry } from '../../../adapters/legal-entity-registry/fake';
import { HttpLegalEntityRegistry } from '../../../adapters/legal-entity-registry/http';
import type { LegalEntityRegistry } from '../../../adapters/legal-entity-registry/port';
import { isValidIdentificationNumber } from '../../../domain/identification-number';
import { createSimulators } from '../../../simulators/main';

let server: Server;
let url = '';
beforeAll(async () => {
  const sims = createSimulators({ faults: {}, publicUrl: 'http://127.0.0.1:1' });
  await new Promise<void>((r) => {
    server = sims.app.listen(0, '127.0.0.1', () => r());
  });
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/legal-entity-registry`;
});
afterAll(() => new Promise((r) => server.close(r)));

const facts = (name: string) => ({
  applicationId: `app-${randomUUID()}`,
  name,
  legalForm: 'limited-liability-partnership',
  address: { region: 'Almaty', locality: 'Almaty', street: 'Abay Ave', building: '52', postalCode: 'A15E3K7' },
  headIin: '870912300107',
  founders: [{ iin: '850315400124', sharePercent: 100 }],
});

describe.each([
  ['in-memory fake', (): LegalEntityRegistry => new InMemoryLegalEntityRegistry()],
  ['HTTP client over the simulator', (): LegalEntityRegistry => new HttpLegalEntityRegistry(url)],
])('Legal-entities registry contract: %s', (_name, make) => {
  test('a taken name is not compliant, in any spelling', async () => {
    const reg = make();
    expect(await reg.check(facts('ТОО «ALTYN DALA»'))).toEqual({
      compliant: false,
      findings: [expect.objectContaining({ code: 'NAME_TAKEN' })],
    });
    expect(await reg.register({ ...facts('altyn dala'), idempotencyKey: randomUUID() })).toMatchObject({ status: 'refused' });
  });

  test('registers once per key with a valid BIN, which can be looked up; the name is then taken', async () => {
    const reg = make();
    const name = `Steppe ${randomUUID().slice(0, 8)}`;
    const r = { ...facts(name), idempotencyKey: randomUUID() };
    const a = await reg.register(r);
    expect(await reg.register(r)).toEqual(a);
    if (a.status !== 'registered') throw new Error('expected a registration');
    expect(isValidIdentificationNumber(a.bin)).toBe(true);
    expect(a.bin.slice(4, 6)).toBe('40'); // resident legal entity, head organization
    expect(await reg.getByBin(a.bin)).toMatchObject({ bin: a.bin, name });
    expect((await reg.check(facts(name))).compliant).toBe(false);
  });
});

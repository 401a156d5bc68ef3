/**
 * One contract for every StateDatabases (seed 003 ¶7): the in-memory fake and the HTTP client against a
 * local e-gov gateway stand-in must answer alike: the record, null when absent, a throw on an outage.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { InMemoryStateDatabases } from '../../../adapters/state-databases/fake';
import { HttpStateDatabases } from '../../../adapters/state-databases/http';
import type { IndividualRecord, LegalEntityRecord, StateDatabases } from '../../../adapters/state-databases/port';

const PERSON: IndividualRecord = {
  iin: '850512400125',
  lastName: 'Сейтқали',
  firstName: 'Айгерім',
  birthDate: '1985-05-12',
  status: 'active',
};
const ENTITY: LegalEntityRecord = {
  bin: '180340001231',
  name: 'ТОО "Рәміз Өндіріс"',
  registeredOn: '2018-03-14',
  legalAddress: 'Астана қ., Тұран д-лы, 12',
  head: { iin: '850512400125', fullName: 'Сейтқали Айгерім' },
  status: 'active',
};

interface Subject {
  db: StateDatabases;
  outage(): void;
}

let server: http.Server;
let baseUrl = '';
let down = false;
let garbage = false;

beforeAll(async () => {
  server = http.createServer((req, res) => {
    const send = (status: number, body: unknown): void => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    if (down) return send(503, { error: 'unavailable' });
    if (garbage) return send(200, { iin: 'abc' });
    const m = /^\/egov-gateway\/(individuals|legal-entities)\/(\d{12})$/.exec(req.url ?? '');
    if (!m) return send(400, { error: 'bad path' });
    const rec = m[1] === 'individuals' ? (m[2] === PERSON.iin ? PERSON : null) : m[2] === ENTITY.bin ? ENTITY : null;
    return rec ? send(200, rec) : send(404, { error: 'not found' });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise((r) => server.close(r));
});
afterEach(() => {
  down = false;
  garbage = false;
});

const subjects: Array<[string, () => Subject]> = [
  [
    'InMemoryStateDatabases',
    () => {
      const db = new InMemoryStateDatabases({ individuals: [PERSON], legalEntities: [ENTITY] });
      return { db, outage: () => db.failNext(1) };
    },
  ],
  ['HttpStateDatabases', () => ({ db: new HttpStateDatabases({ baseUrl, timeoutMs: 2000 }), outage: () => (down = true) })],
];

describe.each(subjects)('%s', (_name, make) => {
  test('finds an individual by IIN and a legal entity by BIN', async () => {
    const { db } = make();
    expect(await db.findIndividual(PERSON.iin)).toEqual(PERSON);
    expect(await db.findLegalEntity(ENTITY.bin)).toEqual(ENTITY);
  });

  test('an unknown IIN/BIN is null, not an error', async () => {
    const { db } = make();
    expect(await db.findIndividual('900101300453')).toBeNull();
    expect(await db.findLegalEntity('200840005675')).toBeNull();
  });

  test('an outage throws (the activity retries), never answers null', async () => {
    const s = make();
    s.outage();
    await expect(s.db.findLegalEntity(ENTITY.bin)).rejects.toThrow(/unavailable|503/);
  });
});

test('HTTP: an answer that does not match the schema is an error naming the field', async () => {
  garbage = true;
  await expect(new HttpStateDatabases({ baseUrl }).findIndividual(PERSON.iin)).rejects.toThrow(/unexpected answer: iin/);
});

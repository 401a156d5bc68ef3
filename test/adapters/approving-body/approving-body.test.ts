import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { InMemoryApprovingBodyGateway } from '../../../adapters/approving-body/fake';
import { HttpApprovingBodyGateway } from '../../../adapters/approving-body/http';
import type { ApprovingBodyRequest } from '../../../adapters/approving-body/port';

const REQ: ApprovingBodyRequest = {
  idempotencyKey: 'wf-1:approving-request:1',
  applicationId: 'fel-1',
  body: 'mvd',
  applicantRef: '180340001231',
  question: 'Does the production site meet the security requirements for state symbols?',
  answerBy: '2026-03-26T13:30:00.000Z',
};

describe('InMemoryApprovingBodyGateway', () => {
  test('the same idempotency key never sends a second request', async () => {
    const g = new InMemoryApprovingBodyGateway(() => new Date('2026-03-18T05:00:00Z'));
    const a = await g.sendRequest(REQ);
    const b = await g.sendRequest(REQ);
    expect(b).toEqual(a);
    expect(g.requests).toHaveLength(1);
    const c = await g.sendRequest({ ...REQ, idempotencyKey: 'wf-1:approving-request:2' });
    expect(c.requestId).not.toBe(a.requestId);
  });

  test('an outage throws and sends nothing', async () => {
    const g = new InMemoryApprovingBodyGateway();
    g.failNext(1);
    await expect(g.sendRequest(REQ)).rejects.toThrow(/unreachable/);
    expect(g.requests).toHaveLength(0);
  });
});

describe('HttpApprovingBodyGateway', () => {
  let server: http.Server;
  let baseUrl = '';
  const seen: Array<{ url: string; key: string | undefined; body: unknown }> = [];
  let status = 201;
  beforeAll(async () => {
    server = http.createServer((req, res) => {
      let raw = '';
      req.on('data', (c) => (raw += c));
      req.on('end', () => {
        seen.push({ url: req.url ?? '', key: req.headers['idempotency-key'] as string | undefined, body: JSON.parse(raw) });
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ requestId: 'mvd-req-000001', body: 'mvd', sentAt: '2026-03-18T10:00:00+05:00' }));
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await new Promise((r) => server.close(r));
  });

  test('posts the request with its idempotency key to the body’s endpoint', async () => {
    const sent = await new HttpApprovingBodyGateway({ baseUrl }).sendRequest(REQ);
    expect(sent).toEqual({ requestId: 'mvd-req-000001', body: 'mvd', sentAt: '2026-03-18T10:00:00+05:00' });
    expect(seen.at(-1)).toMatchObject({
      url: '/approving-bodies/mvd/requests',
      key: REQ.idempotencyKey,
      body: expect.objectContaining({ question: REQ.question }),
    });
  });

  test('a server error throws', async () => {
    status = 502;
    await expect(new HttpApprovingBodyGateway({ baseUrl }).sendRequest(REQ)).rejects.toThrow(/HTTP 502/);
    status = 201;
  });
});

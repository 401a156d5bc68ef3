import request from 'supertest';
import { makeHarness, type Harness } from './helpers/harness';

let h: Harness;
beforeEach(() => {
  h = makeHarness();
});

test('GET /healthz answers while dependencies are down (the process is up)', async () => {
  h.store.down = true;
  h.cases.down = true;
  const res = await request(h.app).get('/healthz');
  expect(res.status).toBe(200);
  expect(res.body).toEqual({ status: 'ok' });
});

test('GET /readyz is 200 when the database and Temporal answer', async () => {
  const res = await request(h.app).get('/readyz');
  expect(res.status).toBe(200);
  expect(res.body).toEqual({ status: 'ready', checks: { database: { ok: true }, temporal: { ok: true } } });
});

test('GET /readyz is 503 naming Temporal when it is down', async () => {
  h.cases.down = true;
  const res = await request(h.app).get('/readyz');
  expect(res.status).toBe(503);
  expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  expect(res.body).toMatchObject({
    code: 'UPSTREAM_UNAVAILABLE',
    errors: [{ field: 'temporal', message: expect.stringContaining('ECONNREFUSED 127.0.0.1:7233') }],
    checks: { database: { ok: true }, temporal: { ok: false } },
  });
  expect(res.body.detail).toMatch(/^not ready: temporal unreachable/);
});

test('GET /readyz is 503 naming both when the database is down too', async () => {
  h.cases.down = true;
  h.store.down = true;
  const res = await request(h.app).get('/readyz');
  expect(res.status).toBe(503);
  expect((res.body.errors as Array<{ field: string }>).map((e) => e.field)).toEqual(['database', 'temporal']);
});

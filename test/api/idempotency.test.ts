import request from 'supertest';
import { DomainError } from '../../domain/errors';
import { makeHarness, LICENSE_BODY, type Harness } from './helpers/harness';

let h: Harness;
beforeEach(() => {
  h = makeHarness();
});

const submitUrl = '/v1/services/flag-emblem-license/applications';
const submit = (app: Harness, key: string, body: object = LICENSE_BODY, token = app.tokens.portal, url = submitUrl) =>
  request(app.app).post(url).set('Authorization', `Bearer ${token}`).set('Idempotency-Key', key).send(body);

describe('Idempotency-Key on submission', () => {
  test('the same key and body returns the same 201 and body, and never a second workflow or ANCN', async () => {
    const first = await submit(h, 'portal-req-1');
    const again = await submit(h, 'portal-req-1');
    expect(first.status).toBe(201);
    expect(again.status).toBe(201);
    expect(again.body).toEqual(first.body);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(first.headers['idempotent-replayed']).toBeUndefined();
    expect(h.cases.starts).toHaveLength(1);
    expect(h.store.rows()).toMatchObject({ applications: 1, sequences: 1, idempotency: 1 });
  });

  test('the same body with its keys in another order is the same request', async () => {
    const first = await submit(h, 'k');
    const reordered = await submit(h, 'k', {
      equipment: LICENSE_BODY.equipment,
      activity: LICENSE_BODY.activity,
      applicantBin: LICENSE_BODY.applicantBin,
    });
    expect(reordered.status).toBe(201);
    expect(reordered.body.applicationId).toBe(first.body.applicationId);
  });

  test('the same key with another body is 409 IDEMPOTENCY_KEY_REUSED and changes nothing', async () => {
    await submit(h, 'k');
    const before = h.store.rows();
    const res = await submit(h, 'k', { ...LICENSE_BODY, activity: 'Manufacture of the State Emblem' });
    expect(res.status).toBe(409);
    expect(res.body).toMatchObject({ code: 'IDEMPOTENCY_KEY_REUSED', errors: [{ field: 'header.Idempotency-Key' }] });
    expect(h.store.rows()).toEqual(before);
    expect(h.cases.starts).toHaveLength(1);
  });

  test('the same key for another service is 409 too (the path is part of the request)', async () => {
    await submit(h, 'k');
    const res = await submit(h, 'k', LICENSE_BODY, h.tokens.portal, '/v1/services/sme-registration/applications');
    // The body is invalid for sme-registration: validation comes first and nothing is written.
    expect(res.status).toBe(400);
    const sme = await submit(
      h,
      'k',
      { founderIin: '900101300123', companyName: 'Dala Tech' },
      h.tokens.portal,
      '/v1/services/sme-registration/applications',
    );
    expect(sme.status).toBe(409);
    expect(h.cases.starts).toHaveLength(1);
  });

  test('keys belong to the caller: another principal may use the same key', async () => {
    const other = h.token({ subject: 'portal-second-instance', role: 'portal' });
    const a = await submit(h, 'shared-key');
    const b = await submit(h, 'shared-key', LICENSE_BODY, other);
    expect(b.status).toBe(201);
    expect(b.body.applicationId).not.toBe(a.body.applicationId);
    expect(h.cases.workflowIds()).toHaveLength(2);
  });

  test('five concurrent identical requests in one process: one application, one workflow, five equal answers', async () => {
    h.cases.startDelayMs = 30;
    const answers = await Promise.all(Array.from({ length: 5 }, () => submit(h, 'double-click')));
    expect(answers.map((r) => r.status)).toEqual([201, 201, 201, 201, 201]);
    expect(new Set(answers.map((r) => JSON.stringify(r.body))).size).toBe(1);
    expect(h.cases.starts).toHaveLength(1);
    expect(h.store.rows()).toMatchObject({ applications: 1, sequences: 1, idempotency: 1 });
  });

  test('two API instances racing on one key: the store picks the winner, the loser replays, one workflow', async () => {
    const second = makeHarness({ share: h });
    h.store.allocateDelayMs = 50;
    h.cases.startDelayMs = 50;
    const [a, b] = await Promise.all([submit(h, 'race'), submit(second, 'race')]);
    expect([a.status, b.status]).toEqual([201, 201]);
    expect(b.body).toEqual(a.body);
    expect(h.cases.workflowIds()).toEqual([a.body.applicationId]);
    expect(h.store.rows().applications).toBe(1);
    // The loser allocated a number before losing the claim; that ANCN stays unused.
    expect(h.store.allocated.get('APP')).toBe(2);
  });
});

describe('Idempotency-Key on actions (optional, honoured)', () => {
  let statusUrl: string;
  beforeEach(async () => {
    statusUrl = (await submit(h, 'setup')).body.statusUrl;
  });
  const act = (app: Harness, key: string | null, body: object = { complete: true }) => {
    const r = request(app.app).post(`${statusUrl}/actions/record-completeness-check`).set('Authorization', `Bearer ${app.tokens.ctrm}`);
    return (key ? r.set('Idempotency-Key', key) : r).send(body);
  };

  test('the same key runs the decision once and replays its result', async () => {
    const a = await act(h, 'decision-1');
    const b = await act(h, 'decision-1');
    expect(b.status).toBe(200);
    expect(b.body).toEqual(a.body);
    expect(h.cases.updates).toHaveLength(1);
  });

  test('another body with the same key is 409; without a key every request runs', async () => {
    await act(h, 'decision-1');
    const conflict = await act(h, 'decision-1', { complete: false });
    expect(conflict.status).toBe(409);
    expect(conflict.body.code).toBe('IDEMPOTENCY_KEY_REUSED');
    await act(h, null);
    await act(h, null);
    expect(h.cases.updates).toHaveLength(3);
  });

  test('two instances racing on one action key run one update (Temporal dedupes by update id)', async () => {
    const second = makeHarness({ share: h });
    h.cases.updateDelayMs = 50;
    const [a, b] = await Promise.all([act(h, 'race'), act(second, 'race')]);
    expect([a.status, b.status]).toEqual([200, 200]);
    expect(b.body).toEqual(a.body);
    expect(h.cases.updates).toHaveLength(1);
  });

  test('a refused action is not remembered: the same key may be retried', async () => {
    h.cases.refuseNextUpdate = new DomainError('UPSTREAM_UNAVAILABLE', 'no worker');
    expect((await act(h, 'retry')).status).toBe(503);
    const ok = await act(h, 'retry');
    expect(ok.status).toBe(200);
    expect(h.cases.updates).toHaveLength(1);
  });
});

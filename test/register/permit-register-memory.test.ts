import { InMemoryPermitRegister } from '../../register/permit-register-memory';
import { PermitRegisterError, type EnterPermitRequest } from '../../register/permit-register';
import { formatAncn } from '../../domain/ancn';

const license = (n: number, extra: Partial<EnterPermitRequest> = {}): EnterPermitRequest => ({
  idempotencyKey: `wf-${n}:enter-permit`,
  ancn: formatAncn('PRM', n),
  serviceCode: 'flag-emblem-license',
  holderRef: '180340001231',
  licensorBody: 'ctrm',
  activity: 'Manufacture of the State Flag and the State Emblem',
  issuedAt: '2026-03-27T12:00:00+05:00',
  validity: { from: '2026-03-27T12:00:00+05:00', until: null },
  ...extra,
});

describe('InMemoryPermitRegister (the register’s own rules over the in-memory store)', () => {
  test('enters an issued permit once per idempotency key', async () => {
    const r = new InMemoryPermitRegister();
    const a = await r.enterPermit(license(1));
    const again = await r.enterPermit(license(1));
    expect(again).toEqual(a);
    expect(r.all()).toHaveLength(1);
    expect(a).toMatchObject({ status: 'active', history: [{ action: 'issued' }] });
    expect(await r.getPermit(formatAncn('PRM', 1))).toEqual(a);
    expect(await r.getPermit(formatAncn('PRM', 9))).toBeNull();
  });

  test('re-issue: the previous permit becomes re-issued, with a link both ways', async () => {
    const r = new InMemoryPermitRegister();
    await r.enterPermit(license(1));
    const next = await r.enterPermit(license(2, { previousPermitAncn: formatAncn('PRM', 1), serviceCode: 'flag-emblem-license-reissue' }));
    expect(next).toMatchObject({ previousPermitAncn: formatAncn('PRM', 1), history: [{ action: 're-issued', ref: formatAncn('PRM', 1) }] });
    expect(await r.getPermit(formatAncn('PRM', 1))).toMatchObject({
      status: 're-issued',
      history: [{ action: 'issued' }, { action: 'replaced', ref: formatAncn('PRM', 2) }],
    });
  });

  test('refusals are typed, and change nothing', async () => {
    const r = new InMemoryPermitRegister();
    await expect(r.enterPermit(license(2, { previousPermitAncn: formatAncn('PRM', 1) }))).rejects.toMatchObject({
      code: 'PREVIOUS_PERMIT_NOT_FOUND',
    });
    await r.enterPermit(license(1));
    await r.enterPermit(license(2, { previousPermitAncn: formatAncn('PRM', 1) }));
    const err = await r.enterPermit(license(3, { previousPermitAncn: formatAncn('PRM', 1) })).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PermitRegisterError);
    expect(err).toMatchObject({ code: 'PREVIOUS_PERMIT_NOT_ACTIVE' });
    await expect(r.enterPermit(license(1, { idempotencyKey: 'other' }))).rejects.toMatchObject({ code: 'DUPLICATE_ANCN' });
    expect(r.all()).toHaveLength(2);
  });

  test('an outage throws', async () => {
    const r = new InMemoryPermitRegister();
    r.failNext(1);
    await expect(r.enterPermit(license(1))).rejects.toThrow(/unavailable/);
    expect(r.all()).toHaveLength(0);
  });

  test('duplicate (seed 004 ¶3.14, ¶13.5): recorded once per key on the original, status unchanged; refused when missing or not live', async () => {
    const r = new InMemoryPermitRegister();
    const dup = {
      idempotencyKey: 'wf-9:register-duplicate',
      permitAncn: formatAncn('PRM', 1),
      duplicateAncn: formatAncn('PRM', 9),
      reason: 'lost',
      at: '2026-04-08T11:00:00+05:00',
    };
    await expect(r.recordDuplicate(dup)).rejects.toMatchObject({ code: 'PERMIT_NOT_FOUND' });
    await r.enterPermit(license(1));
    const a = await r.recordDuplicate(dup);
    expect(await r.recordDuplicate(dup)).toEqual(a);
    expect(a).toMatchObject({
      status: 'active',
      history: [{ action: 'issued' }, { action: 'duplicate-issued', ref: formatAncn('PRM', 9) }],
    });
    await r.enterPermit(license(2, { previousPermitAncn: formatAncn('PRM', 1) }));
    await expect(r.recordDuplicate({ ...dup, idempotencyKey: 'other' })).rejects.toMatchObject({
      code: 'DUPLICATE_NOT_ALLOWED',
      message: expect.stringMatching(/re-issued.*active, suspended/),
    });
  });
});

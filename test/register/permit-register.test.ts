/** The PermitRegister port (written by the licensing workflows) on the real register: same behaviour as the fake, plus notices. */
import { RegisterPermitRegister } from '../../register/permit-register-service';
import { PermitRegisterError, type EnterPermitRequest } from '../../register/permit-register';
import { formatAncn } from '../../domain/ancn';
import { InMemoryRegisterStore } from '../../register/store-memory';
import { createHarness, type RegisterHarness } from './helpers';

const HOLDER = '180340001231';
const license = (n: number, extra: Partial<EnterPermitRequest> = {}): EnterPermitRequest => ({
  idempotencyKey: `wf-${n}:enter-permit`,
  ancn: formatAncn('PRM', n),
  serviceCode: 'flag-emblem-license',
  holderRef: HOLDER,
  holderName: 'Qazaq Flag LLP',
  licensorBody: 'ctrm',
  activity: 'Manufacture of the State Flag and the State Emblem',
  issuedAt: '2026-03-27T12:00:00+05:00',
  validity: { from: '2026-03-27T12:00:00+05:00', until: null },
  applicationId: `flag-emblem-license-${n}`,
  ...extra,
});

describe('RegisterPermitRegister (register/permit-register-service.ts)', () => {
  let h: RegisterHarness;
  let store: InMemoryRegisterStore;
  let r: RegisterPermitRegister;
  beforeEach(async () => {
    store = new InMemoryRegisterStore();
    h = await createHarness(store);
    r = new RegisterPermitRegister(h.service);
  });
  afterEach(() => h.cleanup());

  test('enters an issued permit once per idempotency key, with a system-signed notice to the holder (¶6.1, ¶10.8)', async () => {
    const a = await r.enterPermit(license(1));
    const again = await r.enterPermit(license(1));
    expect(again).toEqual(a);
    expect(a).toMatchObject({ status: 'active', holderRef: HOLDER, history: [{ action: 'issued' }] });
    const [row] = await store.listHistory(formatAncn('PRM', 1));
    const notice = await store.getDocument(row?.documentAncn ?? '');
    expect(notice?.kind).toBe('register-maintenance-notice');
    const v = await h.signer.verify(notice?.xml ?? '');
    expect(v.valid).toBe(true);
    expect(v.signerSubject).toMatch(/transport signature/);
    expect((await h.cabinet.list(HOLDER)).map((m) => m.ancn)).toEqual([row?.documentAncn]);
  });

  test('re-issue: the previous permit becomes re-issued, with a link both ways, in one commit', async () => {
    await r.enterPermit(license(1));
    const next = await r.enterPermit(license(2, { previousPermitAncn: formatAncn('PRM', 1), serviceCode: 'flag-emblem-license-reissue' }));
    expect(next).toMatchObject({ previousPermitAncn: formatAncn('PRM', 1), history: [{ action: 're-issued', ref: formatAncn('PRM', 1) }] });
    expect(await r.getPermit(formatAncn('PRM', 1))).toMatchObject({
      status: 're-issued',
      history: [{ action: 'issued' }, { action: 'replaced', ref: formatAncn('PRM', 2) }],
    });
  });

  test('refusals are typed and change nothing', async () => {
    await expect(r.enterPermit(license(2, { previousPermitAncn: formatAncn('PRM', 1) }))).rejects.toMatchObject({
      code: 'PREVIOUS_PERMIT_NOT_FOUND',
    });
    await r.enterPermit(license(1));
    await r.enterPermit(license(2, { previousPermitAncn: formatAncn('PRM', 1) }));
    const err = await r.enterPermit(license(3, { previousPermitAncn: formatAncn('PRM', 1) })).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PermitRegisterError);
    expect(err).toMatchObject({ code: 'PREVIOUS_PERMIT_NOT_ACTIVE' });
    await expect(r.enterPermit(license(1, { idempotencyKey: 'other' }))).rejects.toMatchObject({ code: 'DUPLICATE_ANCN' });
    expect(await store.getEntry(formatAncn('PRM', 3))).toBeNull();
    expect(await store.listHistory(formatAncn('PRM', 1))).toHaveLength(2);
  });

  test('a suspension by staff shows in the port view', async () => {
    await r.enterPermit(license(1));
    await h.service.apply(
      formatAncn('PRM', 1),
      'suspend',
      { reason: 'court order', idempotencyKey: 's1' },
      { subject: 'employee-1', kind: 'staff', licensorBody: 'ctrm' },
    );
    expect(await r.getPermit(formatAncn('PRM', 1))).toMatchObject({
      status: 'suspended',
      history: [{ action: 'issued' }, { action: 'suspended' }],
    });
  });

  test('duplicate (seed 004 ¶3.14, ¶13.5): one history row with the duplicate’s ANCN and a system-signed notice per key; status unchanged; typed refusals', async () => {
    const dup = {
      idempotencyKey: 'wf-9:register-duplicate',
      permitAncn: formatAncn('PRM', 1),
      duplicateAncn: formatAncn('PRM', 9),
      reason: 'duplicate issued in automatic mode: lost',
      at: '2026-04-08T11:00:00+05:00',
    };
    await expect(r.recordDuplicate(dup)).rejects.toMatchObject({ code: 'PERMIT_NOT_FOUND' });
    await r.enterPermit(license(1));
    const a = await r.recordDuplicate(dup);
    const again = await r.recordDuplicate(dup);
    expect(again).toEqual(a);
    expect(a).toMatchObject({
      status: 'active',
      history: [{ action: 'issued' }, { action: 'duplicate-issued', ref: formatAncn('PRM', 9) }],
    });
    const rows = await store.listHistory(formatAncn('PRM', 1));
    expect(rows).toHaveLength(2);
    expect(rows[1]).toMatchObject({
      operation: 'duplicate',
      actor: 'e-licensing-system',
      details: { duplicateNumber: 1, duplicateAncn: formatAncn('PRM', 9) },
    });
    expect(await store.getEntry(formatAncn('PRM', 1))).toMatchObject({ status: 'active', duplicates: 1 });
    const notice = await store.getDocument(rows[1]?.documentAncn ?? '');
    expect(notice?.xml).toContain(formatAncn('PRM', 9));
    expect((await h.signer.verify(notice?.xml ?? '')).signerSubject).toMatch(/transport signature/);
    await h.service.apply(
      formatAncn('PRM', 1),
      'revoke',
      { reason: 'court decision', idempotencyKey: 'rv' },
      { subject: 'employee-1', kind: 'staff', licensorBody: 'ctrm' },
    );
    await expect(r.recordDuplicate({ ...dup, idempotencyKey: 'other' })).rejects.toMatchObject({
      code: 'DUPLICATE_NOT_ALLOWED',
      message: expect.stringMatching(/revoked/),
    });
    expect(await store.listHistory(formatAncn('PRM', 1))).toHaveLength(3);
  });
});

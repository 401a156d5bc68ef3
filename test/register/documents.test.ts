/**
 * Every document the register issues (seed 004 ¶10-11) verifies with an independent verifier (xmlsec1)
 * against the test root, and fails once one byte of its content changes. Each carries its own ANCN of
 * the right type and names who signed (the head's ECDS for staff actions, ¶49; the system's transport
 * signature for automatic ones, ¶18-1).
 */
import { parseAncn } from '../../domain/ancn';
import { InMemoryRegisterStore } from '../../register/store-memory';
import { flipOneByte, xmlsec1Verify } from '../adapters/signer/xmlsec1';
import { createHarness, permitRequest, STAFF, SYSTEM, uniqueKey, type RegisterHarness } from './helpers';

describe('register documents and xmlsec1', () => {
  let h: RegisterHarness;
  let store: InMemoryRegisterStore;
  const docs: Array<{ label: string; ancn: string; type: string; signer: RegExp }> = [];

  beforeAll(async () => {
    store = new InMemoryRegisterStore();
    h = await createHarness(store);
    const external = await h.service.enter(permitRequest(), STAFF);
    docs.push({
      label: 'permit entered from an outside review (¶48-49)',
      ancn: external.entry.ancn,
      type: 'PRM',
      signer: /Authorized person/,
    });
    docs.push({
      label: 'register-maintenance notice of a staff action (¶10.8)',
      ancn: external.notice.ancn,
      type: 'RMN',
      signer: /Authorized person/,
    });
    const paper = await h.service.enter(permitRequest({ operation: 'restore-historical', number: 'П-1999-7' }), STAFF);
    const converted = await h.service.apply(
      paper.entry.ancn,
      'convert-historical',
      { reason: 'conversion', idempotencyKey: uniqueKey() },
      STAFF,
    );
    docs.push({ label: 'converted historical permit (¶3.19)', ancn: paper.entry.ancn, type: 'PRM', signer: /Authorized person/ });
    docs.push({ label: 'notice of the conversion', ancn: converted.notice.ancn, type: 'RMN', signer: /Authorized person/ });
    const filed = await h.service.enter(
      permitRequest({ register: 'notifications', operation: 'file-start', category: null, serviceCode: 'notification-flag-retail' }),
      SYSTEM,
    );
    docs.push({
      label: 'notification of the start of activity (¶25-28)',
      ancn: filed.entry.ancn,
      type: 'NTF',
      signer: /transport signature/,
    });
    docs.push({ label: 'notice of an automatic entry (¶18-1)', ancn: filed.notice.ancn, type: 'RMN', signer: /transport signature/ });
  });
  afterAll(() => h.cleanup());

  it('issued the six documents under distinct numbers of the right types', () => {
    expect(docs).toHaveLength(6);
    expect(new Set(docs.map((d) => d.ancn)).size).toBe(6);
    for (const d of docs) expect(parseAncn(d.ancn).typeCode).toBe(d.type);
  });

  it.each([0, 1, 2, 3, 4, 5])('document %i verifies with xmlsec1 and fails with one changed byte', async (i) => {
    const d = docs[i];
    if (!d) throw new Error('missing document');
    const doc = await store.getDocument(d.ancn);
    const xml = doc?.xml ?? '';
    expect(xml).toContain(`ancn="${d.ancn}"`);
    const good = xmlsec1Verify(xml, h.rootPemPath);
    expect({ label: d.label, ok: good.ok }).toEqual({ label: d.label, ok: true });
    const v = await h.signer.verify(xml);
    expect(v.signerSubject).toMatch(d.signer);
    const bad = xmlsec1Verify(flipOneByte(xml, '<Title>'), h.rootPemPath);
    expect(bad.ok).toBe(false);
  });
});

/** One contract for every certificate status store (memory, SQLite; PostgreSQL by the same suite). */
import type { CertificateStatusStore, IssuedCertificate } from '../../pki/store';

export function describeStatusStoreContract(
  name: string,
  open: () => Promise<{ store: CertificateStatusStore; close: () => Promise<void> }>,
): void {
  describe(`certificate status store: ${name}`, () => {
    let store: CertificateStatusStore;
    let close: () => Promise<void>;
    beforeEach(async () => {
      ({ store, close } = await open());
    });
    afterEach(async () => close());

    const cert = (serial: string, over: Partial<IssuedCertificate> = {}): IssuedCertificate => ({
      serial,
      profile: 'signing',
      subject: 'C=KZ, CN=X',
      iin: '850612300414',
      bin: null,
      notBefore: new Date('2026-03-02T04:00:00Z'),
      notAfter: new Date('2027-03-02T04:00:00Z'),
      certPem: '-----BEGIN CERTIFICATE-----\n-----END CERTIFICATE-----\n',
      issuedAt: new Date('2026-03-02T04:00:00Z'),
      caseId: 'case-1',
      requestKey: `key-${serial}`,
      status: 'good',
      revokedAt: null,
      revocationReason: null,
      ...over,
    });

    test('issue is idempotent on the request key; look-ups by serial and holder', async () => {
      await store.recordIssued(cert('0a'));
      const again = await store.recordIssued(cert('0b', { requestKey: 'key-0a' }));
      expect(again.serial).toBe('0a');
      expect(await store.get('0b')).toBeNull();
      expect((await store.byHolder({ iin: '850612300414' })).map((c) => c.serial)).toEqual(['0a']);
      expect(await store.byHolder({ bin: '180340001231' })).toEqual([]);
    });

    test('revoke: status and audit row together; a retry is the same revocation; unknown and already revoked', async () => {
      await store.recordIssued(cert('0c'));
      const r = {
        serial: '0c',
        revokedAt: new Date('2026-03-03T05:00:00Z'),
        reason: 'affiliationChanged' as const,
        actor: 'staff-1',
        basis: 'dismissal-order',
        caseId: null,
        requestKey: 'rev-1',
      };
      expect(await store.revocationCount()).toBe(0);
      expect(await store.revoke(r)).toBe('revoked');
      expect(await store.revocationCount()).toBe(1);
      expect(await store.revoke(r)).toBe('revoked');
      expect(await store.revoke({ ...r, requestKey: 'rev-2' })).toBe('already-revoked');
      expect(await store.revoke({ ...r, serial: 'ff', requestKey: 'rev-3' })).toBe('unknown');
      // Only a revocation moves the count: retries, already revoked and unknown serials do not.
      expect(await store.revocationCount()).toBe(1);
      expect(await store.get('0c')).toMatchObject({ status: 'revoked', revokedAt: r.revokedAt, revocationReason: 'affiliationChanged' });
      expect(await store.revoked()).toEqual([{ serial: '0c', revokedAt: r.revokedAt, reason: 'affiliationChanged' }]);
      await store.recordIssued(cert('0d'));
      expect(await store.revoke({ ...r, serial: '0d', requestKey: 'rev-4' })).toBe('revoked');
      expect(await store.revocationCount()).toBe(2);
    });

    test('CRLs: numbered, the newest first, a taken number writes nothing', async () => {
      const crl = {
        number: 1,
        thisUpdate: new Date('2026-03-03T05:00:00Z'),
        nextUpdate: new Date('2026-03-04T05:00:00Z'),
        der: new Uint8Array([1, 2, 3]),
      };
      expect(await store.saveCrl(crl)).toBe('ok');
      expect(await store.saveCrl({ ...crl, der: new Uint8Array([9]) })).toBe('number-taken');
      expect(await store.saveCrl({ ...crl, number: 2 })).toBe('ok');
      const latest = await store.latestCrl();
      expect(latest?.number).toBe(2);
      expect([...(latest?.der ?? [])]).toEqual([1, 2, 3]);
    });
  });
}

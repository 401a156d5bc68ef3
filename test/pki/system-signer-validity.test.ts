/** The system signers' certificates (ours, REGULATION.md "One PKI"): 825 days, not the applicants' 1 year. */
import { SYSTEM_SIGNER_VALIDITY_DAYS } from '../../pki/system-signers';
import { CERTIFICATE_VALIDITY_YEARS } from '../../pki/profiles';

test('ours: the provider, system and operator signing certificates are valid 825 days; applicants’ 1 year (seed 002 A1)', () => {
  expect(SYSTEM_SIGNER_VALIDITY_DAYS).toBe(825);
  expect(CERTIFICATE_VALIDITY_YEARS).toBe(1);
});

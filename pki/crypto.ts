/**
 * One crypto provider for the PKI: Node's WebCrypto, given to @peculiar/x509 (certificates, CSRs, CRLs)
 * and to pkijs (OCSP). Set once when this module is first imported.
 */
import './reflect-metadata';
import { webcrypto } from 'node:crypto';
import * as x509 from '@peculiar/x509';
import type * as Pkijs from 'pkijs' with { 'resolution-mode': 'import' };
import type * as Asn1js from 'asn1js' with { 'resolution-mode': 'import' };

// pkijs and asn1js 4 are ES modules only; Node 20.19+ loads them with require (jest transforms them, jest.config.js).
// eslint-disable-next-line @typescript-eslint/no-require-imports
export const pkijs = require('pkijs') as typeof Pkijs;
// eslint-disable-next-line @typescript-eslint/no-require-imports
export const asn1js = require('asn1js') as typeof Asn1js;

export type CryptoKey = webcrypto.CryptoKey;
export type CryptoKeyPair = webcrypto.CryptoKeyPair;
export const crypto = webcrypto;
x509.cryptoProvider.set(crypto as never);
pkijs.setEngine('node-webcrypto', new pkijs.CryptoEngine({ name: 'node-webcrypto', crypto: crypto as never }));

export { x509 };
export type { Pkijs, Asn1js };

/** RSASSA-PKCS1-v1_5 with SHA-256: the CA keys' algorithm (seed 002 A1 names RSA 2048; GOST is not available, REGULATION.md). */
export const CA_KEY_ALGORITHM = {
  name: 'RSASSA-PKCS1-v1_5',
  hash: 'SHA-256',
  publicExponent: new Uint8Array([1, 0, 1]),
  modulusLength: 2048,
} as const;

/** Lower-case hex without leading zero octets: how serials are keyed everywhere (store, CRL, OCSP). */
export function normalizeSerial(hex: string): string {
  const h = hex.toLowerCase().replace(/[^0-9a-f]/g, '');
  const s = h.replace(/^(00)+/, '');
  return s === '' ? '00' : s;
}

export function toHex(bytes: ArrayBuffer | Uint8Array): string {
  return Buffer.from(bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes)).toString('hex');
}

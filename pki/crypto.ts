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

/**
 * A private key WebCrypto does not hold: the CA key inside a PKCS#11 token (./keystore-pkcs11.ts). It
 * looks like an RSASSA-PKCS1-v1_5/SHA-256 CryptoKey to @peculiar/x509 and pkijs (which read only its
 * `algorithm`) and signs itself; every other operation stays Node's WebCrypto.
 */
export interface ExternalPrivateKey {
  readonly type: 'private';
  readonly extractable: false;
  readonly algorithm: { name: 'RSASSA-PKCS1-v1_5'; hash: { name: 'SHA-256' } };
  readonly usages: ['sign'];
  signExternally(data: Uint8Array): Promise<ArrayBuffer>;
}

function isExternal(key: unknown): key is ExternalPrivateKey {
  return typeof key === 'object' && key !== null && typeof (key as Partial<ExternalPrivateKey>).signExternally === 'function';
}

function bytesOf(data: ArrayBuffer | ArrayBufferView): Uint8Array {
  if (data instanceof Uint8Array) return data;
  if (ArrayBuffer.isView(data)) return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  return new Uint8Array(data);
}

const subtle = new Proxy(webcrypto.subtle, {
  get(target, prop) {
    if (prop === 'sign') {
      return (algorithm: Parameters<typeof target.sign>[0], key: CryptoKey | ExternalPrivateKey, data: ArrayBuffer | ArrayBufferView) =>
        isExternal(key) ? key.signExternally(bytesOf(data)) : target.sign(algorithm, key, data);
    }
    const value: unknown = Reflect.get(target, prop, target);
    return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
  },
});

/** Node's WebCrypto, whose subtle.sign also accepts an ExternalPrivateKey. */
export const crypto = {
  subtle,
  getRandomValues: <T extends ArrayBufferView | null>(array: T): T => webcrypto.getRandomValues(array as never),
  randomUUID: (): string => webcrypto.randomUUID(),
} as unknown as typeof webcrypto;
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

/** Shared set-up for register tests: a real signer on a temporary test PKI, the in-memory cabinet, fixtures. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { InMemoryPersonalCabinet } from '../../adapters/cabinet/fake';
import { LocalXmlSigner } from '../../adapters/signer/local';
import { kzMoment } from '../../domain/calendar';
import type { RegisterStore } from '../../register/store';
import { RegisterService, type NewEntryRequest, type RegisterActor } from '../../register/service';

export const STAFF: RegisterActor = { subject: 'employee-ctrm-1', kind: 'staff', licensorBody: 'ctrm' };
export const OTHER_BODY_STAFF: RegisterActor = { subject: 'employee-sc-1', kind: 'staff', licensorBody: 'state-corporation' };
export const SYSTEM: RegisterActor = { subject: 'system', kind: 'system' };

/** Valid-looking identification numbers: an IIN (5th digit = tens of the birth day) and a BIN (5th digit 4). */
export const IIN = '850514300122';
export const IIN_2 = '920101050983';
export const BIN = '180440012349';

export interface RegisterHarness {
  dir: string;
  signer: LocalXmlSigner;
  rootPemPath: string;
  cabinet: InMemoryPersonalCabinet;
  service: RegisterService;
  cleanup(): void;
}

export async function createHarness(
  store: RegisterStore,
  now: () => Date = () => kzMoment('2026-03-10', '11:00'),
): Promise<RegisterHarness> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'register-'));
  const signer = await LocalXmlSigner.fromDir(path.join(dir, 'pki'));
  const rootPemPath = path.join(dir, 'pki', 'root.pem');
  const cabinet = new InMemoryPersonalCabinet();
  const service = new RegisterService({ store, signer, cabinet, now });
  return { dir, signer, rootPemPath, cabinet, service, cleanup: () => fs.rmSync(dir, { recursive: true, force: true }) };
}

let seq = 0;
export function uniqueKey(prefix = 'k'): string {
  seq += 1;
  return `${prefix}-${process.pid}-${seq}-${Math.random().toString(36).slice(2, 8)}`;
}

export function permitRequest(over: Partial<NewEntryRequest> = {}): NewEntryRequest {
  return {
    register: 'permits',
    operation: 'enter-external-result',
    serviceCode: 'flag-emblem-license',
    category: 'first',
    holder: { ref: BIN, name: 'Qazaq Flag LLP' },
    licensorBody: 'ctrm',
    activity: 'Manufacture of the State Flag and the State Emblem',
    issuedAt: kzMoment('2026-03-02', '10:00'),
    reason: 'positive result of a review outside the system (order No. 12)',
    idempotencyKey: uniqueKey('enter'),
    ...over,
  };
}

/**
 * Entries of the e-licensing registers (seed 004 ¶3.14, ¶3.16, ¶3.23): a permit or a notification, its
 * status, and the append-only history of every action on it (operation, actor, reason, the signed
 * register-maintenance notice, the moment). Plus the open view anonymous users may see (¶14): never
 * the personal data of an individual.
 */
import { identificationKindOf, type IdentificationKind } from '../domain/identification-number';
import type { NotificationOperation, NotificationStatus, PermitOperation, PermitStatus, RegisterKind } from './transitions';

export type HolderType = IdentificationKind;

export interface Holder {
  /** IIN (individual) or BIN (legal entity). */
  ref: string;
  type: HolderType;
  /** Legal entity's name or the individual's full name (the latter is personal data). */
  name?: string;
}

/** IIN or BIN by the number itself (domain/identification-number.ts). */
export function holderTypeOf(ref: string): HolderType {
  return identificationKindOf(ref);
}

/** How the entry came into the register. */
export type EntryOrigin =
  /** a positive result of a review in the system, entered automatically (¶6.1, ¶7.2) */
  | 'system'
  /** a review done outside the system (¶48-49) */
  | 'outside-system'
  /** restored from paper (¶3.20) */
  | 'historical-paper'
  /** restored and then converted to electronic form with a matrix code (¶3.19) */
  | 'historical-converted';

export interface RegisterEntry {
  /** ANCN of the permit (PRM) or the notification (NTF). */
  ancn: string;
  register: RegisterKind;
  /** The number printed on the permit: the ANCN, or a paper permit's own number. */
  number: string;
  serviceCode: string;
  /** Permits only (¶3.16): first or second category. */
  category: 'first' | 'second' | null;
  holder: Holder;
  licensorBody: string;
  activity: string;
  issuedAt: Date;
  validFrom: Date;
  /** null: no end of validity (licenses run without a term unless a law sets one). */
  validUntil: Date | null;
  status: PermitStatus | NotificationStatus;
  statusChangedAt: Date;
  origin: EntryOrigin;
  /** Appendices to the permit (¶6.4), by name. */
  appendices: string[];
  /** Duplicates issued (¶3.14). */
  duplicates: number;
  previousAncn: string | null;
  replacedByAncn: string | null;
  applicationId: string | null;
  /** Optimistic concurrency: bumped by every change; a writer that read an older version retries. */
  version: number;
}

export interface HistoryRecord {
  entryAncn: string;
  /** Order within the entry: 1, 2, 3 … (unique with entryAncn: two writers can never both append n). */
  seq: number;
  operation: PermitOperation | NotificationOperation;
  fromStatus: string | null;
  toStatus: string;
  /** Principal subject, 'system', or an external system's name. */
  actor: string;
  reason: string;
  /** ANCN of the signed register-maintenance notice (RMN) this action produced. */
  documentAncn: string;
  at: Date;
  details: Record<string, unknown>;
  /** Makes the operation idempotent: a retry with the same key returns the first result. */
  idempotencyKey: string;
}

/** A signed XML document the register keeps (notices, permits entered outside the system). */
export interface RegisterDocument {
  ancn: string;
  entryAncn: string;
  kind: string;
  xml: string;
  issuedAt: Date;
}

// ---- the open part (¶14) ------------------------------------------------------------------------------

export interface OpenHolder {
  type: HolderType;
  /** Legal entities only: their BIN and name are public; an individual's IIN and name never are. */
  bin?: string;
  name?: string;
}

export interface OpenEntry {
  ancn: string;
  register: RegisterKind;
  number: string;
  serviceCode: string;
  category: 'first' | 'second' | null;
  holder: OpenHolder;
  licensorBody: string;
  activity: string;
  issuedAt: string;
  validFrom: string;
  validUntil: string | null;
  status: string;
  statusChangedAt: string;
  origin: EntryOrigin;
  appendices: string[];
  duplicates: number;
  previousAncn: string | null;
  replacedByAncn: string | null;
}

export interface OpenHistoryRecord {
  operation: string;
  toStatus: string;
  at: string;
  /** The notice is addressed to the holder; its number is public, the document is not. */
  documentAncn: string;
}

function iso(d: Date, toIso: (d: Date) => string): string {
  return toIso(d);
}

/** The open view of an entry: no IIN, no individual's name, no application reference. */
export function openEntry(e: RegisterEntry, toIso: (d: Date) => string): OpenEntry {
  const holder: OpenHolder =
    e.holder.type === 'legal-entity'
      ? { type: 'legal-entity', bin: e.holder.ref, ...(e.holder.name ? { name: e.holder.name } : {}) }
      : { type: 'individual' };
  return {
    ancn: e.ancn,
    register: e.register,
    // a paper permit's number never carries personal data; the ANCN is public
    number: e.number,
    serviceCode: e.serviceCode,
    category: e.category,
    holder,
    licensorBody: e.licensorBody,
    activity: e.activity,
    issuedAt: iso(e.issuedAt, toIso),
    validFrom: iso(e.validFrom, toIso),
    validUntil: e.validUntil ? iso(e.validUntil, toIso) : null,
    status: e.status,
    statusChangedAt: iso(e.statusChangedAt, toIso),
    origin: e.origin,
    appendices: e.appendices,
    duplicates: e.duplicates,
    previousAncn: e.previousAncn,
    replacedByAncn: e.replacedByAncn,
  };
}

/** Open history: what happened and when; who acted and why stay with the staff (reasons may name a person). */
export function openHistory(h: HistoryRecord, toIso: (d: Date) => string): OpenHistoryRecord {
  return { operation: h.operation, toStatus: h.toStatus, at: toIso(h.at), documentAncn: h.documentAncn };
}

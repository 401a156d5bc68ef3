/**
 * Electronic documents as XML (seed 004 ¶10-11): an <ElectronicDocument> envelope with a header that
 * carries the document's ANCN, type, kind, title, moment of issue (Kazakhstan time, +05:00), issuer
 * (the licensor body), service, application and recipient, and a body rendered from plain structured
 * data. Pure and deterministic: the same input gives the same bytes, so a document can be rebuilt and
 * compared, and signing happens on exactly what was built.
 */
import { create } from 'xmlbuilder2';
import type { XMLBuilder } from 'xmlbuilder2/lib/interfaces';
import { DOCUMENT_TYPES, isDocumentTypeCode, parseAncn } from '../ancn';
import { toKzIso } from '../calendar';
import { DomainError, isDomainError, type ErrorDetail } from '../errors';
import { DOCUMENT_KINDS, isKnownDocumentKind, KIND_PATTERN } from './kinds';

export * from './kinds';

export const DOCUMENT_NAMESPACE = 'urn:kz-services-orchestrator:electronic-document:1';

export interface DocumentIssuer {
  /** Licensor body code (domain/services LICENSOR_BODIES key). */
  code: string;
  name: { kk: string; ru: string; en: string };
}

export interface ElectronicDocumentInput {
  ancn: string;
  documentType: string;
  kind: string;
  title: string;
  /** ISO 8601 moment (any offset); written as Kazakhstan time. */
  issuedAt: string;
  issuer: DocumentIssuer;
  serviceCode: string;
  applicationId: string;
  /** Opaque applicant reference the document is addressed to. */
  recipientRef: string;
  signer: 'provider' | 'system' | 'operator';
  body: Record<string, unknown>;
}

/** Conservative XML element names: an XML Name without ':' and never starting with "xml" (XML 1.0 §2.3). */
const ELEMENT_NAME = /^[A-Za-z_][A-Za-z0-9_.-]{0,99}$/;
/** Characters XML 1.0 cannot carry (§2.2): C0 controls except TAB/LF/CR, lone surrogates, U+FFFE/U+FFFF. */
const INVALID_XML_CHAR =
  // eslint-disable-next-line no-control-regex
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const MAX_DEPTH = 16;

const XML_CHAR_MESSAGE = 'contains a character XML cannot carry (control character or lone surrogate)';

/**
 * VALIDATION_FAILED; but when every problem is a character XML cannot carry, RULE_VIOLATED: the text was a
 * valid JSON string the API's schema admits, refused by a rule of XML 1.0 (the API answers 422).
 */
function fail(message: string, details: ErrorDetail[]): never {
  const onlyXmlChars = details.length > 0 && details.every((d) => d.message === XML_CHAR_MESSAGE);
  throw new DomainError(onlyXmlChars ? 'RULE_VIOLATED' : 'VALIDATION_FAILED', message, details);
}

export function isSafeElementName(name: string): boolean {
  return ELEMENT_NAME.test(name) && !/^xml/i.test(name);
}

function checkText(value: string, field: string, problems: ErrorDetail[]): void {
  if (INVALID_XML_CHAR.test(value)) problems.push({ field, message: XML_CHAR_MESSAGE });
}

type BodyNode = { name: string; text: string } | { name: string; children: BodyNode[] };

/** Turns plain data into element nodes, collecting every problem (not just the first). */
function toNodes(value: Record<string, unknown>, path: string, depth: number, problems: ErrorDetail[]): BodyNode[] {
  if (depth > MAX_DEPTH) {
    problems.push({ field: path, message: `nested deeper than ${MAX_DEPTH} levels` });
    return [];
  }
  const nodes: BodyNode[] = [];
  for (const [name, v] of Object.entries(value)) {
    const field = path ? `${path}.${name}` : name;
    if (!isSafeElementName(name)) {
      problems.push({
        field,
        message: `"${name}" is not a usable XML element name (letters, digits, _ . -; not starting with a digit, '-', '.' or "xml")`,
      });
      continue;
    }
    const items = Array.isArray(v) ? v : [v];
    items.forEach((item, i) => {
      const itemField = Array.isArray(v) ? `${field}.${i}` : field;
      if (Array.isArray(v) && Array.isArray(item)) {
        problems.push({ field: itemField, message: 'an array inside an array has no element name; wrap it in an object' });
        return;
      }
      const node = toNode(name, item, itemField, depth, problems);
      if (node) nodes.push(node);
    });
  }
  return nodes;
}

function toNode(name: string, v: unknown, field: string, depth: number, problems: ErrorDetail[]): BodyNode | null {
  if (v === undefined) return null;
  if (v === null) return { name, text: '' };
  switch (typeof v) {
    case 'string':
      checkText(v, field, problems);
      return { name, text: v };
    case 'number':
      if (!Number.isFinite(v)) {
        problems.push({ field, message: 'numbers must be finite' });
        return null;
      }
      return { name, text: String(v) };
    case 'bigint':
      return { name, text: v.toString() };
    case 'boolean':
      return { name, text: v ? 'true' : 'false' };
    case 'object': {
      // A plain object's prototype is (some realm's) Object.prototype, whose own prototype is null.
      const proto = Object.getPrototypeOf(v) as object | null;
      if (proto !== null && Object.getPrototypeOf(proto) !== null) {
        problems.push({ field, message: 'only plain values, arrays and plain objects can be rendered (send dates as ISO strings)' });
        return null;
      }
      return { name, children: toNodes(v as Record<string, unknown>, field, depth + 1, problems) };
    }
    case 'function':
    case 'symbol':
      problems.push({ field, message: `a ${typeof v} cannot be rendered as XML` });
      return null;
    case 'undefined':
      return null;
  }
  return null;
}

function appendNodes(parent: XMLBuilder, nodes: BodyNode[]): void {
  for (const n of nodes) {
    const el = parent.ele(DOCUMENT_NAMESPACE, n.name);
    if ('text' in n) {
      if (n.text !== '') el.txt(n.text);
    } else {
      appendNodes(el, n.children);
    }
  }
}

function validateHeader(input: ElectronicDocumentInput, problems: ErrorDetail[]): Date | null {
  if (!isDocumentTypeCode(input.documentType)) {
    problems.push({
      field: 'documentType',
      message: `"${input.documentType}" is not a document type of seed 004 ¶10 (${Object.keys(DOCUMENT_TYPES).join(', ')})`,
    });
  }
  if (!KIND_PATTERN.test(input.kind)) {
    problems.push({ field: 'kind', message: `"${input.kind}" is not a kind name (lowercase words joined by '-')` });
  } else if (isKnownDocumentKind(input.kind) && DOCUMENT_KINDS[input.kind][0] !== input.documentType) {
    problems.push({
      field: 'documentType',
      message: `a ${input.kind} is a ${DOCUMENT_KINDS[input.kind][0]} document, not ${input.documentType}`,
    });
  }
  try {
    // The canonical form only: a document never carries a spaced or lower-case number.
    const parsed = parseAncn(input.ancn);
    if (parsed.ancn !== input.ancn) problems.push({ field: 'ancn', message: `write the ANCN in its canonical form ${parsed.ancn}` });
    else if (parsed.typeCode !== input.documentType)
      problems.push({
        field: 'ancn',
        message: `ANCN ${input.ancn} is numbered for type ${parsed.typeCode}, the document is ${input.documentType}`,
      });
  } catch (e) {
    if (!isDomainError(e)) throw e;
    problems.push({ field: 'ancn', message: `"${input.ancn}" is not a valid ANCN (seed 004 appendix): ${e.message}` });
  }
  const required: Array<[keyof ElectronicDocumentInput, string]> = [
    ['title', input.title],
    ['serviceCode', input.serviceCode],
    ['applicationId', input.applicationId],
    ['recipientRef', input.recipientRef],
  ];
  for (const [field, value] of required) {
    if (typeof value !== 'string' || value.trim() === '') problems.push({ field, message: 'required' });
    else checkText(value, field, problems);
  }
  if (input.signer !== 'provider' && input.signer !== 'system' && input.signer !== 'operator')
    problems.push({ field: 'signer', message: "must be 'provider', 'system' or 'operator'" });
  for (const lang of ['kk', 'ru', 'en'] as const) checkText(input.issuer.name[lang] ?? '', `issuer.name.${lang}`, problems);
  // An explicit offset or Z is required: a bare local time would be read in the machine's zone.
  const issuedAt = /(Z|[+-]\d{2}:\d{2})$/.test(input.issuedAt) ? new Date(input.issuedAt) : null;
  if (!issuedAt || Number.isNaN(issuedAt.getTime())) {
    problems.push({ field: 'issuedAt', message: 'must be an ISO 8601 moment with an offset, e.g. 2025-03-21T10:15:00+05:00' });
    return null;
  }
  return issuedAt;
}

/**
 * Builds the unsigned XML of an electronic document. Throws DomainError VALIDATION_FAILED listing every
 * problem (bad element names with their path, wrong type for the kind, bad ANCN, bad date).
 */
export function buildElectronicDocument(input: ElectronicDocumentInput): string {
  const problems: ErrorDetail[] = [];
  const issuedAt = validateHeader(input, problems);
  if (input.body === null || typeof input.body !== 'object' || Array.isArray(input.body)) {
    problems.push({ field: 'body', message: 'must be an object' });
  }
  const bodyNodes = problems.some((p) => p.field === 'body') ? [] : toNodes(input.body, 'body', 1, problems);
  if (problems.length > 0 || !issuedAt)
    fail(`document ${input.kind} cannot be built: ${problems.map((p) => `${p.field}: ${p.message}`).join('; ')}`, problems);

  const doc = create({ version: '1.0', encoding: 'UTF-8' });
  const root = doc.ele(DOCUMENT_NAMESPACE, 'ElectronicDocument').att('ancn', input.ancn);
  const header = root.ele(DOCUMENT_NAMESPACE, 'Header');
  const text = (parent: XMLBuilder, name: string, value: string): XMLBuilder => parent.ele(DOCUMENT_NAMESPACE, name).txt(value);
  text(header, 'Ancn', input.ancn);
  text(header, 'DocumentType', DOCUMENT_TYPES[input.documentType as keyof typeof DOCUMENT_TYPES]).att('code', input.documentType);
  text(header, 'Kind', input.kind);
  text(header, 'Title', input.title);
  text(header, 'IssuedAt', toKzIso(issuedAt));
  const issuer = header.ele(DOCUMENT_NAMESPACE, 'Issuer').att('code', input.issuer.code);
  for (const lang of ['kk', 'ru', 'en'] as const) text(issuer, 'Name', input.issuer.name[lang]).att('lang', lang);
  text(header, 'ServiceCode', input.serviceCode);
  text(header, 'ApplicationId', input.applicationId);
  header.ele(DOCUMENT_NAMESPACE, 'Recipient').att('ref', input.recipientRef);
  // seed 004 ¶18-1: automatic-mode results carry the system's transport signature, not a person's.
  text(header, 'SignatureRole', input.signer);
  appendNodes(root.ele(DOCUMENT_NAMESPACE, 'Body'), bodyNodes);
  return doc.end({ prettyPrint: true, indent: '  ', newline: '\n' }) + '\n';
}

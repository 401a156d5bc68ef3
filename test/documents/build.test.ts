import { DOMParser } from '@xmldom/xmldom';
import { formatAncn } from '../../domain/ancn';
import { buildElectronicDocument, DOCUMENT_KINDS, DOCUMENT_NAMESPACE, type ElectronicDocumentInput } from '../../domain/documents';
import { DomainError } from '../../domain/errors';
import { LICENSOR_BODIES } from '../../domain/services';

function input(overrides: Partial<ElectronicDocumentInput> = {}): ElectronicDocumentInput {
  return {
    ancn: formatAncn('NTF', 42),
    documentType: 'NTF',
    kind: 'registration-notification',
    title: 'Notification of state registration of a legal entity',
    issuedAt: '2025-03-21T05:15:00Z',
    issuer: { code: 'state-corporation', name: LICENSOR_BODIES['state-corporation'] },
    serviceCode: 'sme-registration',
    applicationId: 'sme-registration-7f3a',
    recipientRef: 'applicant-880101300123',
    signer: 'provider',
    body: {
      bin: '250340012345',
      name: 'ТОО «Дала & Ко»',
      founders: [
        { fullName: 'Aigerim Sadykova', share: 60 },
        { fullName: 'Nurlan Bekov', share: 40 },
      ],
      address: { city: 'Astana', street: 'Mangilik El 55' },
      hasEmployees: false,
      note: null,
    },
    ...overrides,
  };
}

function parse(xml: string) {
  const doc = new DOMParser().parseFromString(xml, 'text/xml');
  const text = (name: string): string | null => doc.getElementsByTagNameNS(DOCUMENT_NAMESPACE, name)[0]?.textContent ?? null;
  return { doc, text };
}

function validationError(fn: () => unknown): DomainError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(DomainError);
    return e as DomainError;
  }
  throw new Error('expected a DomainError');
}

describe('buildElectronicDocument', () => {
  it('builds the envelope header: ANCN, type, kind, title, issuedAt in Kazakhstan time, issuer, service, application, recipient', () => {
    const xml = buildElectronicDocument(input());
    const { doc, text } = parse(xml);
    expect(xml.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n<ElectronicDocument')).toBe(true);
    expect(doc.documentElement?.getAttribute('ancn')).toBe(formatAncn('NTF', 42));
    expect(text('Ancn')).toBe(formatAncn('NTF', 42));
    expect(text('DocumentType')).toBe('notification');
    expect(doc.getElementsByTagNameNS(DOCUMENT_NAMESPACE, 'DocumentType')[0]?.getAttribute('code')).toBe('NTF');
    expect(text('Kind')).toBe('registration-notification');
    expect(text('Title')).toBe('Notification of state registration of a legal entity');
    // 05:15 UTC is 10:15 in Kazakhstan (UTC+5 since 2024-03-01)
    expect(text('IssuedAt')).toBe('2025-03-21T10:15:00+05:00');
    const names = Array.from(doc.getElementsByTagNameNS(DOCUMENT_NAMESPACE, 'Name')).map((n) => [n.getAttribute('lang'), n.textContent]);
    expect(names).toEqual([
      ['kk', LICENSOR_BODIES['state-corporation'].kk],
      ['ru', LICENSOR_BODIES['state-corporation'].ru],
      ['en', LICENSOR_BODIES['state-corporation'].en],
    ]);
    expect(text('ServiceCode')).toBe('sme-registration');
    expect(text('ApplicationId')).toBe('sme-registration-7f3a');
    expect(doc.getElementsByTagNameNS(DOCUMENT_NAMESPACE, 'Recipient')[0]?.getAttribute('ref')).toBe('applicant-880101300123');
    expect(text('SignatureRole')).toBe('provider');
  });

  it('renders the body in order: nested objects as elements, arrays as repeated elements, text escaped', () => {
    const xml = buildElectronicDocument(input());
    const body = xml.slice(xml.indexOf('<Body>'), xml.indexOf('</Body>') + 7);
    expect(body).toBe(
      [
        '<Body>',
        '    <bin>250340012345</bin>',
        '    <name>ТОО «Дала &amp; Ко»</name>',
        '    <founders>',
        '      <fullName>Aigerim Sadykova</fullName>',
        '      <share>60</share>',
        '    </founders>',
        '    <founders>',
        '      <fullName>Nurlan Bekov</fullName>',
        '      <share>40</share>',
        '    </founders>',
        '    <address>',
        '      <city>Astana</city>',
        '      <street>Mangilik El 55</street>',
        '    </address>',
        '    <hasEmployees>false</hasEmployees>',
        '    <note/>',
        '  </Body>',
      ].join('\n'),
    );
  });

  it('is deterministic: the same input gives the same bytes, a different input different bytes', () => {
    const a = buildElectronicDocument(input());
    const b = buildElectronicDocument(structuredClone(input()));
    expect(Buffer.from(a).equals(Buffer.from(b))).toBe(true);
    expect(buildElectronicDocument(input({ title: 'Other' }))).not.toBe(a);
  });

  it('builds every known kind under its own document type', () => {
    for (const [kind, [type]] of Object.entries(DOCUMENT_KINDS)) {
      const xml = buildElectronicDocument(input({ kind, documentType: type, ancn: formatAncn(type, 1) }));
      expect(parse(xml).text('Kind')).toBe(kind);
      expect(parse(xml).doc.getElementsByTagNameNS(DOCUMENT_NAMESPACE, 'DocumentType')[0]?.getAttribute('code')).toBe(type);
    }
  });

  it('refuses bad element names and says where, building nothing', () => {
    const err = validationError(() =>
      buildElectronicDocument(input({ body: { 'legal name': 'x', founders: [{ '1st': 'a' }], xmlData: 1, ok: 'fine' } })),
    );
    expect(err.code).toBe('VALIDATION_FAILED');
    expect(err.details.map((d) => d.field)).toEqual(['body.legal name', 'body.founders.0.1st', 'body.xmlData']);
    expect(err.message).toContain('"legal name" is not a usable XML element name');
  });

  it('refuses values XML cannot carry: control characters, non-finite numbers, nested arrays, class instances', () => {
    const err = validationError(() =>
      buildElectronicDocument(
        input({ body: { a: 'bell\u0007', b: Number.POSITIVE_INFINITY, c: [[1, 2]], d: new Date('2025-01-01T00:00:00Z') } }),
      ),
    );
    expect(err.details).toEqual([
      { field: 'body.a', message: expect.stringContaining('character XML cannot carry') },
      { field: 'body.b', message: 'numbers must be finite' },
      { field: 'body.c.0', message: expect.stringContaining('array inside an array') },
      { field: 'body.d', message: expect.stringContaining('send dates as ISO strings') },
    ]);
  });

  it('refuses a known kind under the wrong document type (a notification is never numbered as a permit)', () => {
    const err = validationError(() => buildElectronicDocument(input({ documentType: 'PRM', ancn: formatAncn('PRM', 1) })));
    expect(err.details).toEqual([{ field: 'documentType', message: 'a registration-notification is a NTF document, not PRM' }]);
  });

  it('refuses an ANCN with wrong check digits or of another type, and an unknown document type', () => {
    const good = formatAncn('NTF', 42);
    const wrongDigits = `KZ${good.slice(2, 4) === '00' ? '01' : '00'}${good.slice(4)}`;
    expect(validationError(() => buildElectronicDocument(input({ ancn: wrongDigits }))).details[0]?.field).toBe('ancn');
    expect(validationError(() => buildElectronicDocument(input({ ancn: formatAncn('NTC', 42) }))).details[0]?.message).toContain(
      'numbered for type NTC',
    );
    const unknownType = validationError(() => buildElectronicDocument(input({ kind: 'some-new-kind', documentType: 'XYZ' })));
    expect(unknownType.details[0]).toEqual({
      field: 'documentType',
      message: expect.stringContaining('not a document type of seed 004 ¶10'),
    });
  });

  it('refuses an issuedAt without an offset (ambiguous) and an unparsable one', () => {
    expect(validationError(() => buildElectronicDocument(input({ issuedAt: '2025-03-21T10:15:00' }))).details[0]?.field).toBe('issuedAt');
    expect(validationError(() => buildElectronicDocument(input({ issuedAt: 'tomorrow' }))).details[0]?.field).toBe('issuedAt');
  });

  it('accepts a new kind that looks like one, but not a malformed kind name', () => {
    expect(() =>
      buildElectronicDocument(input({ kind: 'duplicate-permit', documentType: 'PRM', ancn: formatAncn('PRM', 3) })),
    ).not.toThrow();
    expect(validationError(() => buildElectronicDocument(input({ kind: 'Registration Notification' }))).details[0]?.field).toBe('kind');
  });
});

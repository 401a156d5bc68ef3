/**
 * The presentation form of a permit (seed 004 ¶12: forms of electronic documents can be printed) with the
 * matrix code of its XML document (¶3.25, glossary item 25: graphic information about the XML electronic
 * document, printed on the presentation form).
 *
 * A signed XML document is several kilobytes — more than one QR symbol holds with usable error
 * correction — so, as e-government printouts do, the signed XML is split into consecutive parts, each in
 * its own QR symbol, every part prefixed "<i>/<n>|". Joining the parts in order gives back the signed
 * document byte for byte, which then verifies as the original (POST /v1/documents/verify, xmlsec1).
 */
import QRCode from 'qrcode';
import { printAncn } from '../domain/ancn';
import { toKzIso } from '../domain/calendar';
import type { RegisterEntry } from './entry';
import { LICENSOR_BODIES, type LicensorBody } from '../domain/services';

/** Bytes of the XML per symbol: with level M this stays at QR version ≤ 27, readable from a printed A4 page. */
export const MATRIX_CODE_PART_BYTES = 900;

/** Splits `xml` into parts of at most `maxBytes` UTF-8 bytes, never inside a character. */
export function matrixCodePayloads(xml: string, maxBytes = MATRIX_CODE_PART_BYTES): string[] {
  const chars = [...xml];
  const parts: string[] = [];
  let current = '';
  let size = 0;
  for (const ch of chars) {
    const n = Buffer.byteLength(ch, 'utf8');
    if (size + n > maxBytes && current) {
      parts.push(current);
      current = '';
      size = 0;
    }
    current += ch;
    size += n;
  }
  if (current || parts.length === 0) parts.push(current);
  return parts.map((p, i) => `${i + 1}/${parts.length}|${p}`);
}

/** Joins decoded parts back into the document; throws when a part is missing or out of place. */
export function joinMatrixCodePayloads(payloads: string[]): string {
  const parsed = payloads.map((p) => {
    const m = /^(\d+)\/(\d+)\|/s.exec(p);
    if (!m) throw new Error('not a part of a matrix-coded document');
    return { i: Number(m[1]), n: Number(m[2]), text: p.slice(m[0].length) };
  });
  const n = parsed[0]?.n ?? 0;
  if (parsed.length !== n || parsed.some((p) => p.n !== n)) throw new Error(`expected ${n} parts, got ${parsed.length}`);
  return parsed
    .sort((a, b) => a.i - b.i)
    .map((p, idx) => {
      if (p.i !== idx + 1) throw new Error(`part ${idx + 1} is missing`);
      return p.text;
    })
    .join('');
}

const esc = (s: string): string =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string);

const STATUS_WORDS: Record<string, string> = {
  active: 'Active',
  suspended: 'Suspended',
  're-issued': 'Re-issued (replaced)',
  revoked: 'Annulled',
  terminated: 'Terminated',
  deprived: 'Deprived',
  ended: 'Activity ended',
  excluded: 'Excluded from the register',
};

/**
 * The QR code that opens the document's public verification page (no login: ANCN, type, signer, signing
 * time, validity with the NCA's revocation status), with its URL printed under it for a reader without a
 * camera. One symbol: a URL is short.
 */
async function verificationBlock(url: string): Promise<string> {
  const src = await QRCode.toDataURL(url, { errorCorrectionLevel: 'M', margin: 4, scale: 4 });
  return `<section class="verify"><img class="verification-code" alt="verification QR code" data-url="${esc(url)}" src="${src}"><p>Scan to verify this document: signer, validity, revocation.<br><a class="verification-url" href="${esc(url)}">${esc(url)}</a></p></section>`;
}

const PRINT_STYLE =
  'body{font-family:serif;max-width:190mm;margin:10mm auto}table{border-collapse:collapse;width:100%}td{border:1px solid #444;padding:4px 8px;vertical-align:top}td:first-child{width:35%;font-weight:bold}.codes{display:flex;flex-wrap:wrap;gap:6mm;margin-top:8mm}figure{margin:0;text-align:center;font-size:9pt}.verify{display:flex;gap:6mm;align-items:center;margin-top:8mm;font-size:10pt}.verify a{word-break:break-all}';

/** The printed form of any document the system keeps under an ANCN (a case's document): its header and body, and the verification QR code. */
export async function renderDocumentPrint(
  doc: { ancn: string; kind: string; issuedAt: Date; xml: string },
  verificationUrl: string,
): Promise<string> {
  const rows: Array<[string, string]> = [
    ['ANCN', printAncn(doc.ancn)],
    ['Kind', doc.kind],
    ['Recorded', toKzIso(doc.issuedAt)],
    ...documentFields(doc.xml),
  ];
  return `<!DOCTYPE html>
<html lang="kk">
<head><meta charset="utf-8"><title>${esc(printAncn(doc.ancn))}</title>
<style>${PRINT_STYLE}</style>
</head>
<body>
<h1>${esc(rows.find(([k]) => k === 'Title')?.[1] ?? doc.kind)}</h1>
<table>
${rows.map(([k, v]) => `<tr><td>${esc(k)}</td><td>${esc(v)}</td></tr>`).join('\n')}
</table>
<p>This is the printed form of an electronic document signed with ECDS; the electronic document is the original.</p>
${await verificationBlock(verificationUrl)}
</body>
</html>
`;
}

/** The text fields of a document's XML, as "path: value" rows (signature and certificate left out). */
function documentFields(xml: string): Array<[string, string]> {
  const rows: Array<[string, string]> = [];
  const withoutSignature = xml.replace(/<(\w+:)?Signature[\s\S]*<\/(\w+:)?Signature>/, '');
  const re = /<([A-Za-z_][\w.-]*:)?([A-Za-z_][\w.-]*)[^>]*>([^<]+)<\/\1?\2>/g;
  for (let m = re.exec(withoutSignature); m && rows.length < 60; m = re.exec(withoutSignature)) {
    const value = m[3]!.trim();
    if (!value || /BEGIN CERTIFICATE/.test(value) || value.length > 300) continue;
    rows.push([m[2]!, decodeEntities(value)]);
  }
  return rows;
}

function decodeEntities(s: string): string {
  return s.replace(
    /&(lt|gt|amp|quot|apos|#39);/g,
    (_, e: string) => ({ lt: '<', gt: '>', amp: '&', quot: '"', apos: "'", '#39': "'" })[e] ?? _,
  );
}

export async function renderPresentationForm(entry: RegisterEntry, signedXml: string, verificationUrl?: string): Promise<string> {
  const payloads = matrixCodePayloads(signedXml);
  const images = await Promise.all(payloads.map((p) => QRCode.toDataURL(p, { errorCorrectionLevel: 'M', margin: 4, scale: 3 })));
  const body = LICENSOR_BODIES[entry.licensorBody as LicensorBody];
  const rows: Array<[string, string]> = [
    ['Number', entry.number],
    ['ANCN', printAncn(entry.ancn)],
    ['Status', STATUS_WORDS[entry.status] ?? entry.status],
    ['Licensor', body ? `${body.kk} / ${body.en}` : entry.licensorBody],
    ['Holder', `${entry.holder.name ?? ''}${entry.holder.type === 'legal-entity' ? ` (BIN ${entry.holder.ref})` : ''}`.trim()],
    ['Activity', entry.activity],
    ...(entry.category ? ([['Category', entry.category]] as Array<[string, string]>) : []),
    ['Issued', toKzIso(entry.issuedAt)],
    ['Valid', `${toKzIso(entry.validFrom)} — ${entry.validUntil ? toKzIso(entry.validUntil) : 'without a term'}`],
    ...(entry.appendices.length > 0 ? ([['Appendices', entry.appendices.join('; ')]] as Array<[string, string]>) : []),
    ...(entry.duplicates > 0 ? ([['Duplicates issued', String(entry.duplicates)]] as Array<[string, string]>) : []),
  ];
  return `<!DOCTYPE html>
<html lang="kk">
<head><meta charset="utf-8"><title>${esc(entry.register === 'permits' ? 'Permit' : 'Notification')} ${esc(entry.number)}</title>
<style>${PRINT_STYLE}</style>
</head>
<body>
<h1>${esc(entry.register === 'permits' ? 'Рұқсат / Permit' : 'Хабарлама / Notification')} ${esc(entry.number)}</h1>
<table>
${rows.map(([k, v]) => `<tr><td>${esc(k)}</td><td>${esc(v)}</td></tr>`).join('\n')}
</table>
<p>This is the presentation form of an electronic document signed with ECDS (seed 004 ¶3.24, ¶12). Its matrix codes below carry the signed XML document in ${payloads.length} part(s); joined in order they verify as the original.</p>
<div class="codes">
${images.map((src, i) => `<figure><img class="matrix-code" alt="matrix code ${i + 1} of ${images.length}" src="${src}"><figcaption>${i + 1} / ${images.length}</figcaption></figure>`).join('\n')}
</div>
${verificationUrl ? await verificationBlock(verificationUrl) : ''}
</body>
</html>
`;
}

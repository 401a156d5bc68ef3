/**
 * The independent verifier: xmlsec1 (Debian package xmlsec1, OpenSSL backend). Deliberately no skip:
 * a machine without xmlsec1 fails these tests with the install command.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export interface Xmlsec1Result {
  ok: boolean;
  output: string;
  command: string;
}

export function xmlsec1Available(): void {
  const r = spawnSync('xmlsec1', ['--version'], { encoding: 'utf8' });
  if (r.error || r.status !== 0) throw new Error('xmlsec1 is required for the independent signature check: apt-get install -y xmlsec1');
}

/** `xmlsec1 --verify --trusted-pem <root.pem> <signed.xml>`: exit 0 only for a valid signature chaining to root. */
export function xmlsec1Verify(signedXml: string, trustedRootPemPath: string): Xmlsec1Result {
  xmlsec1Available();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'xmlsec1-'));
  try {
    const file = path.join(dir, 'signed.xml');
    fs.writeFileSync(file, signedXml);
    const args = ['--verify', '--trusted-pem', trustedRootPemPath, file];
    const r = spawnSync('xmlsec1', args, { encoding: 'utf8' });
    return { ok: r.status === 0, output: `${r.stdout}${r.stderr}`, command: `xmlsec1 ${args.join(' ')}` };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * Changes exactly one byte: the first character of the element's text, to another character of its kind
 * (letter → letter, digit → digit, '+' ↔ '/'), so base64 stays base64 whatever the random key made of it.
 */
export function flipOneByte(xml: string, elementStartTag: string): string {
  const at = xml.indexOf(elementStartTag);
  if (at < 0) throw new Error(`${elementStartTag} not found`);
  const i = at + elementStartTag.length;
  const ch = xml[i] as string;
  if (!/[A-Za-z0-9+/]/.test(ch)) throw new Error(`expected an ASCII letter, digit, + or / after ${elementStartTag}, found ${ch}`);
  const flipped =
    ch === '+'
      ? '/'
      : ch === '/'
        ? '+'
        : ch === 'Z'
          ? 'Y'
          : ch === 'z'
            ? 'y'
            : ch === '9'
              ? '8'
              : String.fromCharCode(ch.charCodeAt(0) + 1);
  const out = xml.slice(0, i) + flipped + xml.slice(i + 1);
  if (Buffer.byteLength(out) !== Buffer.byteLength(xml)) throw new Error('flip changed the length');
  return out;
}

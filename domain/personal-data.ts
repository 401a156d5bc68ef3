/**
 * Personal data kept out of logs (issue 16 item 6): an IIN or BIN — 12 digits standing alone whose last
 * digit is their check digit (./identification-number.ts) — is replaced wherever a process writes a log
 * line or an outside system's error message names one (a look-up URL, a refusal's text). Cases are traced
 * by application id and ANCN, never by the person's number. Twelve digits that fail the check digit are
 * no IIN or BIN and are left alone (a timestamp, an amount).
 */
import { Writable } from 'node:stream';
import { isValidIdentificationNumber } from './identification-number';

export const REDACTED_IDENTIFICATION_NUMBER = '[IIN/BIN]';

export function redactIdentificationNumbers(text: string): string {
  if (!/\d{12}/.test(text)) return text;
  return text.replace(/(?<!\d)\d{12}(?!\d)/g, (n) => (isValidIdentificationNumber(n) ? REDACTED_IDENTIFICATION_NUMBER : n));
}

/**
 * A stream for pino (`pino(options, redactingStream())`): every log line, whatever field carries the
 * number (a message, an error's stack, a URL), is written with IINs and BINs replaced.
 */
export function redactingStream(out: NodeJS.WritableStream = process.stdout): Writable {
  return new Writable({
    write(chunk: Buffer | string, _encoding, done) {
      out.write(redactIdentificationNumbers(typeof chunk === 'string' ? chunk : chunk.toString('utf8')));
      done();
    },
  });
}

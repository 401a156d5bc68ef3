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

/**
 * A UUID (a request id, a notice id) or twelve digits standing alone. A UUID's last group is twelve hex
 * digits and now and then all decimal ones: it is matched whole so it is never mistaken for an IIN.
 */
export const IDENTIFICATION_NUMBER_OR_UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|(?<!\d)\d{12}(?!\d)/gi;

export function redactIdentificationNumbers(text: string): string {
  if (!/\d{12}/.test(text)) return text;
  return text.replace(IDENTIFICATION_NUMBER_OR_UUID, (n) =>
    n.length === 12 && isValidIdentificationNumber(n) ? REDACTED_IDENTIFICATION_NUMBER : n,
  );
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

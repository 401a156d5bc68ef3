/** Issue 16 item 6: IINs and BINs never reach a log line (domain/personal-data.ts). */
import { redactIdentificationNumbers, redactingStream, REDACTED_IDENTIFICATION_NUMBER } from '../../domain/personal-data';
import { Writable } from 'node:stream';
import pino from 'pino';

test('an IIN or BIN is replaced; twelve digits that fail the check digit, and longer numbers, are left alone', () => {
  expect(redactIdentificationNumbers('GET /egov-gateway/individuals/850612300414 → 503')).toBe(
    `GET /egov-gateway/individuals/${REDACTED_IDENTIFICATION_NUMBER} → 503`,
  );
  expect(redactIdentificationNumbers('bin=180340001231,iin=850315400124')).toBe(
    `bin=${REDACTED_IDENTIFICATION_NUMBER},iin=${REDACTED_IDENTIFICATION_NUMBER}`,
  );
  expect(redactIdentificationNumbers('850612300415')).toBe('850612300415'); // wrong check digit
  expect(redactIdentificationNumbers('t=1796269430879 n=8506123004141')).toBe('t=1796269430879 n=8506123004141');
  // A request id whose last group happens to be twelve decimal digits with a valid check digit: not an IIN.
  const requestId = '3452edd9-0754-4038-a11d-850612300414';
  expect(redactIdentificationNumbers(`"requestId":"${requestId}"`)).toBe(`"requestId":"${requestId}"`);
});

test('pino through the redacting stream writes no IIN, whatever field carries it', async () => {
  const lines: string[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _e, done) {
      lines.push(chunk.toString());
      done();
    },
  });
  const log = pino({}, redactingStream(sink));
  log.warn(
    { path: '/v1/register/permits?holder=850612300414', err: new Error('no individual with IIN 850315400124') },
    'refused 180340001231',
  );
  await new Promise((r) => setImmediate(r));
  expect(lines.join('')).not.toMatch(/850612300414|850315400124|180340001231/);
  expect(lines.join('')).toContain(REDACTED_IDENTIFICATION_NUMBER);
});

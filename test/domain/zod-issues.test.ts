/** 400 or 422 for a zod failure (domain/zod-issues.ts zodFailureCode): the schema's own words or a rule beyond it. */
import { z } from 'zod';
import { zodFailureCode } from '../../domain/zod-issues';
import { BinSchema } from '../../domain/identification-number';

const failureOf = (schema: z.ZodType, value: unknown): z.ZodError => {
  const r = schema.safeParse(value);
  if (r.success) throw new Error('expected a failure');
  return r.error;
};

describe('zodFailureCode', () => {
  const Body = z.object({ bin: BinSchema, name: z.string().trim().min(3) });

  test('a value of the published pattern with a wrong check digit is RULE_VIOLATED (422)', () => {
    const input = { bin: '180340001232', name: 'Qazaq Flag LLP' };
    expect(zodFailureCode(failureOf(Body, input), input)).toBe('RULE_VIOLATED');
  });

  test('a value outside the published pattern (the 5th digit of a BIN) is VALIDATION_FAILED (400)', () => {
    const input = { bin: '180310001231', name: 'Qazaq Flag LLP' };
    expect(zodFailureCode(failureOf(Body, input), input)).toBe('VALIDATION_FAILED');
  });

  test('a name long enough as sent but blank once trimmed is RULE_VIOLATED; one too short as sent is VALIDATION_FAILED', () => {
    const padded = { bin: '180340001231', name: '   ' };
    expect(zodFailureCode(failureOf(Body, padded), padded)).toBe('RULE_VIOLATED');
    const short = { bin: '180340001231', name: 'ab' };
    expect(zodFailureCode(failureOf(Body, short), short)).toBe('VALIDATION_FAILED');
  });

  test('one issue of the schema among rule issues makes the whole request VALIDATION_FAILED', () => {
    const input = { bin: '180340001232', name: 'ab' };
    expect(zodFailureCode(failureOf(Body, input), input)).toBe('VALIDATION_FAILED');
  });
});

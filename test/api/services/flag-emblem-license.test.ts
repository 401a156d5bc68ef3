import { flagEmblemLicenseModule, flagEmblemLicenseReissueModule } from '../../../services/flag-emblem/license-api';
import { getOpenApiMetadata } from '@asteasolutions/zod-to-openapi';
import type { z } from 'zod';
import { embeddedCalendar, EMBEDDED_CALENDAR, toKzIso } from '../../../domain/calendar';

const exampleOf = (schema: z.ZodType): unknown => (getOpenApiMetadata(schema) as { example?: unknown } | undefined)?.example;

describe.each([flagEmblemLicenseModule, flagEmblemLicenseReissueModule])('$descriptor.code module', (module) => {
  test('the application example succeeds as-is', () => {
    const example = exampleOf(module.input);
    expect(example).toBeDefined();
    expect(module.input.safeParse(example).success).toBe(true);
  });

  test('every action example succeeds as-is', () => {
    for (const a of module.actions) {
      const example = exampleOf(a.input);
      expect({ action: a.name, example: example !== undefined }).toEqual({ action: a.name, example: true });
      expect({ action: a.name, ok: a.input.safeParse(example).success }).toEqual({ action: a.name, ok: true });
    }
  });

  test("the case's input carries the licensor's approval chain as of the submission (seed 004 ¶40), so a later change in code does not touch running cases", () => {
    const input = module.input.parse(exampleOf(module.input));
    const wfInput = module.workflowInput({
      applicationId: 'a-1',
      ancn: 'KZ03APP00000001',
      plan: module.plan(new Date('2026-03-17T10:00:00+05:00'), embeddedCalendar),
      calendar: EMBEDDED_CALENDAR,
      input,
      principal: { subject: 'dev-portal', role: 'portal' },
    }) as { approvalChain?: unknown; calendar?: unknown };
    expect(wfInput.calendar).toBe(EMBEDDED_CALENDAR);
    expect(wfInput.approvalChain).toEqual([
      { subject: 'ctrm:licensing-head', title: 'head of the licensing department' },
      { subject: 'ctrm:chairman', title: 'head of the licensor body (chairman of the CTRM)' },
    ]);
  });

  test('the update argument carries who acts, with the licensor body', () => {
    const a = module.actions.find((x) => x.name === 'final-decision');
    expect(a?.toUpdateArg({ decision: 'issue' }, { subject: 'ctrm:a', role: 'staff', licensorBody: 'ctrm' })).toEqual({
      decision: 'issue',
      actor: { subject: 'ctrm:a', role: 'staff', licensorBody: 'ctrm' },
    });
    expect(module.actions.find((x) => x.name === 'objection')?.roles).toEqual(['portal']);
  });

  test('the approval chain of the final decision (seed 004 ¶40): staff actions; a rejection without a comment or another chain is refused', () => {
    const review = module.actions.find((x) => x.name === 'draft-review');
    const submit = module.actions.find((x) => x.name === 'draft-submit');
    expect([review?.roles, submit?.roles]).toEqual([['staff'], ['staff']]);
    expect(review?.input.safeParse({ chain: 'final-decision', verdict: 'reject', comment: 'Cite the inspection act.' }).success).toBe(true);
    const noComment = review?.input.safeParse({ chain: 'final-decision', verdict: 'reject' });
    expect(noComment?.error?.issues.map((i) => `${i.path.join('.')}: ${i.message}`)).toEqual([
      'comment: a rejection says what to rework (comment)',
    ]);
    expect(review?.input.safeParse({ chain: 'preliminary-decision', verdict: 'approve' }).error?.issues[0]?.message).toMatch(
      /chain must be 'final-decision'/,
    );
    expect(
      submit?.input.safeParse({
        chain: 'final-decision',
        content: { decision: 'refuse', grounds: [], reasoning: 'No reasons given at all here.' },
      }).success,
    ).toBe(false);
    expect(
      review?.toUpdateArg(
        { chain: 'final-decision', verdict: 'approve' },
        { subject: 'ctrm:chairman', role: 'staff', licensorBody: 'ctrm' },
      ),
    ).toEqual({
      chain: 'final-decision',
      verdict: 'approve',
      actor: { subject: 'ctrm:chairman', role: 'staff', licensorBody: 'ctrm' },
    });
  });

  test('plan: the same as the workflow’s (Nauryz 2026)', () => {
    const p = module.plan(new Date('2026-03-20T18:45:00+05:00'), embeddedCalendar);
    expect(toKzIso(p.registeredAt)).toBe('2026-03-26T09:00:00+05:00');
    expect(toKzIso(p.dueAt)).toBe('2026-04-06T18:30:00+05:00');
    expect(p.milestones.map((m) => m.name)).toEqual(['completenessCheckBy', 'siteVisitBy', 'preliminaryDecisionBy', 'dueAt']);
  });
});

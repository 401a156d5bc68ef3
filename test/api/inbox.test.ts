/**
 * The staff inbox: the cases waiting on the caller's licensor body, most urgent first, with the actions
 * each accepts now — and a decision goes through the same action endpoint (the workflow's Update).
 */
import request from 'supertest';
import { kzMoment } from '../../domain/calendar';
import { makeDashboardHarness, seedCase, type DashboardHarness } from './dashboard-fixtures';

let h: DashboardHarness;
beforeEach(() => {
  h = makeDashboardHarness();
});

const get = (path: string, token: string) => request(h.app).get(path).set('Authorization', `Bearer ${token}`);
type InboxItem = {
  applicationId: string;
  stage: string;
  actions: Array<{ action: string; summary: string; href: string; dueAt?: string; readOnly?: boolean }>;
  sla: { remainingWorkingDays: number; nextDeadlineWorkingDays: number };
};

describe('GET /v1/inbox', () => {
  test('only open cases of my body that wait on staff, the earliest deadline first, with the actions they accept now', async () => {
    const later = await seedCase(h.store, {
      stage: 'site-inspection',
      dueAt: kzMoment('2026-04-14', '18:30'),
      pendingActions: [{ action: 'site-inspection', by: 'staff', dueAt: kzMoment('2026-04-10', '18:30').toISOString() }],
    });
    const urgent = await seedCase(h.store, {
      stage: 'completeness-check',
      slaState: 'at-risk',
      dueAt: kzMoment('2026-04-15', '18:30'),
      pendingActions: [{ action: 'completeness-check', by: 'staff', dueAt: kzMoment('2026-04-08', '18:30').toISOString() }],
    });
    await seedCase(h.store, { waitingOn: 'applicant', stage: 'hearing', pendingActions: [{ action: 'objection', by: 'applicant' }] });
    await seedCase(h.store, { status: 'issued', stage: 'closed', slaState: 'met', waitingOn: 'nobody' });
    await seedCase(h.store, { service: 'sme-registration' });

    const res = await get('/v1/inbox', h.tokens.ctrm);
    expect(res.status).toBe(200);
    expect(res.body.licensorBody).toBe('ctrm');
    const items = res.body.items as InboxItem[];
    expect(items.map((i) => i.applicationId)).toEqual([urgent, later]);
    expect(items[0]!.actions).toEqual([
      {
        action: 'completeness-check',
        summary: expect.stringContaining('seed 003 ¶10'),
        dueAt: '2026-04-08T18:30:00+05:00',
        href: `/v1/applications/${urgent}/actions/completeness-check`,
      },
    ]);
    // The case term: Wednesday 11:00 → next Wednesday 18:30 = 0.75 today + 5 working days.
    expect(items[0]!.sla.remainingWorkingDays).toBe(5.75);
    // Its completeness check is due today 18:30: 6 working hours left.
    expect(items[0]!.sla).toMatchObject({ nextDeadlineWorkingDays: 0.75 });
  });

  test('a case without recorded pending actions offers every staff action of its service (the workflow validates)', async () => {
    await seedCase(h.store);
    const items = (await get('/v1/inbox', h.tokens.ctrm)).body.items as InboxItem[];
    expect(items[0]!.actions.map((a) => a.action)).toEqual([
      'completeness-check',
      'site-inspection',
      'approving-body-request',
      'preliminary-decision',
      'final-decision',
      'draft-review',
      'draft-submit',
    ]);
  });

  test('the State Corporation sees its own inbox; asking for another body is 403', async () => {
    const sme = await seedCase(h.store, { service: 'sme-registration' });
    await seedCase(h.store);
    expect(((await get('/v1/inbox', h.tokens.stateCorp)).body.items as InboxItem[]).map((i) => i.applicationId)).toEqual([sme]);
    const other = await get('/v1/inbox?licensor=ctrm', h.tokens.stateCorp);
    expect(other.status).toBe(403);
    expect(other.body.detail).toContain('may not read the inbox of ctrm');
  });

  test('supervisors and oversight name the body and get a read-only view; the portal gets none', async () => {
    await seedCase(h.store, { pendingActions: [{ action: 'completeness-check', by: 'staff' }] });
    const missing = await get('/v1/inbox', h.tokens.admin);
    expect(missing.status).toBe(422); // INCONSISTENT_REQUEST: optional in the schema, required for this role
    expect(missing.body.errors).toEqual([{ field: 'query.licensor', message: 'required for this role' }]);
    const viewer = await get('/v1/inbox?licensor=ctrm', h.tokens.viewer);
    expect((viewer.body.items as InboxItem[])[0]!.actions[0]!.readOnly).toBe(true);
    expect((await get('/v1/inbox', h.tokens.portal)).status).toBe(403);
  });

  test('pages with limit and cursor, most urgent first across pages', async () => {
    const made: string[] = [];
    for (let d = 0; d < 5; d++)
      made.push(await seedCase(h.store, { dueAt: kzMoment(`2026-04-${String(9 + d).padStart(2, '0')}`, '18:30') }));
    const p1 = await get('/v1/inbox?limit=3', h.tokens.ctrm);
    const p2 = await get(`/v1/inbox?limit=3&cursor=${encodeURIComponent(p1.body.nextCursor)}`, h.tokens.ctrm);
    expect([...p1.body.items, ...p2.body.items].map((i: InboxItem) => i.applicationId)).toEqual(made);
    expect(p2.body.nextCursor).toBeNull();
  });

  test("a decision from the inbox goes to the case's Update with who acted", async () => {
    const id = await seedCase(h.store, { pendingActions: [{ action: 'completeness-check', by: 'staff' }] });
    await h.cases.start('flagEmblemLicenseWorkflow', id, {});
    const item = ((await get('/v1/inbox', h.tokens.ctrm)).body.items as InboxItem[])[0]!;
    const res = await request(h.app)
      .post(item.actions[0]!.href)
      .set('Authorization', `Bearer ${h.tokens.ctrm}`)
      .send({ complete: true, findings: [] });
    expect(res.status).toBe(200);
    expect(h.cases.updates).toEqual([
      {
        workflowId: id,
        updateName: 'completeness-check',
        arg: { complete: true, findings: [], actor: { subject: 'ctrm-employee-7', role: 'staff', licensorBody: 'ctrm' } },
      },
    ]);
  });

  test('the approval chain through HTTP (seed 004 ¶40): a rejection without a comment (422) or another chain (400) names the field, nothing reaches the case', async () => {
    const id = await seedCase(h.store, { stage: 'decision-approval', pendingActions: [{ action: 'draft-review', by: 'staff' }] });
    await h.cases.start('flagEmblemLicenseWorkflow', id, {});
    const post = (body: object) =>
      request(h.app).post(`/v1/applications/${id}/actions/draft-review`).set('Authorization', `Bearer ${h.tokens.ctrm}`).send(body);

    const noComment = await post({ chain: 'final-decision', verdict: 'reject' });
    expect(noComment.status).toBe(422); // RULE_VIOLATED: the body matches the schema, a refinement refuses it
    expect(noComment.body.errors).toEqual([
      expect.objectContaining({ field: 'comment', message: 'a rejection says what to rework (comment)' }),
    ]);
    const otherChain = await post({ chain: 'preliminary-decision', verdict: 'approve' });
    expect(otherChain.status).toBe(400); // the chain's value is not one the schema admits
    expect(otherChain.body.errors).toEqual([
      expect.objectContaining({ field: 'chain', message: expect.stringContaining("chain must be 'final-decision'") }),
    ]);
    expect(h.cases.updates).toEqual([]);

    const ok = await post({ chain: 'final-decision', verdict: 'reject', comment: 'Name the inspection act.' });
    expect(ok.status).toBe(200);
    expect(h.cases.updates).toEqual([
      {
        workflowId: id,
        updateName: 'draft-review',
        arg: {
          chain: 'final-decision',
          verdict: 'reject',
          comment: 'Name the inspection act.',
          actor: { subject: 'ctrm-employee-7', role: 'staff', licensorBody: 'ctrm' },
        },
      },
    ]);
  });
});

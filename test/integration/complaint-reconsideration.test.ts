/**
 * The README's complaint walk-through on the real stack (`make start`): a Flag/Emblem license refused
 * after the hearing; the applicant's complaint to the CTRM through the portal; the CTRM's inbox shows it
 * with its 5-working-day deadline; the term is extended with its notice; the complaint is upheld and the
 * reconsideration, decided and signed up the approval chain, issues the license. The staff act only once
 * the case is registered, so the test runs inside Kazakhstan working hours (skipped otherwise: a case that
 * arrives after hours registers at 09:00 of the next working day, seed 003 ¶9).
 */
import { z } from 'zod';
import { embeddedCalendar, localDateOf } from '../../domain/calendar';
import { exampleOf } from '../../api/openapi';
import { flagEmblemLicenseModule } from '../../services/flag-emblem/license-api';
import { ANNEX1_REQUIREMENTS } from '../../services/flag-emblem/license-rules';
import { eventually } from '../helpers/dev-server';
import { json, startStack, type Stack } from '../helpers/stack';

let stack: Stack | undefined;
afterAll(async () => {
  await stack?.stop();
}, 30_000);

const Accepted = z.object({ applicationId: z.string() });
const Filed = z.object({ complaintId: z.string(), dueAt: z.string(), body: z.string() });
const View = z.object({ stage: z.string(), outcome: z.string(), details: z.record(z.string(), z.unknown()) });
const Inbox = z.object({
  items: z.array(z.object({ applicationId: z.string(), actions: z.array(z.object({ action: z.string(), dueAt: z.string().optional() })) })),
});

// An hour of working time ahead: the whole walk-through runs inside one working period.
const inHours =
  embeddedCalendar.isWithinWorkingHours(new Date()) && embeddedCalendar.isWithinWorkingHours(new Date(Date.now() + 30 * 60_000));

(inHours ? test : test.skip)(
  'README: a complaint against a refused license is upheld and the reconsideration issues the license',
  async () => {
    stack = await startStack('complaint');
    const { api, post } = stack;
    const portal = stack.token('portal');
    const staff = stack.token('staff', 'ctrm');
    const chain = [stack.tokenOf('ctrm:licensing-head'), stack.tokenOf('ctrm:chairman')];
    const get = async <S extends z.ZodType>(schema: S, url: string, token: string): Promise<z.infer<S>> =>
      json(schema, await fetch(`${api}${url}`, { headers: { authorization: `Bearer ${token}` } }));
    const act = async (id: string, action: string, token: string, body: unknown): Promise<void> => {
      await json(
        z.unknown(),
        await post(`${api}/v1/applications/${id}/actions/${action}`, token, `${id}-${action}-${Math.random()}`, body),
      );
    };
    const atStage = (id: string, stage: string) =>
      eventually(
        async () => {
          const v = await get(View, `/v1/applications/${id}`, staff);
          return v.stage === stage ? v : undefined;
        },
        60_000,
        250,
      );

    // The refused license.
    const example = exampleOf(flagEmblemLicenseModule.input) as { applicant: { iinOrBin: string } };
    const { applicationId: id } = await json(
      Accepted,
      await post(`${api}/v1/services/flag-emblem-license/applications`, portal, 'c-app', example),
    );
    await atStage(id, 'completeness-check');
    await act(id, 'completeness-check', staff, { complete: true, findings: [] });
    await atStage(id, 'site-inspection');
    await act(id, 'site-inspection', staff, {
      inspector: { fullName: 'Nurlan Zhumabekov', position: 'Chief inspector', territorialUnit: 'CTRM department for Astana' },
      visitedOn: localDateOf(new Date()),
      findings: ANNEX1_REQUIREMENTS.map((requirement) =>
        requirement === 'calibration-certificates'
          ? { requirement, conforms: false, note: 'The spectrophotometer carries no valid verification mark.' }
          : { requirement, conforms: true, note: '' },
      ),
    });
    await atStage(id, 'decision');
    const refusal = {
      grounds: ['qualification-requirements-not-met'],
      reasoning: 'Annex 1 item 5: the spectrophotometer is not verified.',
    };
    await act(id, 'preliminary-decision', staff, refusal);
    await atStage(id, 'hearing');
    await act(id, 'objection', portal, { text: 'The certificate was valid on the day of the visit.', attachments: [] });
    await atStage(id, 'final-decision');
    await act(id, 'final-decision', staff, {
      decision: 'refuse',
      ...refusal,
      objectionConsidered: 'The certificate names another serial number.',
    });
    for (const token of chain) await act(id, 'draft-review', token, { chain: 'final-decision', verdict: 'approve' });
    await eventually(
      async () => ((await get(View, `/v1/applications/${id}`, staff)).outcome === 'refused' ? true : undefined),
      60_000,
      250,
    );

    // Another applicant may not complain about it; the applicant may.
    const filing = {
      applicationId: id,
      addressee: 'provider',
      learnedOn: localDateOf(new Date()),
      subject: 'decision',
      demands: 'Cancel the refusal.',
    };
    const foreign = await post(`${api}/v1/complaints`, portal, 'c-foreign', { ...filing, complainant: { iinOrBin: '850512400125' } });
    expect(foreign.status).toBe(403);
    const filed = await json(
      Filed,
      await post(`${api}/v1/complaints`, portal, 'c-1', { ...filing, complainant: { iinOrBin: example.applicant.iinOrBin } }),
    );
    const c = filed.complaintId;
    expect(filed.body).toBe('ctrm');

    // The CTRM's inbox: the complaint with its deadline.
    const inbox = await eventually(
      async () => {
        const box = await get(Inbox, '/v1/inbox', staff);
        return box.items.find((i) => i.applicationId === c && i.actions.length > 0);
      },
      60_000,
      250,
    );
    expect(inbox.actions.map((a) => a.action)).toEqual(expect.arrayContaining(['complaint-decision', 'complaint-extend']));
    expect(new Date(inbox.actions.find((a) => a.action === 'complaint-decision')?.dueAt ?? '').getTime()).toBe(
      new Date(filed.dueAt).getTime(),
    );

    const complaintAct = async (action: string, body: unknown): Promise<void> => {
      await json(z.unknown(), await post(`${api}/v1/complaints/${c}/actions/${action}`, staff, `${c}-${action}`, body));
    };
    await complaintAct('complaint-extend', {
      ground: 'on-site-check',
      workingDays: 5,
      reasons: 'The production site must be visited again.',
    });
    await complaintAct('complaint-extension-notice', {});
    await complaintAct('complaint-decision', {
      decision: 'upheld',
      reasoning: 'The verification certificate was valid on the day of the site visit.',
    });

    // The reconsideration, straight to the decision; issued up the chain.
    const again = await eventually(
      async () => {
        const v = await get(View, `/v1/complaints/${c}`, portal);
        const r = v.details['reconsideration'] as { applicationId?: string } | undefined;
        return r?.applicationId;
      },
      60_000,
      250,
    );
    await atStage(again, 'decision');
    await act(again, 'final-decision', staff, { decision: 'issue' });
    for (const token of chain) await act(again, 'draft-review', token, { chain: 'final-decision', verdict: 'approve' });
    await eventually(
      async () => ((await get(View, `/v1/applications/${again}`, staff)).outcome === 'issued' ? true : undefined),
      60_000,
      250,
    );
    const done = await eventually(
      async () => {
        const v = await get(View, `/v1/complaints/${c}`, portal);
        return (v.details['reconsideration'] as { outcome?: string } | undefined)?.outcome === 'issued' ? v : undefined;
      },
      60_000,
      250,
    );
    expect(done.outcome).toBe('upheld');
    const onCase = await get(
      z.object({ items: z.array(z.object({ complaintId: z.string() })) }),
      `/v1/applications/${id}/complaints`,
      portal,
    );
    expect(onCase.items.map((i) => i.complaintId)).toEqual([c]);
  },
  300_000,
);

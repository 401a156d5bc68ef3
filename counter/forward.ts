/**
 * seed 001 ¶9(3), ¶11(7–8): the signed form goes at once to e-licensing, which registers it with its ANCN.
 * Here that is the same acceptance path as a portal submission (api/submission.ts), with the operator as
 * the principal (the case learns its channel from it) and the visit id as the idempotency key, so a
 * retried activity never opens two cases. The operator-signed form is stored as the application's
 * document under the application's ANCN (seed 004 ¶20). Built by the worker from the service registry.
 */
import crypto from 'node:crypto';
import { ApplicationFailure } from '@temporalio/common';
import { canonicalJson } from '../api/idempotency';
import type { ServiceModule } from '../api/service-module';
import type { Submission } from '../api/submission';
import { isDomainError } from '../domain/errors';
import type { ApplicationStore } from '../persistence/port';
import { describeIssues } from '../domain/zod-issues';
import type { ForwardInput, ForwardResult } from './visit-types';

export function counterForwarder(deps: {
  modules: readonly ServiceModule[];
  submission: Submission;
  store: ApplicationStore;
}): (input: ForwardInput) => Promise<ForwardResult> {
  return async (input) => {
    const module = deps.modules.find((m) => m.descriptor.code === input.serviceCode);
    if (!module?.counter)
      throw ApplicationFailure.nonRetryable(
        `service ${input.serviceCode} is not served at the State Corporation counter`,
        'VALIDATION_FAILED',
      );
    const application = module.counter.toApplication({
      applicant: input.applicant,
      ...(input.representative ? { representative: input.representative } : {}),
      form: input.form,
      lookedUp: input.lookedUp,
      paperDocuments: input.paperDocuments,
    });
    const parsed = module.input.safeParse(application);
    if (!parsed.success)
      throw ApplicationFailure.nonRetryable(
        `the counter form does not make a valid application: ${describeIssues(parsed.error, 'application')}`,
        'VALIDATION_FAILED',
      );
    const principal = {
      subject: input.operator.subject,
      role: 'operator' as const,
      branch: input.branchId,
      ...(input.operator.displayName ? { displayName: input.operator.displayName } : {}),
    };
    const idem = {
      principal: 'state-corporation-counter',
      key: input.visitId,
      requestHash: crypto.createHash('sha256').update(canonicalJson(parsed.data)).digest('hex'),
    };
    let res;
    try {
      res = await deps.submission.submit(module, parsed.data, principal, idem);
    } catch (e) {
      if (isDomainError(e) && e.code !== 'UPSTREAM_UNAVAILABLE' && e.code !== 'INTERNAL')
        throw ApplicationFailure.nonRetryable(e.message, e.code);
      throw e;
    }
    if (res.status !== 201)
      throw ApplicationFailure.nonRetryable(`e-licensing did not accept the application (${res.status})`, 'VALIDATION_FAILED');
    const accepted = res.body as { applicationId: string; ancn: string; submittedAt: string; dueAt: string };
    await deps.store.saveDocument({
      ancn: accepted.ancn,
      applicationId: accepted.applicationId,
      kind: 'application',
      xml: input.signedForm.signedXml,
      issuedAt: new Date(input.signedForm.signedAt),
      idempotencyKey: `${input.visitId}:form`,
    });
    return { applicationId: accepted.applicationId, ancn: accepted.ancn, submittedAt: accepted.submittedAt, dueAt: accepted.dueAt };
  };
}

/**
 * Side effects of the duplicate of the Flag and Emblem license (services/flag-emblem/duplicate-workflow.ts)
 * beyond those it shares with the license (lookUpApplicant, lookUpPermit in ./flag-emblem-license.ts):
 * the register's `duplicate` operation on the original permit (seed 004 ¶3.14, ¶13.5). Thin; refusals of
 * the register become non-retryable ApplicationFailures with the register's code as the type.
 */
import { ApplicationFailure } from '@temporalio/common';
import { PermitRegisterError, type PermitEntry, type PermitRegister, type RecordDuplicateRequest } from '../../register/permit-register';

export interface FlagEmblemDuplicateActivityDeps {
  permitRegister: PermitRegister;
}

export function createFlagEmblemDuplicateActivities(deps: FlagEmblemDuplicateActivityDeps) {
  return {
    /** The register records the duplicate on the original permit (history row + notice), once per key. */
    async recordPermitDuplicate(input: RecordDuplicateRequest): Promise<PermitEntry> {
      try {
        return await deps.permitRegister.recordDuplicate(input);
      } catch (e) {
        if (e instanceof PermitRegisterError) throw ApplicationFailure.nonRetryable(e.message, e.code);
        throw e;
      }
    },
  };
}

export type FlagEmblemDuplicateActivities = ReturnType<typeof createFlagEmblemDuplicateActivities>;

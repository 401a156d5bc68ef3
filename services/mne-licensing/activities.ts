/** The MNE licensing services' own side effect: entering the licence in the e-licensing register (seed 001 ¶11(11)). */
import { ApplicationFailure } from '@temporalio/common';
import { PermitRegisterError, type EnterPermitRequest, type PermitEntry } from '../../register/permit-register';
import type { ServiceActivityDeps } from '../definition';

export function createMneActivities(deps: ServiceActivityDeps) {
  return {
    async enterMnePermit(input: EnterPermitRequest): Promise<PermitEntry> {
      try {
        return await deps.permitRegister.enterPermit(input);
      } catch (e) {
        if (e instanceof PermitRegisterError) throw ApplicationFailure.nonRetryable(e.message, e.code);
        throw e;
      }
    },
  };
}

export type MneActivities = ReturnType<typeof createMneActivities>;

/**
 * Activities over the register, for workflows (the death-notice workflow, seed 004 ¶50). Thin: the
 * register service does the work; idempotency keys come from the workflow (workflowId + entry), so a
 * retried activity never annuls twice or sends the holder a second notice.
 * A register refusal (the entry is no longer live) is reported as such, not retried.
 */
import { ApplicationFailure } from '@temporalio/common';
import { isDomainError } from '../domain/errors';
import type { RegisterService } from './service';

export interface LiveEntryRef {
  ancn: string;
  register: 'permits' | 'notifications';
  status: string;
}

export interface RevokeForDeathInput {
  ancn: string;
  noticeId: string;
  dateOfDeath: string;
  idempotencyKey: string;
}

export interface RevokeForDeathResult {
  ancn: string;
  outcome: 'revoked' | 'already-closed';
  /** ANCN of the register-maintenance notice (when revoked). */
  noticeAncn?: string;
  status: string;
}

export interface RegisterActivities {
  /** Every entry of the holder whose status still allows an annulment (active or suspended). */
  liveEntriesOfHolder(input: { holderRef: string }): Promise<LiveEntryRef[]>;
  revokeForDeath(input: RevokeForDeathInput): Promise<RevokeForDeathResult>;
}

const LIVE = new Set(['active', 'suspended']);
const SYSTEM = { subject: 'e-licensing-system', kind: 'system' as const };

export function createRegisterActivities(deps: { service: RegisterService }): RegisterActivities {
  const { service } = deps;
  return {
    async liveEntriesOfHolder({ holderRef }) {
      const all = await service.store.entriesOfHolder(holderRef);
      return all.filter((e) => LIVE.has(e.status)).map((e) => ({ ancn: e.ancn, register: e.register, status: e.status }));
    },

    async revokeForDeath(input) {
      try {
        const r = await service.apply(
          input.ancn,
          'revoke',
          {
            reason: `death of the holder on ${input.dateOfDeath}, notice ${input.noticeId} of the individuals database (seed 004 ¶50)`,
            idempotencyKey: input.idempotencyKey,
          },
          SYSTEM,
        );
        return { ancn: input.ancn, outcome: 'revoked', noticeAncn: r.notice.ancn, status: r.entry.status };
      } catch (e) {
        if (isDomainError(e) && e.code === 'CONFLICT') {
          // Closed meanwhile (terminated, revoked by staff…): nothing left to annul.
          const now = await service.store.getEntry(input.ancn);
          if (now && !LIVE.has(now.status)) return { ancn: input.ancn, outcome: 'already-closed', status: now.status };
        }
        if (isDomainError(e) && e.code !== 'UPSTREAM_UNAVAILABLE') throw ApplicationFailure.nonRetryable(e.message, e.code);
        throw e;
      }
    },
  };
}

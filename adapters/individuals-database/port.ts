/**
 * The state database of individuals (ЖТ МДБ) as a source of events. seed 004 ¶50: when an individual's
 * activity ends by death (Civil Code art. 13(2)), the database sends the e-licensing system a notice of
 * death; the system then annuls that person's permits and notifications automatically.
 *
 * Delivery is at-least-once: a handler that throws gets the same notice again (same noticeId), so the
 * handler must be idempotent by noticeId (the death-notice workflow's id is derived from it).
 */
import { z } from 'zod';
import { IinSchema } from '../../domain/identification-number';

export const DeathNoticeSchema = z.object({
  /** The database's own id of the notice: the same notice redelivered carries the same id. */
  noticeId: z.string().regex(/^[A-Za-z0-9._-]{1,100}$/, 'letters, digits, . _ - (at most 100)'),
  /** IIN of the deceased: 12 digits. */
  iin: IinSchema,
  /** YYYY-MM-DD */
  dateOfDeath: z.iso.date(),
  /** ISO 8601 moment the database sent it. */
  sentAt: z.iso.datetime({ offset: true }),
});
export type DeathNotice = z.infer<typeof DeathNoticeSchema>;

export type DeathNoticeHandler = (notice: DeathNotice) => Promise<void>;

export interface IndividualsDatabase {
  /** Subscribes to death notices; returns the unsubscribe function. */
  onDeathNotice(handler: DeathNoticeHandler): () => void;
}

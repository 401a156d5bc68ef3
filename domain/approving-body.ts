/**
 * Requests to approving state bodies (seed 004 ¶39; for seed 003, Annex 2 item 9(4)): the body's answer is
 * an external event (the e-gov gateway delivers it; the workflow gets the `approving-body-answer` signal).
 * One shape for every licensing service, so one gateway route serves them all.
 */
import { z } from 'zod';
import { isValidAncn } from './ancn';

export const ApprovingBodyAnswerSchema = z.object({
  /** The gateway's id of the request being answered. */
  requestId: z.string().min(1),
  /** The body's conclusion: the applicant meets its requirements (agreement) or not (¶39.6). */
  conforms: z.boolean(),
  summary: z.string().trim().min(1).max(5000),
  /** ANCN of the body's signed answer (ANS, seed 004 ¶10.7), when it sent one. */
  answerAncn: z.string().refine(isValidAncn, 'must be a valid ANCN').optional(),
  answeredAt: z.iso.datetime({ offset: true }),
});
export type ApprovingBodyAnswer = z.infer<typeof ApprovingBodyAnswerSchema>;

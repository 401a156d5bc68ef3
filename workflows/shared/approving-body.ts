/**
 * seed 004 ¶39: an approving state body's answer reaches the case as a signal (an outside system's event,
 * so it cannot be refused: the workflow checks it against domain/approving-body.ts and ignores a malformed
 * one; the API has already answered its sender 400).
 */
import { defineSignal } from '@temporalio/workflow';
import type { ApprovingBodyAnswer } from '../../domain/approving-body';

export const approvingBodyAnswerSignal = defineSignal<[ApprovingBodyAnswer]>('approving-body-answer');

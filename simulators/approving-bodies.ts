/**
 * Approving state bodies (seed 004 ¶39; seed 003 Annex 2 item 9(4)): they receive a licensor's request
 * and answer later. The answer reaches the case through the API as an external event
 * (POST /v1/applications/{id}/events/approving-body-answer, as the gateway), like a real body's answer
 * arriving through the e-gov gateway.
 *
 * Mount point (simulators/main.ts): `/approving-bodies`.
 *   POST /:body/requests                        header Idempotency-Key → 201 {requestId, body, sentAt}
 *   POST /_simulator/requests/:requestId/answer {conforms, summary}  → delivers the answer to the API
 *   GET  /_simulator/state
 * With `autoAnswerMs` set, every request is answered "conforms" after that delay.
 */
import express, { type Router } from 'express';
import { z } from 'zod';
import { bodyOf, idempotencyKeyOf, injectFaults, type SimulatorFaults } from './faults';
import { persisted, type SimulatorStore } from './store';

const RequestSchema = z.object({
  idempotencyKey: z.string().min(1),
  applicationId: z.string().min(1),
  requestAncn: z.string().optional(),
  body: z.string().min(1),
  applicantRef: z.string().min(1),
  question: z.string().min(1),
  answerBy: z.string().min(1),
});
const AnswerSchema = z.object({ conforms: z.boolean(), summary: z.string().trim().min(1).max(5000) });

interface StoredRequest extends z.infer<typeof RequestSchema> {
  requestId: string;
  sentAt: string;
  answer?: { conforms: boolean; summary: string; answeredAt: string; delivered: boolean; error?: string };
}

export interface ApprovingBodiesOptions {
  faults?: SimulatorFaults;
  random?: () => number;
  /** The API's base URL, where answers are delivered. */
  apiUrl?: string;
  /** Bearer token of the `gateway` role for delivering answers. */
  gatewayToken?: () => string | undefined;
  autoAnswerMs?: number;
  store?: SimulatorStore;
}

export function approvingBodiesRouter(opts: ApprovingBodiesOptions = {}): Router {
  const requests: StoredRequest[] = [];
  const router = express.Router();
  router.use(express.json({ limit: '64kb' }));
  router.use(injectFaults(opts.faults ?? {}, opts.random));
  // Requests and answers survive a restart, so request ids (and the answers' Idempotency-Keys) are never reused.
  router.use(
    persisted(opts.store, 'approving-bodies', {
      snapshot: () => structuredClone(requests),
      restore: (s: StoredRequest[]) => void requests.splice(0, requests.length, ...s),
    }).middleware,
  );

  const deliver = async (r: StoredRequest, answer: z.infer<typeof AnswerSchema>): Promise<StoredRequest['answer']> => {
    // A body's answer is one document: delivering the same answer again (a retry) sends it unchanged, so
    // the API recognises the repeat by its Idempotency-Key and does not signal the case twice.
    const same = r.answer && r.answer.conforms === answer.conforms && r.answer.summary === answer.summary;
    const answeredAt = same && r.answer ? r.answer.answeredAt : new Date().toISOString();
    const stored: NonNullable<StoredRequest['answer']> = { ...answer, answeredAt, delivered: false };
    r.answer = stored;
    if (!opts.apiUrl) {
      stored.error = 'no API URL configured';
      return stored;
    }
    const token = opts.gatewayToken?.();
    try {
      const res = await fetch(
        `${opts.apiUrl.replace(/\/+$/, '')}/v1/applications/${encodeURIComponent(r.applicationId)}/events/approving-body-answer`,
        {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            'idempotency-key': `${r.requestId}:answer`,
            ...(token ? { authorization: `Bearer ${token}` } : {}),
          },
          body: JSON.stringify({ requestId: r.requestId, conforms: answer.conforms, summary: answer.summary, answeredAt }),
          signal: AbortSignal.timeout(10_000),
        },
      );
      stored.delivered = res.ok;
      if (!res.ok) stored.error = `API answered HTTP ${res.status}: ${await res.text()}`;
    } catch (e) {
      stored.error = e instanceof Error ? e.message : String(e);
    }
    return stored;
  };

  router.post('/:body/requests', (req, res) => {
    const key = idempotencyKeyOf(req, res);
    const body = key && bodyOf(RequestSchema, req, res);
    if (!key || !body) return;
    const known = requests.find((r) => r.idempotencyKey === key);
    if (known) {
      res.status(200).json({ requestId: known.requestId, body: known.body, sentAt: known.sentAt });
      return;
    }
    const r: StoredRequest = {
      ...body,
      idempotencyKey: key,
      requestId: `${req.params.body}-req-${String(requests.length + 1).padStart(6, '0')}`,
      sentAt: new Date().toISOString(),
    };
    requests.push(r);
    if (opts.autoAnswerMs !== undefined) {
      setTimeout(() => void deliver(r, { conforms: true, summary: 'No objections within the body’s remit.' }), opts.autoAnswerMs).unref();
    }
    res.status(201).json({ requestId: r.requestId, body: r.body, sentAt: r.sentAt });
  });

  router.post('/_simulator/requests/:requestId/answer', async (req, res) => {
    const r = requests.find((x) => x.requestId === req.params.requestId);
    if (!r) {
      res.status(404).json({ message: `no request ${req.params.requestId}` });
      return;
    }
    const answer = bodyOf(AnswerSchema, req, res);
    if (!answer) return;
    res.json(await deliver(r, answer));
  });

  router.get('/_simulator/state', (_req, res) => {
    res.json({ requests });
  });
  return router;
}

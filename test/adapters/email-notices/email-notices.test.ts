/**
 * One contract, three faces: the in-memory fake, the HTTP client against the mail-relay simulator
 * (simulators/email-notices.ts) and the SMTP client against the simulator's SMTP door
 * (simulators/smtp.ts; in clear, and with STARTTLS + AUTH) behave the same for the workflows. SMTP has
 * no idempotency key and no receipt of its own: its face recognises a retry by the Message-ID derived
 * from the key (the outbox shows one notice), but cannot say "duplicate" nor give the relay's clock.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import express, { type Router } from 'express';
import { IdempotencyConflictError } from '../../../adapters/cabinet/idempotent-log';
import { InMemoryEmailNotices } from '../../../adapters/email-notices/fake';
import { HttpEmailNotices } from '../../../adapters/email-notices/http';
import { EmailRejectedError, EmailUnavailableError, type EmailNotice, type EmailNotices } from '../../../adapters/email-notices/port';
import {
  buildMessage,
  dotStuff,
  encodeHeaderWords,
  messageIdFor,
  SmtpEmailNotices,
  type SmtpOptions,
} from '../../../adapters/email-notices/smtp';
import { emailNoticesRouter, emailNoticesSimulator } from '../../../simulators/email-notices';
import { decodeHeaderWords, parseMessage, startSmtpSimulator, type SmtpSimulator } from '../../../simulators/smtp';
import { MemorySimulatorStore } from '../../../simulators/store';
import { createEmailNotices } from '../../../adapters/email-notices';
import { ConfigError, loadConfig } from '../../../config';

let server: Server;
let base: string;
const store = new MemorySimulatorStore();
/** Built inside a test: a router made later on the same store stands for the restarted simulator process. */
let restartedRouter: Router | undefined;
let tmp: string;
/** The SMTP doors: in clear; STARTTLS with AUTH PLAIN and LOGIN; LOGIN only; implicit TLS; a fault on every MAIL. */
let smtp: SmtpSimulator;
let smtpTls: SmtpSimulator;
let smtpImplicit: SmtpSimulator;
let smtpLogin: SmtpSimulator;
let smtpDown: SmtpSimulator;
let caPem: string;
const USERS = { notices: 'pa55-wörd' };

beforeAll(async () => {
  const app = express();
  const sim = emailNoticesSimulator({ store });
  app.use('/email-notices', sim.router);
  // A self-signed certificate for 127.0.0.1: the STARTTLS client trusts it as its CA.
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'smtp-tls-'));
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-keyout',
      'key.pem',
      '-out',
      'cert.pem',
      '-days',
      '2',
      '-subj',
      '/CN=127.0.0.1',
      '-addext',
      'subjectAltName=IP:127.0.0.1',
    ],
    { cwd: tmp, stdio: 'pipe' },
  );
  caPem = fs.readFileSync(path.join(tmp, 'cert.pem'), 'utf8');
  const keyPem = fs.readFileSync(path.join(tmp, 'key.pem'), 'utf8');
  const door = { relay: sim.relay, persist: sim.persist, port: 0 };
  smtp = await startSmtpSimulator(door);
  smtpTls = await startSmtpSimulator({ ...door, tls: { cert: caPem, key: keyPem }, users: USERS });
  smtpLogin = await startSmtpSimulator({ ...door, tls: { cert: caPem, key: keyPem }, users: USERS, authMechanisms: ['LOGIN'] });
  smtpImplicit = await startSmtpSimulator({ ...door, tls: { cert: caPem, key: keyPem }, implicitTls: true, users: USERS });
  smtpDown = await startSmtpSimulator({ ...door, faults: { errorRate: 1 } });
  app.use('/restarted', (req, res, next) => (restartedRouter ? restartedRouter(req, res, next) : next()));
  app.use('/down', emailNoticesRouter({ faults: { errorRate: 1 } }));
  server = await new Promise<Server>((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  for (const s of [smtp, smtpTls, smtpLogin, smtpImplicit, smtpDown]) await s?.close();
  fs.rmSync(tmp, { recursive: true, force: true });
  await new Promise((r) => server.close(r));
});

const FROM = 'NCA notices <noreply@pki.example.kz>';
/** An SMTP client to a door; its outbox is read through the simulator's HTTP door (one outbox). */
const smtpClient = (port: number, extra: Partial<SmtpOptions> = {}): SmtpEmailNotices =>
  new SmtpEmailNotices({
    host: '127.0.0.1',
    port,
    from: FROM,
    starttls: false,
    timeoutMs: 5000,
    outbox: (to) => new HttpEmailNotices(`${base}/email-notices`).outbox(to),
    ...extra,
  });
const overTls = (port: number): SmtpEmailNotices =>
  smtpClient(port, { starttls: true, tls: { ca: caPem }, user: 'notices', password: USERS.notices });
/** Implicit TLS (port 465's way); `starttls: true` as configured by default, and not used on a TLS connection. */
const implicitTls = (port: number, extra: Partial<SmtpOptions> = {}): SmtpEmailNotices =>
  smtpClient(port, { implicitTls: true, starttls: true, tls: { ca: caPem }, user: 'notices', password: USERS.notices, ...extra });

const accepted = (key: string, to = 'me@example.kz') => ({
  idempotencyKey: key,
  to,
  applicationId: 'nca-certificate-issue-42',
  kind: 'acceptance-notice',
  subject: 'Application KZ16NTC00000001 accepted',
  body: 'Your application KZ16NTC00000001 is accepted. The result will be issued no later than 2026-12-04.',
});

/** `exact`: the receipt is the relay's own (its id, its clock, "duplicate"); SMTP gives none of these. */
const implementations: Array<[string, () => EmailNotices, { exact: boolean }]> = [
  ['InMemoryEmailNotices', () => new InMemoryEmailNotices(), { exact: true }],
  ['HttpEmailNotices + simulator', () => new HttpEmailNotices(`${base}/email-notices`), { exact: true }],
  ['SmtpEmailNotices + simulator (in clear)', () => smtpClient(smtp.port), { exact: false }],
  ['SmtpEmailNotices + simulator (STARTTLS, AUTH PLAIN)', () => overTls(smtpTls.port), { exact: false }],
  ['SmtpEmailNotices + simulator (STARTTLS, AUTH LOGIN)', () => overTls(smtpLogin.port), { exact: false }],
  ['SmtpEmailNotices + simulator (implicit TLS, AUTH PLAIN)', () => implicitTls(smtpImplicit.port), { exact: false }],
];

describe.each(implementations)('%s', (_name, make, face) => {
  it('sends a notice and shows it in the outbox', async () => {
    const relay = make();
    const to = `a${Math.random().toString(36).slice(2)}@example.kz`;
    const receipt = await relay.send(accepted(`k-${to}`, to));
    expect(receipt.duplicate).toBe(false);
    expect(await relay.outbox(to)).toEqual([
      expect.objectContaining({
        id: receipt.messageId,
        ...(face.exact ? { sentAt: receipt.sentAt } : {}),
        to,
        kind: 'acceptance-notice',
        subject: accepted('x').subject,
      }),
    ]);
  });

  it('the same key twice sends once', async () => {
    const relay = make();
    const to = `a${Math.random().toString(36).slice(2)}@example.kz`;
    const first = await relay.send(accepted(`k-${to}`, to));
    const second = await relay.send(accepted(`k-${to}`, to));
    expect(second.messageId).toBe(first.messageId);
    if (face.exact) expect(second).toEqual({ ...first, duplicate: true });
    expect(await relay.outbox(to)).toHaveLength(1);
  });

  it('the same key with a different notice is a conflict and sends nothing', async () => {
    const relay = make();
    const to = `a${Math.random().toString(36).slice(2)}@example.kz`;
    await relay.send(accepted(`k-${to}`, to));
    const conflict = await relay.send({ ...accepted(`k-${to}`, to), body: 'something else' }).catch((e: unknown) => e);
    // Over SMTP the relay's 550 is a final refusal; over HTTP and in memory, the conflict itself. Neither is retried.
    expect(conflict).toBeInstanceOf(face.exact ? IdempotencyConflictError : EmailRejectedError);
    expect((conflict as { retryable: boolean }).retryable).toBe(false);
    expect((await relay.outbox(to)).map((m) => m.body)).toEqual([accepted('x').body]);
  });

  it('an invalid address is refused with the field named, and nothing is sent', async () => {
    const relay = make();
    const before = (await relay.outbox()).length;
    const error = await relay.send(accepted(`k-${Math.random()}`, 'not an address')).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(EmailRejectedError);
    expect((error as Error).message).toContain('to');
    expect(await relay.outbox()).toHaveLength(before);
  });

  it('the outbox lists every address, oldest first, and filters by one', async () => {
    const relay = make();
    const a = `a${Math.random().toString(36).slice(2)}@example.kz`;
    const b = `b${Math.random().toString(36).slice(2)}@example.kz`;
    await relay.send({ ...accepted(`1-${a}`, a), body: 'first' });
    await relay.send({ ...accepted(`2-${b}`, b), body: 'other applicant' });
    await relay.send({ ...accepted(`3-${a}`, a), body: 'second' });
    expect((await relay.outbox(a)).map((m) => m.body)).toEqual(['first', 'second']);
    expect((await relay.outbox(b)).map((m) => m.body)).toEqual(['other applicant']);
    const all = (await relay.outbox()).map((m) => m.to);
    expect(all.indexOf(a)).toBeLessThan(all.indexOf(b));
  });
});

describe('the mail-relay simulator', () => {
  it('keeps its outbox across a restart (simulators/store.ts), so a retried key still sends once', async () => {
    const to = `r${Math.random().toString(36).slice(2)}@example.kz`;
    const first = await new HttpEmailNotices(`${base}/email-notices`).send(accepted(`k-${to}`, to));
    restartedRouter = emailNoticesRouter({ store });
    const restarted = new HttpEmailNotices(`${base}/restarted`);
    expect(await restarted.outbox(to)).toEqual([expect.objectContaining({ id: first.messageId })]);
  });

  it('an outage (503) or an unreachable relay is retryable', async () => {
    await expect(new HttpEmailNotices(`${base}/down`).send(accepted('k-down'))).rejects.toBeInstanceOf(EmailUnavailableError);
    await expect(new HttpEmailNotices('http://127.0.0.1:9/email-notices', 2000).send(accepted('k-down'))).rejects.toBeInstanceOf(
      EmailUnavailableError,
    );
  });

  it('refuses an Idempotency-Key header that contradicts the body', async () => {
    const res = await fetch(`${base}/email-notices/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'idempotency-key': 'header-key' },
      body: JSON.stringify(accepted('body-key')),
    });
    expect(res.status).toBe(400);
  });
});

describe('the SMTP client', () => {
  const notice = (key: string, to: string, over: Partial<EmailNotice> = {}): EmailNotice => ({ ...accepted(key, to), ...over });
  const someone = (): string => `s${Math.random().toString(36).slice(2)}@example.kz`;

  it('carries a Kazakh subject (RFC 2047) and a body with dot-leading lines (dot-stuffing) intact, 8bit where offered', async () => {
    const to = someone();
    const body = 'Өтінішіңіз қабылданды.\n.\n.hidden line\n..two dots\nСоңы.';
    const subject = 'Өтініш KZ16NTC00000001 қабылданды: ҚР Ұлттық куәландыру орталығының тіркеу куәліктерін беру';
    await smtpClient(smtp.port).send(notice(`k-${to}`, to, { subject, body }));
    expect(await new HttpEmailNotices(`${base}/email-notices`).outbox(to)).toEqual([expect.objectContaining({ subject, body })]);
  });

  it('the message: RFC 5322 headers, Message-ID from the idempotency key, encoded words of at most 75 characters', () => {
    const n = notice('case-1:email:acceptance', 'me@example.kz', { subject: 'Өтініш қабылданды — '.repeat(5) });
    const date = new Date('2026-12-03T10:00:00Z');
    const m = buildMessage(n, { from: FROM, date, eightBit: false });
    expect(m).toContain(`Message-ID: <${messageIdFor('case-1:email:acceptance', FROM)}>\r\n`);
    expect(messageIdFor('case-1:email:acceptance', FROM)).toBe(messageIdFor('case-1:email:acceptance', FROM));
    expect(messageIdFor('case-1:email:acceptance', FROM)).not.toBe(messageIdFor('case-2:email:acceptance', FROM));
    expect(messageIdFor('k', FROM)).toMatch(/^[0-9a-f]{40}@pki\.example\.kz$/);
    expect(m).toContain('Date: Thu, 03 Dec 2026 10:00:00 +0000\r\n');
    expect(m).toContain('Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 7bit\r\n');
    const { headers } = parseMessage(m);
    expect(decodeHeaderWords(headers.get('subject') ?? '')).toBe(n.subject);
    for (const line of m.split('\r\n\r\n')[0]!.split('\r\n')) expect(line.length).toBeLessThanOrEqual(78);
    for (const word of encodeHeaderWords(n.subject).split('\r\n ')) expect(word.length).toBeLessThanOrEqual(75);
    // Non-ASCII text to a relay without 8BITMIME: base64, lines of 76.
    const kk = buildMessage(notice('k', 'me@example.kz', { body: 'Өтінішіңіз қабылданды. '.repeat(20) }), {
      from: FROM,
      date,
      eightBit: false,
    });
    expect(kk).toContain('Content-Transfer-Encoding: base64\r\n');
    expect(parseMessage(kk).body).toBe('Өтінішіңіз қабылданды. '.repeat(20));
    expect(dotStuff('a\r\n.\r\n.b\r\nc')).toBe('a\r\n..\r\n..b\r\nc');
  });

  it('a 4xx reply (the relay busy) is retryable; a 5xx (wrong password) is final; so is a relay without the STARTTLS asked for', async () => {
    const down = await smtpClient(smtpDown.port)
      .send(notice('k-4xx', someone()))
      .catch((e: unknown) => e);
    expect(down).toBeInstanceOf(EmailUnavailableError);
    expect((down as Error).message).toContain('451');
    const wrong = await smtpClient(smtpTls.port, { starttls: true, tls: { ca: caPem }, user: 'notices', password: 'nope' })
      .send(notice('k-5xx', someone()))
      .catch((e: unknown) => e);
    expect(wrong).toBeInstanceOf(EmailRejectedError);
    expect((wrong as Error).message).toContain('535');
    expect((wrong as Error).message).not.toContain('nope');
    const clear = await smtpClient(smtp.port, { starttls: true })
      .send(notice('k-tls', someone()))
      .catch((e: unknown) => e);
    expect(clear).toBeInstanceOf(EmailRejectedError);
    expect((clear as Error).message).toContain('STARTTLS');
    // An untrusted certificate: the handshake fails, nothing is sent (retryable: the operator fixes the CA).
    const untrusted = await smtpClient(smtpTls.port, { starttls: true, user: 'notices', password: USERS.notices })
      .send(notice('k-ca', someone()))
      .catch((e: unknown) => e);
    expect(untrusted).toBeInstanceOf(EmailUnavailableError);
  });

  it('implicit TLS: nothing in clear (a relay that speaks clear, or an untrusted certificate, fails the handshake: retryable); no STARTTLS on the TLS connection', async () => {
    const clear = await implicitTls(smtp.port)
      .send(notice('k-implicit-clear', someone()))
      .catch((e: unknown) => e);
    expect(clear).toBeInstanceOf(EmailUnavailableError);
    const untrusted = await implicitTls(smtpImplicit.port, { tls: {} })
      .send(notice('k-implicit-ca', someone()))
      .catch((e: unknown) => e);
    expect(untrusted).toBeInstanceOf(EmailUnavailableError);
    // A STARTTLS client at the implicit door would be answered 502: the client sees its connection is TLS and sends none.
    const to = someone();
    await implicitTls(smtpImplicit.port).send(notice('k-implicit', to));
    expect(await implicitTls(smtpImplicit.port).outbox(to)).toHaveLength(1);
    // The door itself refuses a client that does not start with TLS.
    const plain = await smtpClient(smtpImplicit.port, { timeoutMs: 1000 })
      .send(notice('k-implicit-plain', someone()))
      .catch((e: unknown) => e);
    expect(plain).toBeInstanceOf(EmailUnavailableError);
  });

  it('an unreachable relay is retryable; the password never goes in clear to a remote host', async () => {
    await expect(smtpClient(9).send(notice('k-none', someone()))).rejects.toBeInstanceOf(EmailUnavailableError);
    const remote = new SmtpEmailNotices({
      host: '192.0.2.1',
      port: 25,
      from: FROM,
      starttls: false,
      user: 'u',
      password: 'p',
      timeoutMs: 500,
    });
    // 192.0.2.1 (TEST-NET-1) never answers: the client gives up on the greeting before any password could be sent.
    await expect(remote.send(notice('k-remote', someone()))).rejects.toBeInstanceOf(EmailUnavailableError);
    await expect(new SmtpEmailNotices({ host: '127.0.0.1', port: 25, from: FROM, starttls: false }).outbox()).rejects.toBeInstanceOf(
      EmailUnavailableError,
    );
  });
});

describe('configuration (EMAIL_NOTICES_SMTP_*)', () => {
  it("EMAIL_NOTICES_SMTP_HOST selects the SMTP client, whose outbox outside `real` mode is the simulator's", async () => {
    const config = loadConfig({
      SIMULATORS_URL: base,
      EMAIL_NOTICES_SMTP_HOST: '127.0.0.1',
      EMAIL_NOTICES_SMTP_PORT: String(smtp.port),
      EMAIL_NOTICES_SMTP_FROM: FROM,
      EMAIL_NOTICES_SMTP_STARTTLS: 'false',
    });
    expect(config.adapters.emailNoticesSmtp).toEqual({ host: '127.0.0.1', port: smtp.port, from: FROM, starttls: false });
    const relay = createEmailNotices(config.adapters);
    expect(relay).toBeInstanceOf(SmtpEmailNotices);
    const to = `c${Math.random().toString(36).slice(2)}@example.kz`;
    await relay.send(accepted(`cfg-${to}`, to));
    expect(await relay.outbox(to)).toHaveLength(1);
    expect(createEmailNotices(loadConfig({ SIMULATORS_URL: base }).adapters)).toBeInstanceOf(HttpEmailNotices);
  });

  it('EMAIL_NOTICES_SMTP_TLS=implicit: TLS from the first byte, on port 465 unless another is given', () => {
    const env = { EMAIL_NOTICES_SMTP_HOST: 'smtp.example.kz', EMAIL_NOTICES_SMTP_FROM: FROM, EMAIL_NOTICES_SMTP_TLS: 'implicit' };
    expect(loadConfig(env).adapters.emailNoticesSmtp).toEqual({
      host: 'smtp.example.kz',
      port: 465,
      from: FROM,
      starttls: true,
      implicitTls: true,
    });
    expect(loadConfig({ ...env, EMAIL_NOTICES_SMTP_PORT: '2465' }).adapters.emailNoticesSmtp?.port).toBe(2465);
    expect(loadConfig({ EMAIL_NOTICES_SMTP_HOST: 'smtp.example.kz', EMAIL_NOTICES_SMTP_FROM: FROM }).adapters.emailNoticesSmtp?.port).toBe(
      587,
    );
    expect(() => loadConfig({ ...env, EMAIL_NOTICES_SMTP_TLS: 'yes' })).toThrow(/EMAIL_NOTICES_SMTP_TLS/);
  });

  it('a host without a sender, or a user without a password, stops the start naming the variable', () => {
    expect(() => loadConfig({ EMAIL_NOTICES_SMTP_HOST: 'smtp.example.kz' })).toThrow(ConfigError);
    expect(() => loadConfig({ EMAIL_NOTICES_SMTP_HOST: 'smtp.example.kz' })).toThrow(/EMAIL_NOTICES_SMTP_FROM/);
    expect(() => loadConfig({ EMAIL_NOTICES_SMTP_HOST: 'h', EMAIL_NOTICES_SMTP_FROM: FROM, EMAIL_NOTICES_SMTP_USER: 'u' })).toThrow(
      /EMAIL_NOTICES_SMTP_PASSWORD/,
    );
  });
});

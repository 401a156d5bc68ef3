/**
 * SMTP client for the mail relay (RFC 5321), over node:net and node:tls: the real protocol any mail
 * server speaks, so production points EMAIL_NOTICES_SMTP_* at its relay and `make start` at the
 * simulator's SMTP door (simulators/smtp.ts). One connection per notice:
 *
 *   [TLS handshake first, with implicit TLS: RFC 8314 §3.3, port 465] → 220 greeting → EHLO (HELO when
 *   EHLO is unknown) → STARTTLS and EHLO again (when configured and the connection is not TLS already;
 *   refused when the server does not offer it) → AUTH PLAIN or LOGIN (when a user is configured; never in clear
 *   but to a loopback host) → MAIL FROM → RCPT TO → DATA (dot-stuffed, RFC 5321 §4.5.2) → QUIT.
 *
 * The message (RFC 5322, MIME RFC 2045): UTF-8 text; a non-ASCII or long subject as RFC 2047 encoded
 * words; the body 8bit when the server offers 8BITMIME (RFC 6152), base64 otherwise. SMTP has no
 * idempotency key: the Message-ID is derived from ours (its SHA-256), so the same notice sent again
 * carries the same Message-ID and a relay (the simulator does) recognises the retry; the key itself and
 * the case travel in X-Idempotency-Key, X-Application-Id and X-Notice-Kind.
 *
 * Errors (the port's): a 4xx reply, a dropped or silent connection → EmailUnavailableError (retry);
 * a 5xx reply → EmailRejectedError (final).
 */
import { createHash } from 'node:crypto';
import net from 'node:net';
import os from 'node:os';
import tls from 'node:tls';
import type { SmtpRelaySettings } from '../../config';
import { describeIssues } from '../../domain/zod-issues';
import {
  EmailNoticeSchema,
  EmailRejectedError,
  EmailUnavailableError,
  type EmailNotice,
  type EmailNotices,
  type EmailSendReceipt,
  type SentEmailNotice,
} from './port';

export interface SmtpOptions extends SmtpRelaySettings {
  /** TLS settings for the handshake (a private CA in tests; the system's CAs otherwise, NODE_EXTRA_CA_CERTS). */
  tls?: Pick<tls.ConnectionOptions, 'ca' | 'servername' | 'rejectUnauthorized'>;
  /** May the password go without TLS (default: only to a loopback host, e.g. the simulator under `make start`)? */
  clearTextAuth?: boolean;
  /** The name sent with EHLO (default: this host's name). */
  clientName?: string;
  /** Each reply's wait (default 30 s; RFC 5321 §4.5.3.2 allows minutes, a notice is retried instead). */
  timeoutMs?: number;
  /** Where the outbox is read (the simulator's HTTP door); a real relay has none. */
  outbox?: (to?: string) => Promise<SentEmailNotice[]>;
}

export interface SmtpReply {
  code: number;
  lines: string[];
}

/** The Message-ID of a notice: the same key gives the same id (RFC 5322 §3.6.4 msg-id). */
export function messageIdFor(idempotencyKey: string, from: string): string {
  const domain = /@([A-Za-z0-9.-]+)>?\s*$/.exec(from)?.[1] ?? 'localhost';
  return `${createHash('sha256').update(idempotencyKey).digest('hex').slice(0, 40)}@${domain}`;
}

/** RFC 2047: a header value as encoded words (UTF-8, B), each ≤ 75 characters, folded between words. */
export function encodeHeaderWords(value: string): string {
  // Printable ASCII that fits a line after the longest header name here ("X-Idempotency-Key: ") goes as it is.
  if (/^[\x20-\x7e]*$/.test(value) && value.length <= 58 && !value.includes('=?')) return value;
  const words: string[] = [];
  let chunk = '';
  for (const ch of value) {
    // 33 bytes → 44 base64 characters; with "=?UTF-8?B?" and "?=" a word is 56 characters, so a line
    // with the header's name stays within RFC 5322's 78 (and each word within RFC 2047's 75).
    if (Buffer.byteLength(chunk + ch) > 33) {
      words.push(chunk);
      chunk = '';
    }
    chunk += ch;
  }
  if (chunk) words.push(chunk);
  return words.map((w) => `=?UTF-8?B?${Buffer.from(w).toString('base64')}?=`).join('\r\n ');
}

/** RFC 5321 §4.5.2: a line beginning with "." gets another, so no line of the message ends DATA early. */
export function dotStuff(message: string): string {
  return message
    .split('\r\n')
    .map((l) => (l.startsWith('.') ? `.${l}` : l))
    .join('\r\n');
}

/** RFC 5322 §3.3 date-time, in UTC. */
function rfc5322Date(d: Date): string {
  const days = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
  const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
  const p = (n: number): string => String(n).padStart(2, '0');
  return `${days[d.getUTCDay()]}, ${p(d.getUTCDate())} ${months[d.getUTCMonth()]} ${d.getUTCFullYear()} ${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())} +0000`;
}

/** The whole message (headers, blank line, body), CRLF line ends, not yet dot-stuffed. */
export function buildMessage(notice: EmailNotice, o: { from: string; date: Date; eightBit: boolean }): string {
  const text = notice.body.replace(/\r?\n/g, '\r\n');
  const ascii = Buffer.byteLength(text) === text.length;
  const longLine = text.split('\r\n').some((l) => Buffer.byteLength(l) > 998);
  const encoding = longLine || (!ascii && !o.eightBit) ? 'base64' : ascii ? '7bit' : '8bit';
  const body =
    encoding === 'base64'
      ? (
          Buffer.from(text)
            .toString('base64')
            .match(/.{1,76}/g) ?? []
        ).join('\r\n')
      : text;
  const headers = [
    `From: ${o.from}`,
    `To: ${notice.to}`,
    `Subject: ${encodeHeaderWords(notice.subject)}`,
    `Date: ${rfc5322Date(o.date)}`,
    `Message-ID: <${messageIdFor(notice.idempotencyKey, o.from)}>`,
    'MIME-Version: 1.0',
    'Content-Type: text/plain; charset=utf-8',
    `Content-Transfer-Encoding: ${encoding}`,
    `X-Idempotency-Key: ${encodeHeaderWords(notice.idempotencyKey)}`,
    `X-Application-Id: ${encodeHeaderWords(notice.applicationId)}`,
    `X-Notice-Kind: ${encodeHeaderWords(notice.kind)}`,
  ];
  return `${headers.join('\r\n')}\r\n\r\n${body}`;
}

const LOOPBACK = new Set(['127.0.0.1', '::1', 'localhost']);

/** One SMTP conversation: replies read line by line, each with a timeout. */
class SmtpSession {
  private socket: net.Socket;
  private buffer = '';
  private waiting: { resolve: (r: SmtpReply) => void; reject: (e: Error) => void } | undefined;
  private failure: Error | undefined;
  private pending: string[] = [];
  /** Replies that arrived before anyone asked (a server may answer early). */
  private readonly replies: SmtpReply[] = [];
  secure = false;

  constructor(
    socket: net.Socket,
    private readonly where: string,
    private readonly timeoutMs: number,
  ) {
    this.socket = socket;
    this.attach(socket);
  }

  private attach(socket: net.Socket): void {
    socket.setEncoding('utf8');
    socket.on('data', (d: string) => this.onData(d));
    socket.on('error', (e) => this.fail(new EmailUnavailableError(`SMTP ${this.where}: ${e.message}`)));
    socket.on('close', () => this.fail(new EmailUnavailableError(`SMTP ${this.where}: connection closed`)));
  }

  private fail(e: Error): void {
    this.failure ??= e;
    const w = this.waiting;
    this.waiting = undefined;
    w?.reject(e);
  }

  private onData(d: string): void {
    this.buffer += d;
    let i: number;
    while ((i = this.buffer.indexOf('\n')) >= 0) {
      const line = this.buffer.slice(0, i).replace(/\r$/, '');
      this.buffer = this.buffer.slice(i + 1);
      this.pending.push(line);
      // The last line of a reply: the code followed by a space (or nothing), RFC 5321 §4.2.1.
      if (/^\d{3}(?: |$)/.test(line)) {
        const reply = { code: Number(line.slice(0, 3)), lines: this.pending.map((l) => l.slice(4)) };
        this.pending = [];
        const w = this.waiting;
        this.waiting = undefined;
        if (w) w.resolve(reply);
        else this.replies.push(reply);
      }
    }
  }

  read(): Promise<SmtpReply> {
    const early = this.replies.shift();
    if (early) return Promise.resolve(early);
    if (this.failure) return Promise.reject(this.failure);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(
        () => this.fail(new EmailUnavailableError(`SMTP ${this.where}: no reply in ${this.timeoutMs} ms`)),
        this.timeoutMs,
      );
      this.waiting = {
        resolve: (r) => {
          clearTimeout(timer);
          resolve(r);
        },
        reject: (e) => {
          clearTimeout(timer);
          reject(e);
        },
      };
    });
  }

  /** Sends a line (or the data block) and reads the reply; `expect` lists the accepted codes. */
  async command(line: string, expect: number[], shown = line): Promise<SmtpReply> {
    this.socket.write(`${line}\r\n`);
    return check(await this.read(), expect, shown);
  }

  async upgrade(options: SmtpOptions['tls'], host: string): Promise<void> {
    // RFC 3207 §4.2: nothing read before the handshake counts; the session starts over.
    this.buffer = '';
    this.pending = [];
    this.replies.splice(0);
    const plain = this.socket;
    plain.removeAllListeners('data');
    plain.removeAllListeners('close');
    const secure = tls.connect({ socket: plain, host, ...tlsName(host), ...options });
    await new Promise<void>((resolve, reject) => {
      secure.once('secureConnect', resolve);
      secure.once('error', (e: Error) => reject(new EmailUnavailableError(`SMTP ${this.where}: TLS handshake failed: ${e.message}`)));
    });
    this.socket = secure;
    this.attach(secure);
    this.secure = true;
  }

  close(): void {
    this.socket.destroy();
  }
}

/** `host` is what the certificate must name (a DNS name or an IP address in subjectAltName); SNI only for a name. */
function tlsName(host: string): { servername?: string } {
  return net.isIP(host) ? {} : { servername: host };
}

function check(reply: SmtpReply, expect: number[], what: string): SmtpReply {
  if (expect.includes(reply.code)) return reply;
  const text = `${reply.code} ${reply.lines.join(' ')}`.trim();
  // RFC 5321 §4.2.1: 4yz transient (retry), 5yz permanent.
  if (reply.code >= 500) throw new EmailRejectedError(`the mail relay refused ${what}: ${text}`);
  throw new EmailUnavailableError(`the mail relay answered ${what} with ${text}`);
}

/** The extensions an EHLO reply names (upper-case keyword → its parameters). */
function extensionsOf(reply: SmtpReply): Map<string, string[]> {
  const m = new Map<string, string[]>();
  for (const line of reply.lines.slice(1)) {
    const [kw, ...params] = line.trim().split(/\s+/);
    if (kw)
      m.set(
        kw.toUpperCase(),
        params.map((p) => p.toUpperCase()),
      );
  }
  return m;
}

/** The address inside "Name <addr>" or the address itself. */
function addressOf(from: string): string {
  return /<([^>]+)>/.exec(from)?.[1] ?? from.trim();
}

export class SmtpEmailNotices implements EmailNotices {
  constructor(
    private readonly o: SmtpOptions,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async send(notice: EmailNotice): Promise<EmailSendReceipt> {
    const parsed = EmailNoticeSchema.safeParse(notice);
    if (!parsed.success) throw new EmailRejectedError(`invalid e-mail notice: ${describeIssues(parsed.error)}`);
    const n = parsed.data;
    const sentAt = this.now();
    const where = `${this.o.host}:${this.o.port}`;
    // With implicit TLS a failed handshake (an untrusted certificate, a relay speaking clear) is the socket's
    // 'error': EmailUnavailableError like a refused connection, retried while the operator fixes it.
    const socket = this.o.implicitTls
      ? tls.connect({ host: this.o.host, port: this.o.port, ...tlsName(this.o.host), ...this.o.tls })
      : net.connect({ host: this.o.host, port: this.o.port });
    const s = new SmtpSession(socket, where, this.o.timeoutMs ?? 30_000);
    s.secure = this.o.implicitTls === true;
    try {
      check(await s.read(), [220], 'the connection');
      let ext = await this.hello(s);
      if (this.o.starttls && !s.secure) {
        if (!ext.has('STARTTLS'))
          throw new EmailRejectedError(`the mail relay ${where} does not offer STARTTLS (EMAIL_NOTICES_SMTP_STARTTLS)`);
        await s.command('STARTTLS', [220]);
        await s.upgrade(this.o.tls, this.o.host);
        ext = await this.hello(s);
      }
      if (this.o.user !== undefined) await this.authenticate(s, ext);
      const eightBit = ext.has('8BITMIME');
      await s.command(`MAIL FROM:<${addressOf(this.o.from)}>${eightBit ? ' BODY=8BITMIME' : ''}`, [250], 'MAIL FROM');
      // The address stays out of error messages (they reach logs and the case's history).
      await s.command(`RCPT TO:<${n.to}>`, [250, 251], 'RCPT TO');
      await s.command('DATA', [354]);
      const message = dotStuff(buildMessage(n, { from: this.o.from, date: sentAt, eightBit }));
      const done = await s.command(`${message}\r\n.`, [250], 'the message');
      await s.command('QUIT', [221]).catch(() => undefined);
      // The relay's own id when it names one ("queued as X"), else ours: the same key, the same Message-ID.
      const queued = /queued as (\S+)/i.exec(done.lines.join(' '))?.[1];
      return { messageId: queued ?? messageIdFor(n.idempotencyKey, this.o.from), sentAt: sentAt.toISOString(), duplicate: false };
    } finally {
      s.close();
    }
  }

  private async hello(s: SmtpSession): Promise<Map<string, string[]>> {
    const name = this.o.clientName ?? (os.hostname() || 'localhost');
    try {
      return extensionsOf(await s.command(`EHLO ${name}`, [250]));
    } catch (e) {
      // RFC 5321 §3.2: a server that does not know EHLO (500/502) is greeted with HELO, without extensions.
      if (!(e instanceof EmailRejectedError) || !/^the mail relay refused EHLO/.test(e.message)) throw e;
      await s.command(`HELO ${name}`, [250]);
      return new Map();
    }
  }

  /** RFC 4954: PLAIN when offered (RFC 4616), else LOGIN; the password never goes in clear but to a loopback host. */
  private async authenticate(s: SmtpSession, ext: Map<string, string[]>): Promise<void> {
    if (!s.secure && !(this.o.clearTextAuth ?? LOOPBACK.has(this.o.host)))
      throw new EmailRejectedError(
        'the SMTP password would travel in clear: set EMAIL_NOTICES_SMTP_STARTTLS=true or EMAIL_NOTICES_SMTP_TLS=implicit',
      );
    const mechanisms = ext.get('AUTH') ?? [];
    const user = this.o.user ?? '';
    const password = this.o.password ?? '';
    const b64 = (v: string): string => Buffer.from(v).toString('base64');
    if (mechanisms.includes('PLAIN')) {
      await s.command(`AUTH PLAIN ${b64(`\0${user}\0${password}`)}`, [235], 'AUTH PLAIN');
      return;
    }
    if (mechanisms.includes('LOGIN')) {
      await s.command('AUTH LOGIN', [334], 'AUTH LOGIN');
      await s.command(b64(user), [334], 'AUTH LOGIN (user)');
      await s.command(b64(password), [235], 'AUTH LOGIN (password)');
      return;
    }
    throw new EmailRejectedError(`the mail relay offers no AUTH PLAIN or LOGIN (offers: ${mechanisms.join(' ') || 'none'})`);
  }

  async outbox(to?: string): Promise<SentEmailNotice[]> {
    if (!this.o.outbox) throw new EmailUnavailableError('an SMTP relay keeps no outbox this service can read');
    return this.o.outbox(to);
  }
}

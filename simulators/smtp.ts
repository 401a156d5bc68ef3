/**
 * The mail-relay simulator's SMTP door (RFC 5321): what adapters/email-notices/smtp.ts talks to under
 * `make start` with EMAIL_NOTICES_SMTP_* set. A message it accepts lands in the same outbox as the HTTP
 * door (simulators/email-notices.ts, GET /email-notices/outbox). Nothing leaves the machine.
 *
 * Speaks EHLO/HELO, STARTTLS (when given a certificate; or TLS from the first byte, implicitTls), AUTH PLAIN and LOGIN (when given users; then
 * MAIL needs it), MAIL, RCPT, DATA (dot-stuffing undone), RSET, NOOP, QUIT. The message's headers are
 * read back into a notice: Subject (RFC 2047 encoded words), the body (7bit, 8bit, base64 or
 * quoted-printable), X-Idempotency-Key (else the Message-ID), X-Application-Id, X-Notice-Kind. A retry
 * (the same key, the same notice) is accepted and mailed once; the same key with another notice → 550;
 * an injected fault (errorRate) → 451 at MAIL, so a client retries.
 */
import net from 'node:net';
import tls from 'node:tls';
import { IdempotencyConflictError } from '../adapters/cabinet/idempotent-log';
import type { EmailNotices } from '../adapters/email-notices/port';
import { EmailNoticeSchema } from '../adapters/email-notices/port';
import { describeIssues } from '../domain/zod-issues';
import type { SimulatorFaults } from './ncanode';

export interface SmtpSimulatorOptions {
  relay: EmailNotices;
  /** Saves the outbox before the 250 that tells the client the message is taken. */
  persist?: () => void;
  host?: string;
  /** 0: any free port (tests). */
  port: number;
  /** The server name in the greeting. */
  name?: string;
  /** Offers STARTTLS with this certificate and key. */
  tls?: { cert: string; key: string };
  /** With `tls`: TLS from the first byte instead (implicit TLS, RFC 8314 §3.3, port 465), no STARTTLS offered. */
  implicitTls?: boolean;
  /** Requires AUTH with one of these (user → password). */
  users?: Record<string, string>;
  /** The AUTH mechanisms offered (default PLAIN and LOGIN). */
  authMechanisms?: ReadonlyArray<'PLAIN' | 'LOGIN'>;
  faults?: SimulatorFaults;
  random?: () => number;
}

export interface SmtpSimulator {
  port: number;
  close(): Promise<void>;
}

/** RFC 2047 encoded words (B and Q, any charset Buffer knows; UTF-8 in practice) back to text. */
export function decodeHeaderWords(v: string): string {
  return v.replace(/\?=\s+=\?/g, '?==?').replace(/=\?([^?]+)\?([BbQq])\?([^?]*)\?=/g, (_m, _charset: string, enc: string, text: string) =>
    enc.toUpperCase() === 'B'
      ? Buffer.from(text, 'base64').toString('utf8')
      : Buffer.from(
          text.replace(/_/g, ' ').replace(/=([0-9A-Fa-f]{2})/g, (_x, h: string) => String.fromCharCode(parseInt(h, 16))),
          'latin1',
        ).toString('utf8'),
  );
}

/** The headers (unfolded, lower-case names) and the decoded text body of a message as DATA carried it. */
export function parseMessage(raw: string): { headers: Map<string, string>; body: string } {
  const split = raw.indexOf('\r\n\r\n');
  const head = split >= 0 ? raw.slice(0, split) : raw;
  const rawBody = split >= 0 ? raw.slice(split + 4) : '';
  const headers = new Map<string, string>();
  for (const line of head.replace(/\r\n[ \t]/g, ' ').split('\r\n')) {
    const i = line.indexOf(':');
    if (i > 0) headers.set(line.slice(0, i).trim().toLowerCase(), line.slice(i + 1).trim());
  }
  const cte = (headers.get('content-transfer-encoding') ?? '7bit').toLowerCase();
  let body: string;
  if (cte === 'base64') body = Buffer.from(rawBody.replace(/\s+/g, ''), 'base64').toString('utf8');
  else if (cte === 'quoted-printable')
    body = Buffer.from(
      rawBody.replace(/=\r\n/g, '').replace(/=([0-9A-Fa-f]{2})/g, (_x, h: string) => String.fromCharCode(parseInt(h, 16))),
      'latin1',
    ).toString('utf8');
  else body = rawBody;
  return { headers, body: body.replace(/\r\n/g, '\n') };
}

export function startSmtpSimulator(o: SmtpSimulatorOptions): Promise<SmtpSimulator> {
  const name = o.name ?? 'mail-relay.simulator.local';
  const secureContext = o.tls ? tls.createSecureContext({ cert: o.tls.cert, key: o.tls.key }) : undefined;
  const sockets = new Set<net.Socket>();
  const mechanisms = o.authMechanisms ?? ['PLAIN', 'LOGIN'];

  if (o.implicitTls && !secureContext) throw new Error('implicit TLS needs a certificate and key (tls)');

  // With implicit TLS `plain` is already the TLS socket: the same conversation, never in clear.
  const onConnection = (plain: net.Socket): void => {
    sockets.add(plain);
    plain.on('close', () => sockets.delete(plain));
    let socket: net.Socket = plain;
    let secure = o.implicitTls === true;
    let authed = !o.users;
    let greeted = false;
    let from: string | undefined;
    let to: string[] = [];
    let buffer = '';
    let data: string[] | undefined;
    let login: { step: 'user' | 'password'; user?: string } | undefined;

    const reply = (line: string): void => {
      socket.write(`${line}\r\n`);
    };
    const reset = (): void => {
      from = undefined;
      to = [];
      data = undefined;
    };

    const accept = async (raw: string): Promise<void> => {
      const { headers, body } = parseMessage(raw);
      const messageId = (headers.get('message-id') ?? '').replace(/[<>]/g, '');
      const parsed = EmailNoticeSchema.safeParse({
        idempotencyKey: decodeHeaderWords(headers.get('x-idempotency-key') ?? messageId),
        to: to[0],
        subject: decodeHeaderWords(headers.get('subject') ?? ''),
        body: body.replace(/\n$/, ''),
        applicationId: decodeHeaderWords(headers.get('x-application-id') ?? 'unknown'),
        kind: decodeHeaderWords(headers.get('x-notice-kind') ?? 'mail'),
      });
      if (!parsed.success) return reply(`550 5.6.0 not a notice this relay takes: ${describeIssues(parsed.error)}`);
      try {
        const r = await o.relay.send(parsed.data);
        o.persist?.();
        reply(`250 2.0.0 Ok: queued as ${r.messageId}`);
      } catch (e) {
        if (e instanceof IdempotencyConflictError) return reply(`550 5.7.0 Message-ID already used for another message`);
        reply(`451 4.3.0 ${(e as Error).message}`);
      }
    };

    const onLine = async (line: string): Promise<void> => {
      if (data) {
        if (line === '.') {
          const raw = data.map((l) => (l.startsWith('..') ? l.slice(1) : l)).join('\r\n');
          data = undefined;
          await accept(raw);
          from = undefined;
          to = [];
          return;
        }
        data.push(line);
        return;
      }
      if (login) {
        const value = Buffer.from(line, 'base64').toString('utf8');
        if (login.step === 'user') {
          login = { step: 'password', user: value };
          return reply('334 UGFzc3dvcmQ6');
        }
        const ok = o.users?.[login.user ?? ''] === value;
        login = undefined;
        authed = ok;
        return reply(ok ? '235 2.7.0 Authentication successful' : '535 5.7.8 Authentication credentials invalid');
      }
      const [verb = '', ...rest] = line.split(' ');
      const arg = rest.join(' ');
      switch (verb.toUpperCase()) {
        case 'EHLO': {
          greeted = true;
          reset();
          const ext = ['8BITMIME', 'PIPELINING', 'SIZE 1048576'];
          if (secureContext && !secure) ext.push('STARTTLS');
          if (o.users) ext.push(`AUTH ${mechanisms.join(' ')}`);
          return reply([`250-${name} greets ${arg}`, ...ext.map((e, i) => `250${i === ext.length - 1 ? ' ' : '-'}${e}`)].join('\r\n'));
        }
        case 'HELO':
          greeted = true;
          reset();
          return reply(`250 ${name}`);
        case 'STARTTLS': {
          if (!secureContext || secure) return reply('502 5.5.1 STARTTLS not offered');
          reply('220 2.0.0 Ready to start TLS');
          plain.removeAllListeners('data');
          buffer = '';
          const upgraded = new tls.TLSSocket(plain, { isServer: true, secureContext });
          upgraded.setEncoding('utf8');
          upgraded.on('data', (d: string) => void onData(d));
          upgraded.on('error', () => plain.destroy());
          socket = upgraded;
          secure = true;
          greeted = false;
          reset();
          return;
        }
        case 'AUTH': {
          if (!o.users) return reply('502 5.5.1 AUTH not offered');
          const [mech = '', initial] = arg.split(' ');
          if (mech.toUpperCase() === 'PLAIN' && mechanisms.includes('PLAIN')) {
            const [, user = '', password = ''] = Buffer.from(initial ?? '', 'base64')
              .toString('utf8')
              .split('\0');
            authed = o.users[user] === password;
            return reply(authed ? '235 2.7.0 Authentication successful' : '535 5.7.8 Authentication credentials invalid');
          }
          if (mech.toUpperCase() === 'LOGIN' && mechanisms.includes('LOGIN')) {
            login = { step: 'user' };
            return reply('334 VXNlcm5hbWU6');
          }
          return reply('504 5.5.4 mechanism not supported');
        }
        case 'MAIL': {
          if (!greeted) return reply('503 5.5.1 EHLO first');
          if (!authed) return reply('530 5.7.0 Authentication required');
          if ((o.random ?? Math.random)() < (o.faults?.errorRate ?? 0)) return reply('451 4.3.0 simulated fault: try again later');
          const m = /^FROM:\s*<([^>]*)>/i.exec(arg);
          if (!m) return reply('501 5.5.4 MAIL FROM:<address>');
          from = m[1];
          to = [];
          return reply('250 2.1.0 Ok');
        }
        case 'RCPT': {
          if (from === undefined) return reply('503 5.5.1 MAIL first');
          const m = /^TO:\s*<([^>]+)>/i.exec(arg);
          if (!m?.[1]) return reply('501 5.5.4 RCPT TO:<address>');
          to.push(m[1]);
          return reply('250 2.1.5 Ok');
        }
        case 'DATA':
          if (to.length === 0) return reply('503 5.5.1 RCPT first');
          data = [];
          return reply('354 End data with <CR><LF>.<CR><LF>');
        case 'RSET':
          reset();
          return reply('250 2.0.0 Ok');
        case 'NOOP':
          return reply('250 2.0.0 Ok');
        case 'QUIT':
          reply('221 2.0.0 Bye');
          socket.end();
          return;
        default:
          return reply('500 5.5.2 command not recognised');
      }
    };

    // Lines are handled one after another (DATA's end awaits the outbox).
    let queue = Promise.resolve();
    const onData = (d: string): void => {
      buffer += d;
      let i: number;
      while ((i = buffer.indexOf('\n')) >= 0) {
        const line = buffer.slice(0, i).replace(/\r$/, '');
        buffer = buffer.slice(i + 1);
        queue = queue
          .then(() => onLine(line))
          .catch(() => {
            socket.destroy();
          });
      }
    };
    plain.setEncoding('utf8');
    plain.on('data', (d: string) => onData(d));
    plain.on('error', () => plain.destroy());
    reply(`220 ${name} ESMTP mail-relay simulator`);
  };
  const server =
    o.implicitTls && o.tls ? tls.createServer({ cert: o.tls.cert, key: o.tls.key }, onConnection) : net.createServer(onConnection);
  // A client that fails the handshake (an untrusted certificate, clear text) never reaches onConnection.
  server.on('tlsClientError', () => undefined);

  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(o.port, o.host ?? '127.0.0.1', () => {
      resolve({
        port: (server.address() as net.AddressInfo).port,
        close: () =>
          new Promise<void>((r) => {
            for (const s of sockets) s.destroy();
            server.close(() => r());
          }),
      });
    });
  });
}

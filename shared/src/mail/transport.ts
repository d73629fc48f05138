/**
 * The mail transport: the one seam between the sender and the outside world (STYLE habit 8).
 *
 * With `SMTP_URL` set, mail goes to that server through a pooled nodemailer SMTP transport.
 * Without it, each mail is written as an RFC 822 `.eml` file under `<dataDir>/outbox/`, so a
 * developer or a test can open exactly what a tenant would have received (API.md, env table).
 *
 * The transport never retries on its own: the outbox does (sender.ts), with its own backoff and
 * a record of every attempt in the database. The pool's internal requeue is therefore switched
 * off, so a failing send answers within the timeouts below and the row's lock is held briefly.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, open, rename, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import nodemailer from 'nodemailer';
import type { Config } from '../config';
import type { Logger } from '../logger';
import { assert } from '../assert';

export interface MailAttachment {
  filename: string;
  content: Buffer;
  contentType: string;
}

/** One mail, fully addressed; built by the sender from an outbox row. */
export interface MailMessage {
  /** The outbox row's id: names the `.eml` file, and is also sent as a header by the sender. */
  outboxId: string;
  from: string;
  to: string[];
  subject: string;
  text: string;
  /** Extra headers, e.g. `X-SeatLease-Notice`. */
  headers: Record<string, string>;
  /** `<…@…>`; stable per outbox row, so a resend after a crash carries the same Message-ID. */
  messageId: string;
  /** The Date header, and the `<sent-ts>` of a written `.eml` file. */
  date: Date;
  attachments: MailAttachment[];
}

export interface MailSendResult {
  messageId: string;
  /** Recipients the server refused while accepting the mail for the others. */
  rejected?: string[];
}

export interface MailTransport {
  /** Resolves once the server accepted the mail (or the file is in place); rejects otherwise. */
  send(msg: MailMessage): Promise<MailSendResult>;
  close(): void;
}

/** Connection limits: a dead or silent server fails a send within seconds, not minutes. */
const CONNECTION_TIMEOUT_MS = 5_000;
const GREETING_TIMEOUT_MS = 5_000;
const SOCKET_TIMEOUT_MS = 15_000;
const DNS_TIMEOUT_MS = 5_000;
const MAX_CONNECTIONS = 5;

export type MailTransportConfig = Pick<Config, 'SMTP_URL' | 'dataDir'>;

export function createMailTransport(config: MailTransportConfig, log: Logger): MailTransport {
  return config.SMTP_URL ? smtpTransport(config.SMTP_URL, log) : emlFileTransport(join(config.dataDir, 'outbox'), log);
}

const LOOPBACK_HOSTS = new Set(['localhost', '[::1]', '::1']);

function isLoopbackHost(hostname: string): boolean {
  return LOOPBACK_HOSTS.has(hostname.toLowerCase()) || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(hostname);
}

/** Removes the password from an SMTP URL for logs. */
function redactUrl(url: URL): string {
  const copy = new URL(url.toString());
  if (copy.password) copy.password = '***';
  return copy.toString();
}

function toNodemailerMessage(msg: MailMessage) {
  return {
    from: msg.from,
    to: msg.to,
    subject: msg.subject,
    text: msg.text,
    headers: msg.headers,
    messageId: msg.messageId,
    date: msg.date,
    attachments: msg.attachments.map((a) => ({ filename: a.filename, content: a.content, contentType: a.contentType })),
  };
}

function smtpTransport(smtpUrl: string, log: Logger): MailTransport {
  const url = new URL(smtpUrl);
  // A plain smtp:// server on this machine (a dev relay, a test server) gains nothing from
  // STARTTLS, and smtp-server's built-in certificate has expired (TOOLCHAIN.md). Anywhere else
  // nodemailer upgrades with STARTTLS whenever the server offers it. Query parameters of the URL
  // (`?requireTLS=true`, …) still override these defaults: nodemailer applies them last.
  const ignoreTLS = url.protocol === 'smtp:' && isLoopbackHost(url.hostname);
  const transporter = nodemailer.createTransport({
    url: smtpUrl,
    pool: true,
    maxConnections: MAX_CONNECTIONS,
    // The outbox retries with backoff and records each attempt; a pool that silently requeued
    // would stretch one attempt over seconds while the row stays locked.
    maxRequeues: 0,
    connectionTimeout: CONNECTION_TIMEOUT_MS,
    greetingTimeout: GREETING_TIMEOUT_MS,
    socketTimeout: SOCKET_TIMEOUT_MS,
    dnsTimeout: DNS_TIMEOUT_MS,
    ignoreTLS,
    logger: false,
  });
  log.info({ smtp: redactUrl(url), ignoreTLS }, 'mail transport: SMTP');
  return {
    async send(msg) {
      const info = await transporter.sendMail(toNodemailerMessage(msg));
      const rejected = (info.rejected ?? []).map(String);
      return { messageId: info.messageId || msg.messageId, ...(rejected.length > 0 ? { rejected } : {}) };
    },
    close() {
      transporter.close();
    },
  };
}

/** `2027-03-01T09:00:00.123Z` → `20270301T090000123Z`: sortable and safe in every file system. */
function fileTimestamp(date: Date): string {
  return date.toISOString().replace(/[-:.]/g, '');
}

function emlFileTransport(dir: string, log: Logger): MailTransport {
  // RFC 5322 lines end in CRLF; nodemailer's stream transport would otherwise write LF only.
  const transporter = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'windows' });
  log.info({ dir }, 'mail transport: .eml files (SMTP_URL unset)');
  return {
    async send(msg) {
      assert(/^[A-Za-z0-9-]+$/.test(msg.outboxId), `bad outbox id ${JSON.stringify(msg.outboxId)}`);
      const info = await transporter.sendMail(toNodemailerMessage(msg));
      const raw = info.message as Buffer;
      const name = `${fileTimestamp(msg.date)}-${msg.outboxId}.eml`;
      await mkdir(dir, { recursive: true });
      // Atomic: a reader listing *.eml never sees a half-written mail. The temporary name starts
      // with a dot and does not end in .eml, in the same folder so that rename(2) is atomic.
      const tmp = join(dir, `.${name}.${randomBytes(4).toString('hex')}.tmp`);
      const fh = await open(tmp, 'wx');
      try {
        await fh.writeFile(raw);
        await fh.sync();
      } catch (err) {
        await fh.close().catch(() => {});
        await unlink(tmp).catch(() => {});
        throw err;
      }
      await fh.close();
      try {
        await rename(tmp, join(dir, name));
      } catch (err) {
        await unlink(tmp).catch(() => {});
        throw err;
      }
      return { messageId: info.messageId || msg.messageId };
    },
    close() {
      transporter.close();
    },
  };
}

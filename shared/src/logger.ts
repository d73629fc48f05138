/** Structured logging with pino; every request log carries its request id. */
import pino from 'pino';

export type Logger = pino.Logger;

export function createLogger(service: string, level = process.env.LOG_LEVEL ?? 'info'): Logger {
  return pino({
    name: service,
    level,
    base: { service },
    redact: {
      paths: ['req.headers.authorization', 'req.headers["x-seatlease-internal"]', 'token', 'password', '*.token'],
      censor: '[redacted]',
    },
  });
}

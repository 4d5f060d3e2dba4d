import pino, { type Logger } from 'pino';

export type { Logger };

/** Structured JSON logs; secrets in headers are redacted. */
export function createLogger(level: string): Logger {
  return pino({
    level,
    redact: {
      paths: ['req.headers.authorization', 'req.headers.cookie', 'res.headers["set-cookie"]', 'apiKey', '*.apiKey', 'privateKey'],
      censor: '[redacted]',
    },
  });
}

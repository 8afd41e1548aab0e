import { pino, type DestinationStream, type Logger } from 'pino';

export type { Logger };

/**
 * One JSON line per event. Request logs carry route patterns, never raw paths
 * (they hold status tokens), and never bodies, addresses or secrets.
 */
export function createLogger(level: string, destination?: DestinationStream): Logger {
  const options = {
    level,
    base: { service: 'pressdesk' },
    redact: {
      paths: ['password', 'token', 'email', 'authorization', '*.password', '*.token', '*.email'],
      censor: '[redacted]',
    },
  };
  return destination ? pino(options, destination) : pino(options);
}

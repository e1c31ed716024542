import { pino, type DestinationStream, type Logger, type LoggerOptions } from 'pino';
import { serializeError } from './error-serializer.ts';

export type { Logger };
export { serializeError };

/**
 * One JSON line per event, with the service name on every line. Request and order ids are
 * added by child loggers where they exist. Errors are written through `serializeError`, which
 * keeps what identifies a failure and never the values a driver attaches to it.
 */
export function createLogger(service: string, options: { level?: string; destination?: DestinationStream } = {}): Logger {
  const opts: LoggerOptions = {
    level: options.level ?? process.env.LOG_LEVEL ?? 'info',
    base: { service },
    timestamp: pino.stdTimeFunctions.isoTime,
    serializers: { err: serializeError, error: serializeError },
    redact: {
      paths: [
        'req.headers.authorization',
        'req.headers.cookie',
        '*.password',
        '*.passwordHash',
        '*.password_hash',
        '*.refreshToken',
        '*.token',
      ],
      censor: '[redacted]',
    },
  };
  return options.destination ? pino(opts, options.destination) : pino(opts);
}

/** A logger that writes nothing, for tests that do not look at logs. */
export function silentLogger(): Logger {
  return pino({ level: 'silent' });
}

import { pino, type Logger, type LoggerOptions } from 'pino';

export type { Logger };

/**
 * One JSON line per event, with the service name on every line. Request and order ids are
 * added by child loggers where they exist.
 */
export function createLogger(service: string, options: { level?: string } = {}): Logger {
  const opts: LoggerOptions = {
    level: options.level ?? process.env.LOG_LEVEL ?? 'info',
    base: { service },
    timestamp: pino.stdTimeFunctions.isoTime,
    redact: {
      paths: ['req.headers.authorization', 'req.headers.cookie', '*.password', '*.refreshToken', '*.token'],
      censor: '[redacted]',
    },
  };
  return pino(opts);
}

/** A logger that writes nothing, for tests that do not look at logs. */
export function silentLogger(): Logger {
  return pino({ level: 'silent' });
}

import { pino, type DestinationStream, type Logger, type LoggerOptions } from 'pino';
import pretty from 'pino-pretty';
import { serializeError } from './error-serializer.ts';

export type { Logger };
export { serializeError };

export type LogFormat = 'json' | 'pretty';

/**
 * JSON lines for machines (a file, a pipe, a log collector), readable lines for a person at a
 * terminal. `LOG_FORMAT=json|pretty` decides; unset, a terminal gets the readable ones.
 */
export function logFormat(env: NodeJS.ProcessEnv = process.env, isTerminal = Boolean(process.stdout.isTTY)): LogFormat {
  const asked = env.LOG_FORMAT?.trim().toLowerCase();
  if (asked === 'json' || asked === 'pretty') return asked;
  return isTerminal ? 'pretty' : 'json';
}

/**
 * One JSON line per event, with the service name on every line (or one readable line each at
 * a terminal, see `logFormat`). Request and order ids are added by child loggers where they
 * exist. Errors are written through `serializeError`, which keeps what identifies a failure
 * and never the values a driver attaches to it.
 */
export function createLogger(
  service: string,
  options: { level?: string; destination?: DestinationStream; format?: LogFormat } = {},
): Logger {
  const opts: LoggerOptions = {
    level: options.level ?? process.env.LOG_LEVEL ?? 'info',
    base: { service },
    timestamp: pino.stdTimeFunctions.isoTime,
    serializers: { err: serializeError, error: serializeError },
    redact: {
      paths: [
        'req.headers.authorization',
        'req.headers.cookie',
        // At the top of a log call's object and one level down.
        'password',
        'passwordHash',
        'password_hash',
        'refreshToken',
        'token',
        '*.password',
        '*.passwordHash',
        '*.password_hash',
        '*.refreshToken',
        '*.token',
      ],
      censor: '[redacted]',
    },
  };
  const format = options.format ?? logFormat();
  if (format === 'pretty') {
    // Synchronous and in-process: a crash still prints its last lines in order.
    const stream = pretty({
      colorize: !options.destination && Boolean(process.stdout.isTTY),
      translateTime: 'SYS:HH:MM:ss',
      ignore: 'pid,hostname,service',
      messageFormat: '[{service}] {msg}',
      hideObject: false,
      sync: true,
      ...(options.destination ? { destination: options.destination } : {}),
    });
    return pino(opts, stream);
  }
  return options.destination ? pino(opts, options.destination) : pino(opts);
}

/** A logger that writes nothing, for tests that do not look at logs. */
export function silentLogger(): Logger {
  return pino({ level: 'silent' });
}

import { Writable } from 'node:stream';
import { createLogger, type Logger } from '../logging/logger.ts';

export interface WrittenLogs {
  /** The service's real logger (serializers, redaction), writing into memory. */
  logger: Logger;
  /** Every line written so far, parsed. */
  lines(): Record<string, unknown>[];
  /** Everything written so far, as the log file would hold it. */
  text(): string;
}

/** For tests of what reaches a log: the same logger a service makes, kept in memory. */
export function writtenLogs(service = 'test', level = 'debug'): WrittenLogs {
  let text = '';
  const destination = new Writable({
    write(chunk, _encoding, done) {
      text += String(chunk);
      done();
    },
  });
  return {
    logger: createLogger(service, { level, destination }),
    lines: () => text.split('\n').filter(Boolean).map((line) => JSON.parse(line) as Record<string, unknown>),
    text: () => text,
  };
}

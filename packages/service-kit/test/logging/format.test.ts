import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger, logFormat } from '../../src/logging/logger.ts';

const collector = () => {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk, _encoding, done) {
      lines.push(chunk.toString());
      done();
    },
  });
  return { lines, stream };
};

describe('log format', () => {
  it('when LOG_FORMAT is unset, then a terminal gets readable lines and anything else JSON', () => {
    expect(logFormat({}, true)).toBe('pretty');
    expect(logFormat({}, false)).toBe('json');
  });

  it('when LOG_FORMAT says json or pretty, then it wins over the terminal check', () => {
    expect(logFormat({ LOG_FORMAT: 'json' }, true)).toBe('json');
    expect(logFormat({ LOG_FORMAT: 'PRETTY' }, false)).toBe('pretty');
  });

  it('when the format is pretty, then a line reads as text with the service and message, and secrets are still redacted', () => {
    const out = collector();
    const logger = createLogger('orders', { format: 'pretty', destination: out.stream, level: 'info' });

    logger.info({ orderId: 7, token: 'secret-token' }, 'order confirmed');

    const text = out.lines.join('');
    expect(text).toMatch(/INFO/);
    expect(text).toContain('[orders] order confirmed');
    expect(text).not.toMatch(/^\{"level"/);
    expect(text).not.toContain('secret-token');
  });

  it('when the format is json, then each event is one JSON line', () => {
    const out = collector();
    const logger = createLogger('orders', { format: 'json', destination: out.stream });

    logger.info('order confirmed');

    expect(JSON.parse(out.lines.join(''))).toMatchObject({ service: 'orders', msg: 'order confirmed' });
  });
});

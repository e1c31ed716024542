import { Writable } from 'node:stream';
import { Router } from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHttpApp } from '../../src/http/app.ts';
import { listen, type RunningServer } from '../../src/lifecycle/http-server.ts';
import { createLogger } from '../../src/logging/logger.ts';

describe('request log levels', () => {
  const lines: string[] = [];
  let server: RunningServer;

  beforeAll(async () => {
    const destination = new Writable({
      write(chunk, _encoding, done) {
        lines.push(chunk.toString());
        done();
      },
    });
    const app = createHttpApp({
      service: 'Test',
      logger: createLogger('test', { format: 'json', destination, level: 'info' }),
      quietRequest: (path) => path.startsWith('/assets'),
      routes: (app) => {
        app.get('/assets/app.js', (_req, res) => void res.send('js'));
        app.get('/api/thing', (_req, res) => void res.json({ ok: true }));
        app.get('/internal/orders/active', (_req, res) => void res.json([]));
        // As the services mount theirs: a router at /internal strips the prefix while it answers.
        const internal = Router();
        internal.get('/orders/mounted', (_req, res) => void res.json([]));
        app.use('/internal', internal);
      },
    });
    server = await listen(app, 0, '127.0.0.1');
  });
  afterAll(() => server?.close());

  it('when a static file is served, then it is not logged at info while an API request is', async () => {
    await fetch(`${server.url}/assets/app.js`);
    await fetch(`${server.url}/api/thing`);
    await fetch(`${server.url}/assets/missing.js`);
    await fetch(`${server.url}/internal/orders/active`);
    await fetch(`${server.url}/internal/orders/mounted?since=1`);

    const urls = lines.map((line) => (JSON.parse(line) as { req?: { url: string } }).req?.url);
    expect(urls).toContain('/api/thing');
    expect(urls).not.toContain('/assets/app.js');
    // Service-to-service polling is quiet too.
    expect(urls).not.toContain('/internal/orders/active');
    expect(urls.filter((url) => url?.includes('mounted'))).toEqual([]);
    // A failure is never quiet.
    expect(urls).toContain('/assets/missing.js');
  });
});

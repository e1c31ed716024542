import type { Express } from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createHttpApp } from '../../src/http/app.ts';
import { parseInput } from '../../src/http/errors.ts';
import { listen, type RunningServer } from '../../src/lifecycle/http-server.ts';
import { writtenLogs, type WrittenLogs } from '../../src/testing/logs.ts';

const HASH = '$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHRzYWx0$aGFzaGhhc2hoYXNoaGFzaGhhc2g';

/** What database drivers hang on their errors: the failed statement and its values. */
function driverError(): Error {
  const err = new Error('invalid byte sequence for encoding "UTF8": 0x00') as Error & Record<string, unknown>;
  Object.assign(err, {
    code: '22021',
    severity: 'ERROR',
    routine: 'report_invalid_encoding',
    query: 'INSERT INTO users (email, password_hash, full_name) VALUES ($1, $2, $3)',
    params: ['a@canteen.test', HASH, 'A\u0000'],
    sql: `INSERT INTO users VALUES ('a@canteen.test', '${HASH}')`,
    keyValue: { password_hash: HASH },
    errorResponse: { keyValue: { password_hash: HASH } },
    detail: `Key (password_hash)=(${HASH}) already exists.`,
  });
  return err;
}

const Order = z.object({
  name: z.string().min(1, 'is required'),
  price: z.number({ message: 'must be a number' }).max(1_000_000, 'must be at most 1000000'),
  lines: z.array(z.object({ note: z.string().max(200) })).default([]),
});

let server: RunningServer;
let logs: WrittenLogs;
let handled = 0;

function routes(app: Express) {
  app.post('/orders', (req, res) => {
    const input = parseInput(Order, req.body);
    handled += 1;
    res.json(input);
  });
  app.get('/search', (req, res) => {
    res.json(parseInput(z.object({ q: z.string() }), req.query));
  });
  app.get('/items/:id', (req, res) => {
    res.json({ id: parseInput(z.string(), req.params.id, 'id') });
  });
  app.get('/driver-failure', () => {
    throw driverError();
  });
  app.get('/driver-failure-wrapped', () => {
    throw new Error('creating the account failed', { cause: driverError() });
  });
}

beforeAll(async () => {
  logs = writtenLogs();
  server = await listen(createHttpApp({ service: 'Test Service', logger: logs.logger, routes }), 0);
});
afterAll(() => server?.close());

const post = async (body: string) => {
  const res = await fetch(`${server.url}/orders`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
  return { status: res.status, body: (await res.json()) as { message: string; error: { code: string; message: string; details?: unknown } } };
};

describe('validation errors name the first problem', () => {
  it('when a field is wrong, then the top-level message is "field: problem" and details list every problem', async () => {
    const res = await post(JSON.stringify({ name: '', price: 'ten' }));

    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('VALIDATION_FAILED');
    expect(res.body.message).toBe('name: is required');
    expect(res.body.error.message).toBe('name: is required');
    expect(res.body.error.details).toEqual([
      { path: 'name', message: 'is required' },
      { path: 'price', message: 'must be a number' },
    ]);
  });

  it('when the body as a whole is wrong, then the message is the problem alone', async () => {
    const res = await post('[]');

    expect(res.status).toBe(400);
    expect(res.body.message).not.toMatch(/^\(body\)/);
    expect(res.body.message.length).toBeGreaterThan(0);
  });
});

describe('control characters in text', () => {
  it('when a nested text holds a NUL, then it is 400 naming that field and the route does nothing', async () => {
    const before = handled;
    const res = await post(JSON.stringify({ name: 'Dosa', price: 10, lines: [{ note: 'ok' }, { note: 'no\u0000onion' }] }));

    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('VALIDATION_FAILED');
    expect(res.body.message).toBe('lines.1.note: must not contain control characters');
    expect(handled).toBe(before);
  });

  it.each([
    ['an escape', '\u001b[31mred'],
    ['a DEL', 'a\u007fb'],
    ['a C1 control', 'a\u0085b'],
    ['a vertical tab', 'a\u000bb'],
  ])('when a text holds %s, then it is 400', async (_label, name) => {
    const res = await post(JSON.stringify({ name, price: 10 }));
    expect(res.status).toBe(400);
    expect(res.body.message).toBe('name: must not contain control characters');
  });

  it('when a text has tabs and line breaks (free text, several lines), then it is accepted', async () => {
    const res = await post(JSON.stringify({ name: 'Dosa', price: 10, lines: [{ note: 'less oil\r\nno onion\tplease' }] }));
    expect(res.status).toBe(200);
  });

  it('when a query parameter or a path parameter holds a NUL, then it is 400 naming it', async () => {
    const query = await fetch(`${server.url}/search?q=a%00b`);
    const path = await fetch(`${server.url}/items/a%00b`);

    expect(query.status).toBe(400);
    expect(((await query.json()) as { message: string }).message).toBe('q: must not contain control characters');
    expect(path.status).toBe(400);
    expect(((await path.json()) as { message: string }).message).toBe('id: must not contain control characters');
  });
});

describe('numbers too large for a double', () => {
  it('when a price is 1e400, then the bound says what is wrong, not "must be a number"', async () => {
    const res = await post('{"name": "Dosa", "price": 1e400}');

    expect(res.status).toBe(400);
    expect(res.body.message).toBe('price: must be at most 1000000');
  });
});

describe('what reaches the log', () => {
  it('when a driver error with the statement and its values fails a request, then the log has the error but none of the values', async () => {
    const plain = await fetch(`${server.url}/driver-failure`);
    const wrapped = await fetch(`${server.url}/driver-failure-wrapped`);

    expect(plain.status).toBe(500);
    expect(wrapped.status).toBe(500);
    const failures = logs.lines().filter((line) => line.msg === 'unhandled error');
    expect(failures).toHaveLength(2);
    expect(failures[0]!.err).toMatchObject({ type: 'Error', code: '22021', severity: 'ERROR', message: expect.stringContaining('UTF8') });
    expect((failures[1]!.err as { cause?: unknown }).cause).toMatchObject({ code: '22021' });
    expect(logs.text()).not.toContain('argon2');
    expect(logs.text()).not.toContain('a@canteen.test');
    expect(logs.text()).not.toContain('INSERT');
  });

  it('when a service logs a driver error itself, under err or error, then the values stay out too', () => {
    const own = writtenLogs();
    own.logger.child({ component: 'store' }).warn({ err: driverError() }, 'sweep failed');
    own.logger.error({ error: new AggregateError([driverError()], 'both failed') }, 'group failed');
    own.logger.error(driverError(), 'failed');

    expect(own.lines()).toHaveLength(3);
    expect(own.text()).not.toContain('argon2');
    expect(own.lines()[1]!.error).toMatchObject({ type: 'AggregateError', errors: [{ code: '22021' }] });
  });

  it('when a request has query parameters, then the access log has their names, not their values', async () => {
    await fetch(`${server.url}/search?q=asha%20rao&limit=5`);

    const access = logs.lines().filter((line) => (line.req as { url?: string } | undefined)?.url?.startsWith('/search?q=')).at(-1);
    expect((access!.req as { url: string }).url).toBe('/search?q=…&limit=…');
    expect(logs.text()).not.toContain('asha');
  });
});

import type { Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocket, WebSocketServer } from 'ws';
import { ALLOWED_ORIGIN, connect, connectAs, startHub, tokenFor, until, USERS, type Harness } from './helpers.ts';

let harness: Harness | undefined;
afterEach(async () => {
  await harness?.stop();
  harness = undefined;
});

/** The status code of a refused upgrade, or 'open' when it was accepted. */
function upgradeOutcome(url: string, headers: Record<string, string>): Promise<number | 'open'> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, { headers });
    ws.once('open', () => {
      ws.close();
      resolve('open');
    });
    ws.once('unexpected-response', (_req, res) => {
      resolve(res.statusCode ?? 0);
      res.resume();
    });
    ws.once('error', (err) => reject(err));
  });
}

describe('queue hub: transport', () => {
  it('when a client does not answer pings, then it is terminated; one that answers stays', async () => {
    harness = await startHub({ heartbeatMs: 50 });
    const healthy = await connectAs(harness.url, null);
    const silent = await connect(harness.url, { autoPong: false });
    silent.send({ type: 'auth', token: null });
    let pings = 0;
    healthy.ws.on('ping', () => (pings += 1));

    expect((await silent.closed).code).toBe(1006);
    await until(() => pings >= 3);
    expect(healthy.ws.readyState).toBe(WebSocket.OPEN);
    await until(() => harness!.hub.clientCount() === 1);
  });

  it('when a message is larger than maxPayload, then the connection is closed with 1009', async () => {
    harness = await startHub({ maxPayload: 1024 });
    const client = await connectAs(harness.url, null);
    client.send({ type: 'ping', padding: 'x'.repeat(2000) });
    expect((await client.closed).code).toBe(1009);
  });

  it('when the first message is over the default 16 KiB, then the connection is closed with 1009', async () => {
    harness = await startHub();
    const client = await connect(harness.url);
    client.send({ type: 'auth', token: 'x'.repeat(17 * 1024) });
    expect((await client.closed).code).toBe(1009);
  });

  it('when a client stops reading while large messages are broadcast, then it is cut and the others go on', async () => {
    harness = await startHub({ maxBufferedBytes: 256 * 1024 });
    const staffToken = await tokenFor(USERS.staff, 'STAFF');
    const stalled = await connectAs(harness.url, staffToken);
    const reader = await connectAs(harness.url, staffToken);
    (stalled.ws as unknown as { _socket: Socket })._socket.pause();

    const big = 'x'.repeat(64 * 1024);
    let seq = 0;
    // Loopback kernel buffers take a few MiB before the server's socket starts to hold data.
    while (harness.hub.clientCount() === 2 && seq < 2000) {
      seq += 1;
      harness.hub.broadcast({ seq, type: 'status_update', orderId: 1, userId: USERS.alice, queueNumber: 1, status: 'ready', data: { big }, at: 0 });
      if (seq % 4 === 0) await new Promise((resolve) => setImmediate(resolve));
    }
    await until(() => harness!.hub.clientCount() === 1, () => `clients: ${harness!.hub.clientCount()} after ${seq} broadcasts`);

    const cut = harness.logs.lines.find((line) => line.why === 'slow_reader');
    expect(cut).toMatchObject({ level: 'warn', scope: 'staff' });
    expect(cut?.bytes as number).toBeGreaterThan(256 * 1024);
    await reader.waitForFrames(2 + seq);
    expect(reader.ws.readyState).toBe(WebSocket.OPEN);
  });

  it('when the Origin is not allowed, then the upgrade is refused with 403', async () => {
    harness = await startHub();
    expect(await upgradeOutcome(harness.url, { origin: 'https://evil.example' })).toBe(403);
    expect(await upgradeOutcome(harness.url, { origin: 'null' })).toBe(403);
    expect(harness.hub.clientCount()).toBe(0);
  });

  it('when the Origin is allowed, the request host itself, or absent, then the upgrade is accepted', async () => {
    harness = await startHub();
    expect(await upgradeOutcome(harness.url, { origin: ALLOWED_ORIGIN })).toBe('open');
    expect(await upgradeOutcome(harness.url, { origin: `http://127.0.0.1:${harness.port}` })).toBe('open');
    expect(await upgradeOutcome(harness.url, {})).toBe('open');
  });

  it('when another path is upgraded, then the hub leaves it to its own listener', async () => {
    const other = new WebSocketServer({ noServer: true });
    other.on('connection', (ws) => ws.on('message', (data) => ws.send(`echo ${String(data)}`)));
    harness = await startHub({
      prepare: (server) =>
        server.on('upgrade', (req, socket, head) => {
          if (req.url === '/other') other.handleUpgrade(req, socket, head, (ws) => other.emit('connection', ws, req));
        }),
    });
    const client = new WebSocket(`ws://127.0.0.1:${harness.port}/other`, { headers: { origin: 'https://evil.example' } });
    const reply = await new Promise<string>((resolve, reject) => {
      client.once('open', () => client.send('hi'));
      client.once('message', (data) => resolve(String(data)));
      client.once('error', reject);
    });
    expect(reply).toBe('echo hi');
    expect(harness.hub.clientCount()).toBe(0);
    client.close();
    other.close();
  });

  it('when the hub path has a query string, then it is still the hub', async () => {
    harness = await startHub();
    const client = await connectAs(`${harness.url}?v=2`, null);
    expect(client.frames[0]?.type).toBe('welcome');
  });

  it('when the hub closes, then every connection is closed with 1001 and the upgrade listener is gone', async () => {
    harness = await startHub();
    const listeners = harness.server.listenerCount('upgrade');
    const clients = [
      await connect(harness.url),
      await connectAs(harness.url, null),
      await connectAs(harness.url, await tokenFor(USERS.alice, 'CUSTOMER')),
      await connectAs(harness.url, await tokenFor(USERS.staff, 'STAFF')),
    ];
    expect(harness.hub.clientCount()).toBe(4);

    await harness.hub.close();

    for (const client of clients) expect(await client.closed).toMatchObject({ code: 1001 });
    expect(harness.hub.clientCount()).toBe(0);
    expect(harness.server.listenerCount('upgrade')).toBe(listeners - 1);
  });
});

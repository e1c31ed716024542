import { silentLogger } from '@canteen/service-kit';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  ALLOWED_ORIGIN,
  client,
  confirm,
  deliver,
  startQueue,
  tokenFor,
  USERS,
  type RunningQueue,
} from '../../../services/queue/test/http/helpers.ts';
import { connectAs, openWs, UpgradeRefused, welcomeOf, type WsClient } from '../../../services/queue/test/service/helpers.ts';
import { createBffService, loadBffConfig, type BffService } from '../../src/service.ts';
import { closedPortUrl } from '../helpers.ts';

async function startBffFor(queueUrl: string): Promise<{ url: string; wsUrl: string; service: BffService }> {
  const service = createBffService(loadBffConfig({ BFF_PORT: '0', QUEUE_SERVICE_URL: queueUrl, LOG_LEVEL: 'silent' }), { logger: silentLogger() });
  const { url } = await service.start();
  return { url, wsUrl: `${url.replace(/^http/, 'ws')}/ws`, service };
}

/** How a refused upgrade ends for the client: the HTTP status, or the error. */
async function refusal(url: string, origin?: string): Promise<number | string> {
  try {
    const ws = await openWs(url, origin ? { origin } : {});
    await ws.close();
    return 'accepted';
  } catch (err) {
    return err instanceof UpgradeRefused ? err.status : String(err);
  }
}

describe('the BFF in front of a real queue service', () => {
  let queue: RunningQueue;
  let bff: Awaited<ReturnType<typeof startBffFor>>;
  let staff: string;
  let alice: string;
  const clients: WsClient[] = [];

  beforeAll(async () => {
    [staff, alice] = await Promise.all([tokenFor(USERS.staff, 'STAFF'), tokenFor(USERS.alice, 'CUSTOMER')]);
    queue = await startQueue();
    bff = await startBffFor(queue.url);
  });
  afterEach(async () => {
    for (const ws of clients.splice(0)) await ws.close();
  });
  afterAll(async () => {
    await bff?.service.stop();
    await queue?.stop();
  });

  const connect = async (token: string | null, origin?: string) => {
    const ws = await connectAs(bff.wsUrl, token, origin ? { origin } : {});
    clients.push(ws);
    return ws;
  };

  it('when staff and a customer connect through the BFF, then each is authenticated with its scope and receives its updates', async () => {
    const staffWs = await connect(staff);
    const aliceWs = await connect(alice);

    await confirm(queue, 801, USERS.bob);
    await confirm(queue, 802, USERS.alice);
    await deliver(queue, { orderId: 802, userId: USERS.alice, status: 'preparing' });

    expect(welcomeOf(staffWs)).toMatchObject({ type: 'welcome', scope: 'staff' });
    expect(welcomeOf(aliceWs)).toMatchObject({ type: 'welcome', scope: 'customer' });
    await staffWs.waitFor((f) => f.type === 'queue_update' && f.data?.order_id === 801, 'order 801');
    await aliceWs.waitFor((f) => f.type === 'status_update' && f.data?.order_id === 802 && f.data?.status === 'preparing', 'her order cooking');
    expect(aliceWs.about(801)).toEqual([]);
  });

  it('when a browser page from an allowed origin connects through the BFF, then it is accepted; from another origin, then 403', async () => {
    const allowed = await connect(null, ALLOWED_ORIGIN);

    expect(welcomeOf(allowed)).toMatchObject({ scope: 'board' });
    expect(await refusal(bff.wsUrl, 'https://evil.example')).toBe(403);
    expect(await refusal(bff.wsUrl, 'null')).toBe(403);
  });

  it('when the token is invalid, then the queue service closes the socket through the BFF with 4001', async () => {
    const ws = await openWs(bff.wsUrl);
    clients.push(ws);

    ws.send({ type: 'auth', token: 'not-a-token' });

    expect((await ws.closed).code).toBe(4001);
  });

  it('when /api/queue/active is read through the BFF, then it answers as the queue service does: board for anonymous, full for staff', async () => {
    await confirm(queue, 803, USERS.carol);
    const direct = client(queue.url);
    const viaBff = client(bff.url);

    const anonymous = await viaBff('GET', '/api/queue/active');
    const asStaff = await viaBff('GET', '/api/queue/active', { token: staff });

    expect(anonymous.status).toBe(200);
    expect(anonymous.body.length).toBeGreaterThan(0);
    expect(anonymous.body).toEqual((await direct('GET', '/api/queue/active')).body);
    expect(anonymous.text).not.toMatch(/user_id/);
    expect(asStaff.status).toBe(200);
    expect(asStaff.body).toEqual((await direct('GET', '/api/queue/active', { token: staff })).body);
    expect(asStaff.body[0]).toMatchObject({ order_id: expect.any(Number), user_id: expect.any(Number), queue_number: expect.any(Number) });
  });
});

describe('the BFF when the queue service is away', () => {
  it(
    'when nothing listens at the queue service address, then the upgrade is answered 503 at once',
    async () => {
      const bff = await startBffFor(await closedPortUrl());
      try {
        expect(await refusal(bff.wsUrl)).toBe(503);
      } finally {
        await bff.service.stop();
      }
    },
    // Below the proxy's own 5 s upstream timeout: a refused connection must not wait for it.
    4_000,
  );

  it('when the queue service shuts down, then clients connected through the BFF are closed rather than left hanging', async () => {
    const queue = await startQueue();
    const bff = await startBffFor(queue.url);
    try {
      const ws = await connectAs(bff.wsUrl, null);

      await queue.stop();

      expect((await ws.closed).code).toBe(1001);
    } finally {
      await bff.service.stop();
    }
  });
});

describe('the BFF handing /ws to a queue service in the same process (all-in-one)', () => {
  let queue: RunningQueue;
  let bff: { url: string; wsUrl: string; service: BffService };
  let alice: string;

  beforeAll(async () => {
    alice = await tokenFor(USERS.alice, 'CUSTOMER');
    queue = await startQueue();
    // QUEUE_SERVICE_URL points nowhere: frames can only arrive by the hand-over.
    const service = createBffService(
      loadBffConfig({ BFF_PORT: '0', QUEUE_SERVICE_URL: await closedPortUrl(), LOG_LEVEL: 'silent' }),
      { logger: silentLogger(), webSocket: (req, socket, head) => queue.service.acceptUpgrade(req, socket, head) },
    );
    const { url } = await service.start();
    bff = { url, wsUrl: `${url.replace(/^http/, 'ws')}/ws`, service };
  });
  afterAll(async () => {
    await bff?.service.stop();
    await queue?.stop();
  });

  it('when a customer connects to the BFF, then the queue service authenticates her and her updates reach her', async () => {
    const ws = await connectAs(bff.wsUrl, alice);
    try {
      await confirm(queue, 901, USERS.alice);

      expect(welcomeOf(ws)).toMatchObject({ type: 'welcome', scope: 'customer' });
      await ws.waitFor((f) => f.type === 'queue_update' && f.data?.order_id === 901, 'her order queued');
    } finally {
      await ws.close();
    }
  });

  it('when the origin is not allowed, then the queue service refuses the upgrade with 403 as on its own port', async () => {
    expect(await refusal(bff.wsUrl, 'https://evil.example')).toBe(403);
  });

  it('when the queue service has stopped, then an upgrade is answered 503', async () => {
    const stopped = await startQueue();
    await stopped.stop();
    const service = createBffService(loadBffConfig({ BFF_PORT: '0', QUEUE_SERVICE_URL: await closedPortUrl(), LOG_LEVEL: 'silent' }), {
      logger: silentLogger(),
      webSocket: (req, socket, head) => stopped.service.acceptUpgrade(req, socket, head),
    });
    const { url } = await service.start();
    try {
      expect(await refusal(`${url.replace(/^http/, 'ws')}/ws`)).toBe(503);
    } finally {
      await service.stop();
    }
  });
});

describe('the BFF caps /ws connections per client address', () => {
  it('when one address holds the most connections allowed, then the next upgrade is 429 until one closes; the anonymous board counts too', async () => {
    const queue = await startQueue();
    const service = createBffService(
      loadBffConfig({ BFF_PORT: '0', QUEUE_SERVICE_URL: await closedPortUrl(), LOG_LEVEL: 'silent', WS_MAX_CONNECTIONS_PER_ADDRESS: '2' }),
      { logger: silentLogger(), webSocket: (req, socket, head) => queue.service.acceptUpgrade(req, socket, head) },
    );
    const { url } = await service.start();
    const wsUrl = `${url.replace(/^http/, 'ws')}/ws`;
    const open: WsClient[] = [];
    try {
      open.push(await connectAs(wsUrl, await tokenFor(USERS.alice, 'CUSTOMER')));
      // The pickup board: no token, still one of this address's connections.
      open.push(await connectAs(wsUrl, null));

      expect(await refusal(wsUrl)).toBe(429);

      await open.shift()!.close();
      await expect.poll(() => refusal(wsUrl), { timeout: 5000 }).toBe('accepted');
    } finally {
      for (const ws of open) await ws.close();
      await service.stop();
      await queue.stop();
    }
  });
});

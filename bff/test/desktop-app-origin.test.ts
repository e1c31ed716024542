import { silentLogger } from '@canteen/service-kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { confirm, startQueue, tokenFor, USERS, type RunningQueue } from '../../services/queue/test/http/helpers.ts';
import { connectAs, openWs, UpgradeRefused, welcomeOf } from '../../services/queue/test/service/helpers.ts';
import { loadBffConfig } from '../src/config.ts';
import { createBffService, type BffService } from '../src/service.ts';
import { closedPortUrl, startFakeUpstream } from './helpers.ts';

/**
 * The desktop kitchen app runs its bundled page at `app://kitchen` and talks to the BFF
 * cross-origin: `/api` answers it with CORS and `/ws` lets it in, by default; nothing else does.
 */
const DESKTOP = 'app://kitchen';

describe('the BFF CORS allow-list (CORS_ORIGINS)', () => {
  it('when nothing is set (or the value is empty), then it holds the desktop app only', () => {
    expect(loadBffConfig({}).CORS_ORIGINS).toEqual([DESKTOP]);
    expect(loadBffConfig({ CORS_ORIGINS: ' ' }).CORS_ORIGINS).toEqual([DESKTOP]);
  });

  it('when a list is set, then it replaces the default', () => {
    expect(loadBffConfig({ CORS_ORIGINS: 'https://kds.canteen.example, app://kitchen' }).CORS_ORIGINS).toEqual(['https://kds.canteen.example', DESKTOP]);
    expect(loadBffConfig({ CORS_ORIGINS: 'https://kds.canteen.example' }).CORS_ORIGINS).toEqual(['https://kds.canteen.example']);
  });
});

describe('the desktop app calling the BFF cross-origin', () => {
  let menu: Awaited<ReturnType<typeof startFakeUpstream>>;
  let queue: RunningQueue;
  let proxied: { url: string; service: BffService };
  let handedOver: { url: string; service: BffService };
  let staff: string;

  const start = async (env: Record<string, string>, webSocket?: RunningQueue) => {
    const service = createBffService(loadBffConfig({ BFF_PORT: '0', LOG_LEVEL: 'silent', MENU_SERVICE_URL: menu.url, ...env }), {
      logger: silentLogger(),
      ...(webSocket ? { webSocket: (req, socket, head) => webSocket.service.acceptUpgrade(req, socket, head) } : {}),
    });
    return { url: (await service.start()).url, service };
  };
  const wsUrl = (base: string) => `${base.replace(/^http/, 'ws')}/ws`;
  const refusal = async (url: string, origin: string) => {
    try {
      await (await openWs(url, { origin })).close();
      return 'accepted';
    } catch (err) {
      return err instanceof UpgradeRefused ? err.status : String(err);
    }
  };

  beforeAll(async () => {
    staff = await tokenFor(USERS.staff, 'STAFF');
    menu = await startFakeUpstream((_req, res) => {
      res.setHeader('content-type', 'application/json');
      res.end('[]');
    });
    // The queue service's own list does not name the desktop app (its default is empty).
    queue = await startQueue({ env: { CORS_ORIGINS: 'https://canteen.example' } });
    proxied = await start({ QUEUE_SERVICE_URL: queue.url });
    handedOver = await start({ QUEUE_SERVICE_URL: await closedPortUrl() }, queue);
  });
  afterAll(async () => {
    await proxied?.service.stop();
    await handedOver?.service.stop();
    await queue?.stop();
    await menu?.close();
  });

  it('when the desktop app reads the API, then the answer allows its origin and exposes the request id', async () => {
    const response = await fetch(`${proxied.url}/api/menu/items`, { headers: { origin: DESKTOP } });
    expect(response.status).toBe(200);
    expect(response.headers.get('access-control-allow-origin')).toBe(DESKTOP);
    expect(response.headers.get('access-control-expose-headers')).toMatch(/x-request-id/);
    expect(response.headers.get('access-control-allow-credentials')).toBeNull();
  });

  it('when the desktop app preflights a bump with its token and Idempotency-Key, then it is allowed', async () => {
    const response = await fetch(`${proxied.url}/api/orders/12/status`, {
      method: 'OPTIONS',
      headers: { origin: DESKTOP, 'access-control-request-method': 'PUT', 'access-control-request-headers': 'authorization,content-type,idempotency-key' },
    });
    expect(response.status).toBe(204);
    expect(response.headers.get('access-control-allow-origin')).toBe(DESKTOP);
    expect(response.headers.get('access-control-allow-methods')).toMatch(/PUT/);
    expect(response.headers.get('access-control-allow-headers')).toBe('authorization,content-type,idempotency-key');
  });

  it('when another origin calls the API, then no CORS header lets it read the answer', async () => {
    const response = await fetch(`${proxied.url}/api/menu/items`, { headers: { origin: 'https://evil.example' } });
    expect(response.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('when the desktop app asks for something outside /api, then there is no CORS header', async () => {
    for (const path of ['/health', '/kitchen/', '/api-docs']) {
      const response = await fetch(`${proxied.url}${path}`, { headers: { origin: DESKTOP } });
      expect(response.headers.get('access-control-allow-origin'), path).toBeNull();
    }
  });

  it('when the desktop app opens /ws through the BFF (proxied or handed over in-process), then staff are authenticated and get updates', async () => {
    for (const bff of [proxied, handedOver]) {
      const ws = await connectAs(wsUrl(bff.url), staff, { origin: DESKTOP });
      try {
        expect(welcomeOf(ws)).toMatchObject({ type: 'welcome', scope: 'staff' });
        const orderId = bff === proxied ? 1301 : 1302;
        await confirm(queue, orderId, USERS.bob);
        await ws.waitFor((f) => f.type === 'queue_update' && f.data?.order_id === orderId, `order ${orderId}`);
      } finally {
        await ws.close();
      }
    }
  });

  it('when an unlisted origin opens /ws, then it is still refused with 403', async () => {
    expect(await refusal(wsUrl(proxied.url), 'https://evil.example')).toBe(403);
    expect(await refusal(wsUrl(handedOver.url), 'https://evil.example')).toBe(403);
  });

  it('when the desktop app origin is no longer listed, then /ws refuses it', async () => {
    const narrowed = await start({ QUEUE_SERVICE_URL: queue.url, CORS_ORIGINS: 'https://kds.canteen.example' });
    try {
      expect(await refusal(wsUrl(narrowed.url), DESKTOP)).toBe(403);
    } finally {
      await narrowed.service.stop();
    }
  });
});

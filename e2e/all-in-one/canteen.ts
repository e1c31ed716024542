import { once } from 'node:events';
import { createRequire } from 'node:module';
import path from 'node:path';
import { freePort, ROOT, spawnService, type ChildService } from '../order-loop/helpers.ts';

/** `npm start` in a child process, and the calls a user makes to it: shared by the all-in-one tests. */
export interface WsClient {
  send(data: string): void;
  on(event: 'message', listener: (data: Buffer) => void): void;
  once(event: 'open', listener: () => void): void;
  once(event: 'error', listener: (err: Error) => void): void;
  terminate(): void;
}
export const { WebSocket } = createRequire(path.join(ROOT, 'services/queue/package.json'))('ws') as {
  WebSocket: new (url: string) => WsClient;
};

/** Every canteen started and not stopped yet: a test file kills them in its afterAll. */
export const running: ChildService[] = [];

export async function startCanteen(dataDir: string, extra: Record<string, string> = {}, startupMs?: number) {
  const ports = { BFF_PORT: 0, USERS_PORT: 0, MENU_PORT: 0, ORDERS_PORT: 0, QUEUE_PORT: 0, PAYMENTS_PORT: 0 };
  for (const key of Object.keys(ports) as (keyof typeof ports)[]) ports[key] = await freePort();
  const env = Object.fromEntries(Object.entries(ports).map(([key, port]) => [key, String(port)]));
  const service = await spawnService('launcher/src/all-in-one.ts', { ...env, DATA_DIR: dataDir, HOST: '127.0.0.1', LOG_LEVEL: 'warn', ...extra }, ports.BFF_PORT, '/health', startupMs);
  running.push(service);
  return Object.assign(service, { ports });
}

/** SIGTERM to the process `npm start` / the container runs (tsx, which relays it); resolves with the exit code. */
export async function stop(service: ChildService): Promise<number | null> {
  const exited = once(service.child, 'exit') as Promise<[number | null]>;
  service.child.kill('SIGTERM');
  const [code] = await exited;
  running.splice(running.indexOf(service), 1);
  return code;
}

export async function json<T>(response: Response): Promise<T> {
  const text = await response.text();
  if (!response.ok) throw new Error(`${response.status}: ${text}`);
  return JSON.parse(text) as T;
}

export function loginResponse(url: string, email: string, password: string): Promise<Response> {
  return fetch(`${url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password }),
  });
}

export async function login(url: string, email: string, password: string): Promise<{ token: string; id: number }> {
  return json(await loginResponse(url, email, password));
}

/** The student's live feed: resolves with the first update about `orderId`. */
export async function openFeed(url: string, token: string) {
  const socket = new WebSocket(`${url.replace('http', 'ws')}/ws`);
  const messages: { type: string; scope?: string; data?: { order_id?: number } }[] = [];
  socket.on('message', (raw) => messages.push(JSON.parse(raw.toString())));
  await new Promise<void>((resolve, reject) => {
    socket.once('open', resolve);
    socket.once('error', reject);
  });
  socket.send(JSON.stringify({ type: 'auth', token }));
  const until = async (test: () => boolean, what: string) => {
    const deadline = Date.now() + 15_000;
    while (!test()) {
      if (Date.now() > deadline) throw new Error(`no ${what} on /ws; got ${JSON.stringify(messages)}`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  };
  await until(() => messages.some((m) => m.type === 'welcome'), 'welcome');
  return {
    welcome: messages.find((m) => m.type === 'welcome')!,
    update: async (orderId: number) => {
      const about = () => messages.find((m) => m.type === 'queue_update' && m.data?.order_id === orderId);
      await until(() => about() !== undefined, `queue_update for order ${orderId}`);
      return about()!.data as { order_id: number; queue_number: number; position: number; status: string };
    },
    close: () => socket.terminate(),
  };
}

export async function placeOrder(url: string, token: string) {
  const items = await json<{ id: string; available: boolean; option_groups: { min: number }[] }[]>(await fetch(`${url}/api/menu/items`));
  const item = items.find((candidate) => candidate.available && candidate.option_groups.every((group) => group.min === 0))!;
  return json<{ id: number; status: string; user_id: number }>(
    await fetch(`${url}/api/orders/`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', 'idempotency-key': `launcher-${Date.now()}` },
      body: JSON.stringify({ items: [{ menu_item_id: item.id, quantity: 2 }], payment_method: 'card' }),
    }),
  );
}


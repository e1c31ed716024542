import type { Redis } from 'ioredis';
import { WebSocket, type ClientOptions } from 'ws';
import { eventually } from '../http/helpers.ts';

/** A frame as a test reads it. */
export type Frame = { type: string; seq: number; scope?: string; resume?: string; data?: any };

export interface WsClient {
  ws: WebSocket;
  frames: Frame[];
  closed: Promise<{ code: number; reason: string }>;
  send(value: unknown): void;
  /** Waits until a frame matching `predicate` has arrived and returns the first one. */
  waitFor(predicate: (frame: Frame) => boolean, what?: string): Promise<Frame>;
  /** Frames about one order (queue_update, status_update, queue_removed), oldest first. */
  about(orderId: number): Frame[];
  close(): Promise<void>;
}

/** Opens a WebSocket (no auth message yet); rejects with the HTTP status when the upgrade is refused. */
export async function openWs(url: string, options: ClientOptions = {}): Promise<WsClient> {
  const ws = new WebSocket(url, options);
  const frames: Frame[] = [];
  ws.on('message', (data) => frames.push(JSON.parse((data as Buffer).toString('utf8')) as Frame));
  ws.on('error', () => {});
  const closed = new Promise<{ code: number; reason: string }>((resolve) => {
    ws.on('close', (code, reason) => resolve({ code, reason: reason.toString('utf8') }));
  });
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('unexpected-response', (_req, res) => {
      res.resume();
      reject(new UpgradeRefused(res.statusCode ?? 0));
    });
    ws.once('error', reject);
  });
  const client: WsClient = {
    ws,
    frames,
    closed,
    send: (value) => ws.send(JSON.stringify(value)),
    async waitFor(predicate, what = 'a matching frame') {
      return eventually(() => {
        const found = frames.find(predicate);
        if (!found) throw new Error(`no ${what} among ${JSON.stringify(frames)}`);
        return found;
      });
    },
    about: (orderId) => frames.filter((frame) => frame.data?.order_id === orderId && frame.type !== 'snapshot'),
    async close() {
      if (ws.readyState === WebSocket.CLOSED) return;
      ws.close();
      await closed;
    },
  };
  return client;
}

export class UpgradeRefused extends Error {
  constructor(readonly status: number) {
    super(`upgrade refused with ${status}`);
  }
}

/** Connects, authenticates (`null`: the pickup board) and waits for the welcome and its snapshot or replay. */
export async function connectAs(url: string, token: string | null, options: { since?: number; origin?: string } = {}): Promise<WsClient> {
  const client = await openWs(url, options.origin ? { origin: options.origin } : {});
  client.send({ type: 'auth', token, ...(options.since === undefined ? {} : { since: options.since }) });
  const welcome = await client.waitFor((frame) => frame.type === 'welcome', 'welcome');
  if (welcome.resume === 'snapshot') await client.waitFor((frame) => frame.type === 'snapshot', 'snapshot');
  return client;
}

/** The welcome frame a client got. */
export const welcomeOf = (client: WsClient): Frame => client.frames.find((frame) => frame.type === 'welcome')!;

/** Update frames (not welcome/snapshot) in arrival order. */
export const updatesOf = (client: WsClient): Frame[] =>
  client.frames.filter((frame) => frame.type === 'queue_update' || frame.type === 'status_update' || frame.type === 'queue_removed');

/** Deletes every key under `prefix` (a test's own), and nothing else on the shared Redis. */
export async function deleteKeys(redis: Redis, prefix: string): Promise<void> {
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 1000);
    cursor = next;
    if (keys.length > 0) await redis.del(...keys);
  } while (cursor !== '0');
}

export { WebSocket };

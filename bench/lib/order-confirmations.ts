/**
 * How a student's app learns that its order is confirmed: over the BFF's `/ws`, where the
 * queue service announces the order (`queue_update`) the moment it enters the kitchen's queue,
 * which it does on `order.confirmed`. The load generator listens the same way instead of
 * polling GET /api/orders/{id}, so the system spends its time on orders, not on our polls.
 * One authenticated connection per customer token, as each phone has its own.
 */
import { WebSocket, type WsSocket } from './ws-lib.ts';

export interface ConfirmationFeed {
  /** When (performance.now()) the order was first announced; resolves undefined at the deadline. */
  waitFor(orderId: number, deadline: number): Promise<number | undefined>;
  /** Connections that dropped since the feed opened (their customers' orders would time out). */
  dropped(): number;
  close(): void;
}

export async function openConfirmationFeed(baseUrl: string, tokens: readonly string[]): Promise<ConfirmationFeed> {
  const wsUrl = `${baseUrl.replace(/^http/, 'ws')}/ws`;
  const seen = new Map<number, number>();
  const waiters = new Map<number, (at: number) => void>();
  const sockets: WsSocket[] = [];
  let closing = false;
  let dropped = 0;

  const onMessage = (raw: Buffer | ArrayBuffer | Buffer[]) => {
    const at = performance.now();
    const message = JSON.parse(raw.toString()) as { type?: string; data?: { order_id?: number } };
    if (message.type !== 'queue_update' && message.type !== 'status_update') return;
    const orderId = message.data?.order_id;
    if (typeof orderId !== 'number' || seen.has(orderId)) return;
    seen.set(orderId, at);
    waiters.get(orderId)?.(at);
    waiters.delete(orderId);
  };

  const connect = (token: string) =>
    new Promise<void>((resolve, reject) => {
      const socket = new WebSocket(wsUrl, { perMessageDeflate: false, handshakeTimeout: 10_000 });
      let welcomed = false;
      socket.once('error', (err) => (welcomed ? undefined : reject(err)));
      socket.once('open', () => socket.send(JSON.stringify({ type: 'auth', token })));
      socket.on('message', (raw) => {
        if (!welcomed) {
          const first = JSON.parse(raw.toString()) as { type?: string; scope?: string };
          if (first.type !== 'welcome' || first.scope !== 'customer') {
            reject(new Error(`/ws answered ${raw.toString().slice(0, 200)} instead of a customer welcome`));
            return;
          }
          welcomed = true;
          sockets.push(socket);
          resolve();
          return;
        }
        onMessage(raw);
      });
      socket.on('close', () => {
        if (!closing && welcomed) dropped++;
      });
    });

  // A few at a time: a thousand handshakes at once would be a benchmark of their own.
  for (let i = 0; i < tokens.length; i += 50) await Promise.all(tokens.slice(i, i + 50).map(connect));

  return {
    waitFor(orderId, deadline) {
      const known = seen.get(orderId);
      if (known !== undefined) return Promise.resolve(known);
      return new Promise((resolve) => {
        const timer = setTimeout(() => {
          waiters.delete(orderId);
          resolve(undefined);
        }, Math.max(0, deadline - performance.now()));
        waiters.set(orderId, (at) => {
          clearTimeout(timer);
          resolve(at);
        });
      });
    },
    dropped: () => dropped,
    close() {
      closing = true;
      for (const socket of sockets) socket.terminate();
    },
  };
}

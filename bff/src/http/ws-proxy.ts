import http from 'node:http';
import type { Duplex } from 'node:stream';
import type { Logger } from '@canteen/service-kit';

/**
 * `/ws` on the public origin: the WebSocket upgrade is passed to the queue service and the
 * two sockets are joined, so browsers and the kitchen display use one origin. The queue
 * service does the authentication, scoping and Origin check itself (Host and Origin are
 * passed unchanged); the BFF adds only the client's address.
 */
export function proxyWebSocket(
  server: http.Server,
  path: string,
  target: string,
  logger: Logger,
  limit: ConnectionLimit = unlimited,
  vouchedOrigins: readonly string[] = [],
): void {
  const upstream = new URL(target);
  server.on('upgrade', (req: http.IncomingMessage, socket: Duplex, head: Buffer) => {
    if (new URL(req.url ?? '/', 'http://localhost').pathname !== path) return;
    if (!limit.admit(req, socket)) return;
    vouchForOrigin(req, vouchedOrigins);
    socket.on('error', () => socket.destroy());
    const request = http.request({
      host: upstream.hostname,
      port: upstream.port,
      path: req.url,
      method: 'GET',
      headers: { ...req.headers, 'x-forwarded-for': req.socket.remoteAddress ?? '' },
      timeout: 5000,
    });
    request.on('upgrade', (response, upstreamSocket, upstreamHead) => {
      const lines = [`HTTP/1.1 ${response.statusCode} ${response.statusMessage}`];
      for (let i = 0; i < response.rawHeaders.length; i += 2) lines.push(`${response.rawHeaders[i]}: ${response.rawHeaders[i + 1]}`);
      socket.write(`${lines.join('\r\n')}\r\n\r\n`);
      if (upstreamHead.length) socket.write(upstreamHead);
      if (head.length) upstreamSocket.write(head);
      upstreamSocket.on('error', () => socket.destroy());
      socket.on('close', () => upstreamSocket.destroy());
      upstreamSocket.on('close', () => socket.destroy());
      upstreamSocket.pipe(socket).pipe(upstreamSocket);
    });
    // The queue service refused the upgrade (bad Origin): pass its answer on.
    request.on('response', (response) => {
      socket.end(`HTTP/1.1 ${response.statusCode} ${response.statusMessage}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
      response.resume();
    });
    request.on('timeout', () => request.destroy(new Error('timeout')));
    request.on('error', (err) => {
      logger.warn({ err }, 'queue service unreachable for a WebSocket');
      socket.end('HTTP/1.1 503 Service Unavailable\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
    });
    request.end();
  });
}

/** Takes a WebSocket upgrade in this process (see QueueService.acceptUpgrade). */
export type UpgradeHandler = (req: http.IncomingMessage, socket: Duplex, head: Buffer) => void;

/**
 * `/ws` handed to a queue service in the same process (all-in-one): the upgrade goes to it
 * as it came, so each frame is written once, straight to the client, instead of crossing a
 * second socket through this process.
 */
export function handOverWebSocket(
  server: http.Server,
  path: string,
  handler: UpgradeHandler,
  limit: ConnectionLimit = unlimited,
  vouchedOrigins: readonly string[] = [],
): void {
  server.on('upgrade', (req: http.IncomingMessage, socket: Duplex, head: Buffer) => {
    if (new URL(req.url ?? '/', 'http://localhost').pathname !== path) return;
    if (!limit.admit(req, socket)) return;
    vouchForOrigin(req, vouchedOrigins);
    handler(req, socket, head);
  });
}

/**
 * The BFF's own CORS allow-list (the desktop app's `app://kitchen` by default) also admits those
 * origins to `/ws`. The queue service checks Origin against its own list, which the public edge
 * should not have to repeat: for a listed origin the BFF drops the header, which the queue takes
 * as a client that is not a cross-site page (it still authenticates the socket by its token).
 * Any other Origin goes on unchanged and the queue decides, as before.
 */
export function vouchForOrigin(req: http.IncomingMessage, vouchedOrigins: readonly string[]): void {
  const origin = req.headers.origin;
  if (origin !== undefined && vouchedOrigins.includes(origin)) delete req.headers.origin;
}

export interface ConnectionLimit {
  /** Counts the socket against its address until it closes; false (after answering 429) when the address is full. */
  admit(req: http.IncomingMessage, socket: Duplex): boolean;
}

const unlimited: ConnectionLimit = { admit: () => true };

/**
 * At most `maxPerAddress` open `/ws` connections per client address, the anonymous board
 * stream included, so one machine cannot hold thousands of sockets. High by default: a whole
 * campus can reach the canteen through one NAT address at lunch.
 */
export function connectionLimit(maxPerAddress: number, logger: Logger): ConnectionLimit {
  const open = new Map<string, number>();
  return {
    admit(req, socket) {
      const address = req.socket.remoteAddress ?? 'unknown';
      const count = open.get(address) ?? 0;
      if (count >= maxPerAddress) {
        logger.warn({ address, open: count }, 'websocket refused: too many connections from one address');
        socket.end('HTTP/1.1 429 Too Many Requests\r\nRetry-After: 10\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
        return false;
      }
      open.set(address, count + 1);
      socket.once('close', () => {
        const left = (open.get(address) ?? 1) - 1;
        if (left > 0) open.set(address, left);
        else open.delete(address);
      });
      return true;
    },
  };
}

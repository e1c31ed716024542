import type http from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type RawData, type WebSocket } from 'ws';
import { InvalidTokenError, type Logger, type RevocationList, type TokenVerifier } from '@canteen/service-kit';
import type { QueueStore, StreamMessage } from '../store/queue.store.ts';
import { ClientRegistry } from './client-registry.ts';
import {
  CLOSE_GOING_AWAY,
  CLOSE_INTERNAL_ERROR,
  CLOSE_UNAUTHORIZED,
  isClientPing,
  isOriginAllowed,
  parseAuthMessage,
  refuseUpgrade,
  requestPath,
  tokenExpiresAt,
  tokenIssuedAt,
} from './handshake.ts';
import { HubClient } from './hub-client.ts';
import { planResume } from './resume.ts';
import { toFrame, type Scope } from './scope.ts';

export interface QueueHubOptions {
  /** Its 'upgrade' event is used for `path` only; other upgrades are left to other listeners. */
  server: http.Server;
  /** Default `/ws`. */
  path?: string;
  verifier: TokenVerifier;
  /** The verifier's revocations: a revoked user's open connections are closed (4001) at once. */
  revocations?: RevocationList;
  stream: Pick<QueueStore, 'readStreamSince' | 'lastSeq'>;
  /** The current state for a client whose `since` is too old or who gave none: staff → QueueItems, customer → their QueueItems, board → BoardItems. */
  snapshot: (scope: Scope) => Promise<unknown[]>;
  /** An Origin header not in the list (`*`: any) and not the request's own host → 403. */
  allowedOrigins: readonly string[];
  logger: Logger;
  /** A connection without a valid auth message by then is closed. Default 5000. */
  authTimeoutMs?: number;
  /** Ping interval; a client that missed the previous pong is terminated. Default 30000. */
  heartbeatMs?: number;
  /** Largest client message; bigger closes the connection with 1009. Default 16 KiB. */
  maxPayload?: number;
  /** A `since` further back than this many messages is answered with the snapshot. Default 1000. */
  maxReplay?: number;
  /** A client with more than this waiting to be written is terminated (slow reader). Default 512 KiB. */
  maxBufferedBytes?: number;
  now?: () => number;
}

export interface QueueHub {
  /** Delivers one stream message (in seq order) to every client allowed to see it. */
  broadcast(message: StreamMessage): void;
  /** Sends one unsequenced public frame (`menu_update`) to every live client of every scope. */
  broadcastPublic(frame: Buffer): void;
  /** Open connections, authenticated or not. */
  clientCount(): number;
  /** Refuses new upgrades and closes every connection (1001). */
  close(): Promise<void>;
}

/** How long close() waits for clients to answer the close frame before cutting them. */
const CLOSE_GRACE_MS = 2000;
/** setTimeout's longest delay. */
const MAX_TIMER_MS = 2 ** 31 - 1;
const PONG = toFrame({ type: 'pong' });
/** The close reason a client reads when its token is refused. */
const WS_REFUSALS = { expired: 'token expired', invalid: 'invalid token', revoked: 'token revoked' } as const;

export function createQueueHub(options: QueueHubOptions): QueueHub {
  const path = options.path ?? '/ws';
  const authTimeoutMs = options.authTimeoutMs ?? 5000;
  const heartbeatMs = options.heartbeatMs ?? 30_000;
  const maxBufferedBytes = options.maxBufferedBytes ?? 512 * 1024;
  const now = options.now ?? Date.now;
  const log = options.logger.child({ component: 'ws-hub' });
  const registry = new ClientRegistry();
  let nextId = 0;
  let closing: Promise<void> | undefined;

  const wss = new WebSocketServer({
    noServer: true,
    maxPayload: options.maxPayload ?? 16 * 1024,
    perMessageDeflate: false,
    clientTracking: false,
  });

  const limits = {
    maxBufferedBytes,
    onDropped(client: HubClient, why: 'slow_reader' | 'replay_backlog', bytes: number) {
      log.warn({ clientId: client.id, scope: client.scope?.kind, why, bytes }, 'websocket client cut for falling behind');
    },
  };

  const onUpgrade = (req: http.IncomingMessage, socket: Duplex, head: Buffer): void => {
    if (requestPath(req) !== path) return;
    if (closing) return refuseUpgrade(socket, 503, 'Service Unavailable');
    if (!isOriginAllowed(req, options.allowedOrigins)) {
      log.warn({ origin: req.headers.origin }, 'websocket upgrade refused: origin not allowed');
      return refuseUpgrade(socket, 403, 'Forbidden');
    }
    wss.handleUpgrade(req, socket, head, (ws) => {
      if (closing) ws.terminate();
      else onConnection(ws);
    });
  };
  options.server.on('upgrade', onUpgrade);

  function onConnection(ws: WebSocket): void {
    const client = new HubClient(ws, ++nextId, limits);
    registry.add(client);
    log.debug({ clientId: client.id }, 'websocket connected');
    client.authTimer = setTimeout(() => {
      if (client.phase !== 'auth') return;
      log.debug({ clientId: client.id }, 'websocket closed: no auth message in time');
      client.shut(CLOSE_UNAUTHORIZED, 'authentication timeout');
    }, authTimeoutMs);

    let firstMessage = true;
    ws.on('message', (data, isBinary) => {
      if (firstMessage) {
        firstMessage = false;
        authenticate(client, toBuffer(data), isBinary).catch((err: unknown) => {
          log.error({ err, clientId: client.id }, 'websocket authentication failed unexpectedly');
          client.shut(CLOSE_INTERNAL_ERROR, 'try again later');
        });
        return;
      }
      // Anything else a client says is ignored, as in the original; a ping gets an answer.
      if (client.phase === 'live' && isClientPing(toBuffer(data), isBinary)) client.send(PONG);
    });
    ws.on('pong', () => {
      client.alive = true;
    });
    ws.on('error', (err) => {
      // e.g. a message over maxPayload: ws closes the connection (1009) itself.
      log.debug({ clientId: client.id, err: err.message }, 'websocket error');
    });
    ws.on('close', (code) => {
      client.markClosed();
      registry.remove(client);
      log.debug({ clientId: client.id, code }, 'websocket closed');
    });
  }

  async function authenticate(client: HubClient, data: Buffer, isBinary: boolean): Promise<void> {
    const parsed = parseAuthMessage(data, isBinary);
    if (!parsed.ok) return reject(client, parsed.reason);
    const { token, since } = parsed.message;

    let scope: Scope = { kind: 'board' };
    let expiresAt: number | undefined;
    if (token !== undefined && token !== null) {
      let principal;
      try {
        principal = await options.verifier.verify(token);
      } catch (err) {
        if (err instanceof InvalidTokenError) return reject(client, WS_REFUSALS[err.reason]);
        throw err;
      }
      if (principal.role === 'STAFF' || principal.role === 'ADMIN') scope = { kind: 'staff' };
      else {
        const userId = Number(principal.userId);
        if (!Number.isSafeInteger(userId) || userId <= 0) return reject(client, 'invalid token');
        scope = { kind: 'customer', userId };
      }
      expiresAt = tokenExpiresAt(token);
      client.holder = { userId: principal.userId, issuedAt: tokenIssuedAt(token) ?? 0 };
      // A revocation that arrived while the token was being verified is not missed.
      if (options.revocations?.isRevoked(principal.userId, client.holder.issuedAt)) return reject(client, 'token revoked');
    }
    if (client.phase !== 'auth' || closing) return;
    clearTimeout(client.authTimer);
    if (expiresAt !== undefined) closeAtExpiry(client, expiresAt);

    // Subscribed before the stream is read: whatever is broadcast from here on is held back
    // by the client and merged after its replay or snapshot.
    registry.subscribe(client, scope);
    client.startResume();
    try {
      const plan = await planResume({ stream: options.stream, snapshot: options.snapshot, scope, since, log, maxReplay: options.maxReplay ?? 1000 });
      log.debug({ clientId: client.id, scope: scope.kind, since, resume: plan.resume, seq: plan.position }, 'websocket authenticated');
      client.finishResume(plan.position, plan.frames);
    } catch (err) {
      log.error({ err, clientId: client.id, scope: scope.kind }, 'websocket resume failed');
      client.shut(CLOSE_INTERNAL_ERROR, 'try again later');
    }
  }

  function reject(client: HubClient, reason: string): void {
    log.debug({ clientId: client.id, reason }, 'websocket authentication refused');
    client.shut(CLOSE_UNAUTHORIZED, reason);
  }

  /** A connection lives no longer than its token, so clients come back with a fresh one. */
  function closeAtExpiry(client: HubClient, expiresAt: number): void {
    const remaining = expiresAt - now();
    if (remaining <= 0) {
      client.shut(CLOSE_UNAUTHORIZED, 'token expired');
      return;
    }
    client.expiryTimer = setTimeout(() => {
      if (remaining > MAX_TIMER_MS) closeAtExpiry(client, expiresAt);
      else client.shut(CLOSE_UNAUTHORIZED, 'token expired');
    }, Math.min(remaining, MAX_TIMER_MS));
    client.expiryTimer.unref();
  }

  const stopFollowingRevocations = options.revocations?.onRevoked((userId, notBefore) => {
    for (const client of registry.all) {
      const holder = client.holder;
      if (holder?.userId === userId && holder.issuedAt < notBefore) {
        log.info({ clientId: client.id, userId }, 'websocket closed: its token was revoked');
        client.shut(CLOSE_UNAUTHORIZED, 'token revoked');
      }
    }
  });

  const heartbeat = setInterval(() => {
    for (const client of registry.all) {
      if (!client.alive) {
        log.debug({ clientId: client.id }, 'websocket cut: no pong');
        client.terminate();
        continue;
      }
      client.alive = false;
      try {
        client.ws.ping();
      } catch {
        // Not open any more; its close event removes it.
      }
    }
  }, heartbeatMs);
  heartbeat.unref();

  return {
    broadcast(message) {
      registry.broadcast(message);
    },
    broadcastPublic(frame) {
      registry.broadcastPublic(frame);
    },
    clientCount: () => registry.all.size,
    close() {
      closing ??= (async () => {
        options.server.off('upgrade', onUpgrade);
        clearInterval(heartbeat);
        stopFollowingRevocations?.();
        const clients = [...registry.all];
        const closed = clients.map(
          (client) => new Promise<void>((resolve) => (client.ws.readyState === client.ws.CLOSED ? resolve() : client.ws.once('close', () => resolve()))),
        );
        for (const client of clients) client.shut(CLOSE_GOING_AWAY, 'server shutting down');
        const cut = setTimeout(() => clients.forEach((client) => client.terminate()), CLOSE_GRACE_MS);
        await Promise.all(closed);
        clearTimeout(cut);
        await new Promise<void>((resolve) => wss.close(() => resolve()));
      })();
      return closing;
    },
  };
}

function toBuffer(data: RawData): Buffer {
  if (Buffer.isBuffer(data)) return data;
  if (Array.isArray(data)) return Buffer.concat(data);
  return Buffer.from(data);
}

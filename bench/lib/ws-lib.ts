/**
 * `ws` as installed for the queue service (the workspace root does not have it), with the few
 * types the benchmarks use.
 */
import { createRequire } from 'node:module';

export interface WsSocket {
  readonly readyState: number;
  send(data: string | Buffer, cb?: (err?: Error) => void): void;
  send(data: string | Buffer, options: { binary?: boolean }, cb?: (err?: Error) => void): void;
  on(event: 'message', listener: (data: Buffer | ArrayBuffer | Buffer[], isBinary: boolean) => void): this;
  on(event: 'open' | 'close', listener: () => void): this;
  on(event: 'error', listener: (err: Error) => void): this;
  once(event: 'open' | 'close', listener: () => void): this;
  once(event: 'error', listener: (err: Error) => void): this;
  close(): void;
  terminate(): void;
}
export interface WsServer {
  on(event: 'connection', listener: (socket: WsSocket) => void): this;
  close(cb?: () => void): void;
}
interface WsModule {
  WebSocket: new (url: string, options?: { perMessageDeflate?: boolean; handshakeTimeout?: number }) => WsSocket;
  WebSocketServer: new (options: { server?: unknown; port?: number; host?: string; perMessageDeflate?: boolean; clientTracking?: boolean }) => WsServer;
}

const require = createRequire(new URL('../../services/queue/package.json', import.meta.url));
const ws = require('ws') as WsModule;
export const WebSocket = ws.WebSocket;
export const WebSocketServer = ws.WebSocketServer;

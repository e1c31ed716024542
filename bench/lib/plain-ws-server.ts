/**
 * Child process for bench/queue-fanout.ts: the floor — a bare `ws` server on PORT that, on
 * POST /trigger?queue=N&bytes=B to CONTROL_PORT, sends one pre-serialized frame of B bytes
 * (same shape as the board's status_update) to every connected client. GET /mem, /ready as
 * in queue-server.ts. Clients' first message (the auth) is answered with a welcome. The
 * trigger answers {start, end} (hrMs) of its send loop, as queue-server.ts's /broadcast does.
 */
import http from 'node:http';
import { hrMs } from './fanout-clients.ts';
import { WebSocketServer, type WsSocket } from './ws-lib.ts';

const port = Number(process.env.PORT ?? 18186);
const controlPort = Number(process.env.CONTROL_PORT ?? 18187);
const clients = new Set<WsSocket>();
const server = http.createServer();
const wss = new WebSocketServer({ server, perMessageDeflate: false, clientTracking: false });
const WELCOME = Buffer.from(JSON.stringify({ type: 'welcome', scope: 'board' }));
wss.on('connection', (socket) => {
  clients.add(socket);
  socket.on('message', () => socket.send(WELCOME));
  socket.on('close', () => clients.delete(socket));
  socket.on('error', () => clients.delete(socket));
});
server.listen(port, '127.0.0.1');

const TEXT = { binary: false };
let seq = 0;
const gc = (globalThis as { gc?: () => void }).gc;
const control = http.createServer((req, res) => {
  const url = new URL(req.url ?? '/', 'http://x');
  const reply = (status: number, body: unknown) => {
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(JSON.stringify(body));
  };
  if (url.pathname === '/ready') return reply(200, {});
  if (url.pathname === '/mem') {
    gc?.();
    return reply(200, { ...process.memoryUsage(), gc: Boolean(gc) });
  }
  if (url.pathname === '/trigger' && req.method === 'POST') {
    const queueNumber = Number(url.searchParams.get('queue'));
    const bytes = Number(url.searchParams.get('bytes') ?? 80);
    const base = { type: 'status_update', seq: ++seq, data: { queue_number: queueNumber, status: 'preparing' }, pad: '' };
    base.pad = 'x'.repeat(Math.max(0, bytes - JSON.stringify(base).length));
    const frame = Buffer.from(JSON.stringify(base));
    const start = hrMs();
    // A text frame, as the hub sends (a Buffer alone would go out as a binary frame).
    for (const socket of clients) if (socket.readyState === 1) socket.send(frame, TEXT);
    return reply(200, { start, end: hrMs(), bytes: frame.length });
  }
  reply(404, {});
});
control.listen(controlPort, '127.0.0.1');
const stop = () => {
  control.close();
  for (const socket of clients) socket.terminate();
  server.close();
  process.exit(0);
};
process.once('SIGTERM', stop);
process.once('SIGINT', stop);

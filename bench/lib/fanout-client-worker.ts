/**
 * One worker thread of bench/queue-fanout.ts's load generator (started by fanout-clients.ts):
 * it owns `count` WebSocket clients, global indices `first…first+count-1`, and reports when
 * each of them received the update it was armed for.
 *
 * Messages in:  {type:'arm', id, needle} · {type:'collect', id} · {type:'close'}
 * Messages out: {type:'opened', count, errors} · {type:'armed', id} · {type:'done', id, at} · {type:'closed', frames}
 *
 * Per frame the work is kept to what identifies the update: a byte compare of the frame's
 * start (`{"type":"status_update"`), one `indexOf` of the needle (`"queue_number":N,`), and a
 * `process.hrtime.bigint()` read — CLOCK_MONOTONIC, the same clock in every thread and process.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { hrMs, type ClientWorkerData, type ToWorker, type FromWorker } from './fanout-clients.ts';
import { WebSocket, type WsSocket } from './ws-lib.ts';

const data = workerData as ClientWorkerData;
const port = parentPort!;
const post = (message: FromWorker, transfer?: ArrayBuffer[]) => port.postMessage(message, transfer);
const PREFIX = Buffer.from('{"type":"status_update"');

const sockets: WsSocket[] = [];
let frames = 0;
/** The armed update: per local socket its receipt time (NaN until then). */
let armed: { id: number; needle: Buffer; at: Float64Array; received: number; expected: number } | undefined;

function onFrame(slot: number, frame: Buffer): void {
  frames++;
  const a = armed;
  if (a === undefined || a.at[slot] === a.at[slot]) return; // not armed, or already received (not NaN)
  const t = hrMs();
  if (frame.compare(PREFIX, 0, PREFIX.length, 0, PREFIX.length) !== 0) return;
  if (frame.indexOf(a.needle, PREFIX.length) < 0) return;
  a.at[slot] = t;
  if (++a.received === a.expected) finish();
}

function finish(): void {
  const a = armed;
  if (a === undefined) return;
  armed = undefined;
  post({ type: 'done', id: a.id, at: a.at }, [a.at.buffer as ArrayBuffer]);
}

async function open(): Promise<Map<string, number>> {
  const errors = new Map<string, number>();
  const countError = (why: string) => errors.set(why, (errors.get(why) ?? 0) + 1);
  const deadline = Date.now() + data.openBudgetMs;
  for (let i = 0; i < data.count && Date.now() < deadline; i += data.batch) {
    const opened = await Promise.all(
      Array.from({ length: Math.min(data.batch, data.count - i) }, (_, k) => {
        const index = data.first + i + k;
        return new Promise<WsSocket | undefined>((resolve) => {
          const socket = new WebSocket(data.url, { perMessageDeflate: false, handshakeTimeout: 20_000 });
          const timer = setTimeout(() => { countError('welcome timeout'); socket.terminate(); resolve(undefined); }, 30_000);
          let slot = -1;
          socket.on('error', (err) => { countError((err as NodeJS.ErrnoException).code ?? err.message); clearTimeout(timer); resolve(undefined); });
          socket.once('open', () => {
            const staff = index % data.staffEvery === 0;
            socket.send(JSON.stringify({ type: 'auth', token: staff ? data.staffToken : null }));
          });
          socket.on('message', (payload) => {
            const buffer = payload as Buffer;
            if (slot >= 0) return onFrame(slot, buffer);
            if (buffer.indexOf('welcome') < 0) return;
            clearTimeout(timer);
            slot = sockets.push(socket) - 1;
            resolve(socket);
          });
        });
      }),
    );
    if (opened.some((s) => s === undefined) && (errors.has('EMFILE') || errors.has('EADDRNOTAVAIL'))) break;
  }
  return errors;
}

port.on('message', (message: ToWorker) => {
  if (message.type === 'arm') {
    armed = { id: message.id, needle: Buffer.from(message.needle), at: new Float64Array(sockets.length).fill(NaN), received: 0, expected: sockets.length };
    post({ type: 'armed', id: message.id });
    if (sockets.length === 0) finish();
  } else if (message.type === 'collect') {
    if (armed?.id === message.id) finish();
  } else if (message.type === 'close') {
    for (const socket of sockets) socket.terminate();
    post({ type: 'closed', frames });
  }
});

const errors = await open();
post({ type: 'opened', count: sockets.length, errors: [...errors] });

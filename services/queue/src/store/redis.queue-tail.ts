import type { Redis } from 'ioredis';
import type { StreamMessage } from './queue.store.ts';

/** How long one XREAD waits on the server before the loop asks again. */
const BLOCK_MS = 5_000;
/** Bounds one reply, so a tail that fell behind catches up in steps. */
const READ_COUNT = 500;
/** Pause after a failed read (Redis down and ioredis gave the command up) before the next. */
const RETRY_MS = 500;

export const seqOfId = (id: string): number => Number(id.slice(0, id.indexOf('-')));

/** A stream entry ("<seq>-1", fields t and m) back into the message appended. */
export function messageFromEntry(id: string, fields: string[]): StreamMessage {
  const json = fields[fields.indexOf('m') + 1];
  if (json === undefined) throw new Error(`stream entry ${id} has no message`);
  return { ...(JSON.parse(json) as Omit<StreamMessage, 'seq'>), seq: seqOfId(id) };
}

/**
 * Reads the stream after `afterSeq` on `conn` (a connection of its own: XREAD BLOCK holds it)
 * and hands every entry to `listener`, in order, until the returned stop is called. The loop
 * only moves past an entry once it was delivered, so when ioredis reconnects (a Redis restart,
 * a killed connection) the next read continues from the last delivered entry and nothing
 * appended meanwhile is lost. Stop disconnects `conn`.
 */
export function runTail(
  conn: Redis,
  streamKey: string,
  afterSeq: number,
  listener: (message: StreamMessage) => void,
  onError: (err: unknown) => void,
): () => Promise<void> {
  let lastId = `${afterSeq}-1`;
  let expected = afterSeq + 1;
  let stopped = false;
  let wake = () => {};

  const pause = () =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, RETRY_MS);
      wake = () => {
        clearTimeout(timer);
        resolve();
      };
    });

  const deliver = (id: string, fields: string[]) => {
    lastId = id;
    const seq = seqOfId(id);
    // Only when this tail was away for longer than the retention: clients need a snapshot.
    if (seq !== expected) onError(new Error(`queue stream tail skipped messages ${expected}..${seq - 1} (trimmed)`));
    expected = seq + 1;
    try {
      listener(messageFromEntry(id, fields));
    } catch (err) {
      onError(err);
    }
  };

  const loop = (async () => {
    while (!stopped) {
      try {
        const reply = await conn.xread('COUNT', READ_COUNT, 'BLOCK', BLOCK_MS, 'STREAMS', streamKey, lastId);
        for (const [, entries] of reply ?? []) {
          for (const [id, fields] of entries) {
            if (stopped) return;
            deliver(id, fields);
          }
        }
      } catch (err) {
        if (stopped) return;
        onError(err);
        await pause();
      }
    }
  })();

  return async () => {
    stopped = true;
    wake();
    conn.disconnect();
    await loop;
  };
}

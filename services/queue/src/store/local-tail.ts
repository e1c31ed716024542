import { EventEmitter } from 'node:events';
import type { StreamMessage } from './queue.store.ts';

/**
 * The stream's tails for a store whose every writer is in this process (in memory, SQLite):
 * an append is told to every listener right away, each with its own copy; a listener that
 * throws is reported to `onError` and the others go on.
 */
export function createLocalTail(onError: (err: unknown) => void) {
  const tail = new EventEmitter();
  tail.setMaxListeners(0);
  return {
    emit(message: StreamMessage): void {
      tail.emit('message', message);
    },
    subscribe(listener: (message: StreamMessage) => void): () => Promise<void> {
      const deliver = (message: StreamMessage) => {
        try {
          listener(structuredClone(message));
        } catch (err) {
          onError(err);
        }
      };
      tail.on('message', deliver);
      return async () => {
        tail.off('message', deliver);
      };
    },
    close(): void {
      tail.removeAllListeners();
    },
  };
}

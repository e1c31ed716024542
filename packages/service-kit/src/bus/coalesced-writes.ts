import { Socket } from 'node:net';

/**
 * Makes the writes a socket gets in one turn of the event loop reach the kernel together:
 * the first write of a turn corks the socket and the turn's end uncorks it, so a burst of
 * frames (amqplib writes each publish, ack and confirm on its own) costs one `writev` instead
 * of one system call each. On a loaded machine a small loopback write costs more CPU than
 * the message it carries (measured by bench/order-loop.ts). Nothing waits longer than the
 * current turn. Returns false, changing nothing, when `socket` is not a socket.
 */
export function coalesceWrites(socket: unknown): boolean {
  if (!(socket instanceof Socket)) return false;
  const write = socket.write;
  let corked = false;
  const uncork = () => {
    corked = false;
    socket.uncork();
  };
  socket.write = function coalescedWrite(this: Socket, ...args: Parameters<Socket['write']>) {
    if (!corked) {
      corked = true;
      this.cork();
      process.nextTick(uncork);
    }
    return write.apply(this, args);
  } as Socket['write'];
  return true;
}

/** The socket under an amqplib connection (a ChannelModel holds the Connection, which holds it). */
export const amqpSocketOf = (connection: unknown): unknown =>
  (connection as { connection?: { stream?: unknown } } | undefined)?.connection?.stream;

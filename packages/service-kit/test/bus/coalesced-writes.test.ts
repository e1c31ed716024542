import { once } from 'node:events';
import { createServer, type AddressInfo, Socket } from 'node:net';
import amqplib from 'amqplib';
import { afterAll, describe, expect, it } from 'vitest';
import { amqpSocketOf, coalesceWrites } from '../../src/bus/coalesced-writes.ts';
import { checkInfra, testUrls } from '../../src/testing/infra.ts';

async function connectedPair() {
  const server = createServer();
  const received: Buffer[] = [];
  server.on('connection', (peer) => peer.on('data', (chunk: Buffer) => received.push(chunk)));
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const socket = new Socket();
  socket.connect((server.address() as AddressInfo).port, '127.0.0.1');
  await once(socket, 'connect');
  return { socket, received, close: () => new Promise<void>((resolve) => (socket.destroy(), server.close(() => resolve()))) };
}

describe('coalesceWrites', () => {
  it('when a socket is written to three times in one turn, then the chunks go out in one writev, in order', async () => {
    const { socket, received, close } = await connectedPair();
    try {
      expect(coalesceWrites(socket)).toBe(true);
      const calls: string[] = [];
      const internals = socket as unknown as { _writev: (...args: unknown[]) => void; _write: (...args: unknown[]) => void };
      const writev = internals._writev.bind(socket);
      const write = internals._write.bind(socket);
      internals._writev = (chunks, cb) => (calls.push(`writev ${(chunks as unknown[]).length}`), writev(chunks, cb));
      internals._write = (chunk, encoding, cb) => (calls.push('write'), write(chunk, encoding, cb));

      socket.write('a');
      socket.write('b');
      socket.write('c');
      await new Promise((resolve) => setTimeout(resolve, 50));
      socket.write('d');
      await new Promise((resolve) => setTimeout(resolve, 50));

      expect(calls).toEqual(['writev 3', 'write']);
      expect(Buffer.concat(received).toString()).toBe('abcd');
    } finally {
      await close();
    }
  });

  it('when it is not given a socket, then it says so and changes nothing', () => {
    expect(coalesceWrites(undefined)).toBe(false);
    expect(coalesceWrites({ write: () => true })).toBe(false);
  });
});

const amqp = await checkInfra('RabbitMQ', testUrls.amqp);

describe.skipIf(!amqp.available)('the socket under an amqplib connection', () => {
  let connection: amqplib.ChannelModel | undefined;
  afterAll(async () => {
    await connection?.close();
  });

  it('when amqplib connects, then its socket is where the bus looks for it', async () => {
    connection = await amqplib.connect(testUrls.amqp);
    expect(amqpSocketOf(connection)).toBeInstanceOf(Socket);
  });
});

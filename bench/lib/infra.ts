/**
 * The real broker and database of this machine, reached with the drivers the services use.
 * The repository root does not depend on amqplib or mysql2, so they are loaded from the
 * packages that do (service-kit, orders); the few calls a benchmark needs are typed here.
 */
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { queueFamily } from '../../packages/service-kit/src/bus/shared.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const fromServiceKit = createRequire(path.join(root, 'packages/service-kit/package.json'));
const fromOrders = createRequire(path.join(root, 'services/orders/package.json'));

export interface AmqpMessage {
  content: Buffer;
  properties: { messageId?: string; timestamp?: number };
}

export interface AmqpChannel {
  assertQueue(queue: string, options?: { durable?: boolean; arguments?: Record<string, unknown> }): Promise<unknown>;
  deleteQueue(queue: string): Promise<{ messageCount: number }>;
  checkQueue(queue: string): Promise<{ messageCount: number; consumerCount: number }>;
  prefetch(count: number): Promise<unknown>;
  consume(queue: string, onMessage: (message: AmqpMessage | null) => void, options?: { noAck?: boolean }): Promise<{ consumerTag: string }>;
  cancel(consumerTag: string): Promise<unknown>;
  ack(message: AmqpMessage): void;
  close(): Promise<void>;
  on(event: 'error' | 'close', listener: (err?: unknown) => void): void;
}

export interface AmqpConfirmChannel extends AmqpChannel {
  sendToQueue(
    queue: string,
    content: Buffer,
    options: { persistent?: boolean; messageId?: string },
    callback: (err: unknown) => void,
  ): boolean;
  waitForConfirms(): Promise<void>;
}

export interface AmqpConnection {
  createChannel(): Promise<AmqpChannel>;
  createConfirmChannel(): Promise<AmqpConfirmChannel>;
  close(): Promise<void>;
  on(event: 'error' | 'close', listener: (err?: unknown) => void): void;
}

export interface SqlConnection {
  query(sql: string): Promise<[unknown, unknown]>;
  end(): Promise<void>;
}

const amqplib = fromServiceKit('amqplib') as {
  connect(url: string, socketOptions?: { noDelay?: boolean }): Promise<AmqpConnection>;
};
const mysql = fromOrders('mysql2/promise') as {
  createConnection(options: { host: string; port: number; user: string; password?: string }): Promise<SqlConnection>;
};

/** `noDelay` sets TCP_NODELAY; amqplib leaves it off (Nagle on) unless asked. */
export async function connectAmqp(url: string, socketOptions: { noDelay?: boolean } = {}): Promise<AmqpConnection> {
  const connection = await amqplib.connect(url, socketOptions);
  connection.on('error', () => undefined); // reported by the failing call instead
  return connection;
}

/**
 * Deletes queues with their dead-letter twins (`<queue>.dead`) and retry queues. Each deletion gets its own
 * channel: deleting a queue that does not exist is fine, but an error would close the channel.
 */
export async function deleteQueues(url: string, queues: readonly string[]): Promise<string[]> {
  const connection = await connectAmqp(url);
  const deleted: string[] = [];
  try {
    for (const queue of queues.flatMap((name) => queueFamily(name))) {
      const channel = await connection.createChannel();
      channel.on('error', () => undefined);
      try {
        const { messageCount } = await channel.deleteQueue(queue);
        deleted.push(messageCount > 0 ? `${queue} (${messageCount} messages)` : queue);
        await channel.close();
      } catch {
        // already gone or in use by another vhost policy: nothing we can do from here
      }
    }
  } finally {
    await connection.close().catch(() => undefined);
  }
  return deleted;
}

export interface MysqlServer {
  host: string;
  port: number;
  user: string;
  password?: string;
  /** A Unix socket instead of TCP (`?socketPath=` in the URL, as mysql2 reads it). */
  socketPath?: string;
}

/** mysql://user[:password]@host:port[?socketPath=…] → its parts (no database). */
export function parseMysqlUrl(url: string): MysqlServer {
  const parsed = new URL(url);
  const socketPath = parsed.searchParams.get('socketPath');
  return {
    host: parsed.hostname,
    port: Number(parsed.port || 3306),
    user: decodeURIComponent(parsed.username || 'root'),
    ...(parsed.password ? { password: decodeURIComponent(parsed.password) } : {}),
    ...(socketPath ? { socketPath } : {}),
  };
}

export function mysqlUrl(server: MysqlServer, database: string): string {
  const auth = server.password
    ? `${encodeURIComponent(server.user)}:${encodeURIComponent(server.password)}`
    : encodeURIComponent(server.user);
  const socket = server.socketPath ? `?socketPath=${encodeURIComponent(server.socketPath)}` : '';
  return `mysql://${auth}@${server.host}:${server.port}/${database}${socket}`;
}

async function withMysql(server: MysqlServer, sql: string): Promise<unknown> {
  const connection = await mysql.createConnection(server);
  try {
    const [rows] = await connection.query(sql);
    return rows;
  } finally {
    await connection.end().catch(() => undefined);
  }
}

const safeName = (name: string) => {
  if (!/^[a-z0-9_]{1,64}$/.test(name)) throw new Error(`unsafe database name: ${name}`);
  return name;
};

export const createDatabase = async (server: MysqlServer, name: string) =>
  void (await withMysql(server, `CREATE DATABASE \`${safeName(name)}\` CHARACTER SET utf8mb4`));
export const dropDatabase = async (server: MysqlServer, name: string) =>
  void (await withMysql(server, `DROP DATABASE IF EXISTS \`${safeName(name)}\``));

/** Database names that start with `prefix` (a safe name: letters, digits, underscores). */
export async function listDatabases(server: MysqlServer, prefix: string): Promise<string[]> {
  const rows = (await withMysql(server, `SHOW DATABASES LIKE '${safeName(prefix)}%'`)) as Record<string, string>[];
  return rows.map((row) => Object.values(row)[0]!).filter((name) => name.startsWith(prefix));
}

const fromQueue = createRequire(path.join(root, 'services/queue/package.json'));
const IORedis = fromQueue('ioredis') as new (url: string, options?: { lazyConnect?: boolean; maxRetriesPerRequest?: number }) => {
  flushdb(): Promise<unknown>;
  quit(): Promise<unknown>;
};

/** Empties the Redis database of `url` (the bench's own database index, never the tests'). */
export async function flushRedisDatabase(url: string): Promise<void> {
  const redis = new IORedis(url, { maxRetriesPerRequest: 1 });
  try {
    await redis.flushdb();
  } finally {
    await redis.quit();
  }
}

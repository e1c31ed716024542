import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { createRequire } from 'node:module';
import net from 'node:net';
import path from 'node:path';
import { queueFamily } from '../../packages/service-kit/src/index.ts';

/**
 * e2e/ is not a workspace package, so the drivers come from the packages that depend on them;
 * only the few calls the tests make are typed here.
 */
export const ROOT = path.resolve(import.meta.dirname, '../..');
const requireFrom = (pkg: string) => createRequire(path.join(ROOT, pkg, 'package.json'));

interface SqlConnection {
  query(sql: string): Promise<unknown>;
  end(): Promise<void>;
}
const mysql = requireFrom('services/orders')('mysql2/promise') as { createConnection(uri: string): Promise<SqlConnection> };

interface AmqpChannel {
  checkQueue(queue: string): Promise<{ messageCount: number }>;
  deleteQueue(queue: string): Promise<unknown>;
  deleteExchange(exchange: string): Promise<unknown>;
  on(event: 'error', listener: (err: Error) => void): void;
  close(): Promise<void>;
}
interface AmqpConnection {
  createChannel(): Promise<AmqpChannel>;
  on(event: 'error', listener: (err: Error) => void): void;
  close(): Promise<void>;
}
const amqplib = requireFrom('packages/service-kit')('amqplib') as { connect(url: string): Promise<AmqpConnection> };

/** Runs `fn` on a root connection to the MariaDB server (no database selected). */
export async function asRoot<T>(mysqlUrl: string, fn: (conn: SqlConnection) => Promise<T>): Promise<T> {
  const url = new URL(mysqlUrl);
  url.pathname = '/';
  const conn = await mysql.createConnection(url.toString());
  try {
    return await fn(conn);
  } finally {
    await conn.end();
  }
}

/** A throw-away database; returns its URL and how to drop it. */
export async function freshDatabase(mysqlUrl: string, name: string): Promise<{ url: string; drop(): Promise<void> }> {
  if (!/^[a-z0-9_]+$/.test(name)) throw new Error(`unsafe database name ${name}`);
  await asRoot(mysqlUrl, (conn) => conn.query(`CREATE DATABASE \`${name}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`));
  const url = new URL(mysqlUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      await asRoot(mysqlUrl, (conn) => conn.query(`DROP DATABASE IF EXISTS \`${name}\``));
    },
  };
}

/** Plain amqplib for what the bus port does not do: look for and delete queues and exchanges. */
export async function withAmqpChannel<T>(amqpUrl: string, fn: (channel: AmqpChannel) => Promise<T>): Promise<T> {
  const connection = await amqplib.connect(amqpUrl);
  connection.on('error', () => undefined);
  try {
    const channel = await connection.createChannel();
    channel.on('error', () => undefined);
    return await fn(channel);
  } finally {
    await connection.close().catch(() => undefined);
  }
}

export async function queueExists(amqpUrl: string, queue: string): Promise<boolean> {
  // A missing queue closes the channel with 404, so each check gets a channel of its own.
  return withAmqpChannel(amqpUrl, (channel) => channel.checkQueue(queue).then(
    () => true,
    () => false,
  ));
}

/** Deletes each queue, its `.dead` twin and its retry queues; an exchange too when given. */
export async function deleteQueues(amqpUrl: string, queues: string[], exchange?: string): Promise<void> {
  await withAmqpChannel(amqpUrl, async (channel) => {
    for (const queue of queues.flatMap((q) => queueFamily(q))) await channel.deleteQueue(queue);
    if (exchange) await channel.deleteExchange(exchange);
  });
}

/**
 * A TCP proxy in front of RabbitMQ that can go silent: `blackhole()` stops forwarding bytes
 * both ways but keeps every socket open (and accepts new ones), so a publisher's confirms
 * never come and nothing it sends reaches the broker, without the client seeing a disconnect.
 */
export class BlackholeProxy {
  private server: net.Server | undefined;
  private readonly sockets = new Set<net.Socket>();
  private silent = false;
  port = 0;

  constructor(private readonly target: URL) {}

  get url(): string {
    const url = new URL(this.target);
    url.hostname = '127.0.0.1';
    url.port = String(this.port);
    return url.toString();
  }

  async start(): Promise<void> {
    const server = net.createServer((client) => {
      const upstream = net.connect(Number(this.target.port || 5672), this.target.hostname);
      for (const socket of [client, upstream]) {
        this.sockets.add(socket);
        socket.on('close', () => this.sockets.delete(socket));
        socket.on('error', () => undefined);
      }
      client.on('data', (chunk) => void (this.silent || upstream.write(chunk)));
      upstream.on('data', (chunk) => void (this.silent || client.write(chunk)));
      client.on('close', () => upstream.destroy());
      upstream.on('close', () => client.destroy());
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    this.port = (server.address() as net.AddressInfo).port;
    this.server = server;
  }

  blackhole(): void {
    this.silent = true;
  }

  async close(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    const server = this.server;
    this.server = undefined;
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}

export async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

export interface ChildService {
  child: ChildProcess;
  url: string;
  /** What the process wrote (the tail), for failure messages. */
  output(): string;
  /** SIGKILL to its whole process group (tsx runs the script in a child of its own). */
  kill(): Promise<void>;
}

/** Starts `node_modules/.bin/tsx <script>` in its own process group and waits for `healthPath`. */
export async function spawnService(script: string, env: Record<string, string>, port: number, healthPath: string, startupMs = 60_000): Promise<ChildService> {
  const child = spawn(path.join(ROOT, 'node_modules/.bin/tsx'), [script], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env },
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-8000);
  };
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  const exited = once(child, 'exit');
  const service: ChildService = {
    child,
    url: `http://127.0.0.1:${port}`,
    output: () => output,
    async kill() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      try {
        process.kill(-child.pid!, 'SIGKILL');
      } catch {
        // Already gone.
      }
      await exited;
    },
  };
  const deadline = Date.now() + startupMs;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`${script} exited with ${child.exitCode}:\n${output}`);
    const ok = await fetch(`${service.url}${healthPath}`).then(
      (res) => res.status === 200,
      () => false,
    );
    if (ok) return service;
    if (Date.now() > deadline) {
      await service.kill();
      throw new Error(`${script} did not become healthy:\n${output}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { createRequire } from 'node:module';
import net from 'node:net';
import path from 'node:path';
import { deleteQueues, queueExists, withAmqpChannel } from '../../packages/service-kit/src/testing/broker.ts';
import { CuttableProxy } from '../../packages/service-kit/src/testing/cuttable-proxy.ts';

export { CuttableProxy, deleteQueues, queueExists, withAmqpChannel };

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

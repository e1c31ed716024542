/**
 * Private MariaDB, Redis and RabbitMQ servers for the chaos suite: each on its own port, in its
 * own temp folder, started as a child in its own process group. The shared servers on the
 * standard ports serve everyone else on this machine and are never stopped; these are ours to
 * stop, kill and restart. `stopAll()` leaves no process and no folder behind, and an `exit`
 * hook SIGKILLs whatever still runs if the process ends without it.
 */
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { asRoot, freePort, withAmqpChannel } from '../order-loop/helpers.ts';

const run = promisify(execFile);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export interface PrivateServer {
  readonly name: 'mariadb' | 'redis' | 'rabbitmq';
  readonly url: string;
  readonly running: boolean;
  /** Starts it (again, on the same data) and resolves once it answers. */
  start(): Promise<void>;
  /** A clean shutdown; resolves once the process is gone. */
  stop(): Promise<void>;
  /** SIGKILL to its process group. */
  kill(): Promise<void>;
}

/** Every live process group of this module, for the last-resort exit hook. */
const liveGroups = new Set<number>();
process.on('exit', () => {
  for (const pgid of liveGroups) killGroup(pgid);
});

function killGroup(pgid: number): void {
  try {
    process.kill(-pgid, 'SIGKILL');
  } catch {
    // already gone
  }
}

/** A server process we spawn, stop and spawn again on the same folder. */
abstract class ServerProcess implements PrivateServer {
  abstract readonly name: PrivateServer['name'];
  abstract readonly url: string;
  private child: ChildProcess | undefined;
  private output = '';

  constructor(protected readonly dir: string) {}

  get running(): boolean {
    return this.child !== undefined;
  }

  protected abstract command(): [string, string[], Record<string, string>];
  protected abstract ready(): Promise<boolean>;
  protected abstract gracefulStop(pid: number): Promise<void>;

  async start(): Promise<void> {
    if (this.child) return;
    const [command, args, env] = this.command();
    const child = spawn(command, args, {
      cwd: this.dir,
      env: { PATH: process.env.PATH ?? '/usr/sbin:/usr/bin:/sbin:/bin', ...env },
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const keep = (chunk: Buffer) => void (this.output = (this.output + chunk.toString()).slice(-4000));
    child.stdout!.on('data', keep);
    child.stderr!.on('data', keep);
    this.child = child;
    liveGroups.add(child.pid!);
    child.once('exit', () => {
      liveGroups.delete(child.pid!);
      if (this.child === child) this.child = undefined;
    });
    const deadline = Date.now() + 180_000;
    while (!(await this.ready().catch(() => false))) {
      if (this.child !== child) throw new Error(`private ${this.name} exited while starting:\n${this.output}`);
      if (Date.now() > deadline) {
        await this.kill();
        throw new Error(`private ${this.name} did not start within 180 s:\n${this.output}`);
      }
      await sleep(200);
    }
  }

  async stop(): Promise<void> {
    const child = this.child;
    if (!child) return;
    const exited = once(child, 'exit');
    await this.gracefulStop(child.pid!).catch(() => undefined);
    const timer = setTimeout(() => killGroup(child.pid!), 30_000);
    await exited;
    clearTimeout(timer);
    killGroup(child.pid!); // helpers its group started (erl_child_setup, inet_gethost)
  }

  async kill(): Promise<void> {
    const child = this.child;
    if (!child) return;
    const exited = once(child, 'exit');
    killGroup(child.pid!);
    await exited;
  }
}

class PrivateMariadb extends ServerProcess {
  readonly name = 'mariadb';
  readonly url: string;
  constructor(dir: string, private readonly port: number) {
    super(dir);
    this.url = `mysql://root@127.0.0.1:${port}/`;
  }
  async install(): Promise<void> {
    const user = userInfo().username;
    await run('mariadb-install-db', ['--no-defaults', `--datadir=${path.join(this.dir, 'data')}`, '--skip-test-db', `--user=${user}`, '--auth-root-authentication-method=normal'], { cwd: this.dir });
  }
  protected command(): [string, string[], Record<string, string>] {
    return [
      'mariadbd',
      [
        '--no-defaults',
        `--datadir=${path.join(this.dir, 'data')}`,
        `--port=${this.port}`,
        '--bind-address=127.0.0.1',
        '--skip-networking=0',
        `--socket=${path.join(this.dir, 'mariadb.sock')}`,
        `--pid-file=${path.join(this.dir, 'mariadb.pid')}`,
        `--user=${userInfo().username}`,
        // No users to manage on a throw-away server: anyone on loopback is root.
        '--skip-grant-tables',
        '--skip-log-bin',
        '--innodb-buffer-pool-size=64M',
        '--max-connections=500',
      ],
      {},
    ];
  }
  protected ready(): Promise<boolean> {
    return asRoot(this.url, (conn) => conn.query('SELECT 1')).then(() => true);
  }
  protected async gracefulStop(pid: number): Promise<void> {
    process.kill(pid, 'SIGTERM');
  }
}

class PrivateRedis extends ServerProcess {
  readonly name = 'redis';
  readonly url: string;
  constructor(dir: string, private readonly port: number) {
    super(dir);
    this.url = `redis://127.0.0.1:${port}/0`;
  }
  protected command(): [string, string[], Record<string, string>] {
    // No persistence: a restart loses every key, as a Redis without a volume does.
    return ['redis-server', ['--port', String(this.port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', this.dir, '--daemonize', 'no'], {}];
  }
  protected async ready(): Promise<boolean> {
    const { stdout } = await run('redis-cli', ['-p', String(this.port), 'PING']);
    return stdout.trim() === 'PONG';
  }
  protected async gracefulStop(pid: number): Promise<void> {
    process.kill(pid, 'SIGTERM');
  }
}

/**
 * A RabbitMQ node of its own: its own name (registered with the machine's epmd), ports, Erlang
 * cookie (HOME), data, logs, config and no plugins. It starts in about 7 s here.
 */
class PrivateRabbit extends ServerProcess {
  readonly name = 'rabbitmq';
  readonly url: string;
  readonly node: string;
  constructor(dir: string, private readonly port: number, private readonly distPort: number) {
    super(dir);
    this.url = `amqp://guest:guest@127.0.0.1:${port}`;
    this.node = `chaos-${randomBytes(4).toString('hex')}@localhost`;
    for (const sub of ['home', 'mnesia', 'log']) mkdirSync(path.join(dir, sub));
    writeFileSync(path.join(dir, 'home/.erlang.cookie'), randomBytes(20).toString('hex'), { mode: 0o400 });
    writeFileSync(path.join(dir, 'enabled_plugins'), '[].\n');
    writeFileSync(path.join(dir, 'rabbitmq.conf'), `listeners.tcp.1 = 127.0.0.1:${port}\nloopback_users = none\n`);
  }
  private env(): Record<string, string> {
    return {
      HOME: path.join(this.dir, 'home'),
      RABBITMQ_NODENAME: this.node,
      RABBITMQ_NODE_PORT: String(this.port),
      RABBITMQ_DIST_PORT: String(this.distPort),
      RABBITMQ_MNESIA_BASE: path.join(this.dir, 'mnesia'),
      RABBITMQ_LOG_BASE: path.join(this.dir, 'log'),
      RABBITMQ_CONFIG_FILE: path.join(this.dir, 'rabbitmq.conf'),
      RABBITMQ_ADVANCED_CONFIG_FILE: path.join(this.dir, 'advanced.config'),
      RABBITMQ_ENABLED_PLUGINS_FILE: path.join(this.dir, 'enabled_plugins'),
      RABBITMQ_PLUGINS_EXPAND_DIR: path.join(this.dir, 'plugins-expand'),
      RABBITMQ_CONF_ENV_FILE: path.join(this.dir, 'no-rabbitmq-env.conf'),
      RABBITMQ_PID_FILE: path.join(this.dir, 'rabbitmq.pid'),
    };
  }
  protected command(): [string, string[], Record<string, string>] {
    // The package's own script, not the /usr/sbin wrapper (which switches to the rabbitmq user and the shared cookie).
    return ['/usr/lib/rabbitmq/bin/rabbitmq-server', [], this.env()];
  }
  protected ready(): Promise<boolean> {
    return withAmqpChannel(this.url, async () => true);
  }
  protected async gracefulStop(): Promise<void> {
    await run('/usr/lib/rabbitmq/bin/rabbitmqctl', ['-n', this.node, 'stop'], {
      env: { PATH: process.env.PATH ?? '', ...this.env() },
      timeout: 30_000,
    });
  }
}

export interface PrivateStores {
  mariadb: PrivateServer;
  redis: PrivateServer;
  rabbitmq: PrivateServer;
  dir: string;
  /** Stops every server (SIGKILL if one hangs) and removes the temp folder; safe to call twice. */
  stopAll(): Promise<void>;
}

export async function startPrivateStores(): Promise<PrivateStores> {
  const dir = mkdtempSync(path.join(tmpdir(), 'canteen-chaos-'));
  const sub = (name: string) => {
    const folder = path.join(dir, name);
    mkdirSync(folder);
    return folder;
  };
  const mariadb = new PrivateMariadb(sub('mariadb'), await freePort());
  const redis = new PrivateRedis(sub('redis'), await freePort());
  const rabbitmq = new PrivateRabbit(sub('rabbitmq'), await freePort(), await freePort());
  const servers = [mariadb, redis, rabbitmq];
  let stopped: Promise<void> | undefined;
  const stopAll = () =>
    (stopped ??= (async () => {
      await Promise.allSettled(servers.map((server) => server.stop()));
      await Promise.allSettled(servers.map((server) => server.kill()));
      rmSync(dir, { recursive: true, force: true });
    })());
  try {
    await mariadb.install();
    await Promise.all([mariadb.start(), redis.start(), rabbitmq.start()]);
  } catch (err) {
    await stopAll();
    throw err;
  }
  return { mariadb, redis, rabbitmq, dir, stopAll };
}

import net from 'node:net';

/**
 * Tests that need a real service (PostgreSQL, MariaDB, Redis, RabbitMQ) ask here first.
 * Locally a missing service skips those tests with a printed reason; in CI
 * (`REQUIRE_INFRA=1`) a missing service is a failure, so nothing is silently skipped.
 */
export interface InfraCheck {
  available: boolean;
  reason?: string;
}

export const infraRequired = (): boolean => process.env.REQUIRE_INFRA === '1';

export function tcpReachable(url: string, timeoutMs = 1500): Promise<boolean> {
  const parsed = new URL(url);
  const defaults: Record<string, number> = {
    'postgres:': 5432,
    'postgresql:': 5432,
    'mysql:': 3306,
    'redis:': 6379,
    'amqp:': 5672,
  };
  const port = Number(parsed.port || defaults[parsed.protocol] || 0);
  return new Promise((resolve) => {
    const socket = net.connect({ host: parsed.hostname, port });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

/**
 * Resolves whether the service at `url` can be used. Call it at the top of a test file
 * (top-level await) and pass `!check.available` to `describe.skipIf`.
 */
export async function checkInfra(name: string, url: string): Promise<InfraCheck> {
  if (await tcpReachable(url)) return { available: true };
  const reason = `${name} is not reachable at ${redact(url)}`;
  if (infraRequired()) {
    throw new Error(`${reason}, and REQUIRE_INFRA=1 forbids skipping its tests`);
  }
  process.stderr.write(`SKIPPED: ${name} tests — ${reason} (set REQUIRE_INFRA=1 to make this a failure)\n`);
  return { available: false, reason };
}

function redact(url: string): string {
  const parsed = new URL(url);
  if (parsed.password) parsed.password = '***';
  return parsed.toString();
}

/** Default URLs of the services on a developer machine and in CI; override with the env vars. */
export const testUrls = {
  postgres: process.env.TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test',
  mysql: process.env.TEST_MYSQL_URL ?? 'mysql://root@127.0.0.1:3306/test',
  redis: process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379',
  amqp: process.env.TEST_AMQP_URL ?? 'amqp://guest:guest@127.0.0.1:5672',
};

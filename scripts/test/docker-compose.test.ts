import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { loadBffConfig } from '../../bff/src/config.ts';
import { loadMenuConfig } from '../../services/menu/src/config.ts';
import { loadOrdersConfig } from '../../services/orders/src/config.ts';
import { loadPaymentsConfig } from '../../services/payments/src/config.ts';
import { loadQueueConfig } from '../../services/queue/src/config.ts';
import { loadUsersConfig } from '../../services/users/src/config.ts';

/**
 * docker-compose.yml as a security review reads it: no container gets the whole .env, each
 * gets the secrets it uses and no others, and what each gets is enough for its config.
 */
const ROOT = path.resolve(import.meta.dirname, '../..');
const compose = parse(readFileSync(path.join(ROOT, 'docker-compose.yml'), 'utf8'), { merge: true }) as {
  services: Record<string, { env_file?: unknown; environment?: Record<string, string | number> }>;
};
const APPS = ['users', 'menu', 'orders', 'payments', 'queue', 'bff'] as const;

const dir = mkdtempSync(path.join(tmpdir(), 'canteen-compose-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
// The .env a newcomer makes with the documented command, to fill in the ${...} as compose would.
execFileSync(process.execPath, [path.join(ROOT, 'scripts/generate-env.mjs'), path.join(dir, '.env')], { stdio: 'ignore' });
const dotenv: Record<string, string> = Object.fromEntries(
  readFileSync(path.join(dir, '.env'), 'utf8')
    .split('\n')
    .filter((line) => line.includes('='))
    .map((line) => {
      const at = line.indexOf('=');
      const raw = line.slice(at + 1);
      const value = raw.startsWith('"') ? raw.slice(1, -1).replace(/\\n/g, '\n') : raw;
      return [line.slice(0, at), value];
    }),
);

/** The ${NAME}s a service's environment takes from .env. */
const secretsOf = (service: string): Set<string> =>
  new Set(
    Object.values(compose.services[service]?.environment ?? {}).flatMap((value) =>
      [...String(value).matchAll(/\$\{([A-Z0-9_]+)[^}]*\}/g)].map((match) => match[1]!),
    ),
  );
const environmentOf = (service: string): NodeJS.ProcessEnv =>
  Object.fromEntries(
    Object.entries(compose.services[service]?.environment ?? {}).map(([key, value]) => [
      key,
      String(value).replace(/\$\{([A-Z0-9_]+)[^}]*\}/g, (_all, name: string) => dotenv[name] ?? ''),
    ]),
  );
const holders = (secret: string) => APPS.filter((service) => secretsOf(service).has(secret));

describe('docker-compose.yml: secrets per service', () => {
  it('when compose starts a service, then no container is given the whole .env file', () => {
    for (const service of Object.keys(compose.services)) expect({ service, env_file: compose.services[service]!.env_file }).toEqual({ service, env_file: undefined });
  });

  it('when the secrets are handed out, then each goes only to the services that use it', () => {
    expect(holders('JWT_PRIVATE_KEY')).toEqual(['users']);
    expect(holders('ADMIN_PASSWORD')).toEqual(['users']);
    expect(holders('POSTGRES_PASSWORD')).toEqual(['users']);
    expect(holders('MARIADB_PASSWORD')).toEqual(['orders']);
    expect(holders('VAPID_PRIVATE_KEY')).toEqual(['bff']);
    expect(holders('METRICS_TOKEN')).toEqual(['bff']);
    // The users service publishes user.sessions_revoked: it needs the broker too.
    expect(holders('RABBITMQ_PASSWORD')).toEqual(['users', 'menu', 'orders', 'payments', 'queue', 'bff']);
  });

  it('when .env is made by scripts/generate-env.mjs, then every secret in it is used by some service', () => {
    const used = new Set([...APPS, 'postgres', 'mariadb', 'rabbitmq'].flatMap((service) => [...secretsOf(service)]));
    const rabbit = compose.services.rabbitmq?.environment ?? {};
    for (const value of Object.values(rabbit)) for (const match of String(value).matchAll(/\$\{([A-Z0-9_]+)\}/g)) used.add(match[1]!);
    const unused = Object.keys(dotenv).filter((name) => !used.has(name) && name !== 'VAPID_SUBJECT' && name !== 'ADMIN_EMAIL');
    expect(unused).toEqual([]);
  });

  it('when each service reads what compose gives it, then its configuration loads (what it gets is enough)', () => {
    expect(() => loadUsersConfig(environmentOf('users'))).not.toThrow();
    expect(() => loadMenuConfig(environmentOf('menu'))).not.toThrow();
    expect(() => loadOrdersConfig(environmentOf('orders'))).not.toThrow();
    expect(() => loadPaymentsConfig(environmentOf('payments'))).not.toThrow();
    expect(() => loadQueueConfig(environmentOf('queue'))).not.toThrow();
    const bff = loadBffConfig(environmentOf('bff'));
    expect(bff.VAPID_PRIVATE_KEY).toBe(dotenv.VAPID_PRIVATE_KEY);
    expect(bff.METRICS_TOKEN).toBe(dotenv.METRICS_TOKEN);
  });
});

import { once } from 'node:events';
import { freePort, spawnService, type ChildService } from '../order-loop/helpers.ts';

/** The all-in-one launcher as `npm start` runs it, on free ports of its own and `dataDir`. */
export async function startCanteen(running: ChildService[], dataDir: string, extra: Record<string, string> = {}) {
  const ports = { BFF_PORT: 0, USERS_PORT: 0, MENU_PORT: 0, ORDERS_PORT: 0, QUEUE_PORT: 0, PAYMENTS_PORT: 0 };
  for (const key of Object.keys(ports) as (keyof typeof ports)[]) ports[key] = await freePort();
  const env = Object.fromEntries(Object.entries(ports).map(([key, port]) => [key, String(port)]));
  const service = await spawnService(
    'launcher/src/all-in-one.ts',
    { ...env, DATA_DIR: dataDir, HOST: '127.0.0.1', LOG_LEVEL: 'warn', ...extra },
    ports.BFF_PORT,
    '/health',
  );
  running.push(service);
  return Object.assign(service, { ports });
}

/** SIGTERM to the process `npm start` / the container runs (tsx, which relays it); resolves with the exit code. */
export async function stopCanteen(running: ChildService[], service: ChildService): Promise<number | null> {
  const exited = once(service.child, 'exit') as Promise<[number | null]>;
  service.child.kill('SIGTERM');
  const [code] = await exited;
  running.splice(running.indexOf(service), 1);
  return code;
}

export async function json<T>(response: Response): Promise<T> {
  const text = await response.text();
  if (!response.ok) throw new Error(`${response.status}: ${text}`);
  return JSON.parse(text) as T;
}

export function loginResponse(url: string, email: string, password: string): Promise<Response> {
  return fetch(`${url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password }),
  });
}

export async function login(url: string, email: string, password: string): Promise<{ token: string; id: number }> {
  return json(await loginResponse(url, email, password));
}

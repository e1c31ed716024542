/** `warn`: works, but someone should look (e.g. dead letters waiting); it does not fail /health. */
export type DependencyState = 'up' | 'warn' | 'down';

export interface DependencyHealth {
  status: DependencyState;
  detail?: string;
}

/** A probe of one dependency (database, bus, another service). It must not throw. */
export type HealthCheck = () => Promise<DependencyHealth> | DependencyHealth;

export async function runHealthChecks(checks: Record<string, HealthCheck>, timeoutMs = 2000) {
  const entries = await Promise.all(
    Object.entries(checks).map(async ([name, check]): Promise<[string, DependencyHealth]> => {
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<DependencyHealth>((resolve) => {
        timer = setTimeout(() => resolve({ status: 'down', detail: 'health check timed out' }), timeoutMs);
      });
      try {
        const result = await Promise.race([Promise.resolve().then(check), timeout]);
        return [name, result];
      } catch (err) {
        return [name, { status: 'down', detail: err instanceof Error ? err.message : String(err) }];
      } finally {
        clearTimeout(timer);
      }
    }),
  );
  const dependencies = Object.fromEntries(entries);
  const healthy = entries.every(([, health]) => health.status !== 'down');
  const warnings = entries.filter(([, health]) => health.status === 'warn').map(([name, health]) => `${name}: ${health.detail ?? 'warning'}`);
  return { healthy, dependencies, warnings };
}

/**
 * The checks' verdict, reused for `ttlMs`: what anonymous callers of a public /health get,
 * so that any number of them costs at most one round of checks per interval.
 */
export function cachedHealthChecks(checks: Record<string, HealthCheck>, ttlMs: number) {
  let last: { at: number; result: Promise<Awaited<ReturnType<typeof runHealthChecks>>> } | undefined;
  return () => {
    const now = Date.now();
    if (!last || now - last.at >= ttlMs) last = { at: now, result: runHealthChecks(checks) };
    return last.result;
  };
}

/** A store (or anything with a ping) as a health check: up when the ping resolves. */
export const pingCheck =
  (ping: () => Promise<void>): HealthCheck =>
  async () => {
    await ping();
    return { status: 'up' };
  };

/** The event bus as a health check, with its own explanation when it is down. */
export const busCheck =
  (bus: { health(): { ok: boolean; detail?: string } }): HealthCheck =>
  () => {
    const health = bus.health();
    return health.ok ? { status: 'up' } : { status: 'down', detail: health.detail ?? 'bus down' };
  };

import { randomUUID } from 'node:crypto';
import { createLogger, silentLogger, type Logger } from '../../src/logging/logger.ts';

/** Polls until `condition` holds; fails with `what` after a generous timeout. Never asserts a duration. */
export async function waitFor(
  condition: () => boolean | Promise<boolean>,
  what: string,
  { timeoutMs = 15_000, intervalMs = 20 }: { timeoutMs?: number; intervalMs?: number } = {},
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await condition()) return;
    if (Date.now() > deadline) throw new Error(`timed out waiting for: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}

/** Short random suffix so tests on a shared broker never see each other's queues or keys. */
export const unique = (): string => randomUUID().slice(0, 8);

export const newId = (): string => randomUUID();

/** Silent unless BUS_TEST_LOG names a level (e.g. `BUS_TEST_LOG=debug`), to watch a run. */
export const testLogger = (): Logger =>
  process.env.BUS_TEST_LOG ? createLogger('bus-test', { level: process.env.BUS_TEST_LOG }) : silentLogger();

import type { Logger } from 'pino';
import { ConfigError } from '../config/config.ts';

export interface Lifecycle {
  start(): Promise<unknown>;
  stop(): Promise<void>;
}

/**
 * Runs a service as its own process: a bad config stops it with a message naming the
 * variable; SIGINT/SIGTERM drain HTTP and close stores and the bus before exiting.
 */
export async function runMain(name: string, build: () => Promise<{ lifecycle: Lifecycle; logger: Logger }>) {
  let built: { lifecycle: Lifecycle; logger: Logger };
  try {
    built = await build();
    await built.lifecycle.start();
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`${name} cannot start. ${err.message}\n`);
    } else {
      process.stderr.write(`${name} failed to start: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    }
    process.exit(1);
  }
  const { lifecycle, logger } = built;
  logCrashes(logger);
  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    const force = setTimeout(() => {
      logger.error('shutdown took too long, exiting');
      process.exit(1);
    }, 20_000);
    force.unref();
    try {
      await lifecycle.stop();
      logger.info('stopped');
      process.exit(0);
    } catch (err) {
      logger.error({ err }, 'error while stopping');
      process.exit(1);
    }
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
}

/**
 * A crash is written by the logger, not by Node: Node prints an uncaught error with every
 * property on it (a driver's error carries the failed statement's values), the logger keeps
 * only what identifies it. The process still ends, as Node would end it.
 */
export function logCrashes(logger: Logger): void {
  const crash = (what: string) => (err: unknown) => {
    logger.fatal({ err }, what);
    process.exit(1);
  };
  process.on('uncaughtException', crash('uncaught exception'));
  process.on('unhandledRejection', crash('unhandled promise rejection'));
}

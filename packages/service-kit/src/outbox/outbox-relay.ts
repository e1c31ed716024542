import type { EventBus } from '../bus/bus.ts';
import type { Logger } from '../logging/logger.ts';
import type { OutboxRecord, OutboxStore } from './outbox.ts';

export interface OutboxRelayOptions {
  store: OutboxStore;
  bus: Pick<EventBus, 'publish'>;
  logger: Logger;
  /** The safety net: how often to look for rows nobody kicked for (after a crash, a failed publish). */
  pollIntervalMs?: number;
  batchSize?: number;
  /** First retry delay of a failed row; it doubles per attempt up to `retryMaxMs`. */
  retryBaseMs?: number;
  retryMaxMs?: number;
  now?: () => number;
}

export interface OutboxRelay {
  /** Starts polling and publishes what is already waiting. */
  start(): void;
  /** Run now, e.g. right after a transaction that wrote outbox rows committed. Cheap to call often. */
  kick(): void;
  /** Stops polling and waits for the run in progress, so no publish outlives the relay. */
  stop(): Promise<void>;
}

/**
 * Publishes outbox rows and marks them sent once the bus confirmed them. A row is marked
 * sent only after publish() resolved, so a crash in between publishes it again: consumers
 * deduplicate by event id. A failed row is marked failed with a backoff and stays in the
 * outbox; nothing is ever dropped. Only one run at a time, and a kick during a run makes
 * another run follow, because the commit that kicked may have missed the running claim.
 */
export function createOutboxRelay(options: OutboxRelayOptions): OutboxRelay {
  const { store, bus } = options;
  const logger = options.logger.child({ component: 'outbox-relay' });
  const pollIntervalMs = options.pollIntervalMs ?? 1000;
  const batchSize = options.batchSize ?? 100;
  const retryBaseMs = options.retryBaseMs ?? 1000;
  const retryMaxMs = options.retryMaxMs ?? 60_000;
  const now = options.now ?? Date.now;

  let started = false;
  let stopping = false;
  let again = false;
  let running: Promise<void> | undefined;
  let timer: NodeJS.Timeout | undefined;

  const retryDelay = (attempts: number): number => Math.min(retryMaxMs, retryBaseMs * 2 ** attempts);

  function scheduleNext(): void {
    clearTimeout(timer);
    if (!started || stopping) return;
    timer = setTimeout(kick, pollIntervalMs);
    // Polling alone must not keep a process alive that is otherwise done.
    timer.unref();
  }

  let soon: NodeJS.Immediate | undefined;

  /**
   * Commits that land in the same turn of the event loop (a burst of orders) share one run:
   * one claim and one markSent for all their rows instead of a pair of transactions each.
   */
  function kick(): void {
    if (!started || stopping) return;
    if (running) {
      again = true;
      return;
    }
    soon ??= setImmediate(run);
  }

  function run(): void {
    soon = undefined;
    if (!started || stopping || running) return;
    clearTimeout(timer);
    running = drain()
      .catch((err: unknown) => logger.error({ err }, 'outbox run failed'))
      .finally(() => {
        running = undefined;
        if (again && !stopping) kick();
        else scheduleNext();
      });
  }

  // Published and confirmed, not yet marked: marked together when the run ends (or the list
  // is a batch long), so a run of back-to-back batches costs one markSent, not one each. A
  // crash before the mark publishes them again, which consumers absorb by event id.
  let confirmed: string[] = [];

  async function markConfirmed(): Promise<void> {
    if (confirmed.length === 0) return;
    const ids = confirmed;
    confirmed = [];
    try {
      await store.markSent(ids);
    } catch (err) {
      logger.error({ err, eventIds: ids }, 'marking outbox rows sent failed; they will be published again');
    }
  }

  async function drain(): Promise<void> {
    try {
      do {
        again = false;
        const { full, failed } = await runBatch();
        if (confirmed.length >= batchSize) await markConfirmed();
        // A full batch means more may wait; after a failure, leave it to the backoff and the poll.
        if (full && !failed) again = true;
      } while (again && !stopping);
    } finally {
      await markConfirmed();
    }
  }

  async function runBatch(): Promise<{ full: boolean; failed: boolean }> {
    let records: OutboxRecord[];
    try {
      records = await store.claimBatch(batchSize);
    } catch (err) {
      logger.error({ err }, 'claiming outbox rows failed; trying again at the next poll');
      return { full: false, failed: true };
    }
    if (records.length === 0) return { full: false, failed: false };

    // All at once: while the broker is away each publish waits, and serially they would add up.
    const results = await Promise.allSettled(
      records.map((record) =>
        bus.publish(record.routingKey, record.payload, {
          messageId: record.eventId,
          ...(record.headers ? { headers: record.headers } : {}),
        }),
      ),
    );

    const sent: string[] = [];
    let failed = 0;
    for (const [index, result] of results.entries()) {
      const record = records[index]!;
      if (result.status === 'fulfilled') {
        sent.push(record.eventId);
        continue;
      }
      failed += 1;
      const error = result.reason instanceof Error ? result.reason.message : String(result.reason);
      const retryAt = new Date(now() + retryDelay(record.attempts));
      logger.warn(
        { err: result.reason, eventId: record.eventId, routingKey: record.routingKey, attempts: record.attempts + 1, retryAt },
        'publishing an outbox row failed; it stays in the outbox',
      );
      try {
        await store.markFailed(record.eventId, error, retryAt);
      } catch (err) {
        // Its lease runs out and it is claimed again; only the backoff is lost.
        logger.error({ err, eventId: record.eventId }, 'marking an outbox row failed did not work');
      }
    }

    confirmed.push(...sent);
    logger.debug({ sent: sent.length, failed }, 'outbox batch done');
    return { full: records.length >= batchSize, failed: failed > 0 };
  }

  return {
    start() {
      if (started) return;
      started = true;
      stopping = false;
      kick();
    },
    kick,
    async stop() {
      if (!started) return;
      stopping = true;
      clearTimeout(timer);
      if (soon) clearImmediate(soon);
      soon = undefined;
      await running;
      started = false;
    },
  };
}

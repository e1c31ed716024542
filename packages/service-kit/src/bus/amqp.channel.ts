import type { AmqpConnectionManager, ChannelWrapper } from 'amqp-connection-manager';
import type { Channel, ConfirmChannel } from 'amqplib';
import type { Logger } from '../logging/logger.ts';
import { errorMessage } from './shared.ts';

export type RawChannel = Channel | ConfirmChannel;

export interface ResilientChannelOptions {
  manager: AmqpConnectionManager;
  name: string;
  confirm: boolean;
  logger: Logger;
  /**
   * Runs on every new underlying channel, i.e. after every reconnect, so topology, prefetch
   * and consumers come back by themselves. It is handed the raw amqplib channel so acks go
   * to the very channel that delivered the message.
   */
  setup(channel: RawChannel): Promise<void>;
  /** Pause before replacing a channel the broker closed while the connection stayed up. */
  recreateDelayMs: number;
}

/**
 * An amqp-connection-manager ChannelWrapper that also survives channel-level errors.
 *
 * The wrapper recreates its channel only when the whole connection comes back. When the
 * broker closes just the channel (a consumer ack timeout, someone deleting our queue, a
 * 406 on a redeclare), it would sit without a channel forever, and its consumers would stop
 * silently. So we watch for a channel closed *with an error* and swap in a fresh wrapper.
 */
export class ResilientChannel {
  private current: ChannelWrapper;
  private closed = false;
  private replaceTimer: NodeJS.Timeout | undefined;
  private settleReady!: (err?: unknown) => void;
  /** Why the channel is unusable right now, if it is. */
  broken: string | undefined;
  /** Settles with the first setup: resolves when it ran, rejects with its error. */
  readonly ready: Promise<void>;

  constructor(private readonly options: ResilientChannelOptions) {
    this.ready = new Promise<void>((resolve, reject) => {
      let settled = false;
      this.settleReady = (err?: unknown) => {
        if (settled) return;
        settled = true;
        if (err === undefined) resolve();
        else reject(err instanceof Error ? err : new Error(String(err)));
      };
    });
    // Nobody may be awaiting it yet; a rejection here must not count as unhandled.
    this.ready.catch(() => undefined);
    this.current = this.open();
  }

  get wrapper(): ChannelWrapper {
    return this.current;
  }

  private open(): ChannelWrapper {
    const { manager, name, confirm, logger } = this.options;
    const wrapper = manager.createChannel({
      name,
      confirm,
      json: false,
      setup: (channel: RawChannel) => this.runSetup(channel),
    });
    // The wrapper emits 'error' for failed setups; an EventEmitter without a listener would throw.
    wrapper.on('error', (err: unknown) => logger.warn({ err, channel: name }, 'channel setup failed'));
    return wrapper;
  }

  private async runSetup(channel: RawChannel): Promise<void> {
    const { name, logger, setup } = this.options;
    let channelError: unknown;
    // Without a listener amqplib's 'error' on a server-closed channel would crash the process.
    channel.on('error', (err: unknown) => {
      channelError = err;
    });
    channel.once('close', () => {
      if (channelError === undefined || this.closed) return; // a connection loss: the manager handles it
      this.broken = errorMessage(channelError);
      logger.error({ err: channelError, channel: name }, 'broker closed the channel; replacing it');
      this.replaceLater();
    });
    try {
      await setup(channel);
      this.broken = undefined;
      this.settleReady();
    } catch (err) {
      this.broken = errorMessage(err);
      this.settleReady(err);
      throw err;
    }
  }

  /** For trouble the channel itself does not report, e.g. the broker cancelling our consumer. */
  fail(reason: string): void {
    if (this.closed) return;
    this.broken = reason;
    this.options.logger.error({ channel: this.options.name, reason }, 'channel unusable; replacing it');
    this.replaceLater();
  }

  private replaceLater(): void {
    if (this.replaceTimer || this.closed) return;
    this.replaceTimer = setTimeout(() => {
      this.replaceTimer = undefined;
      if (this.closed) return;
      const old = this.current;
      this.current = this.open();
      // Closing the old wrapper rejects its unsent publishes, which the bus retries on the new one.
      old.close().catch(() => undefined);
    }, this.options.recreateDelayMs);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    clearTimeout(this.replaceTimer);
    this.settleReady(new Error(`channel ${this.options.name} closed`));
    try {
      await this.current.close();
    } catch (err) {
      // Closing over a dead connection fails; there is nothing left to release then.
      this.options.logger.debug({ err, channel: this.options.name }, 'channel close failed');
    }
  }
}

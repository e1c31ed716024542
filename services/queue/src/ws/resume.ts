import type { Logger } from '@canteen/service-kit';
import type { QueueStore } from '../store/queue.store.ts';
import { frameFor, framesOf, scopeSnapshot, toFrame, type Scope } from './scope.ts';

export interface ResumePlan {
  resume: 'replay' | 'snapshot';
  /** The stream position the client is current to once `frames` are sent. */
  position: number;
  /** The welcome, then the replayed messages or the snapshot. */
  frames: Buffer[];
}

export interface ResumeDeps {
  stream: Pick<QueueStore, 'readStreamSince' | 'lastSeq'>;
  snapshot: (scope: Scope) => Promise<unknown[]>;
  scope: Scope;
  since: number | undefined;
  log: Logger;
  /** A client further behind than this many messages gets the snapshot: cheaper than a long replay, and bounded. */
  maxReplay?: number;
}

/**
 * What a newly authenticated client is sent first. With `since`, the messages after it that
 * the scope may see; when those are gone (or `since` is ahead of this stream, i.e. from an
 * earlier life of it), or without `since`, the state now.
 */
export async function planResume({ stream, snapshot, scope, since, log, maxReplay = 1000 }: ResumeDeps): Promise<ResumePlan> {
  // Read before the snapshot is taken, so the snapshot reflects at least everything up to it;
  // live messages after it are sent on top, and applying an update twice is harmless.
  const last = await stream.lastSeq();
  if (since !== undefined && since <= last && last - since <= maxReplay) {
    const result = await stream.readStreamSince(since);
    if (result.kind === 'replay') {
      let position = since;
      const frames: Buffer[] = [];
      for (const message of result.messages) {
        if (message.seq <= position) continue;
        position = message.seq;
        const frame = frameFor(scope, framesOf(message));
        if (frame !== undefined) frames.push(frame);
      }
      return { resume: 'replay', position, frames: [welcome(scope, position, 'replay'), ...frames] };
    }
  }
  const { items, dropped } = scopeSnapshot(scope, await snapshot(scope));
  if (dropped > 0) log.warn({ scope: scope.kind, dropped }, 'snapshot items outside the scope were left out');
  return {
    resume: 'snapshot',
    position: last,
    frames: [welcome(scope, last, 'snapshot'), toFrame({ type: 'snapshot', seq: last, data: items })],
  };
}

function welcome(scope: Scope, seq: number, resume: 'replay' | 'snapshot'): Buffer {
  return toFrame({ type: 'welcome', seq, scope: scope.kind, resume });
}

import type { StreamMessage } from '../store/queue.store.ts';

/** What a connection may see: every order (staff), one user's orders, or the pickup board. */
export type Scope = { kind: 'staff' } | { kind: 'customer'; userId: number } | { kind: 'board' };

/** The frames one stream message becomes, each serialized at most once however many clients get it. */
export interface MessageFrames {
  readonly message: StreamMessage;
  /** `{type, seq, data}` as stored: for staff, and for the customer whose order it is. */
  full(): Buffer;
  /** `{type, seq, data: {queue_number, status?}}`: for the board, nothing about people. */
  board(): Buffer;
}

export function framesOf(message: StreamMessage): MessageFrames {
  let full: Buffer | undefined;
  let board: Buffer | undefined;
  return {
    message,
    full: () => (full ??= toFrame({ type: message.type, seq: message.seq, data: message.data })),
    board: () => (board ??= toFrame(boardMessage(message))),
  };
}

/** The frame `scope` gets for a message, or undefined when it may not see it. */
export function frameFor(scope: Scope, frames: MessageFrames): Buffer | undefined {
  switch (scope.kind) {
    case 'staff':
      return frames.full();
    case 'customer':
      return frames.message.userId === scope.userId ? frames.full() : undefined;
    case 'board':
      return frames.board();
  }
}

/**
 * Built field by field rather than by deleting from the stored data, so a field added to
 * QueueItem later can never leak to the anonymous board.
 */
export function boardMessage(message: StreamMessage): { type: StreamMessage['type']; seq: number; data: { queue_number: number; status?: string } } {
  const data: { queue_number: number; status?: string } = { queue_number: message.queueNumber };
  if (message.type !== 'queue_removed' && message.status !== undefined) data.status = message.status;
  return { type: message.type, seq: message.seq, data };
}

/**
 * The snapshot provider is trusted to scope its answer, but what reaches a socket is checked
 * here too: the board gets numbers and states only, a customer only items with their user_id.
 */
export function scopeSnapshot(scope: Scope, items: readonly unknown[]): { items: unknown[]; dropped: number } {
  if (scope.kind === 'staff') return { items: [...items], dropped: 0 };
  if (scope.kind === 'board') {
    const board = items.filter(isRecord).map((item) => ({ queue_number: item.queue_number, status: item.status }));
    return { items: board, dropped: items.length - board.length };
  }
  const own = items.filter((item) => isRecord(item) && item.user_id === scope.userId);
  return { items: own, dropped: items.length - own.length };
}

export function toFrame(value: unknown): Buffer {
  return Buffer.from(JSON.stringify(value), 'utf8');
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

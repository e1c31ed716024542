import type { StreamMessage } from '../store/queue.store.ts';
import type { HubClient } from './hub-client.ts';
import { framesOf, type Scope } from './scope.ts';

/**
 * Connections indexed by what they may see, so a broadcast touches staff, the board and the
 * one customer the order belongs to — not every customer connected.
 */
export class ClientRegistry {
  readonly all = new Set<HubClient>();
  private readonly staff = new Set<HubClient>();
  private readonly board = new Set<HubClient>();
  private readonly customers = new Map<number, Set<HubClient>>();

  add(client: HubClient): void {
    this.all.add(client);
  }

  /** From now on the client gets the messages of its scope. */
  subscribe(client: HubClient, scope: Scope): void {
    client.scope = scope;
    if (scope.kind === 'staff') this.staff.add(client);
    else if (scope.kind === 'board') this.board.add(client);
    else {
      let own = this.customers.get(scope.userId);
      if (own === undefined) this.customers.set(scope.userId, (own = new Set()));
      own.add(client);
    }
  }

  remove(client: HubClient): void {
    this.all.delete(client);
    const scope = client.scope;
    if (scope === undefined) return;
    if (scope.kind === 'staff') this.staff.delete(client);
    else if (scope.kind === 'board') this.board.delete(client);
    else {
      const own = this.customers.get(scope.userId);
      own?.delete(client);
      if (own?.size === 0) this.customers.delete(scope.userId);
    }
  }

  /** One frame, built once by the caller, to every connection whatever its scope. */
  broadcastPublic(frame: Buffer): void {
    for (const client of this.all) client.deliverPublic(frame);
  }

  /** Hands each subscribed client its frame; each distinct frame is serialized once. */
  broadcast(message: StreamMessage): void {
    const frames = framesOf(message);
    // Iterating a Set stays valid if delivering ends a client and it is removed meanwhile.
    if (this.staff.size > 0) {
      const full = frames.full();
      for (const client of this.staff) client.deliver(message.seq, full);
    }
    const own = this.customers.get(message.userId);
    if (own !== undefined) {
      const full = frames.full();
      for (const client of own) client.deliver(message.seq, full);
    }
    if (this.board.size > 0) {
      const board = frames.board();
      for (const client of this.board) client.deliver(message.seq, board);
    }
  }
}

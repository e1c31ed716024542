import { WebSocket } from 'ws';
import { CLOSE_TRY_AGAIN_LATER } from './handshake.ts';
import type { Scope } from './scope.ts';

export type ClientPhase = 'auth' | 'resuming' | 'live' | 'closed';

export interface ClientLimits {
  /** Bytes a client may have waiting (in the socket, or held back during its replay). */
  maxBufferedBytes: number;
  /** Told when a client is cut for falling behind, for the log. */
  onDropped(client: HubClient, why: 'slow_reader' | 'replay_backlog', bytes: number): void;
}

interface Pending {
  seq: number;
  frame: Buffer;
}

/**
 * One connection's delivery state. Until its replay or snapshot is sent (`resuming`), live
 * frames are held back; afterwards only frames past the position the replay reached are
 * sent, so a message is neither lost nor sent twice across the switch to live.
 */
export class HubClient {
  phase: ClientPhase = 'auth';
  scope: Scope | undefined;
  /** Whose token opened the connection and when it was issued: a revocation of its user closes it. */
  holder: { userId: string; issuedAt: number } | undefined;
  /** Cleared when a ping goes out, set by the pong; a client still false at the next ping is gone. */
  alive = true;
  authTimer: NodeJS.Timeout | undefined;
  expiryTimer: NodeJS.Timeout | undefined;

  private pending: Pending[] = [];
  private pendingBytes = 0;
  /** The stream position this client is current to (not only what it was sent: filtered-out seqs count). */
  private position = 0;

  constructor(
    readonly ws: WebSocket,
    readonly id: number,
    private readonly limits: ClientLimits,
  ) {}

  /** A live frame for this client (already scoped). */
  deliver(seq: number, frame: Buffer): void {
    if (this.phase === 'resuming') {
      this.pending.push({ seq, frame });
      this.pendingBytes += frame.length;
      if (this.pendingBytes > this.limits.maxBufferedBytes) {
        this.limits.onDropped(this, 'replay_backlog', this.pendingBytes);
        this.shut(CLOSE_TRY_AGAIN_LATER, 'too far behind');
      }
      return;
    }
    if (this.phase !== 'live' || seq <= this.position) return;
    this.position = seq;
    this.send(frame);
  }

  /**
   * A frame outside the sequenced stream (`menu_update`): sent only once the client is live,
   * so it never comes before the welcome; a client still resuming refetches what it shows.
   */
  deliverPublic(frame: Buffer): void {
    if (this.phase === 'live') this.send(frame);
  }

  /** Starts holding back live frames; called before the replay or snapshot is read. */
  startResume(): void {
    this.phase = 'resuming';
  }

  /**
   * Sends the welcome and the replay (or snapshot), then whatever arrived meanwhile past
   * `position`, in order; from then on frames go straight out.
   */
  finishResume(position: number, frames: readonly Buffer[]): void {
    if (this.phase !== 'resuming') return;
    this.position = position;
    for (const frame of frames) if (!this.send(frame)) return;
    const held = this.pending;
    this.pending = [];
    this.pendingBytes = 0;
    for (const { seq, frame } of held) {
      if (seq <= this.position) continue;
      this.position = seq;
      if (!this.send(frame)) return;
    }
    this.phase = 'live';
  }

  /**
   * Sends a frame unless the client has stopped reading: past the limit it is terminated
   * rather than let its backlog grow in this process's memory.
   */
  send(frame: Buffer): boolean {
    if (this.phase === 'closed' || this.ws.readyState !== WebSocket.OPEN) return false;
    // Checked before the send, so one large frame (a staff snapshot) still goes to a client
    // that keeps up: what is held per client is bounded by the limit plus one frame.
    if (this.ws.bufferedAmount > this.limits.maxBufferedBytes) {
      this.limits.onDropped(this, 'slow_reader', this.ws.bufferedAmount);
      this.terminate();
      return false;
    }
    this.ws.send(frame, { binary: false });
    return true;
  }

  /** Closes with a code and reason (the client gets a close frame). */
  shut(code: number, reason: string): void {
    if (this.phase === 'closed') return;
    this.markClosed();
    this.ws.close(code, reason);
  }

  terminate(): void {
    this.markClosed();
    this.ws.terminate();
  }

  markClosed(): void {
    this.phase = 'closed';
    this.pending = [];
    this.pendingBytes = 0;
    clearTimeout(this.authTimer);
    clearTimeout(this.expiryTimer);
  }
}

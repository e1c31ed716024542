import type { LiveMessage } from '@canteen/client';

/**
 * The pickup board's state, pure: numbers and their states only (the anonymous stream carries
 * nothing else). Ready numbers keep the order they turned ready in, newest first.
 */
export interface BoardState {
  preparing: number[];
  ready: { number: number; readyAt: number }[];
}

export const EMPTY_BOARD: BoardState = { preparing: [], ready: [] };

interface BoardItemLike {
  queue_number: number;
  status?: string;
}

function without(state: BoardState, number: number): BoardState {
  return { preparing: state.preparing.filter((n) => n !== number), ready: state.ready.filter((entry) => entry.number !== number) };
}

function place(state: BoardState, item: BoardItemLike, now: number): { state: BoardState; turnedReady: boolean } {
  const wasReady = state.ready.some((entry) => entry.number === item.queue_number);
  const rest = without(state, item.queue_number);
  if (item.status === 'waiting' || item.status === 'preparing') {
    return { state: { ...rest, preparing: [...rest.preparing, item.queue_number].sort((a, b) => a - b) }, turnedReady: false };
  }
  if (item.status === 'ready') {
    if (wasReady) return { state, turnedReady: false };
    return { state: { ...rest, ready: [{ number: item.queue_number, readyAt: now }, ...rest.ready] }, turnedReady: true };
  }
  return { state: rest, turnedReady: false };
}

/** Applies one /ws message; `turnedReady` is the number that has just turned ready, if any. */
export function applyBoardMessage(state: BoardState, message: LiveMessage, now: number): { state: BoardState; turnedReady: number | null } {
  if (message.type === 'snapshot') {
    let next = EMPTY_BOARD;
    const items = (message.data as BoardItemLike[]).filter((item) => typeof item.queue_number === 'number');
    // Numbers already ready keep their place; a snapshot turns nothing "newly" ready.
    for (const item of items) next = place(next, item, state.ready.find((entry) => entry.number === item.queue_number)?.readyAt ?? 0).state;
    next = { ...next, ready: next.ready.sort((a, b) => b.readyAt - a.readyAt || b.number - a.number) };
    return { state: next, turnedReady: null };
  }
  if (message.type === 'queue_update' || message.type === 'status_update') {
    const item = message.data as BoardItemLike;
    if (typeof item?.queue_number !== 'number') return { state, turnedReady: null };
    const placed = place(state, item, now);
    return { state: placed.state, turnedReady: placed.turnedReady ? item.queue_number : null };
  }
  if (message.type === 'queue_removed') {
    const item = message.data as BoardItemLike;
    if (typeof item?.queue_number !== 'number') return { state, turnedReady: null };
    return { state: without(state, item.queue_number), turnedReady: null };
  }
  return { state, turnedReady: null };
}

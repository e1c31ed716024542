import { describe, expect, it } from 'vitest';
import { applyBoardMessage, EMPTY_BOARD } from './board-state.ts';

describe('the pickup board state', () => {
  it('when a snapshot arrives, then numbers are split into preparing and ready and none counts as newly ready', () => {
    const { state, turnedReady } = applyBoardMessage(
      EMPTY_BOARD,
      { type: 'snapshot', seq: 1, data: [{ queue_number: 12, status: 'ready' }, { queue_number: 14, status: 'waiting' }, { queue_number: 13, status: 'preparing' }, { queue_number: 9, status: 'completed' }] },
      100,
    );
    expect(state.preparing).toEqual([13, 14]);
    expect(state.ready.map((entry) => entry.number)).toEqual([12]);
    expect(turnedReady).toBeNull();
  });

  it('when a number turns ready, then it goes to the top of Ready and is reported once', () => {
    let { state } = applyBoardMessage(EMPTY_BOARD, { type: 'snapshot', seq: 1, data: [{ queue_number: 3, status: 'ready' }, { queue_number: 4, status: 'preparing' }] }, 0);
    const first = applyBoardMessage(state, { type: 'status_update', seq: 2, data: { queue_number: 4, status: 'ready' } }, 50);
    expect(first.turnedReady).toBe(4);
    state = first.state;
    expect(state.ready.map((entry) => entry.number)).toEqual([4, 3]);
    expect(state.preparing).toEqual([]);
    expect(applyBoardMessage(state, { type: 'queue_update', seq: 3, data: { queue_number: 4, status: 'ready' } }, 60).turnedReady).toBeNull();
  });

  it('when a number is handed out or removed, then it leaves the board', () => {
    const { state } = applyBoardMessage(EMPTY_BOARD, { type: 'snapshot', seq: 1, data: [{ queue_number: 3, status: 'ready' }, { queue_number: 4, status: 'preparing' }] }, 0);
    const handed = applyBoardMessage(state, { type: 'status_update', seq: 2, data: { queue_number: 3, status: 'completed' } }, 1).state;
    expect(handed.ready).toEqual([]);
    expect(applyBoardMessage(handed, { type: 'queue_removed', seq: 3, data: { queue_number: 4 } }, 2).state).toEqual(EMPTY_BOARD);
  });
});

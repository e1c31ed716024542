import { describe, expect, it } from 'vitest';
import { windowForNotification } from './notification-target.ts';

const ORIGIN = 'https://canteen.example';
const ORDER = `${ORIGIN}/orders/42`;

describe('the window a notification tap brings forward', () => {
  it('when a window already shows the order, then that one, not the first app window', () => {
    const windows = [{ url: `${ORIGIN}/` }, { url: ORDER }];
    expect(windowForNotification(windows, ORDER, ORIGIN)).toBe(windows[1]);
  });

  it('when only other screens of the app are open, then the first of them (it is sent to the order)', () => {
    const windows = [{ url: 'https://elsewhere.example/orders/42' }, { url: `${ORIGIN}/cart` }];
    expect(windowForNotification(windows, ORDER, ORIGIN)).toBe(windows[1]);
  });

  it('when no window of the app is open, then none (a new window opens)', () => {
    expect(windowForNotification([{ url: 'https://elsewhere.example/' }], ORDER, ORIGIN)).toBeUndefined();
  });
});

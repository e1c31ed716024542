import { describe, expect, it } from 'vitest';
import { canTransition } from './order-state.ts';

describe('order state machine', () => {
  it.each([
    ['placed', 'confirmed', 'payment'],
    ['placed', 'confirmed', 'staff'],
    ['confirmed', 'preparing', 'staff'],
    ['preparing', 'ready', 'staff'],
    ['ready', 'completed', 'staff'],
    ['confirmed', 'ready', 'staff'],
    ['placed', 'cancelled', 'customer'],
    ['confirmed', 'cancelled', 'customer'],
    ['preparing', 'cancelled', 'staff'],
    ['ready', 'cancelled', 'staff'],
    ['placed', 'cancelled', 'payment'],
  ] as const)('when %s → %s by %s, then it is allowed', (from, to, actor) => {
    expect(canTransition(from, to, actor)).toEqual({ ok: true });
  });

  it.each([
    ['preparing', 'cancelled', 'customer'],
    ['ready', 'cancelled', 'customer'],
    ['confirmed', 'preparing', 'customer'],
    ['completed', 'cancelled', 'staff'],
    ['cancelled', 'confirmed', 'payment'],
    ['cancelled', 'placed', 'staff'],
    ['ready', 'preparing', 'staff'],
    ['confirmed', 'placed', 'staff'],
    ['placed', 'preparing', 'staff'],
    ['placed', 'ready', 'staff'],
    ['confirmed', 'confirmed', 'payment'],
    ['confirmed', 'preparing', 'payment'],
    ['ready', 'ready', 'staff'],
  ] as const)('when %s → %s by %s, then it is refused with a reason', (from, to, actor) => {
    const check = canTransition(from, to, actor);
    expect(check.ok).toBe(false);
    if (!check.ok) expect(check.reason.length).toBeGreaterThan(0);
  });
});

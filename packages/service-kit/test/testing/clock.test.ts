import { describe, expect, it } from 'vitest';
import { NOON_IN_KOLKATA, steadyClock } from '../../src/testing/clock.ts';

const dayInKolkata = (at: number) => new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Kolkata', dateStyle: 'short' }).format(at);

describe('steadyClock: real time from a fixed noon, for tests that depend on the canteen day', () => {
  it('when it starts, then it reads noon in Kolkata on the fixed day, whatever the real time is', () => {
    const clock = steadyClock();

    expect(clock.now()).toBeGreaterThanOrEqual(NOON_IN_KOLKATA);
    expect(new Intl.DateTimeFormat('en-GB', { timeZone: 'Asia/Kolkata', hour: '2-digit', minute: '2-digit' }).format(clock.now())).toBe('12:00');
    expect(dayInKolkata(clock.now())).toBe('2025-06-02');
  });

  it('when real time passes, then it moves with it and its Date agrees with its number', async () => {
    const clock = steadyClock();
    const first = clock.now();
    await new Promise((resolve) => setTimeout(resolve, 5));

    const later = clock.date().getTime();
    expect(later).toBeGreaterThan(first);
    expect(clock.now()).toBeGreaterThanOrEqual(later);
    expect(dayInKolkata(later)).toBe('2025-06-02');
  });
});

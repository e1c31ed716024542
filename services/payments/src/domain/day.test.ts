import { describe, expect, it } from 'vitest';
import { assertTimeZone, dayRangeIn } from './day.ts';

describe('today in a time zone', () => {
  it('when it is just after midnight in Kolkata but still yesterday in UTC, then today starts at Kolkata midnight', () => {
    const { from, to } = dayRangeIn('Asia/Kolkata', new Date('2025-03-09T19:00:00.000Z')); // 00:30 IST on 10 March
    expect(from.toISOString()).toBe('2025-03-09T18:30:00.000Z');
    expect(to.toISOString()).toBe('2025-03-10T18:30:00.000Z');
  });

  it('when the zone is UTC, then the day is the calendar day', () => {
    const { from, to } = dayRangeIn('UTC', new Date('2025-12-31T23:59:59.999Z'));
    expect(from.toISOString()).toBe('2025-12-31T00:00:00.000Z');
    expect(to.toISOString()).toBe('2026-01-01T00:00:00.000Z');
  });

  it('when the day has a daylight-saving change, then it is 23 hours long and starts at local midnight', () => {
    const { from, to } = dayRangeIn('America/New_York', new Date('2025-03-09T15:00:00.000Z'));
    expect(from.toISOString()).toBe('2025-03-09T05:00:00.000Z');
    expect(to.toISOString()).toBe('2025-03-10T04:00:00.000Z');
  });

  it('when a zone is unknown, then it is refused', () => {
    expect(() => assertTimeZone('Mars/Olympus')).toThrow(RangeError);
  });
});

import { describe, expect, it } from 'vitest';
import { isTopicPattern, topicMatches } from '../../src/bus/topic.ts';

describe('topicMatches follows the AMQP topic exchange', () => {
  it.each([
    ['order.created', 'order.created', true],
    ['order.created', 'order.ready', false],
    ['order.*', 'order.created', true],
    ['order.*', 'order', false],
    ['order.*', 'order.created.extra', false],
    ['*.ready', 'order.ready', true],
    ['*', '', false],
    ['order.#', 'order', true],
    ['order.#', 'order.created.extra', true],
    ['order.#', 'orders.created', false],
    ['#', '', true],
    ['#', 'a.b.c', true],
    ['#.ready', 'ready', true],
    ['#.ready', 'order.ready', true],
    ['#.ready', 'order.ready.not', false],
    ['a.#.z', 'a.z', true],
    ['a.#.z', 'a.b.c.z', true],
    ['a.#.z', 'a.b.c', false],
    ['a.*.#', 'a', false],
    ['a.*.#', 'a.b', true],
    ['#.#', 'x', true],
    ['a..b', 'a..b', true],
    ['a.*.b', 'a..b', true],
  ])('pattern %j against %j → %s', (pattern, key, expected) => {
    expect(topicMatches(pattern, key)).toBe(expected);
  });

  it('handles many # without blowing up', () => {
    const pattern = Array.from({ length: 30 }, () => '#').join('.') + '.z';
    const key = Array.from({ length: 60 }, () => 'a').join('.');
    expect(topicMatches(pattern, key)).toBe(false);
    expect(topicMatches(pattern, `${key}.z`)).toBe(true);
  });

  it('tells patterns from plain keys', () => {
    expect(isTopicPattern('order.*')).toBe(true);
    expect(isTopicPattern('#')).toBe(true);
    expect(isTopicPattern('order.created')).toBe(false);
    expect(isTopicPattern('order*.created')).toBe(false);
  });
});

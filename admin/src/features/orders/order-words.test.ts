import { describe, expect, it } from 'vitest';
import { actorWords, searchOf } from './order-words.ts';

describe('searchOf', () => {
  it('when the text is a number (with or without #), then it is a number; other text is a student; nothing is recent', () => {
    expect(searchOf(' #12 ')).toEqual({ kind: 'number', value: 12 });
    expect(searchOf('4711')).toEqual({ kind: 'number', value: 4711 });
    expect(searchOf('asha@campus')).toEqual({ kind: 'student', q: 'asha@campus' });
    expect(searchOf('  ')).toEqual({ kind: 'recent' });
  });
});

describe('actorWords', () => {
  const change = (actor_role: 'CUSTOMER' | 'STAFF' | 'ADMIN' | 'system', actor_id: number | null) => ({
    from_status: null, to_status: 'placed' as const, actor_id, actor_role, reason: null, at: '2026-01-01T00:00:00Z',
  });
  const people = new Map([[900, { id: 900, fullName: 'Ravi Cook' } as never]]);
  it('when the actor is known, the owner, someone else or the system, then the words say who', () => {
    expect(actorWords(change('STAFF', 900), { user_id: 1 }, people)).toBe('Ravi Cook (kitchen staff)');
    expect(actorWords(change('CUSTOMER', 1), { user_id: 1 }, people)).toBe('The student (#1)');
    expect(actorWords(change('ADMIN', 7), { user_id: 1 }, people)).toBe('Admin #7');
    expect(actorWords(change('system', null), { user_id: 1 }, people)).toBe('System (payment)');
  });
});

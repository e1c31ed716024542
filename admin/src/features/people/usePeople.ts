import { useEffect, useState } from 'react';
import type { UserList } from '@canteen/contracts';
import { useLoad } from '../../app/hooks.ts';
import { api } from '../../app/services.ts';

export const PAGE_SIZE = 25;
export type RoleFilter = '' | 'CUSTOMER' | 'STAFF' | 'ADMIN';

/** A page of accounts for a search (typed text waits 300 ms, so each key press is not a request). */
export function usePeople(text: string, role: RoleFilter, offset: number) {
  const [q, setQ] = useState(text);
  useEffect(() => {
    const timer = setTimeout(() => setQ(text.trim()), 300);
    return () => clearTimeout(timer);
  }, [text]);
  return useLoad<UserList>(() => api.users({ ...(q ? { q } : {}), ...(role ? { role } : {}), limit: PAGE_SIZE, offset }), [q, role, offset]);
}

import { describe, expect, it } from 'vitest';
import { createAdminApi } from './admin.ts';
import { webStorageSessionStore, type StorageLike } from './browser.ts';
import { createBffClient } from './http.ts';
import { memorySessionStore, type Session } from './tokens.ts';

const session: Session = { accessToken: 'a-1', refreshToken: 'r-1', expiresAt: Date.now() + 600_000, user: { id: 1, email: 'a@x.in', fullName: 'A', role: 'ADMIN' } };

function recordingFetch() {
  const calls: { path: string; method: string; headers: Headers; body: unknown }[] = [];
  const fetchFn = async (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
    calls.push({ path: String(input), method: init?.method ?? 'GET', headers: new Headers(init?.headers), body: init?.body });
    return new Response(JSON.stringify({ ok: true }), { status: 200, headers: { 'content-type': 'application/json' } });
  };
  return { calls, fetchFn };
}

describe('admin api', () => {
  it('when a picture is uploaded, then it goes as multipart with the token and no JSON content-type', async () => {
    const { calls, fetchFn } = recordingFetch();
    const api = createAdminApi(createBffClient({ sessions: memorySessionStore(session), fetch: fetchFn }));
    await api.uploadImage('a'.repeat(24), new Blob([new Uint8Array([1, 2, 3])], { type: 'image/png' }), 'dish.png');
    const call = calls[0]!;
    expect(call.path).toBe(`/api/menu/items/${'a'.repeat(24)}/image`);
    expect(call.method).toBe('POST');
    expect(call.headers.get('authorization')).toBe('Bearer a-1');
    expect(call.headers.get('content-type')).toBeNull();
    expect(call.body).toBeInstanceOf(FormData);
    expect(((call.body as FormData).get('image') as File).name).toBe('dish.png');
  });

  it('when users are searched, then empty filters are left out of the query', async () => {
    const { calls, fetchFn } = recordingFetch();
    const api = createAdminApi(createBffClient({ sessions: memorySessionStore(session), fetch: fetchFn }));
    await api.users({ q: 'asha', role: undefined, limit: 20 });
    expect(calls[0]!.path).toBe('/api/users?q=asha&limit=20');
  });
});

describe('webStorageSessionStore', () => {
  it('when a session is set and cleared, then storage follows and subscribers hear each change', () => {
    const data = new Map<string, string>();
    const storage: StorageLike = { getItem: (k) => data.get(k) ?? null, setItem: (k, v) => void data.set(k, v), removeItem: (k) => void data.delete(k) };
    const store = webStorageSessionStore(storage, 'k');
    let heard = 0;
    store.subscribe(() => (heard += 1));
    store.set(session);
    expect(JSON.parse(data.get('k')!)).toEqual(session);
    expect(webStorageSessionStore(storage, 'k').get()).toEqual(session);
    store.set(null);
    expect(data.has('k')).toBe(false);
    expect(store.get()).toBeNull();
    expect(heard).toBe(2);
  });
});

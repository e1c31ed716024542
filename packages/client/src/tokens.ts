import type { AuthResponse } from '@canteen/contracts';

/** What the client keeps of a sign-in. `expiresAt` is epoch milliseconds. */
export interface Session {
  accessToken: string;
  refreshToken: string;
  expiresAt: number;
  user: { id: number; email: string; fullName: string; role: AuthResponse['role'] };
}

/** Where the session lives (memory, localStorage…): the app chooses, the client only reads and writes. */
export interface SessionStore {
  get(): Session | null;
  /** A store that writes asynchronously returns when the write is done (a refresh waits for it before letting another context in). */
  set(session: Session | null): void | Promise<void>;
  /** A store shared with other contexts (IndexedDB) reads what they wrote; called before a refresh. */
  reload?(): Promise<void>;
}

export function memorySessionStore(initial: Session | null = null): SessionStore {
  let session = initial;
  return {
    get: () => session,
    set: (next) => {
      session = next;
    },
  };
}

export function sessionFromAuth(auth: AuthResponse, now: number): Session {
  return {
    accessToken: auth.token,
    refreshToken: auth.refreshToken,
    expiresAt: now + auth.expiresIn * 1000,
    user: { id: auth.id, email: auth.email, fullName: auth.fullName, role: auth.role },
  };
}

import type { MenuItem } from '@canteen/contracts';
import { AppError, type Logger } from '@canteen/service-kit';

export interface MenuCatalog {
  /** The whole menu by item id: fresh for `freshMs`, then revalidated with If-None-Match. */
  items(): Promise<ReadonlyMap<string, MenuItem>>;
  /** A menu change was announced: the next read asks the menu service again. */
  invalidate(): void;
}

/**
 * The orders service's view of the menu, read from the menu service's public API. At lunch
 * rush every order needs prices, so the menu is kept for a second and revalidated by ETag
 * (a 304 costs the menu service almost nothing). If the menu service is briefly down, a copy
 * up to a minute old still prices orders; older than that, ordering waits for the menu.
 */
export function createMenuCatalog(options: {
  baseUrl: string;
  freshMs: number;
  timeoutMs: number;
  logger: Logger;
  staleIfErrorMs?: number;
  now?: () => number;
}): MenuCatalog {
  const url = `${options.baseUrl.replace(/\/$/, '')}/api/menu/items`;
  const staleIfErrorMs = options.staleIfErrorMs ?? 60_000;
  const now = options.now ?? Date.now;
  let cached: { etag: string | undefined; items: Map<string, MenuItem>; fetchedAt: number } | undefined;
  let pending: Promise<ReadonlyMap<string, MenuItem>> | undefined;

  async function refresh(): Promise<ReadonlyMap<string, MenuItem>> {
    const headers: Record<string, string> = { accept: 'application/json' };
    if (cached?.etag) headers['if-none-match'] = cached.etag;
    let response: Response;
    try {
      response = await fetch(url, { headers, signal: AbortSignal.timeout(options.timeoutMs) });
    } catch (err) {
      if (cached && now() - cached.fetchedAt < staleIfErrorMs) {
        options.logger.warn({ err }, 'menu service unreachable; pricing from the last menu read');
        return cached.items;
      }
      throw new AppError(503, 'MENU_UNAVAILABLE', 'The menu cannot be read right now; try again in a moment');
    }
    if (response.status === 304 && cached) {
      cached.fetchedAt = now();
      return cached.items;
    }
    if (!response.ok) throw new AppError(503, 'MENU_UNAVAILABLE', `The menu service answered ${response.status}`);
    const list = (await response.json()) as MenuItem[];
    cached = {
      etag: response.headers.get('etag') ?? undefined,
      items: new Map(list.map((item) => [item.id, item])),
      fetchedAt: now(),
    };
    return cached.items;
  }

  return {
    async items() {
      if (cached && now() - cached.fetchedAt < options.freshMs) return cached.items;
      pending ??= refresh().finally(() => {
        pending = undefined;
      });
      return pending;
    },
    invalidate() {
      if (cached) cached.fetchedAt = 0;
    },
  };
}

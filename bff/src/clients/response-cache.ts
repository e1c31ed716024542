import type { Upstream, UpstreamRequest, UpstreamResponse } from './upstream.ts';

export interface CachedResponse {
  status: number;
  etag: string | undefined;
  contentType: string;
  cacheControl: string | undefined;
  body: Buffer;
  fetchedAt: number;
}

export interface ResponseCacheOptions {
  /** How long an entry is served without asking the service again. */
  freshMs: number;
  /** How long an entry may stand in for a service that is down. */
  staleIfErrorMs: number;
  maxEntries: number;
  now?: () => number;
}

/**
 * A small cache of public GET responses in front of one service (the menu). Fresh entries are
 * served straight from memory; older ones are revalidated with If-None-Match, which costs the
 * service a 304 instead of a body. Concurrent misses for one URL share one upstream call, and
 * when the service is down a recent copy is served rather than an error.
 */
export function createResponseCache(upstream: Upstream, options: ResponseCacheOptions) {
  const entries = new Map<string, CachedResponse>();
  const inFlight = new Map<string, Promise<CachedResponse | UpstreamResponse>>();
  const now = options.now ?? Date.now;
  // Bumped by clear(): a read that was under way when the menu changed may carry the old menu,
  // so its answer goes to those who asked then but is not kept.
  let generation = 0;

  const keep = (key: string, entry: CachedResponse) => {
    entries.delete(key);
    entries.set(key, entry);
    // Map keeps insertion order: the first key is the least recently refreshed.
    while (entries.size > options.maxEntries) entries.delete(entries.keys().next().value!);
  };

  async function refresh(key: string, request: UpstreamRequest): Promise<CachedResponse | UpstreamResponse> {
    const started = generation;
    const remember = (entry: CachedResponse) => {
      if (started === generation) keep(key, entry);
    };
    const cached = entries.get(key);
    const headers: UpstreamRequest['headers'] = { accept: 'application/json' };
    if (cached?.etag) headers['if-none-match'] = cached.etag;
    let response: UpstreamResponse;
    try {
      response = await upstream.send({ ...request, headers });
    } catch (err) {
      if (cached && now() - cached.fetchedAt < options.staleIfErrorMs) return cached;
      throw err;
    }
    if (response.status === 304 && cached) {
      const renewed = { ...cached, fetchedAt: now() };
      remember(renewed);
      return renewed;
    }
    if (response.status !== 200) {
      if (started === generation) entries.delete(key);
      return response;
    }
    const entry: CachedResponse = {
      status: 200,
      etag: response.headers.get('etag') ?? undefined,
      contentType: response.headers.get('content-type') ?? 'application/json',
      cacheControl: response.headers.get('cache-control') ?? undefined,
      body: response.body,
      fetchedAt: now(),
    };
    remember(entry);
    return entry;
  }

  return {
    /** The cached or refreshed response for a public GET, or the service's non-200 answer. */
    async get(key: string, request: UpstreamRequest): Promise<CachedResponse | UpstreamResponse> {
      const cached = entries.get(key);
      if (cached && now() - cached.fetchedAt < options.freshMs) return cached;
      let pending = inFlight.get(key);
      if (!pending) {
        const mine: Promise<CachedResponse | UpstreamResponse> = refresh(key, request).finally(() => {
          if (inFlight.get(key) === mine) inFlight.delete(key);
        });
        pending = mine;
        inFlight.set(key, pending);
      }
      return pending;
    },
    /** After a write through this BFF, or an event saying the menu changed: later reads ask the service. */
    clear() {
      generation++;
      entries.clear();
      inFlight.clear();
    },
    size: () => entries.size,
  };
}

export type ResponseCache = ReturnType<typeof createResponseCache>;
export const isCached = (value: CachedResponse | UpstreamResponse): value is CachedResponse => 'fetchedAt' in value;

import type { AppDeps } from '../../app-env.js';

/**
 * Rendered public pages, kept for a few seconds per (page, language). Readers
 * hammer the same few pages; rendering each from the database every time
 * would cost a query and a render per hit. The time is real time (not the
 * app's clock), and short: an unpublished release or a changed contact shows
 * within PUBLIC_PAGE_CACHE_SECONDS, and the pages' Cache-Control max-age is
 * shortened by the same amount, so what a reader sees is never older than the
 * max-age the service promises. Concurrent misses share one render.
 */
export interface PageCache {
  get<T>(key: string, render: () => Promise<T>): Promise<T>;
  clear(): void;
}

/** Far more than the pages there are; an attacker probing slugs evicts only other misses and old pages. */
const MAX_ENTRIES = 2_000;

export function createPageCache(ttlSeconds: number, now: () => number = () => performance.now()): PageCache {
  const ttlMs = ttlSeconds * 1000;
  const entries = new Map<string, { value: unknown; expires: number }>();
  const inFlight = new Map<string, Promise<unknown>>();
  return {
    async get<T>(key: string, render: () => Promise<T>): Promise<T> {
      if (ttlMs <= 0) return render();
      const hit = entries.get(key);
      if (hit && hit.expires > now()) return hit.value as T;
      const pending = inFlight.get(key);
      if (pending) return pending as Promise<T>;
      const p = render()
        .then((value) => {
          entries.delete(key); // re-insert: Map order is insertion order, oldest first
          if (entries.size >= MAX_ENTRIES) entries.delete(entries.keys().next().value!);
          entries.set(key, { value, expires: now() + ttlMs });
          return value;
        })
        .finally(() => inFlight.delete(key));
      inFlight.set(key, p);
      return p;
    },
    clear() {
      entries.clear();
    },
  };
}

// One cache per composed app (tests build several apps, each on its own database, in one process).
const caches = new WeakMap<AppDeps, PageCache>();
export function pageCache(deps: AppDeps): PageCache {
  let cache = caches.get(deps);
  if (!cache) {
    cache = createPageCache(deps.config.PUBLIC_PAGE_CACHE_SECONDS);
    caches.set(deps, cache);
  }
  return cache;
}

/** Cache-Control max-age for a cached page: the promised freshness less what the server may already have held it. */
export function pageMaxAge(deps: AppDeps, promisedSeconds = 60): number {
  return Math.max(0, promisedSeconds - deps.config.PUBLIC_PAGE_CACHE_SECONDS);
}

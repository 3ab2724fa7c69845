import type { Cache } from './cache.js'

/**
 * Cache-aside: look in the cache; on a miss, load from the source of truth and keep what
 * was loaded for next time. The services call it for every read they cache, so the
 * policy lives in one place.
 */
export function createCacheAside(cache: Cache) {
  return {
    async getOrLoad<T>(key: string, ttlMs: number, load: () => Promise<T>): Promise<T> {
      // 🐨 Return the cached value when there is one (`cache.get`). Otherwise load it,
      // keep it for `ttlMs` (`cache.set`) and return it.
      // 🦉 Do not keep `null` (nothing found): a missing article should answer 404 from
      // the database until it exists, not for a whole TTL after someone creates it.
      void cache
      void key
      void ttlMs
      return load()
    },

    /** Forgets a key, so the next read loads it again. */
    forget(key: string): Promise<void> {
      return cache.delete(key)
    },
  }
}

export type CacheAside = ReturnType<typeof createCacheAside>

/**
 * No cache at all: every read goes to the source. What a service is made with when it is
 * given no cache (its unit tests), so the caching stays the composition root's decision.
 */
export const readThrough: CacheAside = {
  getOrLoad: (_key, _ttlMs, load) => load(),
  forget: async () => {},
}

import type { Cache } from './cache.js'

/**
 * Cache-aside: look in the cache; on a miss, load from the source of truth and keep what
 * was loaded for next time. The services call it for every read they cache, so the
 * policy lives in one place. `null` and `undefined` (nothing found) are not kept: a
 * missing article answers 404 from the database until it exists.
 */
export function createCacheAside(cache: Cache) {
  return {
    async getOrLoad<T>(key: string, ttlMs: number, load: () => Promise<T>): Promise<T> {
      const cached = await cache.get<T>(key)
      if (cached !== undefined) return cached
      const loaded = await load()
      if (loaded !== null && loaded !== undefined) await cache.set(key, loaded, ttlMs)
      return loaded
    },

    /** Forgets a key, so the next read loads it again. */
    forget(key: string): Promise<void> {
      return cache.delete(key)
    },
    // 🐨 Add version(key): the string cached under `key`, or a new random one (randomUUID
    // from node:crypto) stored there for a day when there is none. A list page is cached
    // under the version current when it was read; a write forgets the version, and every
    // page cached under the old one is never asked for again.
    // 🦉 Random, not a counter: two writers that both "add one" can land on the same number.
    // 🐨 readThrough (below) needs a version() too: any constant will do.
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

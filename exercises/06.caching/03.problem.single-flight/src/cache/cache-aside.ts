import { randomUUID } from 'node:crypto'
import type { Cache } from './cache.js'

/** How long a version is kept: longer than anything cached under it. */
const VERSION_TTL_MS = 24 * 60 * 60_000

/**
 * Cache-aside: look in the cache; on a miss, load from the source of truth and keep what
 * was loaded for next time. The services call it for every read they cache, so the
 * policy lives in one place. `null` and `undefined` (nothing found) are not kept: a
 * missing article answers 404 from the database until it exists.
 */
export function createCacheAside(cache: Cache) {
  // 🐨 Keep the loads in flight here, per cache-aside (a Map from key to its load's
  // promise), never at module level: two apps must not join each other's loads.
  return {
    async getOrLoad<T>(key: string, ttlMs: number, load: () => Promise<T>): Promise<T> {
      const cached = await cache.get<T>(key)
      if (cached !== undefined) return cached
      // 🐨 Single flight: if a load of this key is in flight, wait for it instead of
      // starting another. Otherwise start one, note it in the Map before any `await`, and
      // take it out once it settles, whether it succeeded or failed.
      // 🦉 A failed load must not be remembered (neither the rejected promise nor the error):
      // its waiters get the error, and the next miss loads again.
      // 💰 Give every waiter its own copy of the loaded value (structuredClone).
      // 🐨 forget(key) should drop a load in flight too: it read before the write.
      // 🐨 version(key) has the same race (each miss makes its own version): route it
      // through getOrLoad.
      const loaded = await load()
      if (loaded !== null && loaded !== undefined) await cache.set(key, loaded, ttlMs)
      return loaded
    },

    /** Forgets a key, so the next read loads it again. */
    forget(key: string): Promise<void> {
      return cache.delete(key)
    },

    /**
     * The current version under the name `key`, made up (at random) when there is none.
     * Forgetting the key is how a write moves every reader to a new version: random rather
     * than counted, so two writers can never land on the same version again.
     */
    async version(key: string): Promise<string> {
      const current = await cache.get<string>(key)
      if (current !== undefined) return current
      const made = randomUUID()
      await cache.set(key, made, VERSION_TTL_MS)
      return made
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
  version: async () => 'uncached',
}

import { randomUUID } from 'node:crypto'
import type { Cache } from './cache.js'

/** How long a version is kept: longer than anything cached under it. */
const VERSION_TTL_MS = 24 * 60 * 60_000

/**
 * Cache-aside: look in the cache; on a miss, load from the source of truth and keep what
 * was loaded for next time. The services call it for every read they cache, so the
 * policy lives in one place. `null` and `undefined` (nothing found) are not kept: a
 * missing article answers 404 from the database until it exists.
 *
 * Single flight: while a key is being loaded, every other miss on it waits for that load
 * instead of starting its own, so a hundred requests for an expired entry cost one query,
 * not a hundred (a cache stampede). The loads in flight belong to this cache-aside, made
 * per app in the composition root: nothing is shared through the module.
 */
export function createCacheAside(cache: Cache) {
  /** The loads under way, by key; an entry is replaced or removed when it stops counting. */
  const inFlight = new Map<string, { promise: Promise<unknown> }>()
  // 🐨 The cache is an optimisation, never a dependency: take an `onError` option and make
  // every cache call here tolerant. A get that fails is a miss, a set or a delete that
  // fails is nothing; report the error and carry on to the database.

  const cacheAside = {
    async getOrLoad<T>(key: string, ttlMs: number, load: () => Promise<T>): Promise<T> {
      const cached = await cache.get<T>(key)
      if (cached !== undefined) return cached
      // Checked and set with no await in between: the first miss starts the load, and any
      // miss after it, until the load settles, joins it.
      let flight = inFlight.get(key)
      if (flight === undefined) {
        const started = { promise: Promise.resolve() as Promise<unknown> }
        started.promise = (async () => {
          const loaded = await load()
          // Kept only if no write forgot the key while it loaded: what it read may be
          // older than that write.
          if (loaded !== null && loaded !== undefined && inFlight.get(key) === started) {
            await cache.set(key, loaded, ttlMs)
          }
          return loaded
        })()
        inFlight.set(key, started)
        // Forgotten once settled, failed or not: a failure is not remembered, so the next
        // miss loads again, and a success is in the cache from now on.
        const settled = () => {
          if (inFlight.get(key) === started) inFlight.delete(key)
        }
        started.promise.then(settled, settled)
        flight = started
      }
      // Each waiter gets its own copy: the loaded object itself would be shared by all.
      return structuredClone((await flight.promise) as T)
    },

    /** Forgets a key, so the next read loads it again. */
    forget(key: string): Promise<void> {
      // A load in flight read before this write: later misses must not join it.
      inFlight.delete(key)
      return cache.delete(key)
    },

    /**
     * The current version under the name `key`, made up (at random) when there is none.
     * Forgetting the key is how a write moves every reader to a new version: random rather
     * than counted, so two writers can never land on the same version again.
     */
    version(key: string): Promise<string> {
      // Through getOrLoad, so that concurrent misses agree on one new version instead of
      // each making its own (and each caching the same page under another key).
      return cacheAside.getOrLoad(key, VERSION_TTL_MS, async () => randomUUID())
    },
  }
  return cacheAside
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

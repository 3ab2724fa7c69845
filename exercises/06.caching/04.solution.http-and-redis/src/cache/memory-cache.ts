import type { Cache } from './cache.js'

export interface MemoryCacheOptions {
  /** The most entries kept; storing one more evicts the least recently used. */
  maxEntries: number
  /** The clock TTLs are measured on, in milliseconds: a test's own clock, or Date.now. */
  now?: () => number
}

interface Entry {
  value: unknown
  expiresAt: number
}

/**
 * A cache in this process's memory, bounded in entries and expiring by time.
 *
 * The LRU order is the Map's own: a Map iterates its keys in insertion order, so taking
 * a key out and putting it back on every hit keeps the least recently used key first,
 * and that is the one to evict. Expired entries are dropped when they are read; the
 * bound keeps the ones nobody reads again from piling up.
 *
 * 🦉 In production, use a library that has been through this already: `lru-cache` does
 * the same with TTLs, size-based bounds and eviction hooks, and is measured. This one
 * is here so you know what such a library does for you.
 */
export function createMemoryCache({ maxEntries, now = Date.now }: MemoryCacheOptions): Cache {
  if (!Number.isInteger(maxEntries) || maxEntries < 1) throw new RangeError('maxEntries must be a whole number of at least 1')
  const entries = new Map<string, Entry>()

  return {
    async get<T>(key: string): Promise<T | undefined> {
      const entry = entries.get(key)
      if (entry === undefined) return undefined
      entries.delete(key)
      if (entry.expiresAt <= now()) return undefined
      // Most recently used now: to the end of the Map's order.
      entries.set(key, entry)
      // A copy, so a caller that changes what it got does not change what others get.
      return structuredClone(entry.value) as T
    },

    async set(key: string, value: unknown, ttlMs: number): Promise<void> {
      entries.delete(key)
      // A copy taken now, so later changes to the caller's object do not reach the cache.
      entries.set(key, { value: structuredClone(value), expiresAt: now() + ttlMs })
      while (entries.size > maxEntries) {
        const oldest = entries.keys().next().value as string
        entries.delete(oldest)
      }
    },

    async delete(key: string): Promise<void> {
      entries.delete(key)
    },
  }
}

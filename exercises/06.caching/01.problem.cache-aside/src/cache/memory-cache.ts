import type { Cache } from './cache.js'

export interface MemoryCacheOptions {
  /** The most entries kept; storing one more evicts the least recently used. */
  maxEntries: number
  /** The clock TTLs are measured on, in milliseconds: a test's own clock, or Date.now. */
  now?: () => number
}

/**
 * A cache in this process's memory, bounded in entries and expiring by time.
 *
 * 🦉 In production, use a library that has been through this already: `lru-cache` does
 * the same with TTLs, size-based bounds and eviction hooks, and is measured. You write
 * this one to know what such a library does for you.
 */
export function createMemoryCache({ maxEntries, now = Date.now }: MemoryCacheOptions): Cache {
  // 🐨 Keep the entries in a Map made here (one per call, never at module level): for
  // each key, the value and the time it expires (`now() + ttlMs`).
  // 💰 A Map iterates its keys in insertion order. Take a key out and put it back on every
  // hit, and the least recently used key is always the first one the Map's keys()
  // iterator yields: no second structure needed to track the order.
  // 🐨 get(key): a missing or expired entry is `undefined` (drop an expired one); a hit
  // moves the key to the end and returns a copy.
  // 💰 structuredClone(value) copies plain data, Dates included, in and out.
  // 🐨 set(key, value, ttlMs): store a copy, then evict from the front while the Map holds
  // more than maxEntries.
  // 🐨 delete(key): forget it.
  void maxEntries
  void now
  throw new Error('createMemoryCache is not written yet (src/cache/memory-cache.ts)')
}

/**
 * The cache contract: what every implementation of `Cache` (src/cache/cache.ts) promises,
 * written once and run against each — the in-memory cache (06.01) and Redis (06.04).
 * Code above the cache relies on these promises and nothing else.
 *
 * Time is the implementation's own: `elapse(ms)` moves an injected clock for the memory
 * cache (no sleeping) and really waits for Redis, whose clock is the server's.
 */
import { describe, expect, test } from 'vitest'
import type { Cache } from '../../src/cache/cache.js'
import { unique } from '../support/factories.js'

export interface CacheUnderTest {
  cache: Cache
  /** Lets `ms` milliseconds pass on the clock the cache measures its TTLs with. */
  elapse(ms: number): Promise<void>
}

export interface CacheContractOptions {
  /** How to get a fresh cache (and its clock) for one test. */
  make: () => Promise<CacheUnderTest>
  /**
   * The bound, for a cache that evicts the least recently used entry itself once it holds
   * this many; or why it has none of its own (Redis evicts by its server's memory policy).
   */
  bound: { maxEntries: number } | { none: string }
  /** A TTL long enough that the implementation keeps the entry while a test looks (ms). */
  ttlMs: number
}

/** A value with every kind of data the services cache: nested objects, arrays, null and Dates. */
function sampleValue() {
  return {
    id: 7,
    slug: unique('slug'),
    title: 'Caching, or how to be wrong quickly',
    tagList: ['cache', 'redis'],
    image: null,
    favoritesCount: 0,
    nested: { ok: true, count: 3 },
    createdAt: new Date('2026-11-26T00:00:00.000Z'),
  }
}

export function describeCacheContract({ make, bound, ttlMs }: CacheContractOptions): void {
  describe('get and set', () => {
    test('a key never set is a miss (undefined)', async () => {
      const { cache } = await make()
      expect(await cache.get(unique('key'))).toBeUndefined()
    })

    test('a value comes back equal to what was stored, Dates as Dates', async () => {
      const { cache } = await make()
      const key = unique('key')
      const value = sampleValue()
      await cache.set(key, value, ttlMs)
      expect(await cache.get(key), '🚨 get(key) should return an equal copy of what set(key, value, ttl) stored').toStrictEqual(value)
    })

    test('strings, numbers, booleans and arrays come back as they went in', async () => {
      const { cache } = await make()
      for (const value of ['text', 42, 0, false, true, ['a', 'b'], []]) {
        const key = unique('key')
        await cache.set(key, value, ttlMs)
        expect(await cache.get(key)).toStrictEqual(value)
      }
    })

    test('changing the value you got does not change what the next reader gets', async () => {
      const { cache } = await make()
      const key = unique('key')
      await cache.set(key, sampleValue(), ttlMs)
      const first = await cache.get<ReturnType<typeof sampleValue>>(key)
      first!.tagList.push('tampered')
      first!.nested.count = 99
      expect(
        await cache.get(key),
        '🚨 a reader changed the object it got and the next reader saw the change: return a copy (structuredClone), never the stored object',
      ).toStrictEqual({ ...sampleValue(), slug: first!.slug })
    })

    test('changing the object after storing it does not change the cached value', async () => {
      const { cache } = await make()
      const key = unique('key')
      const value = sampleValue()
      await cache.set(key, value, ttlMs)
      value.tagList.push('later')
      value.title = 'changed after set'
      expect(
        await cache.get(key),
        '🚨 the caller changed its object after set() and the cache changed with it: store a copy',
      ).toStrictEqual({ ...sampleValue(), slug: value.slug })
    })

    test('setting a key again replaces its value', async () => {
      const { cache } = await make()
      const key = unique('key')
      await cache.set(key, 'first', ttlMs)
      await cache.set(key, 'second', ttlMs)
      expect(await cache.get(key)).toBe('second')
    })

    test('keys that share a prefix are different keys', async () => {
      const { cache } = await make()
      const key = unique('key')
      await cache.set(key, 'short', ttlMs)
      await cache.set(`${key}:more`, 'long', ttlMs)
      expect([await cache.get(key), await cache.get(`${key}:more`), await cache.get(`${key}:`)]).toEqual([
        'short',
        'long',
        undefined,
      ])
    })
  })

  describe('time to live', () => {
    test('an entry is served until its TTL has passed, and is a miss after', async () => {
      const { cache, elapse } = await make()
      const key = unique('key')
      await cache.set(key, 'fresh', ttlMs)
      await elapse(ttlMs / 2)
      expect(await cache.get(key), '🚨 the entry expired before its TTL').toBe('fresh')
      await elapse(ttlMs)
      expect(await cache.get(key), '🚨 the entry was still served after its TTL had passed').toBeUndefined()
    })

    test('each entry keeps its own TTL', async () => {
      const { cache, elapse } = await make()
      const [short, long] = [unique('key'), unique('key')]
      await cache.set(short, 'short', ttlMs)
      await cache.set(long, 'long', ttlMs * 4)
      await elapse(ttlMs * 2)
      expect([await cache.get(short), await cache.get(long)]).toEqual([undefined, 'long'])
    })

    test('setting a key again starts its TTL again', async () => {
      const { cache, elapse } = await make()
      const key = unique('key')
      await cache.set(key, 'first', ttlMs)
      await elapse(ttlMs / 2)
      await cache.set(key, 'second', ttlMs)
      await elapse((ttlMs * 3) / 4)
      expect(await cache.get(key), '🚨 set() on an existing key should give it a new TTL').toBe('second')
    })
  })

  describe('delete', () => {
    test('a deleted key is a miss; the others stay', async () => {
      const { cache } = await make()
      const [gone, kept] = [unique('key'), unique('key')]
      await cache.set(gone, 'gone', ttlMs)
      await cache.set(kept, 'kept', ttlMs)
      await cache.delete(gone)
      expect([await cache.get(gone), await cache.get(kept)]).toEqual([undefined, 'kept'])
    })

    test('deleting a key that is not there is no error', async () => {
      const { cache } = await make()
      await expect(cache.delete(unique('key'))).resolves.toBeUndefined()
    })
  })

  if ('maxEntries' in bound) {
    const { maxEntries } = bound
    describe(`LRU bound of ${maxEntries} entries`, () => {
      test('storing one more than the bound evicts the least recently stored entry', async () => {
        const { cache } = await make()
        const keys = Array.from({ length: maxEntries + 1 }, () => unique('key'))
        for (const key of keys) await cache.set(key, key, ttlMs)
        const kept = []
        for (const key of keys) kept.push((await cache.get(key)) !== undefined)
        expect(kept, '🚨 only the first (oldest) entry should be evicted once the cache holds one entry too many').toEqual([
          false,
          ...keys.slice(1).map(() => true),
        ])
      })

      test('reading an entry makes it recently used: the next eviction takes another', async () => {
        const { cache } = await make()
        const keys = Array.from({ length: maxEntries }, () => unique('key'))
        for (const key of keys) await cache.set(key, key, ttlMs)
        await cache.get(keys[0]!)
        await cache.set(unique('key'), 'one more', ttlMs)
        expect(await cache.get(keys[0]!), '🚨 an entry just read was evicted: a hit should move it to the most recently used end').toBe(
          keys[0],
        )
        expect(await cache.get(keys[1]!), '🚨 the least recently used entry should have been evicted').toBeUndefined()
      })

      test('replacing an entry evicts nothing', async () => {
        const { cache } = await make()
        const keys = Array.from({ length: maxEntries }, () => unique('key'))
        for (const key of keys) await cache.set(key, key, ttlMs)
        await cache.set(keys[maxEntries - 1]!, 'again', ttlMs)
        const kept = []
        for (const key of keys) kept.push((await cache.get(key)) !== undefined)
        expect(kept, '🚨 set() on a key already in the cache should replace it, not count as one more').toEqual(
          keys.map(() => true),
        )
      })
    })
  } else {
    describe(`no LRU bound of its own: ${bound.none}`, () => {
      test('holds more entries than the in-memory cache’s bound would', async () => {
        const { cache } = await make()
        const keys = Array.from({ length: 50 }, () => unique('key'))
        for (const key of keys) await cache.set(key, key, ttlMs)
        for (const key of keys) expect(await cache.get(key)).toBe(key)
      })
    })
  }
}

import type { Cache } from './cache.js'

// 🐨 Add "redis" to this app's package.json dependencies (the version in
// tools/package.json; it is installed at the root already) and import createClient from it.

export interface RedisCacheOptions {
  url: string
  /** Put before every key, so several apps (or tests) can share one server without meeting. */
  prefix?: string
  /**
   * How long a command may take before it counts as failed. A cache that answers slowly is
   * worse than no cache: past this, the caller goes to the database instead.
   */
  commandTimeoutMs?: number
  connectTimeoutMs?: number
}

export interface RedisCache extends Cache {
  /** Resolves once the first connection is made (the app does not wait for it; a test may). */
  ready(): Promise<void>
  /** Closes the connection (and stops reconnecting). */
  close(): Promise<void>
}

// JSON has no Date: a Date goes over the wire as { $date: ISO string } and comes back a Date.
export function serialise(value: unknown): string {
  return JSON.stringify(value, function (this: Record<string, unknown>, key, json: unknown) {
    const raw = this[key]
    return raw instanceof Date ? { $date: raw.toISOString() } : json
  })
}

export function deserialise(text: string): unknown {
  return JSON.parse(text, (_key, value: unknown) => {
    if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
      const keys = Object.keys(value)
      const date = (value as { $date?: unknown }).$date
      if (keys.length === 1 && typeof date === 'string') return new Date(date)
    }
    return value
  })
}

/**
 * The same `Cache` on a Redis server, shared by every process that points at it.
 */
export function createRedisCache(options: RedisCacheOptions): RedisCache {
  // 🐨 createClient({ url, disableOfflineQueue: true, commandOptions: { timeout }, socket: {
  // connectTimeout, reconnectStrategy } }): with no offline queue a command fails at once
  // while Redis is away, and the timeout bounds one that hangs. Never let a request wait.
  // 🐨 client.on('error', …): without a listener the client throws on every lost connection.
  // 🐨 Connect in the background (do not make the app wait for Redis to start); ready()
  // returns that promise.
  // 🐨 get/set/delete under `prefix + key`; set with a TTL in milliseconds.
  // 💰 node-redis takes a SET's expiry in the options object after the value (look up
  // `expiration` in its docs); PX is Redis's name for a TTL in milliseconds. Values go in
  // through the given serialise() and come back through deserialise().
  // 🦉 No LRU bound here: Redis evicts by its own maxmemory-policy (allkeys-lru).
  void options
  throw new Error('createRedisCache is not written yet (src/cache/redis-cache.ts)')
}

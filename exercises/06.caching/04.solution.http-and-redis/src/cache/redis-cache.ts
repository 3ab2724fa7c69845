import { createClient } from 'redis'
import type { Cache } from './cache.js'

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
function serialise(value: unknown): string {
  return JSON.stringify(value, function (this: Record<string, unknown>, key, json: unknown) {
    const raw = this[key]
    return raw instanceof Date ? { $date: raw.toISOString() } : json
  })
}

function deserialise(text: string): unknown {
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
 * The same `Cache` on a Redis server, shared by every process that points at it: what one
 * instance caches (or forgets) every other instance sees. Redis keeps the TTL (PX) and,
 * configured with a maxmemory and an LRU policy, the bound.
 *
 * It never makes a request wait for Redis: the connection is made in the background and
 * re-made with backoff when lost; with no offline queue, a command while disconnected
 * fails at once, and a command that hangs fails after `commandTimeoutMs`. What the caller
 * does with a failure (go to the database) is its business: see createCacheAside.
 */
export function createRedisCache({
  url,
  prefix = 'conduit:',
  commandTimeoutMs = 250,
  connectTimeoutMs = 1_000,
}: RedisCacheOptions): RedisCache {
  const client = createClient({
    url,
    disableOfflineQueue: true,
    commandOptions: { timeout: commandTimeoutMs },
    socket: {
      connectTimeout: connectTimeoutMs,
      reconnectStrategy: (retries: number) => Math.min(50 * 2 ** retries, 2_000),
    },
  })
  // Each failing command reports its own error; without a listener the client would throw.
  client.on('error', () => {})
  // Not awaited: the app starts (and answers from the database) while Redis is away.
  const connecting = client.connect().then(() => undefined)
  const connected = connecting.catch(() => undefined)

  return {
    async get<T>(key: string): Promise<T | undefined> {
      const text = await client.get(prefix + key)
      return text === null ? undefined : (deserialise(text) as T)
    },

    async set(key: string, value: unknown, ttlMs: number): Promise<void> {
      await client.set(prefix + key, serialise(value), { expiration: { type: 'PX', value: Math.max(1, Math.round(ttlMs)) } })
    },

    async delete(key: string): Promise<void> {
      await client.del(prefix + key)
    },

    ready(): Promise<void> {
      return connecting
    },

    async close(): Promise<void> {
      await Promise.race([connected, new Promise((resolve) => setTimeout(resolve, 0))])
      client.destroy()
    },
  }
}

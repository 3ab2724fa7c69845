/**
 * Redis for tests that run a step's app against the real server in REDIS_URL.
 *
 * Tests share one server, so each test keeps its keys under a prefix of its own
 * (uniqueRedisPrefix) and deletes them afterwards (deleteRedisKeys): parallel test
 * files, and two apps in one test, never read each other's entries by accident.
 */
import { createClient } from 'redis'

/** The variable that turns the Redis tests on, with an example value. */
export const REDIS_SETTING = 'REDIS_URL=redis://127.0.0.1:6379'
export const REDIS_HOW_TO = `set ${REDIS_SETTING} to run it`

export function redisUrl(): string | undefined {
  return process.env.REDIS_URL || undefined
}

let made = 0

/** A key prefix no other process or call gets, e.g. 'pe-test:4242:3:articles:'. */
export function uniqueRedisPrefix(label?: string): string {
  made += 1
  return `pe-test:${process.pid}:${made}:${label ? `${label}:` : ''}`
}

// SCAN's MATCH is a glob: a prefix is matched literally once its glob characters are escaped.
function literalGlob(text: string): string {
  return text.replace(/[*?[\]\\]/g, '\\$&')
}

function testClient(url: string) {
  return createClient({ url, socket: { reconnectStrategy: false, connectTimeout: 2_000 } })
}

/** Opens a client of the test's own on `url`, runs `use`, and closes it. */
async function withClient<T>(url: string, use: (client: ReturnType<typeof testClient>) => Promise<T>): Promise<T> {
  const client = testClient(url)
  client.on('error', () => {
    // Reported by the command that fails; without a listener the client would throw it again.
  })
  await client.connect()
  try {
    return await use(client)
  } finally {
    client.destroy()
  }
}

/**
 * The keys under a prefix, as the server holds them, read by a client of the test's own
 * (SCAN, never KEYS): where a test looks for what an app put in Redis.
 */
export async function redisKeys(url: string, prefix: string): Promise<string[]> {
  if (prefix === '') throw new Error('redisKeys needs a prefix: an empty one would list every key on the server.')
  return withClient(url, async (client) => {
    const found: string[] = []
    for await (const keys of client.scanIterator({ MATCH: `${literalGlob(prefix)}*`, COUNT: 500 })) found.push(...keys)
    return found.sort()
  })
}

/**
 * Deletes every key under a prefix, walking the keyspace with SCAN (KEYS would block
 * the server for as long as it takes) and freeing the values off the main thread (UNLINK).
 */
export async function deleteRedisKeys(url: string, prefix: string): Promise<void> {
  if (prefix === '') throw new Error('deleteRedisKeys needs a prefix: an empty one would delete every key on the server.')
  await withClient(url, async (client) => {
    for await (const keys of client.scanIterator({ MATCH: `${literalGlob(prefix)}*`, COUNT: 500 })) {
      if (keys.length > 0) await client.unlink(keys)
    }
  })
}

/**
 * 06.01 cache-aside behind a `Cache` interface.
 *
 * - The in-memory cache (src/cache/memory-cache.ts, `createMemoryCache({ maxEntries, now })`)
 *   keeps the cache contract (tests/cache/cache.contract.ts): TTL on an injected clock, an
 *   LRU bound, delete, and copies in and out.
 * - A second anonymous read of the same article, tag list or profile makes no database
 *   query: counted through the app's queries, whatever the keys or the method that caches.
 * - `favorited` and `following` are the reader's own: never served from another reader's
 *   entry, whichever reader warmed the cache.
 * - Each app makes its own cache (createApp deps), unless it is given one.
 */
import type { Express } from 'express'
import request from 'supertest'
import { describe, expect, test } from 'vitest'
import type { Cache } from '../src/cache/cache.js'
import { buildApp, type QueryEvent } from './support/app.js'
import { describeCacheContract } from './cache/cache.contract.js'
import { auth, createArticle, favorite, follow, registerUser, unique } from './support/factories.js'

const memorySpecifier = '../src/cache/memory-cache.js'
const memoryModule = (await import(/* @vite-ignore */ memorySpecifier).catch(() => undefined)) as
  | { createMemoryCache?: (options: { maxEntries: number; now?: () => number }) => Cache }
  | undefined

function memoryCache(options: { maxEntries: number; now?: () => number }): Cache {
  const create = memoryModule?.createMemoryCache
  expect(
    typeof create,
    '🚨 src/cache/memory-cache.ts should export createMemoryCache({ maxEntries, now }): a Cache with TTLs on the clock `now` and an LRU bound',
  ).toBe('function')
  return create!(options)
}

describe('06.01 cache contract: the in-memory cache', () => {
  const maxEntries = 5
  describeCacheContract({
    bound: { maxEntries },
    ttlMs: 1_000,
    async make() {
      let now = 1_000_000
      const cache = memoryCache({ maxEntries, now: () => now })
      return {
        cache,
        async elapse(ms) {
          now += ms
        },
      }
    },
  })
})

/** An app of its own that records every query it makes, and a way to count them per step. */
async function countingApp(options: { cache?: Cache } = {}) {
  const queries: QueryEvent[] = []
  const app = await buildApp({ ...options, beforeQuery: (query) => void queries.push(query) })
  return {
    app,
    /** The queries `action` made the app send. */
    async queriesOf(action: () => Promise<unknown>): Promise<QueryEvent[]> {
      const before = queries.length
      await action()
      return queries.slice(before)
    },
  }
}

const describeQueries = (queries: QueryEvent[]) => queries.map((query) => `${query.model ?? ''}.${query.operation}`).join(', ')

async function get(app: Express, path: string, token?: string) {
  const call = request(app).get(path)
  const response = await (token === undefined ? call : call.set('Authorization', auth(token)))
  expect(response.status, `GET ${path}: ${JSON.stringify(response.body)}`).toBe(200)
  return response.body
}

describe('06.01 reads are served from the cache', () => {
  test('a second anonymous GET /api/articles/:slug makes no query', async () => {
    const { app, queriesOf } = await countingApp()
    const author = await registerUser(app)
    const { slug } = await createArticle(app, author.token, { tagList: [unique('tag')] })
    const path = `/api/articles/${slug}`
    const first = await get(app, path)
    const again = await queriesOf(() => get(app, path))
    expect(
      again,
      `🚨 the second read of one article queried the database (${describeQueries(again)}): keep the article and its author in the cache after the first read (cache-aside)`,
    ).toEqual([])
    expect(await get(app, path)).toEqual(first)
  })

  test('a second GET /api/tags makes no query', async () => {
    const { app, queriesOf } = await countingApp()
    const author = await registerUser(app)
    const tag = unique('tag')
    await createArticle(app, author.token, { tagList: [tag] })
    const first = await get(app, '/api/tags')
    expect(first.tags).toContain(tag)
    const again = await queriesOf(() => get(app, '/api/tags'))
    expect(again, `🚨 the second GET /api/tags queried the database (${describeQueries(again)}): cache the tag list`).toEqual([])
    expect((await get(app, '/api/tags')).tags).toEqual(first.tags)
  })

  test('a second anonymous GET /api/profiles/:username makes no query', async () => {
    const { app, queriesOf } = await countingApp()
    const { user } = await registerUser(app)
    const path = `/api/profiles/${user.username}`
    const first = await get(app, path)
    const again = await queriesOf(() => get(app, path))
    expect(
      again,
      `🚨 the second read of one profile queried the database (${describeQueries(again)}): cache the profile as everyone sees it`,
    ).toEqual([])
    expect(await get(app, path)).toEqual(first)
  })

  test('a signed-in reader’s second read queries only for what is theirs, not for the article itself', async () => {
    const { app, queriesOf } = await countingApp()
    const author = await registerUser(app)
    const reader = await registerUser(app)
    const { slug } = await createArticle(app, author.token)
    await get(app, `/api/articles/${slug}`, reader.token)
    const again = await queriesOf(() => get(app, `/api/articles/${slug}`, reader.token))
    // Whether the reader favorited it and follows its author: two small questions, at most.
    expect(
      again.length,
      `🚨 a signed-in reader’s second read made ${again.length} queries (${describeQueries(again)}): read the shared article and author from the cache, and ask only about this reader`,
    ).toBeLessThanOrEqual(2)
    expect(again.every((query) => query.model !== 'Article' || query.operation !== 'findUnique')).toBe(true)
  })
})

describe('06.01 what belongs to one reader is never served to another', () => {
  // Each read after the first is checked twice: it came from the cache (no more queries
  // than the reader's own questions, whether they favorited the article and follow its
  // author), and it shows that reader's answers, not those of the reader who warmed it.
  const OWN_QUESTIONS = 2

  async function scene() {
    const counting = await countingApp()
    const { app } = counting
    const author = await registerUser(app)
    const fan = await registerUser(app)
    const other = await registerUser(app)
    const article = await createArticle(app, author.token)
    await favorite(app, fan.token, article.slug)
    await follow(app, fan.token, author.user.username)
    /** A read after the cache is warm: its body, once the query count says it was cached. */
    async function cachedRead(path: string, token: string | undefined, who: string) {
      let body: Record<string, { favorited?: boolean; author?: { following: boolean }; following?: boolean }> = {}
      const queries = await counting.queriesOf(async () => {
        body = await get(app, path, token)
      })
      expect(
        queries.length,
        `🚨 ${who}’s read of a warm ${path} made ${queries.length} queries (${describeQueries(queries)}): the shared part should come from the cache`,
      ).toBeLessThanOrEqual(token === undefined ? 0 : OWN_QUESTIONS)
      return body
    }
    return { app, author, fan, other, article, cachedRead }
  }

  test('GET /api/articles/:slug: a fan warms the cache, then another reader and an anonymous one read', async () => {
    const { app, fan, other, article, cachedRead } = await scene()
    const path = `/api/articles/${article.slug}`
    expect((await get(app, path, fan.token)).article).toMatchObject({ favorited: true, favoritesCount: 1, author: { following: true } })
    expect(
      (await cachedRead(path, other.token, 'another reader')).article,
      '🚨 another reader was shown the fan’s favorited/following: cache the article as everyone sees it, and work out favorited and following for each reader',
    ).toMatchObject({ favorited: false, favoritesCount: 1, author: { following: false } })
    expect(
      (await cachedRead(path, undefined, 'an anonymous reader')).article,
      '🚨 an anonymous reader was shown the fan’s favorited/following',
    ).toMatchObject({ favorited: false, favoritesCount: 1, author: { following: false } })
  })

  test('GET /api/articles/:slug: an anonymous reader warms the cache, then another reader and the fan read', async () => {
    const { app, fan, other, article, cachedRead } = await scene()
    const path = `/api/articles/${article.slug}`
    expect((await get(app, path)).article).toMatchObject({ favorited: false, author: { following: false } })
    expect((await cachedRead(path, other.token, 'another reader')).article).toMatchObject({
      favorited: false,
      author: { following: false },
    })
    expect(
      (await cachedRead(path, fan.token, 'the fan')).article,
      '🚨 the fan was shown another reader’s favorited/following from the cache',
    ).toMatchObject({ favorited: true, favoritesCount: 1, author: { following: true } })
  })

  test('GET /api/profiles/:username: a follower warms the cache, then another reader and an anonymous one read', async () => {
    const { app, author, fan, other, cachedRead } = await scene()
    const path = `/api/profiles/${author.user.username}`
    expect((await get(app, path, fan.token)).profile).toMatchObject({ username: author.user.username, following: true })
    expect(
      (await cachedRead(path, other.token, 'another reader')).profile?.following,
      '🚨 another reader was shown the follower’s following: true',
    ).toBe(false)
    expect(
      (await cachedRead(path, undefined, 'an anonymous reader')).profile?.following,
      '🚨 an anonymous reader was shown following: true',
    ).toBe(false)
  })

  test('GET /api/profiles/:username: anonymous readers warm the cache, then the follower reads', async () => {
    const { app, author, fan, cachedRead } = await scene()
    const path = `/api/profiles/${author.user.username}`
    expect((await get(app, path)).profile.following).toBe(false)
    expect((await cachedRead(path, undefined, 'a second anonymous reader')).profile?.following).toBe(false)
    expect(
      (await cachedRead(path, fan.token, 'the follower')).profile?.following,
      '🚨 the follower was shown following: false from another reader’s entry',
    ).toBe(true)
  })
})

describe('06.01 each app has its own cache, made in the composition root', () => {
  test('an app reads what it cached itself, never what another app cached', async () => {
    const first = await countingApp()
    const second = await countingApp()
    const author = await registerUser(first.app)
    const { slug } = await createArticle(first.app, author.token)
    await get(first.app, `/api/articles/${slug}`)
    expect(await first.queriesOf(() => get(first.app, `/api/articles/${slug}`)), '🚨 the app did not cache the article').toEqual([])
    const queries = await second.queriesOf(() => get(second.app, `/api/articles/${slug}`))
    expect(
      queries.length,
      '🚨 a second app answered from the first app’s cache: make the cache in createApp (one per app), not at module level',
    ).toBeGreaterThan(0)
  })

  test('two apps given one cache share it', async () => {
    const cache = memoryCache({ maxEntries: 100 })
    const first = await countingApp({ cache })
    const second = await countingApp({ cache })
    const author = await registerUser(first.app)
    const { slug } = await createArticle(first.app, author.token)
    await get(first.app, `/api/articles/${slug}`)
    const queries = await second.queriesOf(() => get(second.app, `/api/articles/${slug}`))
    expect(
      queries,
      `🚨 an app given a cache (createApp({ config, prisma, cache })) did not read from it (${describeQueries(queries)}): use deps.cache when it is given, and make one only when it is not`,
    ).toEqual([])
  })
})

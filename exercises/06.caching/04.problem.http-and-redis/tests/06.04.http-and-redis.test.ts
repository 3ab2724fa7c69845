/**
 * 06.04 HTTP caching and Redis.
 *
 * - Anonymous reads are publicly cacheable with revalidation and carry an ETag; a request
 *   whose If-None-Match still matches is answered 304, with no body and no query; a write
 *   changes the ETag. A reader with a token is never answered `public`.
 * - src/cache/redis-cache.ts keeps the same cache contract as the memory cache, against the
 *   real server in REDIS_URL; two apps on one Redis share entries and invalidations.
 * - With Redis unreachable from the start, or cut away mid-run, the API still answers
 *   (from the database) within a bound: no 500, no hanging request.
 */
import net from 'node:net'
import type { Express } from 'express'
import request from 'supertest'
import { afterAll, describe, expect, test } from 'vitest'
import {
  deleteRedisKeys,
  REDIS_HOW_TO,
  redisKeys,
  redisUrl,
  uniqueRedisPrefix,
} from '@production-express/tools/testing/redis'
import { startTcpProxy, type TcpProxy } from '@production-express/tools/testing/tcp-proxy'
import type { Cache } from '../src/cache/cache.js'
import { buildApp, type QueryEvent } from './support/app.js'
import { describeCacheContract } from './cache/cache.contract.js'
import { auth, createArticle, createComment, registerUser, unique } from './support/factories.js'

const url = redisUrl()
const quiet = { error() {} }

interface RedisCacheModule {
  createRedisCache(options: { url: string; prefix?: string; commandTimeoutMs?: number }): Cache & {
    ready(): Promise<void>
    close(): Promise<void>
  }
}
const redisSpecifier = '../src/cache/redis-cache.js'
const redisModule = (await import(/* @vite-ignore */ redisSpecifier).catch(() => undefined)) as
  Partial<RedisCacheModule> | undefined

const opened: Array<{ close(): Promise<void> }> = []
const prefixes: string[] = []
const proxies: TcpProxy[] = []
afterAll(async () => {
  await Promise.all(opened.map((cache) => cache.close()))
  await Promise.all(proxies.map((proxy) => proxy.close()))
  if (url) for (const prefix of prefixes) await deleteRedisKeys(url, prefix)
})

function redisCache(to: string, prefix = uniqueRedisPrefix('06.04')): Cache & { ready(): Promise<void> } {
  const create = redisModule?.createRedisCache
  expect(
    typeof create,
    '🚨 src/cache/redis-cache.ts should export createRedisCache({ url, prefix }): the Cache interface on a Redis server',
  ).toBe('function')
  prefixes.push(prefix)
  const cache = create!({ url: to, prefix })
  opened.push(cache)
  return cache
}

async function countingApp(options: { cache?: Cache } = {}) {
  const queries: QueryEvent[] = []
  const app = await buildApp({ ...options, logger: quiet, beforeQuery: (query) => void queries.push(query) })
  return {
    app,
    async queriesOf<T>(action: () => Promise<T>): Promise<{ result: T; queries: QueryEvent[] }> {
      const before = queries.length
      const result = await action()
      return { result, queries: queries.slice(before) }
    },
  }
}

/** An author, a reader, an article with a tag and a comment; the public GET routes of it. */
async function scene(app: Express) {
  const author = await registerUser(app)
  const reader = await registerUser(app)
  const tag = unique('tag')
  const article = await createArticle(app, author.token, { tagList: [tag] })
  await createComment(app, reader.token, article.slug)
  const routes: Record<string, string> = {
    'GET /api/articles/:slug': `/api/articles/${article.slug}`,
    'GET /api/articles': `/api/articles?tag=${tag}`,
    'GET /api/articles/:slug/comments': `/api/articles/${article.slug}/comments`,
    'GET /api/profiles/:username': `/api/profiles/${author.user.username}`,
    'GET /api/tags': '/api/tags',
  }
  return { author, reader, article, tag, routes }
}

const PUBLIC_ROUTES = [
  'GET /api/articles/:slug',
  'GET /api/articles',
  'GET /api/articles/:slug/comments',
  'GET /api/profiles/:username',
  'GET /api/tags',
]

const directives = (header: string | undefined) => (header ?? '').split(',').map((part) => part.trim().toLowerCase())

describe('06.04 HTTP caching of anonymous reads', () => {
  type Scene = Awaited<ReturnType<typeof scene>>
  /** For each public route, a write that changes its answer. */
  const changes: Record<string, (app: Express, scene: Scene) => Promise<request.Response>> = {
    'GET /api/articles/:slug': (app, { author, article }) =>
      request(app)
        .put(`/api/articles/${article.slug}`)
        .set('Authorization', auth(author.token))
        .send({ article: { body: `Edited ${unique()}` } }),
    'GET /api/articles': (app, { reader, article }) =>
      request(app).post(`/api/articles/${article.slug}/favorite`).set('Authorization', auth(reader.token)),
    'GET /api/articles/:slug/comments': (app, { reader, article }) =>
      request(app)
        .post(`/api/articles/${article.slug}/comments`)
        .set('Authorization', auth(reader.token))
        .send({ comment: { body: `More ${unique()}` } }),
    'GET /api/profiles/:username': (app, { author }) =>
      request(app)
        .put('/api/user')
        .set('Authorization', auth(author.token))
        .send({ user: { bio: `bio ${unique()}` } }),
    'GET /api/tags': (app, { author }) =>
      request(app)
        .post('/api/articles')
        .set('Authorization', auth(author.token))
        .send({ article: { title: unique('t'), description: 'd', body: 'b', tagList: [unique('fresh')] } }),
  }

  test.each(PUBLIC_ROUTES)(
    '%s: public, revalidated by ETag (304 with no body and no query), and a write changes the ETag',
    async (route) => {
      const { app, queriesOf } = await countingApp()
      const built = await scene(app)
      const path = built.routes[route]!
      const first = await request(app).get(path)
      expect(first.status).toBe(200)
      const cacheControl = directives(first.headers['cache-control'])
      expect(cacheControl, `🚨 an anonymous ${route} should be publicly cacheable: Cache-Control: public, …`).toContain(
        'public',
      )
      expect(
        cacheControl.some((directive) => directive === 'no-cache' || directive === 'must-revalidate'),
        `🚨 an anonymous ${route} should be revalidated before reuse (no-cache, or max-age with must-revalidate); got "${first.headers['cache-control']}"`,
      ).toBe(true)
      expect(directives(first.headers.vary), `🚨 ${route} should say Vary: Authorization`).toContain('authorization')
      const etag = first.headers.etag as string
      expect(etag, `🚨 an anonymous ${route} should carry an ETag`).toBeTruthy()

      const { result: revalidated, queries } = await queriesOf(() => request(app).get(path).set('If-None-Match', etag))
      expect(revalidated.status, `🚨 ${route} with If-None-Match: ${etag} (still current) should be 304`).toBe(304)
      expect(revalidated.text ?? '').toBe('')
      expect(
        queries.map((query) => `${query.model ?? ''}.${query.operation}`),
        `🚨 the 304 for ${route} made queries: check the validator before the handler does its work (Express's own ETag is only computed after it)`,
      ).toEqual([])

      const written = await changes[route]!(app, built)
      expect(written.status, JSON.stringify(written.body)).toBeLessThan(300)
      const after = await request(app).get(path).set('If-None-Match', etag)
      expect(
        after.status,
        `🚨 after a write that changed ${route}, its old ETag still matched: make the validator change with every write`,
      ).toBe(200)
      expect(after.headers.etag).not.toBe(etag)
      expect(after.body).not.toEqual(first.body)
    },
  )

  test('a reader with a token is never answered public, on any GET route', async () => {
    const { app } = await countingApp()
    const { reader, routes } = await scene(app)
    const paths = [...Object.values(routes), '/api/articles/feed', '/api/user']
    for (const path of paths) {
      const response = await request(app).get(path).set('Authorization', auth(reader.token))
      expect(response.status, path).toBe(200)
      const cacheControl = directives(response.headers['cache-control'])
      expect(
        cacheControl,
        `🚨 GET ${path} with a token was answered public: a shared cache could hand this reader’s favorited/following to others`,
      ).not.toContain('public')
      expect(
        cacheControl.includes('private') || cacheControl.includes('no-store'),
        `🚨 GET ${path} with a token should be Cache-Control: private (or no-store); got "${response.headers['cache-control']}"`,
      ).toBe(true)
      expect(directives(response.headers.vary), `🚨 GET ${path} should say Vary: Authorization`).toContain(
        'authorization',
      )
    }
  })
})

/** A port on 127.0.0.1 where nothing listens. */
async function closedPort(): Promise<number> {
  const server = net.createServer()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as net.AddressInfo
  await new Promise((resolve) => server.close(resolve))
  return port
}

const BOUND_MS = 2_000

/** Every kind of request once, each answered below 500 and within the bound. */
async function usesTheApi(app: Express, label: string) {
  const author = await registerUser(app)
  const tag = unique('tag')
  const article = await createArticle(app, author.token, { tagList: [tag] })
  const paths = [
    `/api/articles/${article.slug}`,
    `/api/articles?tag=${tag}`,
    `/api/profiles/${author.user.username}`,
    '/api/tags',
  ]
  for (const path of [...paths, ...paths]) {
    const started = Date.now()
    const response = await request(app).get(path)
    expect(
      response.status,
      `🚨 ${label}: GET ${path} should be answered from the database, not fail: ${JSON.stringify(response.body)}`,
    ).toBe(200)
    expect(
      Date.now() - started,
      `🚨 ${label}: GET ${path} waited for Redis: bound every command (a timeout, no offline queue)`,
    ).toBeLessThan(BOUND_MS)
  }
  const started = Date.now()
  const edited = await request(app)
    .put(`/api/articles/${article.slug}`)
    .set('Authorization', auth(author.token))
    .send({ article: { body: 'edited' } })
  expect(edited.status, `🚨 ${label}: a write failed`).toBe(200)
  expect(Date.now() - started).toBeLessThan(BOUND_MS)
  expect((await request(app).get(`/api/articles/${article.slug}`)).body.article?.body).toBe('edited')
}

describe('06.04 the API answers without Redis', () => {
  test('Redis unreachable from the start: every request is answered from the database', async () => {
    const cache = redisCache(`redis://127.0.0.1:${await closedPort()}`)
    const { app } = await countingApp({ cache })
    await usesTheApi(app, 'Redis unreachable')
  })
})

describe.skipIf(!url)(`06.04 Redis (needs a server: ${REDIS_HOW_TO})`, () => {
  describe('cache contract: the Redis cache', () => {
    describeCacheContract({
      bound: { none: "Redis evicts by the server's maxmemory-policy (e.g. allkeys-lru), not per client" },
      ttlMs: 600,
      async make() {
        const cache = redisCache(url!)
        await cache.ready()
        return { cache, elapse: (ms) => new Promise((resolve) => setTimeout(resolve, ms)) }
      },
    })
  })

  test('two apps on one Redis share what they cache and what they forget', async () => {
    const shared = redisCache(url!)
    await shared.ready()
    const first = await countingApp({ cache: shared })
    const second = await countingApp({ cache: shared })
    const author = await registerUser(first.app)
    const { slug } = await createArticle(first.app, author.token)
    await request(first.app).get(`/api/articles/${slug}`)
    const { queries } = await second.queriesOf(() => request(second.app).get(`/api/articles/${slug}`))
    expect(queries, '🚨 a second app on the same Redis did not read what the first cached').toEqual([])
    await request(first.app)
      .put(`/api/articles/${slug}`)
      .set('Authorization', auth(author.token))
      .send({ article: { body: 'seen by all' } })
    expect(
      (await request(second.app).get(`/api/articles/${slug}`)).body.article.body,
      '🚨 a write through one app left the other app a stale entry',
    ).toBe('seen by all')
  })

  test("what an app caches is on the server: under its prefix, read by the test's own client and by a second client", async () => {
    const prefix = uniqueRedisPrefix('06.04')
    const cache = redisCache(url!, prefix)
    await cache.ready()
    const first = await countingApp({ cache })
    const author = await registerUser(first.app)
    const { slug } = await createArticle(first.app, author.token)
    await request(first.app).get(`/api/articles/${slug}`)
    await request(first.app).get('/api/tags')
    expect(
      (await redisKeys(url!, prefix)).length,
      `🚨 nothing under the prefix "${prefix}" on the Redis server after two cached reads: store the entries in Redis (SET with a PX expiry), under the prefix createRedisCache was given`,
    ).toBeGreaterThanOrEqual(2)
    // Another createRedisCache on the same server and prefix: a new connection, as a second
    // process would have, with nothing of the first one's in memory.
    const other = redisCache(url!, prefix)
    await other.ready()
    const second = await countingApp({ cache: other })
    const { queries } = await second.queriesOf(() => request(second.app).get(`/api/articles/${slug}`))
    expect(
      queries,
      '🚨 a second Redis client on the same prefix did not find what the first app cached: keep nothing in memory',
    ).toEqual([])
    // Gone from the server (another process forgot it, or it expired there): the app must not
    // still answer from a copy of its own.
    await deleteRedisKeys(url!, prefix)
    const { queries: after } = await first.queriesOf(() => request(first.app).get(`/api/articles/${slug}`))
    expect(
      after.length,
      '🚨 the key is gone from Redis, yet the app answered without the database: read from Redis, not from a copy in memory',
    ).toBeGreaterThan(0)
  })

  test('Redis going away mid-run: requests fall back to the database, and use Redis again once it is back', async () => {
    const { hostname, port } = new URL(url!)
    const proxy = await startTcpProxy({ host: hostname, port: Number(port || 6379) })
    proxies.push(proxy)
    const cache = redisCache(proxy.url('redis'))
    await cache.ready()
    const { app, queriesOf } = await countingApp({ cache })
    const author = await registerUser(app)
    const { slug } = await createArticle(app, author.token)
    await request(app).get(`/api/articles/${slug}`)
    const warm = await queriesOf(() => request(app).get(`/api/articles/${slug}`))
    expect(warm.queries, 'the article should come from Redis while it is up').toEqual([])

    await proxy.cut()
    await usesTheApi(app, 'Redis cut mid-run')

    await proxy.restore()
    // The client reconnects by itself (with backoff); give it a moment.
    const deadline = Date.now() + 5_000
    let served = false
    while (!served && Date.now() < deadline) {
      await request(app).get(`/api/articles/${slug}`)
      served = (await queriesOf(() => request(app).get(`/api/articles/${slug}`))).queries.length === 0
      if (!served) await new Promise((resolve) => setTimeout(resolve, 100))
    }
    expect(
      served,
      '🚨 once Redis was back, the app did not use it again: reconnect (reconnectStrategy) instead of giving up',
    ).toBe(true)
  })
})

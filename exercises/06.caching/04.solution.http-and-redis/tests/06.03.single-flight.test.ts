/**
 * 06.03 stampede protection: single flight.
 *
 * A hundred anonymous requests for one cold entry arrive together. The app's queries are
 * held back until every request has reached the server (and a moment more, for each to
 * reach its cache look-up), then let go: with single flight the app makes exactly the
 * queries one cold read makes (measured on an app of its own), for every cached read.
 * A load that fails is not cached: its waiters all get the error, and the next request
 * loads again. Two apps each keep their own loads in flight.
 */
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import type { Express } from 'express'
import request from 'supertest'
import { afterAll, describe, expect, test } from 'vitest'
import { buildApp, type QueryEvent } from './support/app.js'
import { auth, createArticle, registerUser, unique } from './support/factories.js'

const REQUESTS = 100
const quiet = { error() {} }

/** Holds every query back while closed; counts the queries asked for. */
function gate() {
  let open = false
  let waiting: Array<() => void> = []
  const queries: QueryEvent[] = []
  return {
    queries,
    beforeQuery(query: QueryEvent): Promise<void> | undefined {
      queries.push(query)
      if (open) return undefined
      return new Promise<void>((resolve) => waiting.push(resolve))
    },
    open() {
      open = true
      for (const go of waiting) go()
      waiting = []
    },
  }
}

const servers: http.Server[] = []
afterAll(async () => {
  await Promise.all(servers.map((server) => new Promise((resolve) => server.close(resolve))))
})

/** Serves `app` on a port, counting the requests that have reached it. */
async function serve(app: Express) {
  let arrived = 0
  const server = http.createServer((req, res) => {
    arrived += 1
    app(req, res)
  })
  servers.push(server)
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return { url: `http://127.0.0.1:${port}`, arrived: () => arrived }
}

const tick = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

/** Sends `count` GETs of `path` to each server at once; opens the gate once all have arrived. */
async function stampede(targets: Array<{ url: string; arrived: () => number }>, path: string, count: number, open: () => void) {
  const responses = Promise.all(
    targets.flatMap(({ url }) =>
      Array.from({ length: count }, async () => {
        const response = await fetch(`${url}${path}`)
        return { status: response.status, body: await response.text() }
      }),
    ),
  )
  const deadline = Date.now() + 10_000
  while (targets.some(({ arrived }) => arrived() < count) && Date.now() < deadline) await tick(5)
  // Each request now runs to its cache look-up; none can finish while the queries wait.
  await tick(100)
  open()
  return responses
}

/** An author, a tagged article and the four cached reads of it, on the test's database. */
async function scene() {
  const setup = await buildApp()
  const author = await registerUser(setup)
  const tag = unique('tag')
  const article = await createArticle(setup, author.token, { tagList: [tag] })
  return {
    author,
    article,
    reads: {
      'GET /api/articles/:slug': `/api/articles/${article.slug}`,
      'GET /api/articles (a page)': `/api/articles?tag=${tag}`,
      'GET /api/profiles/:username': `/api/profiles/${author.user.username}`,
      'GET /api/tags': '/api/tags',
    },
  }
}

type ReadName = keyof Awaited<ReturnType<typeof scene>>['reads']
const READS: ReadName[] = ['GET /api/articles/:slug', 'GET /api/articles (a page)', 'GET /api/profiles/:username', 'GET /api/tags']

/** The queries one cold read of `path` makes, on an app of its own. */
async function coldReadQueries(path: string): Promise<number> {
  const queries: QueryEvent[] = []
  const app = await buildApp({ beforeQuery: (query) => void queries.push(query) })
  const response = await request(app).get(path)
  expect(response.status).toBe(200)
  return queries.length
}

const describeQueries = (queries: QueryEvent[]) => {
  const counts = new Map<string, number>()
  for (const query of queries) counts.set(`${query.model ?? ''}.${query.operation}`, (counts.get(`${query.model ?? ''}.${query.operation}`) ?? 0) + 1)
  return [...counts].map(([name, count]) => `${count}× ${name}`).join(', ')
}

describe('06.03 a hundred misses on one key make one load', () => {
  test.each(READS)('%s', async (name) => {
    const { reads } = await scene()
    const path = reads[name]
    const expected = await coldReadQueries(path)
    const held = gate()
    const app = await buildApp({ beforeQuery: held.beforeQuery })
    const responses = await stampede([await serve(app)], path, REQUESTS, held.open)
    expect(responses.map(({ status }) => status)).toEqual(responses.map(() => 200))
    expect(new Set(responses.map(({ body }) => body)).size, '🚨 the waiters of one load got different answers').toBe(1)
    expect(
      held.queries.length,
      `🚨 ${REQUESTS} concurrent ${name} on a cold cache made ${held.queries.length} queries (${describeQueries(held.queries)}); one cold read makes ${expected}: while a key is loading, let every other miss wait for that load (single flight in getOrLoad)`,
    ).toBe(expected)
  })

  test('after the stampede, a write is seen: the finished load is not remembered', async () => {
    const { author, article, reads } = await scene()
    const path = reads['GET /api/articles/:slug']
    const held = gate()
    const app = await buildApp({ beforeQuery: held.beforeQuery })
    await stampede([await serve(app)], path, REQUESTS, held.open)
    const loads = held.queries.length
    expect(loads, `🚨 ${REQUESTS} concurrent reads made ${loads} queries: one load should serve them all`).toBeLessThanOrEqual(2)
    const body = `Edited ${unique()}`
    const edited = await request(app).put(path).set('Authorization', auth(author.token)).send({ article: { body } })
    expect(edited.status).toBe(200)
    const read = await request(app).get(path)
    expect(read.body.article?.body, '🚨 a read after the write got the stampede’s answer: forget a load once it has settled').toBe(body)
    expect(read.body.article?.slug).toBe(article.slug)
  })
})

describe('06.03 a failed load is not cached', () => {
  test('every waiter of a failed load gets an error; the next request loads again and succeeds', async () => {
    const { reads } = await scene()
    const path = reads['GET /api/articles/:slug']
    let failing = true
    let attempts = 0
    const held = gate()
    const app = await buildApp({
      logger: quiet,
      async beforeQuery(query) {
        await held.beforeQuery(query)
        if (failing) {
          attempts += 1
          throw new Error(`the database is unreachable (attempt ${attempts})`)
        }
      },
    })
    const responses = await stampede([await serve(app)], path, REQUESTS, held.open)
    expect(responses.map(({ status }) => status), '🚨 the waiters of a failed load should all get the error (500)').toEqual(
      responses.map(() => 500),
    )
    expect(attempts, `🚨 ${REQUESTS} concurrent misses tried ${attempts} loads: they should share one, failed or not`).toBe(1)

    failing = false
    const before = held.queries.length
    const retried = await request(app).get(path)
    expect(retried.status, '🚨 the request after a failed load still failed: do not keep a failed load (or its error) for the key').toBe(200)
    expect(held.queries.length - before, '🚨 the request after a failed load did not load again').toBeGreaterThan(0)
    const after = held.queries.length
    expect((await request(app).get(path)).status).toBe(200)
    expect(held.queries.length - after, '🚨 the successful load after a failure was not cached').toBe(0)
  })
})

describe('06.03 a load that a write overtook is not cached', () => {
  test('a profile read before PUT /api/user changed the bio, answered after it: the next read shows the new bio', async () => {
    const setup = await buildApp()
    const person = await registerUser(setup)
    const username = person.user.username
    // The profile's load reads the person by username; its answer is held back, already
    // read, until the write below has finished.
    let reached!: () => void
    const readDone = new Promise<void>((resolve) => (reached = resolve))
    let release!: () => void
    const released = new Promise<void>((resolve) => (release = resolve))
    let armed = true
    const app = await buildApp({
      async afterQuery(query) {
        if (!armed || query.model !== 'User' || !JSON.stringify(query.args ?? {}).includes(username)) return
        armed = false
        reached()
        await released
      },
    })
    const reading = request(app).get(`/api/profiles/${username}`).then((response) => response)
    await readDone

    const bio = `Changed ${unique()}`
    const updated = await request(app).put('/api/user').set('Authorization', auth(person.token)).send({ user: { bio } })
    expect(updated.status).toBe(200)
    release()
    // That read began before the write: its own answer may be the old one.
    expect((await reading).status).toBe(200)

    const next = await request(app).get(`/api/profiles/${username}`)
    expect(
      next.body.profile?.bio,
      '🚨 a load that read before a write was cached after it: forget(key) should drop the load in flight, so what it read is not kept',
    ).toBe(bio)
  })
})

describe('06.03 single flight is per app', () => {
  test('two apps stampeding on the same key each load it once', async () => {
    const { reads } = await scene()
    const path = reads['GET /api/articles/:slug']
    const expected = await coldReadQueries(path)
    const held = gate()
    const first = await buildApp({ beforeQuery: held.beforeQuery })
    const second = await buildApp({ beforeQuery: held.beforeQuery })
    const responses = await stampede([await serve(first), await serve(second)], path, REQUESTS / 2, held.open)
    expect(responses.every(({ status }) => status === 200)).toBe(true)
    expect(
      held.queries.length,
      `🚨 two apps made ${held.queries.length} queries (${describeQueries(held.queries)}), expected ${expected} each: keep the loads in flight per app (made in the composition root), not in a module-level Map`,
    ).toBe(2 * expected)
  })
})

import type { Express } from 'express'
import request from 'supertest'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
// Namespace imports: in the problem these names do not exist yet, and each test that
// needs one fails on its own instead of the whole file failing to load.
import * as composition from '../src/app.js'
import * as catalogue from '../src/errors/app-error.js'
import { Prisma } from '../src/generated/prisma/client.js'
import { isTransientDatabaseError } from '../src/repositories/prisma/transient.js'
import { backoffDelay, retry, type RetryPolicy } from '../src/utils/retry.js'
import type { QueryEvent } from './support/app.js'
import { backends, holdSqliteWriteLock, sqliteBackend, sqlString } from './support/backends.js'
import { auth, createArticle, registerUser, unique } from './support/factories.js'
import { rendezvous, writesTo, type Rendezvous } from './support/races.js'

/** A Prisma error as the driver adapters raise it, with the database's own code. */
function prismaError(code: string, originalCode?: string) {
  const meta = originalCode === undefined ? {} : { driverAdapterError: { cause: { originalCode, originalMessage: 'x' } } }
  return new Prisma.PrismaClientKnownRequestError(`failed (${code})`, { code, clientVersion: 'test', meta })
}

/** What @prisma/adapter-pg throws, unwrapped, when a statement of a transaction fails. */
function driverAdapterError(originalCode: string) {
  return Object.assign(new Error('deadlock detected'), {
    name: 'DriverAdapterError',
    cause: { kind: 'postgres', code: originalCode, originalCode, originalMessage: 'deadlock detected' },
  })
}

const policy: RetryPolicy = { attempts: 4, baseDelayMs: 100, maxDelayMs: 1000, budgetMs: 10_000 }

/** A retry with no real time: the sleeps are recorded and the clock moves by them. */
function fakeTime(random = () => 0.5) {
  let clock = 0
  const sleeps: number[] = []
  return {
    sleeps,
    deps: {
      random,
      now: () => clock,
      sleep: async (ms: number) => {
        sleeps.push(ms)
        clock += ms
      },
    },
  }
}

/** Work that fails with `errors`, one per call, then answers 'done'; counts its calls. */
function failing(...errors: unknown[]) {
  const work = async () => {
    work.calls += 1
    const error = errors[work.calls - 1]
    if (error !== undefined) throw error
    return 'done'
  }
  work.calls = 0
  return work
}

describe('retry()', () => {
  test.each([
    ['a write conflict (P2034)', prismaError('P2034')],
    ['SQLITE_BUSY through the libSQL adapter', prismaError('P1008', '5')],
    ['an extended SQLITE_BUSY (SQLITE_BUSY_SNAPSHOT)', prismaError('P1008', '517')],
    ['a PostgreSQL serialization failure (40001)', prismaError('P2034', '40001')],
    ['a PostgreSQL deadlock (40P01)', prismaError('P2010', '40P01')],
    ['a deadlock as the PostgreSQL adapter raises it inside a transaction', driverAdapterError('40P01')],
  ])('retries %s, then returns what the work returned', async (_, error) => {
    const time = fakeTime()
    const work = failing(error, error)
    await expect(retry(work, isTransientDatabaseError, policy, time.deps)).resolves.toBe('done')
    expect(work.calls, '🚨 a transient failure should be sent again').toBe(3)
  })

  test.each([
    ['a unique violation (P2002)', prismaError('P2002', '2067')],
    ['a missing row (P2025)', prismaError('P2025')],
    ['a failed check in the database (P2010, SQLite code 19)', prismaError('P2010', '19')],
    ['a validation error of the app', new catalogue.ValidationError('title is required')],
    ['any other error', new Error('bug')],
  ])('never retries %s: one attempt, the same error', async (_, error) => {
    const time = fakeTime()
    const work = failing(error, error)
    await expect(retry(work, isTransientDatabaseError, policy, time.deps)).rejects.toBe(error)
    expect(work.calls, '🚨 only conflicts and a busy database may be retried').toBe(1)
    expect(time.sleeps).toEqual([])
  })

  test('waits longer before each retry, and no longer than the cap', () => {
    const capped: RetryPolicy = { ...policy, maxDelayMs: 400 }
    const lowest = [1, 2, 3, 4, 5].map((attempt) => backoffDelay(attempt, capped, () => 0))
    const highest = [1, 2, 3, 4, 5].map((attempt) => backoffDelay(attempt, capped, () => 0.999999))
    expect(lowest, '🚨 exponential: each pause about twice the one before').toEqual([50, 100, 200, 200, 200])
    expect(highest).toEqual([100, 200, 400, 400, 400])
  })

  test('spreads the retries of clients that failed together (jitter)', () => {
    const delays = [0, 0.25, 0.5, 0.75].map((roll) => backoffDelay(3, policy, () => roll))
    expect(new Set(delays).size, '🚨 the pause should depend on the random number').toBe(4)
  })

  test('gives up after the last attempt with a 503 that carries the last failure', async () => {
    const time = fakeTime()
    const busy = prismaError('P1008', '5')
    const work = failing(busy, busy, busy, busy, busy)
    const failure = await retry(work, isTransientDatabaseError, policy, time.deps).catch((error: unknown) => error)
    expect(failure).toBeInstanceOf(catalogue.ServiceUnavailableError)
    expect((failure as catalogue.ServiceUnavailableError).status).toBe(503)
    expect((failure as Error).cause).toBe(busy)
    expect(work.calls, '🚨 bounded: exactly `attempts` attempts').toBe(policy.attempts)
    expect(time.sleeps).toHaveLength(policy.attempts - 1)
  })

  test('gives up when the next pause would pass the time budget', async () => {
    const time = fakeTime(() => 0)
    const busy = prismaError('P1008', '5')
    const work = failing(busy, busy, busy, busy, busy)
    const tight: RetryPolicy = { ...policy, attempts: 10, budgetMs: 200 }
    await expect(retry(work, isTransientDatabaseError, tight, time.deps)).rejects.toBeInstanceOf(catalogue.ServiceUnavailableError)
    // Pauses of 50 and 100 fit in 200 ms; the next (200) would not.
    expect(time.sleeps, '🚨 no retry may start past the budget').toEqual([50, 100])
    expect(work.calls).toBe(3)
  })
})

/** A logger that keeps the lines, and the retries among them. */
function recordingLogger() {
  const warnings: string[] = []
  const errors: string[] = []
  return {
    warnings,
    errors,
    warn: (message: string) => void warnings.push(message),
    error: (message: string) => void errors.push(message),
  }
}

/** Counts the app's writes to one model, for "how many attempts". */
function writeCounter(model: string) {
  const counter = { count: 0, beforeQuery: (query: QueryEvent) => void (writesTo(model)(query) && (counter.count += 1)) }
  return counter
}

describe('writes while another connection holds the SQLite write lock', () => {
  const backend = sqliteBackend()
  beforeAll(() => backend.start())
  afterAll(() => backend.stop())

  async function favoriteRows(slug: string): Promise<number> {
    const rows = await backend.query(
      `SELECT "userId" FROM "Favorite" WHERE "articleId" = (SELECT "id" FROM "Article" WHERE "slug" = ${sqlString(slug)})`,
    )
    return rows.length
  }

  test('POST /api/articles/:slug/favorite rides out a lock held for a moment: 200, each retry logged, the favorite stored', async () => {
    const logger = recordingLogger()
    const app = await backend.app({ logger })
    const author = await registerUser(app)
    const reader = await registerUser(app)
    const article = await createArticle(app, author.token)

    const lock = await holdSqliteWriteLock(150)
    const response = await request(app).post(`/api/articles/${article.slug}/favorite`).set('Authorization', auth(reader.token))
    await lock.released

    expect(response.status, '🚨 a busy database should be retried, not answered with a 500').toBe(200)
    expect(response.body.article.favoritesCount).toBe(1)
    expect(logger.warnings.length, '🚨 log a line per retry (logger.warn)').toBeGreaterThan(0)
    logger.warnings.forEach((line, i) => expect(line, '🚨 each retry line names its attempt number').toContain(String(i + 1)))
    // What was reported committed must be there: a busy COMMIT can lose it (prisma/prisma#30028).
    expect(await favoriteRows(article.slug)).toBe(1)
    expect((await request(app).get(`/api/articles/${article.slug}`)).body.article.favoritesCount).toBe(1)
  })

  test('POST /api/articles rides out a lock held for a moment: 201, and the article with its tags stored', async () => {
    const logger = recordingLogger()
    const app = await backend.app({ logger })
    const author = await registerUser(app)
    const tag = unique('busy')
    const title = `Written while busy ${unique()}`

    const lock = await holdSqliteWriteLock(150)
    const response = await request(app)
      .post('/api/articles')
      .set('Authorization', auth(author.token))
      .send({ article: { title, description: 'd', body: 'b', tagList: [tag] } })
    await lock.released

    expect(response.status, '🚨 a busy database should be retried on every write path, article creation too').toBe(201)
    expect(logger.warnings.length).toBeGreaterThan(0)
    const stored = await backend.query(
      `SELECT "Tag"."name" FROM "Article" JOIN "ArticleTag" ON "ArticleTag"."articleId" = "Article"."id" ` +
        `JOIN "Tag" ON "Tag"."id" = "ArticleTag"."tagId" WHERE "Article"."title" = ${sqlString(title)}`,
    )
    expect(stored, '🚨 the article reported created is not in the database').toEqual([{ name: tag }])
  })

  test('a lock held past the retry budget answers 503 with Retry-After, after exactly the allowed attempts, before the lock is gone', async () => {
    const logger = recordingLogger()
    const attempts = writeCounter('Article')
    const app = await backend.app({ logger, beforeQuery: attempts.beforeQuery })
    const author = await registerUser(app)
    const reader = await registerUser(app)
    const article = await createArticle(app, author.token)
    attempts.count = 0

    const lock = await holdSqliteWriteLock(2500)
    let lockGone = false
    void lock.released.then(() => (lockGone = true))
    const response = await request(app).post(`/api/articles/${article.slug}/favorite`).set('Authorization', auth(reader.token))
    const answeredWhileLocked = !lockGone
    await lock.released

    expect(response.status, '🚨 retries exhausted: 503, the client may try again later').toBe(503)
    expect(response.headers['retry-after'], '🚨 tell the client when to come back (Retry-After)').toMatch(/^\d+$/)
    expect(response.body).toEqual({ errors: { body: [expect.any(String)] } })
    expect(JSON.stringify(response.body), '🚨 no driver message in the answer').not.toMatch(/SQLITE|locked|prisma/i)
    expect(answeredWhileLocked, '🚨 a bounded retry gives up on its own, it does not wait for the lock').toBe(true)
    expect(attempts.count, '🚨 exactly DATABASE_RETRY.attempts attempts').toBe(composition.DATABASE_RETRY.attempts)
    expect(logger.warnings).toHaveLength(composition.DATABASE_RETRY.attempts - 1)
    expect(await favoriteRows(article.slug)).toBe(0)
    expect((await request(app).get(`/api/articles/${article.slug}`)).body.article.favoritesCount).toBe(0)
  }, 15_000)

  test('a unique violation met after a busy spell ends the retries: 409, never sent again', async () => {
    const logger = recordingLogger()
    const attempts = writeCounter('Article')
    const app = await backend.app({ logger, beforeQuery: attempts.beforeQuery })
    const author = await registerUser(app)
    // A unique rule on these titles only (the file's other tests share this database).
    const title = `Only once ${unique()}`
    const index = `only_once_${unique()}`
    await backend.execute(`CREATE UNIQUE INDEX "${index}" ON "Article"("title") WHERE "title" = ${sqlString(title)}`)
    const post = () =>
      request(app)
        .post('/api/articles')
        .set('Authorization', auth(author.token))
        .send({ article: { title, description: 'd', body: 'b', tagList: [] } })
    try {
      await post().expect(201)
      attempts.count = 0

      const lock = await holdSqliteWriteLock(150)
      const response = await post()
      await lock.released

      expect(response.status, '🚨 retry while busy; then the unique violation is the answer (409)').toBe(409)
      expect(attempts.count, '🚨 retried while the database was busy').toBeGreaterThan(1)
      expect(logger.warnings, '🚨 one log line per retry, none after the unique violation').toHaveLength(attempts.count - 1)
    } finally {
      await backend.execute(`DROP INDEX IF EXISTS "${index}"`)
    }
  })

  test('50 users favoriting at once through two app instances on one SQLite file count 50', async () => {
    const gate: { race?: Rendezvous } = {}
    const beforeQuery = (query: QueryEvent) => gate.race?.beforeQuery(query)
    const logger = recordingLogger()
    const apps: Express[] = [await backend.app({ beforeQuery, logger }), await backend.app({ beforeQuery, logger })]
    const author = await registerUser(apps[0]!)
    const article = await createArticle(apps[0]!, author.token)
    const users = await Promise.all(Array.from({ length: 50 }, () => registerUser(apps[0]!)))
    const race = (gate.race = rendezvous(50, (query) => writesTo('Favorite')(query) || writesTo('Article')(query)))

    const responses = await Promise.all(
      users.map((user, i) =>
        request(apps[i % 2]!).post(`/api/articles/${article.slug}/favorite`).set('Authorization', auth(user.token)),
      ),
    )

    expect(race.met).toBe(true)
    expect(responses.map((response) => response.status), '🚨 SQLITE_BUSY between the two instances should be retried').toEqual(
      users.map(() => 200),
    )
    expect(await favoriteRows(article.slug)).toBe(50)
    expect((await request(apps[1]!).get(`/api/articles/${article.slug}`)).body.article.favoritesCount).toBe(50)
  }, 20_000)
})

const onPostgres = backends().filter((backend) => backend.name === 'PostgreSQL')

for (const backend of onPostgres) {
  describe('writes that lose a deadlock on PostgreSQL', () => {
    beforeAll(() => backend.start())
    afterAll(() => backend.stop())

    test('POST /api/articles/:slug/favorite chosen as a deadlock victim is retried: 200, logged, and stored', async () => {
      const logger = recordingLogger()
      const app = await backend.app({ logger })
      const author = await registerUser(app)
      const reader = await registerUser(app)
      const article = await createArticle(app, author.token)
      const [{ id: articleId }] = await backend.query<{ id: number }>(`SELECT "id" FROM "Article" WHERE "slug" = ${sqlString(article.slug)}`) as [{ id: number }]
      const [{ id: readerId }] = await backend.query<{ id: number }>(`SELECT "id" FROM "User" WHERE "username" = ${sqlString(reader.user.username)}`) as [{ id: number }]

      // Another transaction locks the reader's row, so the favorite's INSERT (whose foreign
      // key must see that row) waits for it, holding the article's row it has just updated;
      // then the other transaction wants the article's row: each waits for the other.
      // PostgreSQL aborts the one that waited first, the favorite, with deadlock_detected
      // (40P01), and the other one finishes.
      let sent!: () => void
      const requestSent = new Promise<void>((resolve) => (sent = resolve))
      const other = backend
        .inTransaction(async (tx) => {
          await tx.query(`SELECT "id" FROM "User" WHERE "id" = ${readerId} FOR UPDATE`)
          sent()
          await new Promise((resolve) => setTimeout(resolve, 300))
          await tx.query(`SELECT "id" FROM "Article" WHERE "id" = ${articleId} FOR SHARE`)
        }, 10_000)
        .catch((error: unknown) => error)
      await requestSent
      const response = await request(app).post(`/api/articles/${article.slug}/favorite`).set('Authorization', auth(reader.token))
      expect(await other, 'the other transaction should win the deadlock').toBeUndefined()

      expect(response.status, '🚨 a deadlock victim should be retried (PostgreSQL 40P01), not answered with a 500').toBe(200)
      expect(logger.warnings.length, '🚨 log a line per retry (logger.warn)').toBeGreaterThan(0)
      const rows = await backend.query(`SELECT "userId" FROM "Favorite" WHERE "articleId" = ${articleId}`)
      expect(rows).toHaveLength(1)
      expect((await request(app).get(`/api/articles/${article.slug}`)).body.article.favoritesCount).toBe(1)
    }, 15_000)
  })
}

import type { Express } from 'express'
import request from 'supertest'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { backends, sqlString, type Backend } from './support/backends.js'
import { auth, createArticle, favorite, registerUser, type RegisteredUser } from './support/factories.js'
import type { QueryEvent } from './support/app.js'
import { rendezvous, writesTo, type Rendezvous } from './support/races.js'

const quiet = { error() {} }

const SERIALISED =
  '🚨 the favorites never reached the database together: something in the app makes them wait for each other ' +
  '(a lock, a queue, a transaction held open while the app waits). Let the database keep the count exact instead'

/** The writes every design makes when a user favorites: the Favorite row, or the article it counts on. */
const favoriteWrites = (query: QueryEvent) => writesTo('Favorite')(query) || writesTo('Article')(query)

/**
 * A rendezvous armed later: apps are built with its beforeQuery, the test makes its data,
 * then arms it for the requests under test only.
 */
function laterRendezvous() {
  let race: Rendezvous | undefined
  return {
    beforeQuery: (query: QueryEvent) => race?.beforeQuery(query),
    arm(count: number) {
      race = rendezvous(count, favoriteWrites)
      return race
    },
  }
}

describe.each(backends())('favoritesCount under concurrent requests on $name', (backend: Backend) => {
  beforeAll(() => backend.start())
  afterAll(() => backend.stop())

  async function favoriteRows(slug: string): Promise<number> {
    const rows = await backend.query<{ userId: number }>(
      `SELECT "userId" FROM "Favorite" WHERE "articleId" = (SELECT "id" FROM "Article" WHERE "slug" = ${sqlString(slug)})`,
    )
    return rows.length
  }

  async function countOf(app: Express, slug: string): Promise<number> {
    const response = await request(app).get(`/api/articles/${slug}`)
    return response.body.article.favoritesCount as number
  }

  /** `users` favorite one article at once, spread over `apps`; each Favorite insert waits for all the others. */
  async function favoriteAtOnce(apps: Express[], slug: string, users: RegisteredUser[]) {
    return Promise.all(
      users.map((user, i) =>
        request(apps[i % apps.length]!).post(`/api/articles/${slug}/favorite`).set('Authorization', auth(user.token)),
      ),
    )
  }

  test('50 users favoriting at once count 50', async () => {
    const gate = laterRendezvous()
    const app = await backend.app({ beforeQuery: gate.beforeQuery, logger: quiet })
    const author = await registerUser(app)
    const article = await createArticle(app, author.token)
    const users = await Promise.all(Array.from({ length: 50 }, () => registerUser(app)))
    const race = gate.arm(50)

    const responses = await favoriteAtOnce([app], article.slug, users)

    expect(race.met, SERIALISED).toBe(true)
    expect(responses.map((response) => response.status), '🚨 every favorite should succeed').toEqual(users.map(() => 200))
    expect(await favoriteRows(article.slug)).toBe(50)
    expect(await countOf(app, article.slug), '🚨 favorites were lost: add one in the database (increment), not count + 1 from a read').toBe(50)
  })

  // Two processes on one SQLite file do not wait for each other's write lock here: the
  // second gets SQLITE_BUSY at once (busy_timeout is 0 in @libsql/client), so this race
  // needs the retry of 05.03, where it runs on SQLite too. PostgreSQL's writers wait.
  const twoInstances = backend.name === 'PostgreSQL' ? test : test.skip
  const onSqlite = backend.name === 'PostgreSQL' ? '' : ' (on SQLite from 05.03 on, once a busy write is retried)'
  twoInstances(`50 users favoriting at once through two app instances on one database count 50${onSqlite}`, async () => {
    const gate = laterRendezvous()
    const apps = [
      await backend.app({ beforeQuery: gate.beforeQuery, logger: quiet }),
      await backend.app({ beforeQuery: gate.beforeQuery, logger: quiet }),
    ]
    const author = await registerUser(apps[0]!)
    const article = await createArticle(apps[0]!, author.token)
    const users = await Promise.all(Array.from({ length: 50 }, () => registerUser(apps[0]!)))
    const race = gate.arm(50)

    const responses = await favoriteAtOnce(apps, article.slug, users)

    expect(race.met, SERIALISED).toBe(true)
    expect(
      responses.map((response) => response.status),
      '🚨 every favorite should succeed',
    ).toEqual(users.map(() => 200))
    expect(await favoriteRows(article.slug)).toBe(50)
    expect(
      await countOf(apps[1]!, article.slug),
      '🚨 favorites were lost across two processes: a lock inside one app does not stop the other; let the database do the arithmetic',
    ).toBe(50)
  })

  test('one user favoriting and unfavoriting at once keeps the count equal to the rows, 0 or 1', async () => {
    const gate = laterRendezvous()
    const app = await backend.app({ beforeQuery: gate.beforeQuery, logger: quiet })
    const author = await registerUser(app)
    const article = await createArticle(app, author.token)
    const reader = await registerUser(app)
    await favorite(app, reader.token, article.slug)
    gate.arm(10)

    const responses = await Promise.all(
      Array.from({ length: 20 }, (_, i) => {
        const path = `/api/articles/${article.slug}/favorite`
        const sent = i % 2 === 0 ? request(app).delete(path) : request(app).post(path)
        return sent.set('Authorization', auth(reader.token))
      }),
    )

    expect(responses.map((response) => response.status), '🚨 favoriting twice or unfavoriting twice is not an error').toEqual(
      responses.map(() => 200),
    )
    for (const response of responses) {
      expect([0, 1], '🚨 a count outside 0..1 for one reader').toContain(response.body.article.favoritesCount)
    }
    const rows = await favoriteRows(article.slug)
    expect(await countOf(app, article.slug), '🚨 the count and the Favorite rows disagree').toBe(rows)
  })
})

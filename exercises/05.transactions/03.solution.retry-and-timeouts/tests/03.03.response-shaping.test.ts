/**
 * 03.03 — mass assignment and response shaping.
 *
 * In: every object a client sends is strict. A key the API does not accept is refused
 * with 422, named ("favoritesCount is not allowed"), and nothing of the request happens,
 * so no client can set an id, an author, a slug or a counter.
 *
 * Out: no response carries a password hash or anyone's email but the current user's
 * own, and no route even reads them from the database unless it needs them (login
 * compares the hash; the current user's routes return their own email). Responses are
 * built from an allow-list, field by field.
 *
 * How the tests know:
 * - unknown keys are generated (fast-check, fixed seed) and sent with otherwise valid
 *   bodies to every route that takes one;
 * - every route's responses are walked for private keys and other users' emails;
 * - the app's queries are watched once they return (buildApp's afterQuery): any row
 *   holding a password, or an email that is not the current user's, was read for a
 *   response that must not show it.
 */
import type { Express } from 'express'
import fc from 'fast-check'
import request from 'supertest'
import { beforeAll, describe, expect, test } from 'vitest'
import { buildApp, getApp } from './support/app.js'
import {
  auth,
  createArticle,
  createComment,
  favorite,
  follow,
  registerUser,
  unique,
  type RegisteredUser,
} from './support/factories.js'

const app = await getApp()

/** Fixed, so a failure can be replayed; fast-check prints it with the failing case. */
const SEED = 303
/** A property sends a request per generated case: seconds, not the default 5 s, when the machine is busy. */
const PROPERTY_TIMEOUT = 30_000

function summary(response: request.Response): string {
  return `${response.status} ${response.text.replace(/\s+/g, ' ').slice(0, 200)}`
}

/** The messages of a 422, or a failed expectation when the response is not one. */
function refusal(response: request.Response, what: string): string[] {
  expect(
    { status: response.status, isList: Array.isArray(response.body?.errors?.body) },
    `🚨 ${what}: expected 422 and { errors: { body: [...] } }, got ${summary(response)}`,
  ).toEqual({ status: 422, isList: true })
  return response.body.errors.body as string[]
}

// ---------------------------------------------------------------------------------
// Unknown keys.

/** Keys no body of the API accepts (nor any name an object inherits). */
const ACCEPTED = new Set([
  'user',
  'article',
  'comment',
  'username',
  'email',
  'password',
  'bio',
  'image',
  'title',
  'description',
  'body',
  'tagList',
])
const unknownKey = fc
  .stringMatching(/^[a-zA-Z][a-zA-Z0-9_]{0,11}$/)
  .filter((key) => !ACCEPTED.has(key) && !(key in Object.prototype))
const SERVER_SET = ['id', 'authorId', 'favoritesCount', 'slug', 'createdAt', 'following', 'token', 'admin']

interface BodyRoute {
  what: string
  wrapper: string
  valid: () => Record<string, unknown>
  send: (body: object) => request.Test
}

describe('03.03 mass assignment and response shaping', () => {
  /** alice wrote `slug`; bob follows alice and favorited her article. */
  let fx: { alice: RegisteredUser; bob: RegisteredUser; slug: string }

  beforeAll(async () => {
    const alice = await registerUser(app)
    const bob = await registerUser(app)
    const article = await createArticle(app, alice.token, { tagList: [unique('tag')] })
    await createComment(app, alice.token, article.slug)
    await follow(app, bob.token, alice.user.username)
    await favorite(app, bob.token, article.slug)
    fx = { alice, bob, slug: article.slug }
  })

  test(
    'a key a body does not accept is refused with 422 naming it, on every route that takes a body',
    async () => {
      const routes: BodyRoute[] = [
        {
          what: 'POST /api/users',
          wrapper: 'user',
          valid: () => ({ username: unique('u'), email: `${unique('u')}@example.com`, password: 'pw-unknown' }),
          send: (body) => request(app).post('/api/users').send(body),
        },
        {
          what: 'POST /api/users/login',
          wrapper: 'user',
          valid: () => ({ email: fx.bob.user.email, password: fx.bob.password }),
          send: (body) => request(app).post('/api/users/login').send(body),
        },
        {
          what: 'PUT /api/user',
          wrapper: 'user',
          valid: () => ({ bio: `bio ${unique()}` }),
          send: (body) => request(app).put('/api/user').set('Authorization', auth(fx.bob.token)).send(body),
        },
        {
          what: 'POST /api/articles',
          wrapper: 'article',
          valid: () => ({ title: `Title ${unique()}`, description: 'd', body: 'b' }),
          send: (body) => request(app).post('/api/articles').set('Authorization', auth(fx.alice.token)).send(body),
        },
        {
          what: 'PUT /api/articles/:slug',
          wrapper: 'article',
          valid: () => ({ body: `changed ${unique()}` }),
          send: (body) =>
            request(app).put(`/api/articles/${fx.slug}`).set('Authorization', auth(fx.alice.token)).send(body),
        },
        {
          what: 'POST /api/articles/:slug/comments',
          wrapper: 'comment',
          valid: () => ({ body: `comment ${unique()}` }),
          send: (body) =>
            request(app).post(`/api/articles/${fx.slug}/comments`).set('Authorization', auth(fx.bob.token)).send(body),
        },
      ]
      const extraKeys = fc.uniqueArray(fc.oneof(unknownKey, fc.constantFrom(...SERVER_SET)), {
        minLength: 1,
        maxLength: 3,
      })
      await fc.assert(
        fc.asyncProperty(fc.constantFrom(...routes), extraKeys, fc.boolean(), async (route, keys, outside) => {
          const fields = route.valid()
          const extras = Object.fromEntries(keys.map((key) => [key, 1]))
          // Inside the wrapper ({"user": {…, "id": 1}}) or beside it ({"user": {…}, "id": 1}).
          const body = outside ? { [route.wrapper]: fields, ...extras } : { [route.wrapper]: { ...fields, ...extras } }
          const what = `${route.what} ${JSON.stringify(body)}`
          const messages = refusal(await route.send(body), what)
          for (const key of keys) {
            expect(
              messages.some((message) => message.startsWith(`${key} `)),
              `🚨 ${what}: the API does not accept ${key} there, so refuse the request and name it (a message starting "${key} "), rather than drop it silently; got ${JSON.stringify(messages)}. Make every object schema strict`,
            ).toBe(true)
          }
        }),
        { numRuns: 100, seed: SEED },
      )
    },
    PROPERTY_TIMEOUT,
  )

  test('PUT /api/user cannot set an id, a date or a role: refused, and the user is unchanged', async () => {
    const carol = await registerUser(app)
    for (const extra of [
      { id: fx.alice.user.username },
      { id: 1 },
      { createdAt: '2000-01-01T00:00:00.000Z' },
      { admin: true },
    ]) {
      const body = { user: { bio: 'mine now', ...extra } }
      refusal(
        await request(app).put('/api/user').set('Authorization', auth(carol.token)).send(body),
        `PUT /api/user ${JSON.stringify(body)}`,
      )
    }
    const after = await request(app).get('/api/user').set('Authorization', auth(carol.token))
    expect(
      { status: after.status, username: after.body.user?.username, bio: after.body.user?.bio },
      '🚨 a refused request changes nothing: not the fields it was allowed to send either',
    ).toEqual({ status: 200, username: carol.user.username, bio: carol.user.bio })
  })

  test('an article cannot be given a slug, an author or a favorites count: refused, and nothing is written', async () => {
    const dave = await registerUser(app)
    const created = await createArticle(app, dave.token)
    const attempts: Array<[what: string, send: () => request.Test]> = [
      [
        'POST /api/articles with slug and favoritesCount',
        () =>
          request(app)
            .post('/api/articles')
            .set('Authorization', auth(dave.token))
            .send({
              article: {
                title: 'Chosen',
                description: 'd',
                body: 'b',
                slug: `chosen-${unique()}`,
                favoritesCount: 1000,
              },
            }),
      ],
      [
        'PUT /api/articles/:slug with authorId and favoritesCount',
        () =>
          request(app)
            .put(`/api/articles/${created.slug}`)
            .set('Authorization', auth(dave.token))
            .send({ article: { body: 'rewritten', authorId: 1, favoritesCount: 5 } }),
      ],
      [
        'PUT /api/articles/:slug with a slug of its own',
        () =>
          request(app)
            .put(`/api/articles/${created.slug}`)
            .set('Authorization', auth(dave.token))
            .send({ article: { body: 'rewritten', slug: `moved-${unique()}` } }),
      ],
    ]
    for (const [what, send] of attempts) refusal(await send(), what)

    const list = await request(app).get(`/api/articles?author=${dave.user.username}`)
    const after = await request(app).get(`/api/articles/${created.slug}`)
    expect(
      {
        articles: list.body.articlesCount,
        status: after.status,
        body: after.body.article?.body,
        author: after.body.article?.author?.username,
        favoritesCount: after.body.article?.favoritesCount,
      },
      '🚨 a refused request writes nothing: no new article, and the old one keeps its body, author and count',
    ).toEqual({ articles: 1, status: 200, body: created.body, author: dave.user.username, favoritesCount: 0 })
  })
})

// ---------------------------------------------------------------------------------
// What leaves, and what is read.

/** Where a private field shows in a response body: a path, and what is there. */
function privateFields(body: unknown, ownEmail: string | undefined, knownEmails: string[]): string[] {
  const found: string[] = []
  const walk = (value: unknown, path: string): void => {
    if (typeof value === 'string') {
      for (const email of knownEmails) {
        if (email !== ownEmail && value.includes(email)) found.push(`${path}: another user's email`)
      }
      return
    }
    if (value === null || typeof value !== 'object') return
    for (const [key, inner] of Object.entries(value)) {
      const at = path ? `${path}.${key}` : key
      if (/pass|hash|salt/i.test(key)) found.push(`${at}: a password field`)
      else if (key === 'email' && !(at === 'user.email' && inner === ownEmail)) found.push(`${at}: an email`)
      else if ((key === 'id' && !/^(comment|comments\.\d+)\.id$/.test(at)) || /.Id$/.test(key)) {
        found.push(`${at}: an internal id`)
      }
      walk(inner, at)
    }
  }
  walk(body, '')
  return found
}

/** What a query's result holds that the request had no business reading. */
function privateReads(result: unknown, allowedEmails: string[], hashAllowed: boolean): string[] {
  const found: string[] = []
  const walk = (value: unknown): void => {
    if (value === null || typeof value !== 'object' || value instanceof Date) return
    if (Array.isArray(value)) return value.forEach(walk)
    const row = value as Record<string, unknown>
    if ('password' in row && !hashAllowed) found.push('a password hash')
    if ('email' in row && !allowedEmails.includes(String(row.email))) found.push(`the email ${String(row.email)}`)
    Object.values(row).forEach(walk)
  }
  walk(result)
  return found
}

interface Watched {
  app: Express
  /** What the queries since the last reset read, and from where. */
  reads: Array<{ where: string; result: unknown }>
}

async function watchedApp(): Promise<Watched> {
  const reads: Watched['reads'] = []
  const watched = await buildApp({
    afterQuery: (query, result) => void reads.push({ where: `${query.model ?? 'raw'}.${query.operation}`, result }),
  })
  return { app: watched, reads }
}

/** One request, and whose it is. */
interface Call {
  what: string
  send: (app: Express) => request.Test
  /** The email of whoever is asking (their own may show in their own /api/user answers). */
  ownEmail?: string
  /** Emails the route may read: the current user's own. */
  mayRead?: string[]
  /** Only login compares a password. */
  readsHash?: boolean
}

async function expectNothingPrivate(watched: Watched, calls: Call[], knownEmails: () => string[]): Promise<void> {
  for (const call of calls) {
    watched.reads.length = 0
    const response = await call.send(watched.app)
    expect(response.status, `🚨 ${call.what} should still work: ${summary(response)}`).toBeLessThan(300)
    const shown = privateFields(response.body, call.ownEmail, knownEmails())
    expect(
      shown,
      `🚨 ${call.what} answered with what is not for the client: build each response field by field from an allow-list (a mapper), never by passing a row on`,
    ).toEqual([])
    const read = watched.reads.flatMap(({ where, result }) =>
      privateReads(result, call.mayRead ?? [], call.readsHash ?? false).map((what) => `${where} read ${what}`),
    )
    expect(
      [...new Set(read)],
      `🚨 ${call.what} read from the database what it must never show: read a user with a select that lists the public columns (or omit the private ones), so a hash or an email is not even in memory for a profile, an author, a comment or a favorite. Only login reads the hash, and only the current user's own routes read their email`,
    ).toEqual([])
  }
}

describe('03.03 responses: nothing private leaves, or is even read', () => {
  let fx: { alice: RegisteredUser; bob: RegisteredUser; slug: string; emails: string[] }

  beforeAll(async () => {
    const alice = await registerUser(app)
    const bob = await registerUser(app)
    const article = await createArticle(app, alice.token, { tagList: [unique('tag')] })
    await createComment(app, alice.token, article.slug)
    await follow(app, bob.token, alice.user.username)
    await favorite(app, bob.token, article.slug)
    fx = { alice, bob, slug: article.slug, emails: [alice.user.email, bob.user.email] }
  })

  test('profiles: get, follow and unfollow show and read no private field', async () => {
    const watched = await watchedApp()
    const bob = { ownEmail: fx.bob.user.email, mayRead: [fx.bob.user.email] }
    const target = fx.alice.user.username
    await expectNothingPrivate(
      watched,
      [
        { what: 'GET /api/profiles/:username', send: (a) => request(a).get(`/api/profiles/${target}`) },
        {
          what: 'GET /api/profiles/:username signed in',
          send: (a) => request(a).get(`/api/profiles/${target}`).set('Authorization', auth(fx.bob.token)),
          ...bob,
        },
        {
          what: 'DELETE /api/profiles/:username/follow',
          send: (a) => request(a).delete(`/api/profiles/${target}/follow`).set('Authorization', auth(fx.bob.token)),
          ...bob,
        },
        {
          what: 'POST /api/profiles/:username/follow',
          send: (a) => request(a).post(`/api/profiles/${target}/follow`).set('Authorization', auth(fx.bob.token)),
          ...bob,
        },
      ],
      () => fx.emails,
    )
  })

  test('articles: one, lists, feed, create, update, favorite and unfavorite show and read no private field', async () => {
    const watched = await watchedApp()
    const alice = { ownEmail: fx.alice.user.email, mayRead: [fx.alice.user.email] }
    const bob = { ownEmail: fx.bob.user.email, mayRead: [fx.bob.user.email] }
    const byBob = (a: Express, method: 'get' | 'post' | 'delete', path: string) =>
      request(a)[method](path).set('Authorization', auth(fx.bob.token))
    await expectNothingPrivate(
      watched,
      [
        { what: 'GET /api/articles/:slug', send: (a) => request(a).get(`/api/articles/${fx.slug}`) },
        { what: 'GET /api/articles', send: (a) => request(a).get('/api/articles?limit=5') },
        {
          what: 'GET /api/articles?author=',
          send: (a) => request(a).get(`/api/articles?author=${fx.alice.user.username}`),
        },
        {
          what: 'GET /api/articles?favorited=',
          send: (a) => request(a).get(`/api/articles?favorited=${fx.bob.user.username}`),
        },
        { what: 'GET /api/articles/feed', send: (a) => byBob(a, 'get', '/api/articles/feed'), ...bob },
        {
          what: 'DELETE /api/articles/:slug/favorite',
          send: (a) => byBob(a, 'delete', `/api/articles/${fx.slug}/favorite`),
          ...bob,
        },
        {
          what: 'POST /api/articles/:slug/favorite',
          send: (a) => byBob(a, 'post', `/api/articles/${fx.slug}/favorite`),
          ...bob,
        },
        {
          what: 'POST /api/articles',
          send: (a) =>
            request(a)
              .post('/api/articles')
              .set('Authorization', auth(fx.alice.token))
              .send({ article: { title: `Shaped ${unique()}`, description: 'd', body: 'b', tagList: ['shaped'] } }),
          ...alice,
        },
        {
          what: 'PUT /api/articles/:slug',
          send: (a) =>
            request(a)
              .put(`/api/articles/${fx.slug}`)
              .set('Authorization', auth(fx.alice.token))
              .send({ article: { description: `d ${unique()}` } }),
          ...alice,
        },
        { what: 'GET /api/tags', send: (a) => request(a).get('/api/tags') },
      ],
      () => fx.emails,
    )
  })

  test('comments: list and create show and read no private field', async () => {
    const watched = await watchedApp()
    await expectNothingPrivate(
      watched,
      [
        { what: 'GET /api/articles/:slug/comments', send: (a) => request(a).get(`/api/articles/${fx.slug}/comments`) },
        {
          what: 'POST /api/articles/:slug/comments',
          send: (a) =>
            request(a)
              .post(`/api/articles/${fx.slug}/comments`)
              .set('Authorization', auth(fx.bob.token))
              .send({ comment: { body: 'shaped' } }),
          ownEmail: fx.bob.user.email,
          mayRead: [fx.bob.user.email],
        },
      ],
      () => fx.emails,
    )
  })

  test('the current user: register, login, get and update show their own email only, and only login reads the hash', async () => {
    const watched = await watchedApp()
    const erin = { username: unique('erin'), email: `${unique('erin')}@example.com`, password: `pw-${unique()}` }
    const renamed = `${unique('erin')}@example.com`
    let token = ''
    const emails = () => [...fx.emails, erin.email, renamed]
    const calls: Call[] = [
      {
        what: 'POST /api/users',
        send: (a) => request(a).post('/api/users').send({ user: erin }),
        ownEmail: erin.email,
        mayRead: [erin.email],
      },
      {
        what: 'POST /api/users/login',
        send: (a) =>
          request(a)
            .post('/api/users/login')
            .send({ user: { email: erin.email, password: erin.password } }),
        ownEmail: erin.email,
        mayRead: [erin.email],
        readsHash: true,
      },
    ]
    await expectNothingPrivate(watched, calls, emails)
    const login = await request(app)
      .post('/api/users/login')
      .send({ user: { email: erin.email, password: erin.password } })
    token = login.body.user.token
    await expectNothingPrivate(
      watched,
      [
        {
          what: 'GET /api/user',
          send: (a) => request(a).get('/api/user').set('Authorization', auth(token)),
          ownEmail: erin.email,
          mayRead: [erin.email],
        },
        {
          what: 'PUT /api/user',
          send: (a) =>
            request(a)
              .put('/api/user')
              .set('Authorization', auth(token))
              .send({ user: { email: renamed, bio: 'shaped' } }),
          ownEmail: renamed,
          mayRead: [erin.email, renamed],
        },
      ],
      emails,
    )
  })
})

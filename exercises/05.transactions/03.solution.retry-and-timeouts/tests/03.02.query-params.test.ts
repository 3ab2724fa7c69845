/**
 * 03.02 — query parameters, coerced and bounded.
 *
 * Numbers in a URL are text. `limit` is a whole number from 1 to 100 (20 when absent),
 * `offset` a whole number from 0; text that only starts with a number is not one. A
 * parameter given twice is refused. Slugs, comment ids and usernames in the path are
 * checked before the database hears of them, and no URL at all answers 5xx.
 *
 * How the tests know:
 * - a property-based fuzzer (fast-check, fixed seed) builds list queries and path
 *   parameters of the kinds that answered 500 before, and every answer must be a 2xx or
 *   a 4xx in the spec's envelope;
 * - the app's queries are watched (buildApp's beforeQuery): a malformed slug, id or
 *   username must be refused before the first one;
 * - a comment id with something after its digits must delete nothing.
 */
import type { Express } from 'express'
import fc from 'fast-check'
import request from 'supertest'
import { beforeAll, describe, expect, test } from 'vitest'
import { buildApp, getApp, type QueryEvent } from './support/app.js'
import {
  auth,
  createArticle,
  createComment,
  follow,
  registerUser,
  unique,
  type RegisteredUser,
} from './support/factories.js'

const app = await getApp()

/** Fixed, so a failure can be replayed; fast-check prints it with the failing case. */
const SEED = 302
/** A property sends a request per generated case: seconds, not the default 5 s, when the machine is busy. */
const PROPERTY_TIMEOUT = 30_000

/** The answer as one line, for a failure message. */
function summary(response: request.Response): string {
  return `${response.status} ${response.text.replace(/\s+/g, ' ').slice(0, 200)}`
}

/** A 4xx must be the spec's envelope with at least one message; nothing may be a 5xx. */
function expectHandled(response: request.Response, what: string): void {
  expect(
    response.status,
    `🚨 ${what} answered ${summary(response)}: no URL a client can type is a server error. Validate it (or translate the error) before it reaches the database`,
  ).toBeLessThan(500)
  if (response.status >= 400) {
    const messages: unknown = response.body?.errors?.body
    expect(
      Array.isArray(messages) && messages.length > 0 && messages.every((m) => typeof m === 'string'),
      `🚨 ${what} answered ${summary(response)}: a refusal is the spec's { "errors": { "body": ["…"] } }`,
    ).toBe(true)
  }
}

/** The messages of a 422, or a failed expectation when the response is not one. */
function refusal(response: request.Response, what: string): string[] {
  expect(
    { status: response.status, isList: Array.isArray(response.body?.errors?.body) },
    `🚨 ${what}: expected 422 and { errors: { body: [...] } }, got ${summary(response)}`,
  ).toEqual({ status: 422, isList: true })
  return response.body.errors.body as string[]
}

/** Whether `messages` has one about `field` (it starts with the field's name). */
function names(messages: string[], field: string): boolean {
  return messages.some((message) => message.startsWith(`${field} `))
}

// ---------------------------------------------------------------------------------
// What the fuzzer sends.

/** Numbers written every way a client, a script or an attacker might write them. */
const numberish = fc.oneof(
  fc.integer({ min: -1_000_000, max: 1_000_000 }).map(String),
  fc.constantFrom(
    '-1',
    '0',
    '-0',
    '+5',
    '1.5',
    '1e3',
    '1e21',
    '0x10',
    ' 5',
    '5 ',
    '5abc',
    '',
    'NaN',
    'Infinity',
    '99999999999999999999',
    '9007199254740991',
    '9007199254740993',
  ),
)

const anyText = fc.oneof(fc.string({ maxLength: 12 }), fc.string({ unit: 'binary', maxLength: 8 }))

/** A query string: known and unknown parameters, some repeated, some with brackets. */
const listQuery = fc
  .array(
    fc.oneof(
      fc.tuple(fc.constantFrom('limit', 'offset'), numberish),
      fc.tuple(fc.constantFrom('tag', 'author', 'favorited'), anyText),
      fc.tuple(fc.constantFrom('limit[]', 'offset[0]', 'author[name]', 'page'), fc.oneof(numberish, anyText)),
    ),
    { minLength: 1, maxLength: 6 },
  )
  .map((pairs) => pairs.map(([key, value]) => `${encodeURIComponent(key)}=${encodeURIComponent(value)}`).join('&'))

/** A path segment: encoded text, and pieces of broken percent-encoding. */
const pathSegment = fc
  .array(
    fc.oneof(
      anyText.map(encodeURIComponent),
      numberish.map(encodeURIComponent),
      fc.constantFrom('%', '%ZZ', '%E0%A4%A', '%C0', '%FF', '%00', '%2F', '--', '-', 'A', '..'),
    ),
    { minLength: 1, maxLength: 4 },
  )
  .map((pieces) => pieces.join(''))
  .filter((segment) => segment !== '.' && segment !== '..')

describe('03.02 query parameters, coerced and bounded', () => {
  /** alice wrote `slug`; reader follows alice and has written nothing. */
  let fx: { alice: RegisteredUser; reader: RegisteredUser; slug: string }

  beforeAll(async () => {
    const alice = await registerUser(app)
    const reader = await registerUser(app)
    const article = await createArticle(app, alice.token, { tagList: [unique('tag')] })
    await createArticle(app, alice.token)
    await follow(app, reader.token, alice.user.username)
    fx = { alice, reader, slug: article.slug }
  })

  test(
    'no generated list or feed query answers 5xx, and no page is longer than 100',
    async () => {
      await fc.assert(
        fc.asyncProperty(fc.boolean(), listQuery, async (feed, query) => {
          const path = `/api/articles${feed ? '/feed' : ''}?${query}`
          const response = await (feed
            ? request(app).get(path).set('Authorization', auth(fx.reader.token))
            : request(app).get(path))
          expectHandled(response, `GET ${path}`)
          if (response.status < 300) {
            expect(
              response.body.articles.length,
              `🚨 GET ${path}: a page holds at most 100 articles, whatever the query asks`,
            ).toBeLessThanOrEqual(100)
          }
        }),
        { numRuns: 100, seed: SEED },
      )
    },
    PROPERTY_TIMEOUT,
  )

  test(
    'no generated slug, username or comment id in a path answers 5xx',
    async () => {
      const token = auth(fx.reader.token)
      const routes: Array<[label: string, send: (segment: string) => request.Test]> = [
        ['GET /api/articles/:slug', (s) => request(app).get(`/api/articles/${s}`)],
        ['GET /api/articles/:slug/comments', (s) => request(app).get(`/api/articles/${s}/comments`)],
        ['GET /api/profiles/:username', (s) => request(app).get(`/api/profiles/${s}`)],
        [
          'POST /api/articles/:slug/favorite',
          (s) => request(app).post(`/api/articles/${s}/favorite`).set('Authorization', token),
        ],
        [
          'DELETE /api/articles/:slug/comments/:id',
          (s) => request(app).delete(`/api/articles/${fx.slug}/comments/${s}`).set('Authorization', token),
        ],
      ]
      await fc.assert(
        fc.asyncProperty(fc.constantFrom(...routes), pathSegment, async ([label, send], segment) => {
          expectHandled(await send(segment), `${label} with "${segment}"`)
        }),
        { numRuns: 100, seed: SEED },
      )
    },
    PROPERTY_TIMEOUT,
  )

  test.each([
    ['/api/articles', false],
    ['/api/articles/feed', true],
  ])(
    '%s: a limit outside 1–100, or not a whole number, is refused with 422 naming limit (also when given twice)',
    async (path, needsUser) => {
      const get = (query: string) => {
        const req = request(app).get(`${path}?${query}`)
        return needsUser ? req.set('Authorization', auth(fx.reader.token)) : req
      }
      for (const limit of ['1', '100']) {
        expect((await get(`limit=${limit}`)).status, `🚨 limit=${limit} is a page size the API accepts`).toBe(200)
      }
      for (const query of [
        ...['0', '101', '-1', '5abc', '2.5', '1e1', '0x10', '', '%205', '99999999999999999999'].map(
          (v) => `limit=${v}`,
        ),
        // Given twice, it arrives as an array.
        'limit=5&limit=10',
      ]) {
        const messages = refusal(await get(query), `GET ${path}?${query}`)
        expect(
          names(messages, 'limit'),
          `🚨 GET ${path}?${query}: the 422 should say what is wrong with limit (a message starting "limit "), got ${JSON.stringify(messages)}. Check the text is digits only, then convert and bound it: parseInt('5abc') is 5 and Number('') is 0`,
        ).toBe(true)
      }
    },
  )

  test.each([
    ['/api/articles', false],
    ['/api/articles/feed', true],
  ])(
    '%s: an offset below 0, or not a whole number, is refused with 422 naming offset (also when given twice)',
    async (path, needsUser) => {
      const get = (query: string) => {
        const req = request(app).get(`${path}?${query}`)
        return needsUser ? req.set('Authorization', auth(fx.reader.token)) : req
      }
      expect((await get('offset=0')).status, '🚨 offset=0 is the first page').toBe(200)
      for (const query of [
        ...['-1', '1.5', 'abc', '1e3', '%201', '', '-0'].map((v) => `offset=${v}`),
        // Given twice, it arrives as an array.
        'offset=0&offset=1',
      ]) {
        const messages = refusal(await get(query), `GET ${path}?${query}`)
        expect(
          names(messages, 'offset'),
          `🚨 GET ${path}?${query}: the 422 should say what is wrong with offset (a message starting "offset "), got ${JSON.stringify(messages)}`,
        ).toBe(true)
      }
    },
  )

  test('a comment id with anything but digits deletes nothing', async () => {
    const author = await registerUser(app)
    const article = await createArticle(app, author.token)
    const comment = await createComment(app, author.token, article.slug)
    for (const id of [`${comment.id}abc`, `${comment.id}.0`, `+${comment.id}`, `${comment.id}e0`, `%20${comment.id}`]) {
      const response = await request(app)
        .delete(`/api/articles/${article.slug}/comments/${id}`)
        .set('Authorization', auth(author.token))
      refusal(response, `DELETE …/comments/${id}`)
    }
    const comments = await request(app).get(`/api/articles/${article.slug}/comments`)
    expect(
      comments.body.comments.map((c: { id: number }) => c.id),
      `🚨 DELETE …/comments/${comment.id}abc deleted comment ${comment.id}: parseInt reads the digits it can and ignores the rest. An id is digits and nothing else`,
    ).toContain(comment.id)
  })

  test('a malformed slug, comment id or username is refused before any query reaches the database', async () => {
    const queries: QueryEvent[] = []
    const watched: Express = await buildApp({ beforeQuery: (query) => void queries.push(query) })
    const token = auth(fx.reader.token)
    const bad: Array<[what: string, send: () => request.Test]> = [
      ['GET an article by an uppercase slug', () => request(watched).get('/api/articles/Not-A-Slug')],
      ['GET an article by a slug with a space', () => request(watched).get('/api/articles/two%20words')],
      ['GET the comments of a slug with an accent', () => request(watched).get('/api/articles/caf%C3%A9/comments')],
      [
        'favorite a slug of dashes',
        () => request(watched).post('/api/articles/---/favorite').set('Authorization', token),
      ],
      [
        'DELETE a comment whose id is a word',
        () => request(watched).delete(`/api/articles/${fx.slug}/comments/first`).set('Authorization', token),
      ],
      [
        'DELETE a comment whose id is 0',
        () => request(watched).delete(`/api/articles/${fx.slug}/comments/0`).set('Authorization', token),
      ],
      ['GET a profile whose username is blank', () => request(watched).get('/api/profiles/%20%20')],
      [
        'follow a username that is blank',
        () => request(watched).post('/api/profiles/%20/follow').set('Authorization', token),
      ],
    ]
    for (const [what, send] of bad) {
      queries.length = 0
      const response = await send()
      expect(response.status, `🚨 ${what}: expected a 4xx, got ${summary(response)}`).toBeGreaterThanOrEqual(400)
      expectHandled(response, what)
      expect(
        queries.map((query) => `${query.model ?? 'raw'}.${query.operation} ${JSON.stringify(query.args)}`),
        `🚨 ${what}: no article has such a slug, no comment such an id, no user such a name — say so without asking the database. Give the path parameters schemas with teeth`,
      ).toEqual([])
    }
  })
})

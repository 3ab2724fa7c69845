/**
 * 02.02 — error middleware.
 *
 * Every error, wherever it starts (a route, the JSON body parser, a route that does
 * not exist, the database), ends in one error-handling middleware that answers with
 * the spec's `{ "errors": { "body": [...] } }` and logs what was unexpected, once.
 */
import fs from 'node:fs'
import path from 'node:path'
import request from 'supertest'
import { beforeAll, describe, expect, test, vi } from 'vitest'
import { createPrismaClient } from '../src/db.js'
import { buildApp, getApp } from './support/app.js'
import { copyTestDatabase } from './support/databases.js'
import { auth, createArticle, createComment, registerUser, type RegisteredUser } from './support/factories.js'

const app = await getApp()
const srcDir = path.resolve(import.meta.dirname, '../src')

interface Fixtures {
  /** The author of `slug` and of comment `commentId` on it. */
  alice: RegisteredUser
  /** Someone else. */
  bob: RegisteredUser
  slug: string
  commentId: number
}
let fx: Fixtures

beforeAll(async () => {
  const alice = await registerUser(app)
  const bob = await registerUser(app)
  const article = await createArticle(app, alice.token)
  const comment = await createComment(app, alice.token, article.slug)
  fx = { alice, bob, slug: article.slug, commentId: comment.id }
})

type Method = 'get' | 'post' | 'put' | 'patch' | 'delete'

/** One bad request, what it should get back, and where to look if it does not. */
interface BadRequest {
  what: string
  send: () => request.Test
  status: number
  message: string
  hint: string
}

const NOT_JSON = '{"article": {"title": "unfinished'

function malformedJson(method: Method, path: () => string, authenticated = true): BadRequest {
  return {
    what: `${method.toUpperCase()} with a malformed JSON body`,
    send: () => {
      const req = request(app)[method](path()).set('Content-Type', 'application/json')
      return (authenticated ? req.set('Authorization', auth(fx.alice.token)) : req).send(NOT_JSON)
    },
    status: 400,
    message: 'request body is not valid JSON',
    hint: "express.json() fails before any route runs: translate its error (type 'entity.parse.failed') in the error middleware",
  }
}

function tooLarge(method: Method, path: () => string): BadRequest {
  return {
    what: `${method.toUpperCase()} with a body over the parser's limit`,
    send: () => {
      const big = { article: { title: 'big', description: 'big', body: 'x'.repeat(200 * 1024) } }
      return request(app)[method](path()).set('Authorization', auth(fx.alice.token)).send(big)
    },
    status: 413,
    message: 'request body is too large',
    hint: "translate the body parser's error of type 'entity.too.large' in the error middleware",
  }
}

function noRoute(method: Method, path: () => string): BadRequest {
  return {
    what: `${method.toUpperCase()} on a route that does not exist`,
    send: () => request(app)[method](path()),
    status: 404,
    message: 'route not found',
    hint: 'register a not-found handler after every router (src/middleware/not-found.ts)',
  }
}

/** A request the app already refused before this step: it must keep its status and message. */
function refused(what: string, send: () => request.Test, status: number, message: string): BadRequest {
  return { what, send, status, message, hint: 'the error class thrown by the route should reach the error middleware' }
}

const withoutToken = (method: Method, path: () => string) =>
  refused(`${method.toUpperCase()} without a token`, () => request(app)[method](path()), 401, 'unauthorized')

const article = () => `/api/articles/${fx.slug}`
const unknownArticle = () => '/api/articles/no-such-article-slug'

const table: Array<[path: string, badRequests: () => BadRequest[]]> = [
  [
    '/api/users',
    () => [
      malformedJson('post', () => '/api/users', false),
      tooLarge('post', () => '/api/users'),
      refused(
        'POST with an email that is taken',
        () =>
          request(app)
            .post('/api/users')
            .send({
              user: { username: `${fx.bob.user.username}x`, email: fx.alice.user.email, password: 'secret-pw' },
            }),
        422,
        'email has already been taken',
      ),
    ],
  ],
  [
    '/api/users/login',
    () => [
      malformedJson('post', () => '/api/users/login', false),
      refused(
        'POST with the wrong password',
        () =>
          request(app)
            .post('/api/users/login')
            .send({ user: { email: fx.alice.user.email, password: 'not-the-password' } }),
        401,
        'email or password is invalid',
      ),
      noRoute('get', () => '/api/users/login'),
    ],
  ],
  [
    '/api/user',
    () => [
      withoutToken('get', () => '/api/user'),
      malformedJson('put', () => '/api/user'),
      noRoute('delete', () => '/api/user'),
    ],
  ],
  [
    '/api/profiles/:username',
    () => [
      refused(
        'GET an unknown profile',
        () => request(app).get('/api/profiles/no-such-user-here'),
        404,
        'profile not found',
      ),
      noRoute('patch', () => `/api/profiles/${fx.bob.user.username}`),
    ],
  ],
  [
    '/api/profiles/:username/follow',
    () => [
      withoutToken('post', () => `/api/profiles/${fx.bob.user.username}/follow`),
      refused(
        'POST to follow an unknown profile',
        () => request(app).post('/api/profiles/no-such-user-here/follow').set('Authorization', auth(fx.bob.token)),
        404,
        'profile not found',
      ),
      noRoute('put', () => `/api/profiles/${fx.bob.user.username}/follow`),
    ],
  ],
  [
    '/api/articles',
    () => [
      withoutToken('post', () => '/api/articles'),
      malformedJson('post', () => '/api/articles'),
      tooLarge('post', () => '/api/articles'),
    ],
  ],
  [
    '/api/articles/:slug',
    () => [
      refused('GET an unknown slug', () => request(app).get(unknownArticle()), 404, 'article not found'),
      refused(
        "PUT on someone else's article",
        () =>
          request(app)
            .put(article())
            .set('Authorization', auth(fx.bob.token))
            .send({ article: { title: 'Mine now' } }),
        403,
        'you are not the author of this article',
      ),
      refused(
        "DELETE someone else's article",
        () => request(app).delete(article()).set('Authorization', auth(fx.bob.token)),
        403,
        'you are not the author of this article',
      ),
      malformedJson('put', article),
      noRoute('patch', article),
    ],
  ],
  [
    '/api/articles/:slug/comments',
    () => [
      refused(
        'GET the comments of an unknown slug',
        () => request(app).get(`${unknownArticle()}/comments`),
        404,
        'article not found',
      ),
      malformedJson('post', () => `${article()}/comments`),
      tooLarge('post', () => `${article()}/comments`),
    ],
  ],
  [
    '/api/articles/:slug/comments/:id',
    () => [
      refused(
        "DELETE someone else's comment",
        () => request(app).delete(`${article()}/comments/${fx.commentId}`).set('Authorization', auth(fx.bob.token)),
        403,
        'you are not the author of this comment',
      ),
      refused(
        'DELETE an unknown comment',
        () => request(app).delete(`${article()}/comments/999999999`).set('Authorization', auth(fx.alice.token)),
        404,
        'comment not found',
      ),
      noRoute('get', () => `${article()}/comments/${fx.commentId}`),
    ],
  ],
  [
    '/api/articles/:slug/favorite',
    () => [
      withoutToken('post', () => `${article()}/favorite`),
      refused(
        'POST to favorite an unknown slug',
        () => request(app).post(`${unknownArticle()}/favorite`).set('Authorization', auth(fx.bob.token)),
        404,
        'article not found',
      ),
      noRoute('get', () => `${article()}/favorite`),
    ],
  ],
  ['/api/tags', () => [noRoute('post', () => '/api/tags'), noRoute('get', () => '/api/tags/popular')]],
  [
    'paths the API does not have',
    () => [
      noRoute('get', () => '/'),
      noRoute('get', () => '/api'),
      noRoute('get', () => '/api/articlez'),
      noRoute('delete', () => '/api/users'),
    ],
  ],
]

/** The code without its comments, line numbers kept. */
function withoutComments(code: string): string {
  return code.replace(/\/\*[\s\S]*?\*\//g, (comment) => comment.replace(/[^\n]/g, '')).replace(/^\s*\/\/.*$/gm, '')
}

function sourceFiles(dir: string): string[] {
  if (!fs.existsSync(dir)) return []
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name)
    if (entry.isDirectory()) return sourceFiles(full)
    return entry.name.endsWith('.ts') ? [full] : []
  })
}

describe('02.02 error middleware', () => {
  test.each(table)('%s: every bad request gets its status and the spec error body', async (_path, badRequests) => {
    for (const bad of badRequests()) {
      const response = await bad.send()
      expect(
        { status: response.status, json: /application\/json/.test(response.type), body: response.body as unknown },
        `🚨 ${bad.what}: expected ${bad.status} and { errors: { body: ["${bad.message}"] } } — ${bad.hint}. Got ${response.status}: ${response.text.replace(/\s+/g, ' ').slice(0, 160)}`,
      ).toEqual({ status: bad.status, json: true, body: { errors: { body: [bad.message] } } })
    }
  })

  test('no route module catches errors itself', () => {
    const files = sourceFiles(path.join(srcDir, 'routes'))
    expect(files.length, '🚨 no route modules found in src/routes').toBeGreaterThan(0)
    const catching = files.flatMap((file) =>
      withoutComments(fs.readFileSync(file, 'utf8'))
        .split('\n')
        .flatMap((line, index) =>
          /\btry\s*\{|\bcatch\b/.test(line) ? [`src/${path.relative(srcDir, file)}:${index + 1}: ${line.trim()}`] : [],
        ),
    )
    expect(
      catching,
      `🚨 Express 5 hands a handler's rejected promise to the error middleware: delete the try/catch and let errors propagate:\n${catching.slice(0, 3).join('\n')}`,
    ).toEqual([])
  })

  test('a real database failure is a 500 that gives nothing away, logged once with the method and path', async () => {
    // A copy of this file's database with a table gone: the next query fails for real.
    const database = copyTestDatabase()
    const prisma = createPrismaClient(database.url)
    await prisma.$executeRawUnsafe('DROP TABLE "Tag"')
    await prisma.$disconnect()

    const logger = { error: vi.fn(), warn: vi.fn(), info: vi.fn(), log: vi.fn() }
    // Whatever else the app prints, keep the test output readable.
    vi.spyOn(console, 'error').mockImplementation(() => {})
    try {
      const broken = await buildApp({ databaseUrl: database.url, logger })
      const response = await request(broken).get('/api/tags')

      expect(
        { status: response.status, body: response.body as unknown },
        '🚨 an error that is not an AppError answers 500 with the fixed message "internal server error"',
      ).toEqual({ status: 500, body: { errors: { body: ['internal server error'] } } })
      for (const leak of ['Tag', 'SQLITE', 'prisma', 'Prisma', ' at ', '.ts']) {
        expect(response.text, `🚨 the response gives away "${leak}": keep internals in the log`).not.toContain(leak)
      }

      expect(
        logger.error,
        "🚨 log an unexpected error once, in the error middleware, through createApp's deps.logger (logger.error)",
      ).toHaveBeenCalledTimes(1)
      const logged = logger.error.mock.calls[0]!
      const text = logged.map((arg) => (arg instanceof Error ? `${arg.name}: ${arg.message}` : String(arg))).join(' ')
      expect(text, '🚨 the log line should say which request failed: "GET /api/tags"').toContain('GET /api/tags')
      expect(text, '🚨 log the error itself (its message and stack), not only a summary').toContain('no such table')

      // A refused request is the client's mistake, not ours: nobody should be paged for it.
      const expected = await request(broken).get('/api/articles/no-such-article-slug')
      expect(expected.status).toBe(404)
      expect(logger.error, '🚨 only unexpected errors (500) are logged as errors; a 404 is not').toHaveBeenCalledTimes(
        1,
      )
    } finally {
      vi.restoreAllMocks()
      database.remove()
    }
  })
})

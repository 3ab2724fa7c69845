/**
 * 02.02 — error middleware.
 *
 * Every error, wherever it starts (a route, the JSON body parser, a route that does
 * not exist, the database), ends in one error-handling middleware that answers with
 * the spec's `{ "errors": { "body": [...] } }` and logs what was unexpected, once.
 *
 * How the tests know the middleware is the one place: an app built on a database with
 * no tables fails for real in every route, and each failure must reach the logger that
 * createApp was given, once, with the request it broke. A handler that still catches
 * its own errors never gets there.
 */
import path from 'node:path'
import {
  accessedName,
  allNodes,
  describeSite,
  findCalls,
  findTryStatements,
  readSourceModules,
  siteOf,
  ts,
  type CodeSite,
  type SourceModule,
} from '@production-express/tools/testing/source-code'
import express, { type Express } from 'express'
import request from 'supertest'
import { afterEach, beforeAll, describe, expect, test, vi } from 'vitest'
import { buildApp, getApp } from './support/app.js'
import { emptyDatabase } from './support/empty-database.js'
import { auth, createArticle, createComment, registerUser, unique, type RegisteredUser } from './support/factories.js'

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

/** The modules under src/, read by the TypeScript compiler. */
function sourceModules(): SourceModule[] {
  return readSourceModules(srcDir)
}

function routeModules(): SourceModule[] {
  const modules = sourceModules().filter((module) => module.file.startsWith('routes/'))
  expect(modules.length, '🚨 no route modules found in src/routes').toBeGreaterThan(0)
  return modules
}

/** The block of each `catch (error) { … }`, and each function handed to `.catch(…)`. */
function catchHandlers(module: SourceModule): CodeSite[] {
  const clauses = allNodes(module)
    .filter(ts.isCatchClause)
    .map((clause) => siteOf(module, clause))
  const callbacks = findCalls(module, 'catch').flatMap((site) =>
    site.node.arguments.filter((argument) => ts.isFunctionLike(argument)).map((argument) => siteOf(module, argument)),
  )
  return [...clauses, ...callbacks]
}

/** Calls that write a response: sendError (under any import name) and the response's own methods. */
const ANSWERING = ['status', 'sendStatus', 'json', 'send', 'writeHead', 'redirect', 'render']

function answeringCalls(module: SourceModule, within: ts.Node): CodeSite[] {
  const names = new Set(['sendError', ...ANSWERING])
  for (const node of allNodes(module)) {
    if (ts.isImportSpecifier(node) && (node.propertyName ?? node.name).text === 'sendError') names.add(node.name.text)
  }
  const inside = (node: ts.Node) => node.getStart(module.ast) >= within.getStart(module.ast) && node.end <= within.end
  return allNodes(module)
    .filter(ts.isCallExpression)
    .filter((call) => inside(call))
    .filter((call) => {
      const callee = call.expression
      const name = ts.isIdentifier(callee) ? callee.text : accessedName(callee)
      return name !== undefined && names.has(name)
    })
    .map((call) => siteOf(module, call))
}

/** A request that fails in a route because the database has no tables. */
interface Failing {
  method: 'get' | 'post' | 'put' | 'delete'
  path: string
  body?: object
  /** Sent with a valid token, so the route gets as far as the database. */
  authenticated?: boolean
}

/** Each router's routes, every one of them made to fail by the database. */
const failingRoutes: Array<[router: string, requests: () => Failing[]]> = [
  [
    'users',
    () => [
      {
        method: 'post',
        path: '/api/users',
        body: { user: { username: unique('u'), email: `${unique('u')}@example.com`, password: 'pw-1234' } },
      },
      {
        method: 'post',
        path: '/api/users/login',
        body: { user: { email: `${unique('u')}@example.com`, password: 'pw-1234' } },
      },
      { method: 'get', path: '/api/user', authenticated: true },
      { method: 'put', path: '/api/user', body: { user: { bio: 'new bio' } }, authenticated: true },
    ],
  ],
  [
    'profiles',
    () => [
      { method: 'get', path: `/api/profiles/${unique('someone')}` },
      { method: 'post', path: `/api/profiles/${unique('someone')}/follow`, authenticated: true },
      { method: 'delete', path: `/api/profiles/${unique('someone')}/follow`, authenticated: true },
    ],
  ],
  [
    'articles',
    () => [
      { method: 'get', path: '/api/articles' },
      { method: 'get', path: '/api/articles/feed', authenticated: true },
      { method: 'get', path: `/api/articles/${unique('slug')}` },
      {
        method: 'post',
        path: '/api/articles',
        body: { article: { title: unique('title'), description: 'd', body: 'b', tagList: ['t'] } },
        authenticated: true,
      },
      {
        method: 'put',
        path: `/api/articles/${unique('slug')}`,
        body: { article: { title: 'new' } },
        authenticated: true,
      },
      { method: 'delete', path: `/api/articles/${unique('slug')}`, authenticated: true },
      { method: 'post', path: `/api/articles/${unique('slug')}/favorite`, authenticated: true },
      { method: 'delete', path: `/api/articles/${unique('slug')}/favorite`, authenticated: true },
    ],
  ],
  [
    'comments',
    () => [
      { method: 'get', path: `/api/articles/${unique('slug')}/comments` },
      {
        method: 'post',
        path: `/api/articles/${unique('slug')}/comments`,
        body: { comment: { body: 'hi' } },
        authenticated: true,
      },
      { method: 'delete', path: `/api/articles/${unique('slug')}/comments/1`, authenticated: true },
    ],
  ],
  ['tags', () => [{ method: 'get', path: '/api/tags' }]],
]

/** The arguments of one logger.error call, and the values of any object among them. */
function loggedValues(args: unknown[]): unknown[] {
  return args.flatMap((arg) =>
    arg !== null && typeof arg === 'object' && !(arg instanceof Error) ? [arg, ...Object.values(arg)] : [arg],
  )
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

  describe('on a database with no tables, every route fails for real', () => {
    const logger = { error: vi.fn() }
    let broken: Express
    let unlogged: Express

    beforeAll(async () => {
      const database = emptyDatabase()
      broken = await buildApp({ databaseUrl: database.url, logger })
      // The same broken database, and no logger: what src/server.ts builds.
      unlogged = await buildApp({ databaseUrl: database.url })
      return () => database.remove()
    })

    afterEach(() => {
      vi.restoreAllMocks()
    })

    test.each(failingRoutes)(
      '%s: each failure reaches the one error middleware: 500, nothing given away, logged once with its request',
      async (_router, requests) => {
        // Whatever else the app prints, keep the test output readable.
        const consoleError = vi.spyOn(console, 'error').mockImplementation(() => {})
        for (const failing of requests()) {
          const where = `${failing.method.toUpperCase()} ${failing.path}`
          logger.error.mockClear()
          consoleError.mockClear()
          let req = request(broken)[failing.method](failing.path)
          if (failing.authenticated) req = req.set('Authorization', auth(fx.alice.token))
          const response = await (failing.body === undefined ? req : req.send(failing.body))

          expect(
            { status: response.status, body: response.body as unknown },
            `🚨 ${where}: an error that is not an AppError answers 500 with the fixed message "internal server error", and nothing of the database's`,
          ).toEqual({ status: 500, body: { errors: { body: ['internal server error'] } } })

          const calls = logger.error.mock.calls.map((args) => loggedValues(args))
          expect(
            calls.map((values) =>
              values
                .map((value) => (value instanceof Error ? `${value.name}: ${value.message}` : String(value)))
                .join(' '),
            ),
            `🚨 ${where}: the error should reach the one error middleware, which logs it once through createApp's deps.logger (logger.error). A handler that catches its own errors answers without it`,
          ).toHaveLength(1)
          const values = calls[0]!
          expect(
            values.some((value) => typeof value === 'string' && value.includes(where)),
            `🚨 the log line should say which request failed: "${where}" (req.method and req.path)`,
          ).toBe(true)
          expect(
            values.some((value) => value instanceof Error && /no such table/.test(value.message)),
            `🚨 ${where}: log the error itself (logger.error('... failed', error)), so its message and stack reach the log`,
          ).toBe(true)
          expect(
            consoleError,
            `🚨 ${where}: logged twice: the error middleware logs it through deps.logger, so nothing else may write it to the console (sendError included)`,
          ).not.toHaveBeenCalled()
        }
      },
    )

    test('with no logger given, an unexpected error is logged once, to the console', async () => {
      const consoleError = vi.spyOn(console, 'error').mockImplementation(() => {})
      const response = await request(unlogged).get('/api/tags')
      expect(response.status).toBe(500)
      expect(
        consoleError,
        '🚨 createApp without a logger should log to the console (logger = console by default): src/server.ts gives none, and a server that logs nothing hides every failure',
      ).toHaveBeenCalledTimes(1)
      expect(
        consoleError.mock.calls[0]!.map(String).join(' '),
        '🚨 the log line should say which request failed',
      ).toContain('GET /api/tags')
    })

    test("only unexpected errors are logged: a refused request is the client's mistake", async () => {
      vi.spyOn(console, 'error').mockImplementation(() => {})
      logger.error.mockClear()
      const refused = [
        await request(broken).get('/api/no-such-route'),
        await request(broken).get('/api/user'),
        await request(broken).post('/api/users').set('Content-Type', 'application/json').send(NOT_JSON),
      ]
      expect(
        refused.map((response) => response.status),
        '🚨 these fail before any query: an unknown route, a missing token, a body that is not JSON',
      ).toEqual([404, 401, 400])
      expect(
        logger.error,
        '🚨 only unexpected errors (500) are logged as errors; a 404, 401 or 400 is not',
      ).not.toHaveBeenCalled()

      const unexpected = await request(broken).get('/api/tags')
      expect(unexpected.status).toBe(500)
      expect(
        logger.error,
        "🚨 an unexpected error is logged once, through createApp's deps.logger",
      ).toHaveBeenCalledTimes(1)
    })
  })

  test('no route module catches errors itself', () => {
    const catching = routeModules().flatMap((module) => [
      ...findTryStatements(module)
        .filter((site) => site.node.catchClause !== undefined)
        .map(describeSite),
      ...findCalls(module, 'catch').map(describeSite),
    ])
    expect(
      catching,
      `🚨 Express 5 hands a handler's rejected promise to the error middleware: delete the try/catch (and any .catch()) and let errors propagate:\n${catching.slice(0, 3).join('\n')}`,
    ).toEqual([])
  })

  describe('createErrorHandler(logger) on its own, for what no Conduit route does', () => {
    interface ErrorHandlerModule {
      createErrorHandler?(logger: { error(message: string, ...details: unknown[]): void }): express.ErrorRequestHandler
    }

    /** A bare app whose one route fails as `fail` says, ended by the step's error middleware. */
    async function appFailingWith(fail: express.RequestHandler) {
      const mod: ErrorHandlerModule | undefined = await import('../src/middleware/error-handler.js').catch(
        () => undefined,
      )
      expect(
        typeof mod?.createErrorHandler,
        '🚨 src/middleware/error-handler.ts should export createErrorHandler(logger), the one error middleware',
      ).toBe('function')
      const logged: unknown[][] = []
      const bare = express()
      bare.get('/fails', fail)
      bare.use(mod!.createErrorHandler!({ error: (...args: unknown[]) => void logged.push(args) }))
      return { bare, logged }
    }

    test('a thrown value that is not an Error still gets a 500 in the spec shape, logged once', async () => {
      const thrown = `not-an-error-${unique()}`
      const { bare, logged } = await appFailingWith(() => {
        // Code can throw anything; a library once threw plain strings.
        throw thrown
      })
      const response = await request(bare).get('/fails')
      expect(
        { status: response.status, body: response.body as unknown },
        '🚨 the error middleware must answer any thrown value, not only Error objects: check its type before reading properties from it',
      ).toEqual({ status: 500, body: { errors: { body: [expect.any(String)] } } })
      expect(JSON.stringify(response.body), '🚨 the 500 answer must not repeat what was thrown').not.toContain(thrown)
      expect(logged.length, '🚨 an unexpected failure is logged once').toBe(1)
      expect(
        JSON.stringify(logged[0]),
        '🚨 the log line should carry what was thrown, so someone can find it',
      ).toContain(thrown)
    })

    test('an error after the response has started cuts the connection and is logged once', async () => {
      const { bare, logged } = await appFailingWith(async (_req, res) => {
        res.status(200).type('text/plain').write('the first half of a response')
        await new Promise((resolve) => setTimeout(resolve, 10))
        throw new Error('failed half way')
      })
      const outcome = await request(bare)
        .get('/fails')
        .then(
          () => 'a complete-looking response',
          () => 'a broken connection',
        )
      expect(
        outcome,
        '🚨 once headers are sent no error response can follow: destroy the socket (req.socket.destroy()) so the client sees the failure',
      ).toBe('a broken connection')
      expect(logged.length, '🚨 an error after the response started is still logged, once').toBe(1)
      expect(String(logged[0]?.[0]), '🚨 the log line should name the request: method and path').toContain('GET /fails')
    })
  })

  test('no code answers an error where it catches it: the error middleware is the one place', () => {
    const answering = sourceModules().flatMap((module) =>
      catchHandlers(module).flatMap((handler) => answeringCalls(module, handler.node).map(describeSite)),
    )
    expect(
      answering,
      `🚨 a catch that writes the response (or calls sendError) answers the error on its own, and the error middleware never sees it: rethrow it, pass it to next(error), or better, do not catch it:\n${answering.slice(0, 3).join('\n')}`,
    ).toEqual([])
  })
})

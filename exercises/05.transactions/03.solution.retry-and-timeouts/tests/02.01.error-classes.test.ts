/**
 * 02.01 — error classes.
 *
 * A failure is described once, by throwing an error class that knows its HTTP status
 * and a machine-readable code, and turned into a response in one function,
 * `sendError(res, error)`. No route writes an error status or the error body by hand.
 *
 * How the tests know who answered: src/errors/send-error.ts is wrapped (not replaced)
 * for this file, so every error handed to sendError is recorded on its way through.
 * Refused requests to every router must each be answered by sendError, from an instance
 * of the class that matches their status.
 */
import path from 'node:path'
import {
  accessedName,
  allNodes,
  constantValue,
  describeSite,
  findCalls,
  findObjectsWithKey,
  readSourceModules,
  siteOf,
  ts,
  type CodeSite,
  type SourceModule,
} from '@production-express/tools/testing/source-code'
import express, { type Express, type Response } from 'express'
import request from 'supertest'
import { afterAll, afterEach, beforeAll, describe, expect, test, vi } from 'vitest'
import { buildApp, getApp } from './support/app.js'
import { emptyDatabase } from './support/empty-database.js'
import { auth, createArticle, createComment, registerUser, unique, type RegisteredUser } from './support/factories.js'

const srcDir = path.resolve(import.meta.dirname, '../src')

// What the step asks for. The modules are imported inside the tests, so this file
// loads (and each test fails with its own message) before they exist.
type AppErrorLike = Error & { status: number; code: string }
type ErrorClass = new (message?: string, options?: ErrorOptions) => AppErrorLike
interface AppErrorModule {
  AppError?: abstract new (...args: never[]) => AppErrorLike
  NotFoundError?: ErrorClass
  UnauthorizedError?: ErrorClass
  ForbiddenError?: ErrorClass
  ConflictError?: ErrorClass
  ValidationError?: ErrorClass
}
interface SendErrorModule {
  sendError?: (res: Response, error: unknown) => void
}

/** Every error handed to sendError, by the app or by a test, in order. */
const handedToSendError = vi.hoisted(() => {
  // Test files may share a worker (isolate: false), so the app may already be loaded
  // with the real send-error.ts: forget it, so the imports below load it wrapped.
  vi.resetModules()
  return [] as unknown[]
})
// ...and forget the wrapped one, so the next file in this worker loads the real one.
afterAll(() => vi.resetModules())

vi.mock('../src/errors/send-error.js', async (importOriginal) => {
  const actual = await importOriginal<SendErrorModule>()
  const sendError = actual.sendError
  if (typeof sendError !== 'function') return actual
  return {
    ...actual,
    sendError(res: Response, error: unknown) {
      handedToSendError.push(error)
      sendError(res, error)
    },
  }
})

async function loadErrors(): Promise<AppErrorModule> {
  const mod: AppErrorModule | undefined = await import('../src/errors/app-error.js').catch(() => undefined)
  expect(mod, '🚨 create src/errors/app-error.ts: AppError and one subclass per kind of failure').toBeDefined()
  expect(typeof mod!.AppError, '🚨 src/errors/app-error.ts should export the base class AppError').toBe('function')
  return mod!
}

async function loadSendError(): Promise<NonNullable<SendErrorModule['sendError']>> {
  const mod: SendErrorModule | undefined = await import('../src/errors/send-error.js').catch(() => undefined)
  expect(
    typeof mod?.sendError,
    '🚨 src/errors/send-error.ts should export sendError(res, error): the one function that writes an error response',
  ).toBe('function')
  return mod!.sendError!
}

/** What was handed to sendError, for a failure message. */
function describeError(error: unknown): string {
  if (error instanceof Error) return `${error.constructor.name}(${JSON.stringify(error.message)})`
  return JSON.stringify(error) ?? String(error)
}

/** The modules under src/routes, read by the TypeScript compiler. */
function routeModules(): SourceModule[] {
  const modules = readSourceModules(srcDir).filter((module) => module.file.startsWith('routes/'))
  expect(
    modules.length,
    '🚨 no route modules found in src/routes (one router per resource, from 01.03)',
  ).toBeGreaterThan(0)
  return modules
}

/**
 * Whether an expression can only be a status below 400 (a success or a redirect): a
 * constant the compiler can see, or `a ? b : c` with both branches such constants.
 */
function isConstantNonErrorStatus(node: ts.Expression | undefined): boolean {
  if (!node) return false
  while (ts.isParenthesizedExpression(node)) node = node.expression
  if (ts.isConditionalExpression(node)) {
    return isConstantNonErrorStatus(node.whenTrue) && isConstantNonErrorStatus(node.whenFalse)
  }
  const value = constantValue(node)
  return typeof value === 'number' && value >= 100 && value < 400
}

/** Every place a module sets a response status: .status(x), .sendStatus(x), .writeHead(x), .statusCode = x. */
function statusSettings(module: SourceModule): Array<{ site: CodeSite; status: ts.Expression | undefined }> {
  const calls = ['status', 'sendStatus', 'writeHead'].flatMap((name) =>
    findCalls(module, name).map((site) => ({ site, status: site.node.arguments[0] })),
  )
  const assignments = allNodes(module)
    .filter(ts.isBinaryExpression)
    .filter(
      (node) =>
        node.operatorToken.kind >= ts.SyntaxKind.FirstAssignment &&
        node.operatorToken.kind <= ts.SyntaxKind.LastAssignment &&
        accessedName(node.left) === 'statusCode',
    )
    .map((node) => ({ site: siteOf(module, node), status: node.right as ts.Expression | undefined }))
  return [...calls, ...assignments]
}

/** The names a module calls sendError by: `sendError`, or what it renamed it to on import. */
function sendErrorNames(module: SourceModule): Set<string> {
  const names = new Set(['sendError'])
  for (const node of allNodes(module)) {
    if (ts.isImportSpecifier(node) && (node.propertyName ?? node.name).text === 'sendError') names.add(node.name.text)
  }
  return names
}

/** Inside a `catch (error) { … }` block, or inside a function handed to `.catch(…)`. */
function isInCatch(node: ts.Node): boolean {
  for (let current = node.parent; current; current = current.parent) {
    if (ts.isCatchClause(current)) return true
    if (
      ts.isFunctionLike(current) &&
      ts.isCallExpression(current.parent) &&
      accessedName(current.parent.expression) === 'catch'
    ) {
      return true
    }
  }
  return false
}

/** `new SomethingError(…)` that is neither thrown nor passed on with next(…): an error made only to be answered. */
function errorsNotThrown(module: SourceModule): CodeSite[] {
  return allNodes(module)
    .filter(ts.isNewExpression)
    .filter((node) => ts.isIdentifier(node.expression) && /Error$/.test(node.expression.text))
    .filter((node) => {
      let parent = node.parent
      while (ts.isParenthesizedExpression(parent) || ts.isAsExpression(parent)) parent = parent.parent
      if (ts.isThrowStatement(parent)) return false
      return !(ts.isCallExpression(parent) && ts.isIdentifier(parent.expression) && parent.expression.text === 'next')
    })
    .map((node) => siteOf(module, node))
}

afterEach(() => {
  vi.restoreAllMocks()
})

describe('02.01 error classes', () => {
  test.each<[name: keyof AppErrorModule, status: number, code: string]>([
    ['NotFoundError', 404, 'NOT_FOUND'],
    ['UnauthorizedError', 401, 'UNAUTHORIZED'],
    ['ForbiddenError', 403, 'FORBIDDEN'],
    ['ConflictError', 409, 'CONFLICT'],
    ['ValidationError', 422, 'VALIDATION_FAILED'],
  ])('%s is an AppError with status %i and code %s', async (name, status, code) => {
    const errors = await loadErrors()
    const ErrorClass = errors[name] as ErrorClass | undefined
    expect(typeof ErrorClass, `🚨 src/errors/app-error.ts should export ${name}`).toBe('function')

    const cause = new Error('what went wrong underneath')
    const error = new ErrorClass!('the message for the client', { cause })
    expect(error, `🚨 ${name} should extend AppError`).toBeInstanceOf(errors.AppError!)
    expect(error, `🚨 ${name} should extend Error (through AppError), so it has a stack`).toBeInstanceOf(Error)
    expect(
      { status: error.status, code: error.code, name: error.name },
      `🚨 ${name} should carry status ${status}, code "${code}", and its class name as name (it shows in logs)`,
    ).toEqual({ status, code, name })
    expect(error.message, `🚨 ${name} should keep the message it is given`).toBe('the message for the client')
    expect(error.cause, `🚨 ${name} should pass { cause } on to Error, so logs keep the original error`).toBe(cause)
    expect(new ErrorClass!().message, `🚨 ${name} should have a default message`).not.toBe('')
  })

  test('sendError answers an AppError with its status and the spec error body', async () => {
    const errors = await loadErrors()
    const sendError = await loadSendError()
    const app = express()
    app.get('/forbidden', (_req, res) => {
      sendError(res, new errors.ForbiddenError!('you are not the author of this article'))
    })
    app.get('/conflict', (_req, res) => {
      sendError(res, new errors.ConflictError!('this slug is taken'))
    })

    const forbidden = await request(app).get('/forbidden')
    expect(
      { status: forbidden.status, body: forbidden.body },
      '🚨 sendError should answer an AppError with error.status and { errors: { body: [error.message] } }',
    ).toEqual({ status: 403, body: { errors: { body: ['you are not the author of this article'] } } })
    const conflict = await request(app).get('/conflict')
    expect({ status: conflict.status, body: conflict.body }).toEqual({
      status: 409,
      body: { errors: { body: ['this slug is taken'] } },
    })
  })

  test('sendError answers any other error with 500 and a message that gives nothing away', async () => {
    const sendError = await loadSendError()
    vi.spyOn(console, 'error').mockImplementation(() => {})
    const app = express()
    app.get('/boom', (_req, res) => {
      sendError(res, new Error('SQLITE_BUSY: database is locked (file:/srv/conduit/prod.db)'))
    })
    app.get('/thrown-string', (_req, res) => {
      sendError(res, 'a string, not an Error')
    })

    for (const path of ['/boom', '/thrown-string']) {
      const response = await request(app).get(path)
      expect(
        { status: response.status, body: response.body },
        '🚨 an error that is not an AppError is a bug on our side: 500 with the fixed message "internal server error"',
      ).toEqual({ status: 500, body: { errors: { body: ['internal server error'] } } })
      expect(response.text, '🚨 the internal message must not reach the client').not.toMatch(
        /SQLITE|prod\.db|not an Error/,
      )
    }
  })

  describe('the routers throw, and sendError answers', () => {
    let app: Express
    /** alice wrote `slug` and comment `commentId` on it; bob is someone else. */
    let fx: { alice: RegisteredUser; bob: RegisteredUser; slug: string; commentId: number }

    beforeAll(async () => {
      app = await getApp()
      const alice = await registerUser(app)
      const bob = await registerUser(app)
      const article = await createArticle(app, alice.token)
      const comment = await createComment(app, alice.token, article.slug)
      fx = { alice, bob, slug: article.slug, commentId: comment.id }
    })

    /** A request the app refuses, and the class and message it refuses it with. */
    interface Refusal {
      what: string
      send: () => request.Test
      status: 401 | 403 | 404 | 422
      message: string
    }
    const classFor = {
      401: 'UnauthorizedError',
      403: 'ForbiddenError',
      404: 'NotFoundError',
      422: 'ValidationError',
    } as const

    const refusals: Array<[router: string, refusals: () => Refusal[]]> = [
      [
        'src/routes/user.routes.ts',
        () => [
          {
            what: 'POST /api/users with an email that is taken',
            send: () =>
              request(app)
                .post('/api/users')
                .send({ user: { username: unique('user'), email: fx.alice.user.email, password: 'pw-taken' } }),
            status: 422,
            message: 'email has already been taken',
          },
          {
            what: 'POST /api/users/login with the wrong password',
            send: () =>
              request(app)
                .post('/api/users/login')
                .send({ user: { email: fx.alice.user.email, password: 'not-the-password' } }),
            status: 401,
            message: 'email or password is invalid',
          },
          {
            what: 'GET /api/user without a token',
            send: () => request(app).get('/api/user'),
            status: 401,
            message: 'unauthorized',
          },
          {
            what: "PUT /api/user with someone else's username",
            send: () =>
              request(app)
                .put('/api/user')
                .set('Authorization', auth(fx.bob.token))
                .send({ user: { username: fx.alice.user.username } }),
            status: 422,
            message: 'username has already been taken',
          },
        ],
      ],
      [
        'src/routes/profile.routes.ts',
        () => [
          {
            what: 'GET an unknown profile',
            send: () => request(app).get(`/api/profiles/${unique('nobody')}`),
            status: 404,
            message: 'profile not found',
          },
          {
            what: 'POST to follow without a token',
            send: () => request(app).post(`/api/profiles/${fx.alice.user.username}/follow`),
            status: 401,
            message: 'unauthorized',
          },
          {
            what: 'DELETE to unfollow an unknown profile',
            send: () =>
              request(app)
                .delete(`/api/profiles/${unique('nobody')}/follow`)
                .set('Authorization', auth(fx.bob.token)),
            status: 404,
            message: 'profile not found',
          },
        ],
      ],
      [
        'src/routes/article.routes.ts',
        () => [
          {
            what: 'GET an unknown article',
            send: () => request(app).get(`/api/articles/${unique('no-such-article')}`),
            status: 404,
            message: 'article not found',
          },
          {
            what: 'GET the feed without a token',
            send: () => request(app).get('/api/articles/feed'),
            status: 401,
            message: 'unauthorized',
          },
          {
            what: "PUT on someone else's article",
            send: () =>
              request(app)
                .put(`/api/articles/${fx.slug}`)
                .set('Authorization', auth(fx.bob.token))
                .send({ article: { title: 'Mine now' } }),
            status: 403,
            message: 'you are not the author of this article',
          },
          {
            what: 'POST to favorite an unknown article',
            send: () =>
              request(app)
                .post(`/api/articles/${unique('no-such-article')}/favorite`)
                .set('Authorization', auth(fx.bob.token)),
            status: 404,
            message: 'article not found',
          },
        ],
      ],
      [
        'src/routes/comment.routes.ts',
        () => [
          {
            what: 'GET the comments of an unknown article',
            send: () => request(app).get(`/api/articles/${unique('no-such-article')}/comments`),
            status: 404,
            message: 'article not found',
          },
          {
            what: "DELETE someone else's comment",
            send: () =>
              request(app)
                .delete(`/api/articles/${fx.slug}/comments/${fx.commentId}`)
                .set('Authorization', auth(fx.bob.token)),
            status: 403,
            message: 'you are not the author of this comment',
          },
          {
            what: 'DELETE an unknown comment',
            send: () =>
              request(app)
                .delete(`/api/articles/${fx.slug}/comments/999999999`)
                .set('Authorization', auth(fx.alice.token)),
            status: 404,
            message: 'comment not found',
          },
        ],
      ],
    ]

    test.each(refusals)('%s: each refusal is an error class, answered by sendError', async (_router, list) => {
      const errors = await loadErrors()
      await loadSendError()
      for (const refusal of list()) {
        const className = classFor[refusal.status]
        const ErrorClass = errors[className]
        expect(typeof ErrorClass, `🚨 src/errors/app-error.ts should export ${className}`).toBe('function')

        handedToSendError.length = 0
        const response = await refusal.send()
        expect(
          { status: response.status, body: response.body as unknown },
          `🚨 ${refusal.what}: the client should still get ${refusal.status} and the same message, word for word`,
        ).toEqual({ status: refusal.status, body: { errors: { body: [refusal.message] } } })
        expect(
          handedToSendError.map(describeError),
          `🚨 ${refusal.what}: this answer was not written by sendError(res, error). ` +
            `Throw new ${className}('${refusal.message}') and let the catch hand it to sendError`,
        ).toHaveLength(1)
        const error = handedToSendError[0]
        expect(
          error instanceof ErrorClass! && error.message === refusal.message,
          `🚨 ${refusal.what}: sendError was handed ${describeError(error)}; throw new ${className}('${refusal.message}')`,
        ).toBe(true)
      }
    })

    test('an unexpected failure in any router reaches sendError and is answered 500', async () => {
      const errors = await loadErrors()
      await loadSendError()
      vi.spyOn(console, 'error').mockImplementation(() => {})
      // A database with no tables: every query fails for real.
      const database = emptyDatabase()
      try {
        const broken = await buildApp({ databaseUrl: database.url })
        const failing: Array<[what: string, send: () => request.Test]> = [
          [
            'POST /api/users/login',
            () =>
              request(broken)
                .post('/api/users/login')
                .send({ user: { email: 'someone@example.com', password: 'pw' } }),
          ],
          ['GET /api/profiles/:username', () => request(broken).get('/api/profiles/someone')],
          ['GET /api/articles', () => request(broken).get('/api/articles')],
          [
            'POST /api/articles/:slug/comments',
            () =>
              request(broken)
                .post('/api/articles/some-article/comments')
                .set('Authorization', auth(fx.alice.token))
                .send({ comment: { body: 'hello' } }),
          ],
          ['GET /api/tags', () => request(broken).get('/api/tags')],
        ]
        for (const [what, send] of failing) {
          handedToSendError.length = 0
          const response = await send()
          expect(
            { status: response.status, body: response.body as unknown },
            `🚨 ${what} on a database without tables: every catch should hand the error to sendError, which answers 500 "internal server error"`,
          ).toEqual({ status: 500, body: { errors: { body: ['internal server error'] } } })
          expect(
            handedToSendError.map(describeError),
            `🚨 ${what}: the catch should hand the database's own error to sendError(res, error), once`,
          ).toHaveLength(1)
          const error = handedToSendError[0]
          expect(
            error instanceof Error && !(error instanceof errors.AppError!) && /no such table/.test(error.message),
            `🚨 ${what}: sendError should get the error that was thrown (the database's), not ${describeError(error)}`,
          ).toBe(true)
        }
      } finally {
        database.remove()
      }
    })
  })

  test('no route module answers a failure itself: it throws, and only a catch calls sendError', () => {
    const byHand = routeModules().flatMap((module) => [
      ...statusSettings(module)
        .filter(({ status }) => !isConstantNonErrorStatus(status))
        .map(({ site }) => describeSite(site)),
      ...[...sendErrorNames(module)]
        .flatMap((name) => findCalls(module, name))
        .filter((site) => !isInCatch(site.node))
        .map(describeSite),
      ...errorsNotThrown(module).map(describeSite),
    ])
    expect(
      byHand,
      `🚨 a route sets only success statuses (201, 204), as plain numbers. For a failure it throws an error class (throw new NotFoundError('article not found')), so code with no res can fail too, and the catch hands it to sendError(res, error), which chooses the status:\n${byHand.slice(0, 3).join('\n')}`,
    ).toEqual([])
  })

  test('no route module builds the error body itself', () => {
    const byHand = routeModules().flatMap((module) => findObjectsWithKey(module, 'errors').map(describeSite))
    expect(
      byHand,
      `🚨 only sendError(res, error) writes { errors: { body: [...] } }: throw an error class instead:\n${byHand.slice(0, 3).join('\n')}`,
    ).toEqual([])
  })
})

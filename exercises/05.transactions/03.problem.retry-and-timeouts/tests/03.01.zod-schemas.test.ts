/**
 * 03.01 — schemas at the edge.
 *
 * Every route that takes input (a body, path parameters, a query) lets it in through
 * one middleware, `validate(schemas)` in src/middleware/validate.ts, which parses it
 * with Zod schemas and refuses it with the spec's 422 envelope, listing every problem
 * at once, each message led by the field it is about ("email can't be blank").
 *
 * How the tests know:
 * - bad bodies are generated (fast-check) for six routes, with several fields broken
 *   in different ways at once, and every broken field, and no other, must be named;
 * - the app's queries are watched (buildApp's beforeQuery): input that fails
 *   validation must be refused before the first one;
 * - src/middleware/validate.ts is wrapped (not replaced) for this file, so each
 *   request records whether a middleware made by validate() let it in;
 * - the route modules are read with the TypeScript compiler for checks by hand.
 */
import path from 'node:path'
import {
  accessedName,
  allNodes,
  describeSite,
  readSourceModules,
  siteOf,
  ts,
  type SourceModule,
} from '@production-express/tools/testing/source-code'
import type { RequestHandler } from 'express'
import fc from 'fast-check'
import request from 'supertest'
import { afterAll, beforeAll, describe, expect, test, vi } from 'vitest'
import { buildApp, getApp, type QueryEvent } from './support/app.js'
import { auth, createArticle, registerUser, unique, type RegisteredUser } from './support/factories.js'

const app = await getApp()
const srcDir = path.resolve(import.meta.dirname, '../src')

/** Fixed, so a failure can be replayed; fast-check prints it with the failing case. */
const SEED = 301
/** A property sends a request per generated case: seconds, not the default 5 s, when the machine is busy. */
const PROPERTY_TIMEOUT = 30_000

interface ValidateModule {
  validate?: (...args: never[]) => RequestHandler
}

/** How many middlewares made by validate() the current request went through. */
const validatedBy = vi.hoisted(() => {
  // Test files may share a worker (isolate: false), so the app may already be loaded
  // with the real validate.ts: forget it, so the imports below load it wrapped.
  vi.resetModules()
  return { count: 0 }
})
// ...and forget the wrapped one, so the next file in this worker loads the real one.
afterAll(() => vi.resetModules())

vi.mock('../src/middleware/validate.js', async (importOriginal) => {
  const actual = await importOriginal<ValidateModule>()
  // Whatever arguments the app's validate() takes, they are passed on untouched.
  const validate = actual.validate as ((...args: unknown[]) => RequestHandler) | undefined
  if (typeof validate !== 'function') return actual
  return {
    ...actual,
    validate(...args: unknown[]) {
      const middleware = validate(...args)
      const recording: RequestHandler = (req, res, next) => {
        validatedBy.count += 1
        return middleware(req, res, next)
      }
      return recording
    },
  }
})

async function loadValidate(): Promise<void> {
  const mod: ValidateModule | undefined = await import('../src/middleware/validate.js').catch(() => undefined)
  expect(
    typeof mod?.validate,
    '🚨 create src/middleware/validate.ts exporting validate(schemas): the one middleware that parses a route’s body, params and query',
  ).toBe('function')
}

/** The messages of a spec error body, or a failed expectation when the response is not one. */
function errorMessages(response: request.Response, what: string): string[] {
  expect(
    { status: response.status, isList: Array.isArray(response.body?.errors?.body) },
    `🚨 ${what}: expected 422 and { errors: { body: [...] } }, got ${response.status} ${response.text.slice(0, 200)}`,
  ).toEqual({ status: 422, isList: true })
  return response.body.errors.body as string[]
}

/** The field a message is about: its first word, without an array position ("tagList[2]" → "tagList"). */
function fieldOf(message: string): string {
  return (message.split(' ')[0] ?? '').replace(/\[\d+\]$/, '')
}

// ---------------------------------------------------------------------------------
// Bad bodies, generated.

/** How one field of a generated body is broken, if at all. */
type Breakage =
  { kind: 'valid' } | { kind: 'missing' } | { kind: 'blank'; value: string } | { kind: 'wrong type'; value: unknown }

interface FieldSpec {
  /** Must be there (a new user's email); otherwise it may be left out (an update's title). */
  required: boolean
  /** Whether "" is a fine value (a bio may be empty). */
  blankAllowed?: boolean
  /** Values that are not what the field holds. */
  wrongTypes: unknown[]
  valid: () => unknown
}

interface RouteSpec {
  what: string
  /** The wrapper the spec puts the fields in: "user", "article", "comment". */
  wrapper: string
  fields: Record<string, FieldSpec>
  send: (body: object) => request.Test
}

const NOT_A_STRING = [42, 0, true, false, ['text'], { text: 'x' }]

const text = (valid: () => string, required = true): FieldSpec => ({ required, wrongTypes: NOT_A_STRING, valid })

function breakage(field: FieldSpec): fc.Arbitrary<Breakage> {
  const options: fc.Arbitrary<Breakage>[] = [
    fc.constant({ kind: 'valid' }),
    fc.constant({ kind: 'missing' }),
    fc.constantFrom(...field.wrongTypes).map((value) => ({ kind: 'wrong type', value })),
  ]
  if (!field.blankAllowed) options.push(fc.constantFrom('', '   ').map((value) => ({ kind: 'blank', value })))
  return fc.oneof(...options)
}

/** Whether a field so treated makes the body invalid. */
function isBroken(field: FieldSpec, how: Breakage): boolean {
  if (how.kind === 'valid') return false
  if (how.kind === 'missing') return field.required
  return true
}

/** A body for `route` with at least one field broken. */
function badBodies(route: RouteSpec): fc.Arbitrary<Record<string, Breakage>> {
  const shape = Object.fromEntries(Object.entries(route.fields).map(([name, field]) => [name, breakage(field)]))
  return fc
    .record(shape)
    .filter((chosen) => Object.entries(chosen).some(([name, how]) => isBroken(route.fields[name]!, how)))
}

function bodyOf(route: RouteSpec, chosen: Record<string, Breakage>): object {
  const fields: Record<string, unknown> = {}
  for (const [name, how] of Object.entries(chosen)) {
    if (how.kind === 'valid') fields[name] = route.fields[name]!.valid()
    else if (how.kind !== 'missing') fields[name] = how.value
  }
  return { [route.wrapper]: fields }
}

describe('03.01 schemas at the edge', () => {
  /** alice wrote `slug`. */
  let fx: { alice: RegisteredUser; slug: string }

  beforeAll(async () => {
    const alice = await registerUser(app)
    const article = await createArticle(app, alice.token)
    fx = { alice, slug: article.slug }
  })

  test('a new user without a username and an email hears about both at once', async () => {
    const response = await request(app)
      .post('/api/users')
      .send({ user: { password: 'pw-both-missing' } })
    const messages = errorMessages(response, 'POST /api/users without username and email')
    expect(
      [...messages].sort(),
      '🚨 one 422 should list every problem of the body, not just the first one found: a schema parses the whole body and reports every issue (error.issues)',
    ).toEqual(["email can't be blank", "username can't be blank"])
  })

  const routes: Array<[name: string, route: () => RouteSpec]> = [
    [
      'POST /api/users',
      () => ({
        what: 'POST /api/users',
        wrapper: 'user',
        fields: {
          username: text(() => unique('user')),
          email: text(() => `${unique('user')}@example.com`),
          password: text(() => `pw-${unique()}`),
        },
        send: (body) => request(app).post('/api/users').send(body),
      }),
    ],
    [
      'POST /api/users/login',
      () => ({
        what: 'POST /api/users/login',
        wrapper: 'user',
        fields: {
          email: text(() => fx.alice.user.email),
          password: text(() => fx.alice.password),
        },
        send: (body) => request(app).post('/api/users/login').send(body),
      }),
    ],
    [
      'PUT /api/user',
      () => ({
        what: 'PUT /api/user',
        wrapper: 'user',
        fields: {
          email: text(() => `${unique('user')}@example.com`, false),
          username: text(() => unique('user'), false),
          password: text(() => `pw-${unique()}`, false),
          bio: { ...text(() => 'A bio', false), blankAllowed: true },
          image: { ...text(() => 'https://example.com/me.png', false), blankAllowed: true },
        },
        send: (body) => request(app).put('/api/user').set('Authorization', auth(fx.alice.token)).send(body),
      }),
    ],
    [
      'POST /api/articles',
      () => ({
        what: 'POST /api/articles',
        wrapper: 'article',
        fields: {
          title: text(() => `Title ${unique()}`),
          description: text(() => 'A description'),
          body: text(() => 'A body'),
          tagList: {
            required: false,
            // "" is not a blank list but a string where a list belongs.
            blankAllowed: true,
            wrongTypes: ['', 'dragons,training', 7, { tag: 'dragons' }, ['dragons', 7], [null]],
            valid: () => [unique('tag')],
          },
        },
        send: (body) => request(app).post('/api/articles').set('Authorization', auth(fx.alice.token)).send(body),
      }),
    ],
    [
      'PUT /api/articles/:slug',
      () => ({
        what: 'PUT /api/articles/:slug',
        wrapper: 'article',
        fields: {
          title: text(() => `Title ${unique()}`, false),
          description: text(() => 'A description', false),
          body: text(() => 'A body', false),
        },
        send: (body) =>
          request(app).put(`/api/articles/${fx.slug}`).set('Authorization', auth(fx.alice.token)).send(body),
      }),
    ],
    [
      'POST /api/articles/:slug/comments',
      () => ({
        what: 'POST /api/articles/:slug/comments',
        wrapper: 'comment',
        fields: { body: text(() => 'A comment') },
        send: (body) =>
          request(app).post(`/api/articles/${fx.slug}/comments`).set('Authorization', auth(fx.alice.token)).send(body),
      }),
    ],
  ]

  test.each(routes)(
    '%s: every broken field of a generated bad body is named, and no other',
    async (_name, makeRoute) => {
      const route = makeRoute()
      await fc.assert(
        fc.asyncProperty(badBodies(route), async (chosen) => {
          const body = bodyOf(route, chosen)
          const messages = errorMessages(await route.send(body), `${route.what} ${JSON.stringify(body)}`)
          const broken = Object.entries(chosen).filter(([name, how]) => isBroken(route.fields[name]!, how))

          for (const [name, how] of broken) {
            if (how.kind === 'wrong type') {
              expect(
                messages.filter((message) => fieldOf(message) === name && message !== `${name} can't be blank`),
                `🚨 ${route.what} ${JSON.stringify(body)}: ${name} is there but not the right type; the answer was ${JSON.stringify(messages)}. Say so with a message that starts with "${name} " and says what it must be — "can't be blank" is for a missing or empty value`,
              ).not.toEqual([])
            } else {
              expect(
                messages,
                `🚨 ${route.what} ${JSON.stringify(body)}: ${name} is ${how.kind}, so the answer should list "${name} can't be blank" — with every other problem of the body (the answer was ${JSON.stringify(messages)})`,
              ).toContain(`${name} can't be blank`)
            }
          }
          const named = new Set(messages.map(fieldOf))
          const valid = Object.keys(chosen).filter((name) => !broken.some(([brokenName]) => brokenName === name))
          expect(
            valid.filter((name) => named.has(name)),
            `🚨 ${route.what} ${JSON.stringify(body)}: only the broken fields should be named, each message starting with its field (${JSON.stringify(messages)})`,
          ).toEqual([])
        }),
        { numRuns: 25, seed: SEED },
      )
    },
    // Generous: the validator runs every app's tests at once on a busy machine.
    PROPERTY_TIMEOUT,
  )

  test('input that fails validation is refused before any query reaches the database', async () => {
    const queries: QueryEvent[] = []
    const watched = await buildApp({ beforeQuery: (query) => void queries.push(query) })
    const token = auth(fx.alice.token)
    const bad: Array<[what: string, send: () => request.Test]> = [
      ['POST /api/users with an empty user', () => request(watched).post('/api/users').send({ user: {} })],
      [
        'POST /api/users/login with a number for the email',
        () =>
          request(watched)
            .post('/api/users/login')
            .send({ user: { email: 42, password: 'pw' } }),
      ],
      [
        'PUT /api/user with numbers for bio and image',
        () =>
          request(watched)
            .put('/api/user')
            .set('Authorization', token)
            .send({ user: { bio: 7, image: 7 } }),
      ],
      [
        'POST /api/articles with a blank title',
        () =>
          request(watched)
            .post('/api/articles')
            .set('Authorization', token)
            .send({ article: { title: ' ', description: 'd', body: 'b' } }),
      ],
      [
        'PUT /api/articles/:slug with a number for the title',
        () =>
          request(watched)
            .put(`/api/articles/${fx.slug}`)
            .set('Authorization', token)
            .send({ article: { title: 1 } }),
      ],
      [
        'POST /api/articles/:slug/comments without a comment',
        () => request(watched).post(`/api/articles/${fx.slug}/comments`).set('Authorization', token).send({}),
      ],
      ['GET /api/articles?author=a&author=b', () => request(watched).get('/api/articles?author=a&author=b')],
      ['GET /api/articles?tag=a&tag=b', () => request(watched).get('/api/articles?tag=a&tag=b')],
      [
        'GET /api/articles?favorited=a&favorited=b',
        () => request(watched).get('/api/articles?favorited=a&favorited=b'),
      ],
      [
        'GET /api/articles/feed?offset=1&offset=2',
        () => request(watched).get('/api/articles/feed?offset=1&offset=2').set('Authorization', token),
      ],
    ]
    for (const [what, send] of bad) {
      queries.length = 0
      const response = await send()
      errorMessages(response, what)
      expect(
        queries.map((query) => `${query.model ?? 'raw'}.${query.operation} ${JSON.stringify(query.args)}`),
        `🚨 ${what}: the input is invalid, so the database has nothing to do with it. A repeated query parameter arrives as an array (req.query.author is ['a', 'b']): give every query a schema too, and refuse before the handler runs`,
      ).toEqual([])
    }
  })

  test('every route that takes input lets it in through a middleware made by validate()', async () => {
    await loadValidate()
    const bob = await registerUser(app)
    const article = await createArticle(app, bob.token)
    const comment = await request(app)
      .post(`/api/articles/${article.slug}/comments`)
      .set('Authorization', auth(bob.token))
      .send({ comment: { body: 'first' } })
    const token = auth(bob.token)
    const sends: Array<[what: string, send: () => request.Test]> = [
      [
        'POST /api/users',
        () =>
          request(app)
            .post('/api/users')
            .send({ user: { username: unique('v'), email: `${unique('v')}@example.com`, password: 'pw-valid' } }),
      ],
      [
        'POST /api/users/login',
        () =>
          request(app)
            .post('/api/users/login')
            .send({ user: { email: bob.user.email, password: bob.password } }),
      ],
      [
        'PUT /api/user',
        () =>
          request(app)
            .put('/api/user')
            .set('Authorization', token)
            .send({ user: { bio: 'validated' } }),
      ],
      ['GET /api/profiles/:username', () => request(app).get(`/api/profiles/${fx.alice.user.username}`)],
      [
        'POST /api/profiles/:username/follow',
        () => request(app).post(`/api/profiles/${fx.alice.user.username}/follow`).set('Authorization', token),
      ],
      [
        'DELETE /api/profiles/:username/follow',
        () => request(app).delete(`/api/profiles/${fx.alice.user.username}/follow`).set('Authorization', token),
      ],
      ['GET /api/articles', () => request(app).get(`/api/articles?author=${bob.user.username}&limit=5`)],
      ['GET /api/articles/feed', () => request(app).get('/api/articles/feed?limit=5').set('Authorization', token)],
      ['GET /api/articles/:slug', () => request(app).get(`/api/articles/${article.slug}`)],
      [
        'POST /api/articles',
        () =>
          request(app)
            .post('/api/articles')
            .set('Authorization', token)
            .send({ article: { title: 'Validated', description: 'd', body: 'b' } }),
      ],
      [
        'PUT /api/articles/:slug',
        () =>
          request(app)
            .put(`/api/articles/${article.slug}`)
            .set('Authorization', token)
            .send({ article: { body: 'changed' } }),
      ],
      [
        'POST /api/articles/:slug/favorite',
        () => request(app).post(`/api/articles/${article.slug}/favorite`).set('Authorization', token),
      ],
      [
        'DELETE /api/articles/:slug/favorite',
        () => request(app).delete(`/api/articles/${article.slug}/favorite`).set('Authorization', token),
      ],
      ['GET /api/articles/:slug/comments', () => request(app).get(`/api/articles/${article.slug}/comments`)],
      [
        'POST /api/articles/:slug/comments',
        () =>
          request(app)
            .post(`/api/articles/${article.slug}/comments`)
            .set('Authorization', token)
            .send({ comment: { body: 'second' } }),
      ],
      [
        'DELETE /api/articles/:slug/comments/:id',
        () =>
          request(app)
            .delete(`/api/articles/${article.slug}/comments/${comment.body.comment.id}`)
            .set('Authorization', token),
      ],
      [
        'DELETE /api/articles/:slug',
        () => request(app).delete(`/api/articles/${article.slug}`).set('Authorization', token),
      ],
    ]
    const unvalidated: string[] = []
    for (const [what, send] of sends) {
      validatedBy.count = 0
      const response = await send()
      expect(response.status, `🚨 ${what} with good input should still succeed: ${response.text}`).toBeLessThan(300)
      if (validatedBy.count === 0) unvalidated.push(what)
    }
    expect(
      unvalidated,
      '🚨 these routes take input (a body, a path parameter or a query) without a middleware made by validate(schemas) in front of the handler: router.post(path, validate({ body: … }), handler)',
    ).toEqual([])
  })

  // `typeof globalThis` (and the like) asks what the runtime offers, not what a client
  // sent: a tool may add it to any module (a mutation tester's instrumentation does).
  const isFeatureDetection = (node: ts.TypeOfExpression): boolean =>
    ts.isIdentifier(node.expression) && ['globalThis', 'window', 'self', 'global'].includes(node.expression.text)

  test('no route module checks its input by hand', () => {
    const modules: SourceModule[] = readSourceModules(srcDir).filter((module) => module.file.startsWith('routes/'))
    expect(modules.length, '🚨 no route modules found in src/routes').toBeGreaterThan(0)
    const byHand = modules.flatMap((module) =>
      allNodes(module)
        .filter(
          (node) =>
            (ts.isTypeOfExpression(node) && !isFeatureDetection(node)) ||
            (ts.isCallExpression(node) && accessedName(node.expression) === 'isArray') ||
            (ts.isIdentifier(node) && node.text === 'ValidationError'),
        )
        .map((node) => describeSite(siteOf(module, node))),
    )
    expect(
      byHand,
      `🚨 a schema says what a route accepts, and validate() enforces it before the handler runs: delete the presence and type checks (typeof, Array.isArray, throw new ValidationError) from the routes:\n${byHand.slice(0, 3).join('\n')}`,
    ).toEqual([])
  })
})

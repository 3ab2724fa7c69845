import os from 'node:os'
import path from 'node:path'
import express, { type Express, type RequestHandler } from 'express'
import { readSourceModules, transitiveImports } from '@production-express/tools/testing/source-code'
import request from 'supertest'
import { afterAll, describe, expect, test, vi } from 'vitest'
import { createApp } from '../src/app.js'
import { createAuth } from '../src/auth.js'
import { createPrismaClient } from '../src/db.js'
import { getApp, testConfig } from './support/app.js'
import { auth, createArticle, createComment, registerUser, unique } from './support/factories.js'

// The routers the step asks for: the file in src/routes/ and the factory it exports.
const routers = [
  ['user', 'createUserRouter'],
  ['profile', 'createProfileRouter'],
  ['article', 'createArticleRouter'],
  ['comment', 'createCommentRouter'],
  ['tag', 'createTagRouter'],
  ['health', 'createHealthRouter'],
] as const
type Resource = (typeof routers)[number][0]

const prisma = createPrismaClient(process.env.DATABASE_URL!)
afterAll(() => prisma.$disconnect())

/**
 * The router each factory made for createApp, caught on the way out: built from the deps
 * createApp handed it (the client and the token helpers in this step, README task 2;
 * repositories, controllers and middleware in later steps), so it can be mounted alone
 * exactly as the app built it, with the modules of the same load.
 */
async function routersFromCreateApp(): Promise<Map<string, RequestHandler>> {
  const built = new Map<string, RequestHandler>()
  vi.resetModules()
  const mocked = routers.map(([resource, factory]) => {
    const specifier = `../src/routes/${resource}.routes.js`
    vi.doMock(specifier, async (importOriginal) => {
      const real = await importOriginal<Record<string, unknown>>()
      const create = real[factory] as ((deps: unknown) => RequestHandler) | undefined
      if (!create) return real
      return {
        ...real,
        [factory]: (deps: unknown) => {
          const router = create(deps)
          built.set(factory, router)
          return router
        },
      }
    })
    return specifier
  })
  try {
    const fresh = (await import('../src/app.js')) as { createApp: typeof createApp }
    fresh.createApp({ prisma, config: testConfig() })
  } finally {
    for (const specifier of mocked) vi.doUnmock(specifier)
    vi.resetModules()
  }
  return built
}

const builtByCreateApp = await routersFromCreateApp()

/** The factory src/routes/<resource>.routes.ts exports, failing the test if there is none. */
async function routerFactory(resource: Resource, factory: string): Promise<(deps: unknown) => RequestHandler> {
  const file = `src/routes/${resource}.routes.ts`
  // Built at run time, so it is resolved when the import runs (the .js name finds the .ts file).
  const specifier = `../src/routes/${resource}.routes.js`
  const mod = (await import(/* @vite-ignore */ specifier).catch(() => undefined)) as Record<string, unknown> | undefined
  expect(mod, `🚨 create ${file}`).toBeDefined()
  expect(typeof mod![factory], `🚨 ${file} should export a function ${factory}(deps) that returns a Router`).toBe(
    'function',
  )
  return mod![factory] as (deps: unknown) => RequestHandler
}

/** A bare Express app with nothing but JSON parsing and the one router, mounted under /api. */
async function aloneApp(resource: Resource, factory: string): Promise<Express> {
  const create = await routerFactory(resource, factory)
  // The router createApp built; the factory on the client and the token helpers if it built none.
  const router = builtByCreateApp.get(factory) ?? create({ prisma, auth: createAuth(testConfig().jwtSecret) })
  expect(typeof router, `🚨 ${factory}(deps) should return an express.Router()`).toBe('function')
  const app = express()
  app.use(express.json())
  app.use('/api', router)
  return app
}

/** One request to a router: the route it exercises, the status a working route answers, and the JSON key it answers with. */
interface Call {
  route: string
  response: request.Test
  status: number
  key?: string
}

/** The calls that did not get the answer the route gives: `GET /tags → 404 (Cannot GET /api/tags)`. */
async function unanswered(calls: Call[]): Promise<string[]> {
  const failed: string[] = []
  // One after the other: some calls build on the one before (favorite, then unfavorite).
  for (const { route, response, status, key } of calls) {
    const got = await response
    if (got.status === status && (!key || (got.body as Record<string, unknown>)?.[key] !== undefined)) continue
    const said = got.text
      .replace(/<[^>]+>/g, ' ')
      .replace(/\s+/g, ' ')
      .trim()
      .slice(0, 80)
    failed.push(`${route} → ${got.status}${key ? `, expected { ${key} }` : ''} (${said})`)
  }
  return failed
}

// What each router must answer once mounted on its own: data is made through the whole
// app (the same database), then every route of the resource is called on the router alone.
const scenarios: Record<Resource, (alone: Express, whole: Express) => Promise<Call[]>> = {
  user: async (alone, whole) => {
    const { token, user, password } = await registerUser(whole)
    const name = unique('user')
    return [
      {
        route: 'POST /users',
        response: request(alone)
          .post('/api/users')
          .send({ user: { username: name, email: `${name}@example.com`, password } }),
        status: 201,
        key: 'user',
      },
      {
        route: 'POST /users/login',
        response: request(alone)
          .post('/api/users/login')
          .send({ user: { email: user.email, password } }),
        status: 200,
        key: 'user',
      },
      {
        route: 'GET /user',
        response: request(alone).get('/api/user').set('Authorization', auth(token)),
        status: 200,
        key: 'user',
      },
      {
        route: 'PUT /user',
        response: request(alone)
          .put('/api/user')
          .set('Authorization', auth(token))
          .send({ user: { bio: 'moved' } }),
        status: 200,
        key: 'user',
      },
    ]
  },
  profile: async (alone, whole) => {
    const { token } = await registerUser(whole)
    const { user: celebrity } = await registerUser(whole)
    const at = `/api/profiles/${celebrity.username}`
    return [
      { route: 'GET /profiles/:username', response: request(alone).get(at), status: 200, key: 'profile' },
      {
        route: 'POST /profiles/:username/follow',
        response: request(alone).post(`${at}/follow`).set('Authorization', auth(token)),
        status: 200,
        key: 'profile',
      },
      {
        route: 'DELETE /profiles/:username/follow',
        response: request(alone).delete(`${at}/follow`).set('Authorization', auth(token)),
        status: 200,
        key: 'profile',
      },
    ]
  },
  article: async (alone, whole) => {
    const { token } = await registerUser(whole)
    const kept = await createArticle(whole, token)
    const doomed = await createArticle(whole, token)
    const at = `/api/articles/${kept.slug}`
    const as = (test: request.Test) => test.set('Authorization', auth(token))
    return [
      { route: 'GET /articles', response: request(alone).get('/api/articles'), status: 200, key: 'articles' },
      {
        route: 'GET /articles/feed',
        response: as(request(alone).get('/api/articles/feed')),
        status: 200,
        key: 'articles',
      },
      { route: 'GET /articles/:slug', response: request(alone).get(at), status: 200, key: 'article' },
      {
        route: 'POST /articles',
        response: as(request(alone).post('/api/articles')).send({
          article: { title: `Title ${unique()}`, description: 'About', body: 'Body', tagList: [] },
        }),
        status: 201,
        key: 'article',
      },
      {
        route: 'PUT /articles/:slug',
        response: as(request(alone).put(at)).send({ article: { body: 'Rewritten' } }),
        status: 200,
        key: 'article',
      },
      {
        route: 'POST /articles/:slug/favorite',
        response: as(request(alone).post(`${at}/favorite`)),
        status: 200,
        key: 'article',
      },
      {
        route: 'DELETE /articles/:slug/favorite',
        response: as(request(alone).delete(`${at}/favorite`)),
        status: 200,
        key: 'article',
      },
      {
        route: 'DELETE /articles/:slug',
        response: as(request(alone).delete(`/api/articles/${doomed.slug}`)),
        status: 204,
      },
    ]
  },
  comment: async (alone, whole) => {
    const { token } = await registerUser(whole)
    const article = await createArticle(whole, token)
    const comment = await createComment(whole, token, article.slug)
    const at = `/api/articles/${article.slug}/comments`
    return [
      { route: 'GET /articles/:slug/comments', response: request(alone).get(at), status: 200, key: 'comments' },
      {
        route: 'POST /articles/:slug/comments',
        response: request(alone)
          .post(at)
          .set('Authorization', auth(token))
          .send({ comment: { body: 'Nice' } }),
        status: 200,
        key: 'comment',
      },
      {
        route: 'DELETE /articles/:slug/comments/:id',
        response: request(alone).delete(`${at}/${comment.id}`).set('Authorization', auth(token)),
        status: 204,
      },
    ]
  },
  tag: async (alone) => [{ route: 'GET /tags', response: request(alone).get('/api/tags'), status: 200, key: 'tags' }],
  health: async (alone) => [
    { route: 'GET /health', response: request(alone).get('/api/health'), status: 200, key: 'status' },
  ],
}

/**
 * A stand-in for a router factory: the real router, behind a header that names it on
 * every response it gives (the header is taken off again when the request goes on to
 * the next router).
 */
function labelled(resource: Resource, create: (deps: unknown) => RequestHandler) {
  return (deps: unknown) => {
    const router = express.Router()
    router.use((req, res, next) => {
      res.setHeader('x-answered-by', resource)
      next()
    })
    router.use(create(deps))
    router.use((req, res, next) => {
      res.removeHeader('x-answered-by')
      next()
    })
    return router
  }
}

// One request per route, and the router that must answer it. The answers themselves
// (mostly 401, 404 and 422: no data is needed) are the contract tests' business.
const routeOwners: [route: string, send: (app: Express) => request.Test, owner: Resource][] = [
  ['POST /api/users', (app) => request(app).post('/api/users').send({}), 'user'],
  ['POST /api/users/login', (app) => request(app).post('/api/users/login').send({}), 'user'],
  ['GET /api/user', (app) => request(app).get('/api/user'), 'user'],
  ['PUT /api/user', (app) => request(app).put('/api/user').send({}), 'user'],
  ['GET /api/profiles/:username', (app) => request(app).get('/api/profiles/nobody-here'), 'profile'],
  ['POST /api/profiles/:username/follow', (app) => request(app).post('/api/profiles/nobody-here/follow'), 'profile'],
  [
    'DELETE /api/profiles/:username/follow',
    (app) => request(app).delete('/api/profiles/nobody-here/follow'),
    'profile',
  ],
  ['GET /api/articles', (app) => request(app).get('/api/articles'), 'article'],
  ['GET /api/articles/feed', (app) => request(app).get('/api/articles/feed'), 'article'],
  ['GET /api/articles/:slug', (app) => request(app).get('/api/articles/no-such-slug'), 'article'],
  ['POST /api/articles', (app) => request(app).post('/api/articles').send({}), 'article'],
  ['PUT /api/articles/:slug', (app) => request(app).put('/api/articles/no-such-slug').send({}), 'article'],
  ['DELETE /api/articles/:slug', (app) => request(app).delete('/api/articles/no-such-slug'), 'article'],
  ['POST /api/articles/:slug/favorite', (app) => request(app).post('/api/articles/no-such-slug/favorite'), 'article'],
  [
    'DELETE /api/articles/:slug/favorite',
    (app) => request(app).delete('/api/articles/no-such-slug/favorite'),
    'article',
  ],
  ['GET /api/articles/:slug/comments', (app) => request(app).get('/api/articles/no-such-slug/comments'), 'comment'],
  ['POST /api/articles/:slug/comments', (app) => request(app).post('/api/articles/no-such-slug/comments'), 'comment'],
  [
    'DELETE /api/articles/:slug/comments/:id',
    (app) => request(app).delete('/api/articles/no-such-slug/comments/1'),
    'comment',
  ],
  ['GET /api/tags', (app) => request(app).get('/api/tags'), 'tag'],
  ['GET /api/health', (app) => request(app).get('/api/health'), 'health'],
]

describe('01.03 routers', () => {
  test.each(routers)(
    'src/routes/%s.routes.ts: %s(deps), mounted alone, serves its routes',
    async (resource, factory) => {
      const alone = await aloneApp(resource, factory)
      const failed = await unanswered(await scenarios[resource](alone, await getApp()))
      expect(
        failed,
        `🚨 ${factory}(deps), alone on an app under /api, should serve each of these routes itself (paths in the router leave out /api)`,
      ).toEqual([])
    },
  )

  test('each router answers for its own resource only: mounted alone, the others are not there', async () => {
    // A read of each resource that needs no data; a route that is not there gets Express's own 404.
    const probes: Record<Resource, string> = {
      user: '/api/user',
      profile: '/api/profiles/someone',
      article: '/api/articles',
      comment: '/api/articles/some-slug/comments',
      tag: '/api/tags',
      health: '/api/health',
    }
    const strays: string[] = []
    for (const [resource, factory] of routers) {
      const alone = await aloneApp(resource, factory)
      for (const [other, path] of Object.entries(probes)) {
        if (other === resource) continue
        const response = await request(alone).get(path)
        if (!(response.status === 404 && /Cannot GET/.test(response.text)))
          strays.push(`${factory}: GET ${path} → ${response.status}`)
      }
    }
    expect(
      strays,
      "🚨 these routers answer routes of another resource: give each router only its own resource's routes",
    ).toEqual([])
  })

  test('no router loads src/app.ts: the app is built from the routers, never the other way round', () => {
    const modules = readSourceModules(path.resolve(import.meta.dirname, '..', 'src'))
    const routerModules = modules.filter((module) => module.file.startsWith('routes/'))
    expect(routerModules.length, '🚨 src/routes/ should hold a router module for each resource').toBeGreaterThan(0)
    const circular = routerModules
      .filter((module) => transitiveImports(modules, module.file).has('app.ts'))
      .map((module) => `src/${module.file}`)
    expect(
      circular,
      '🚨 these routers load src/app.ts (directly or through another module): move what they take from it, such as the response helpers, into a module of its own (src/responses.ts)',
    ).toEqual([])
  })

  test('the article router answers GET /articles/feed with the feed, not as an article slug', async () => {
    const alone = await aloneApp('article', 'createArticleRouter')
    const { token } = await registerUser(await getApp())
    const response = await request(alone).get('/api/articles/feed').set('Authorization', auth(token))
    expect(
      [response.status, Array.isArray(response.body.articles)],
      '🚨 GET /articles/feed on the article router should answer the feed: Express tries routes in order, so register it before GET /articles/:slug, or "feed" is taken for a slug',
    ).toEqual([200, true])
  })

  test('createApp answers every route through the routers, with no routes of its own', async () => {
    vi.resetModules()
    const mocked = routers.map(([resource, factory]) => {
      const specifier = `../src/routes/${resource}.routes.js`
      vi.doMock(specifier, async (importOriginal) => {
        const real = await importOriginal<Record<string, unknown>>()
        const create = real[factory] as ((deps: unknown) => RequestHandler) | undefined
        return create ? { ...real, [factory]: labelled(resource, create) } : real
      })
      return specifier
    })
    try {
      const fresh = (await import('../src/app.js')) as { createApp: typeof createApp }
      const app = fresh.createApp({ prisma, config: testConfig() })
      const misrouted = await Promise.all(
        routeOwners.map(async ([route, send, owner]) => {
          const by = (await send(app)).headers['x-answered-by'] ?? 'createApp itself'
          return by === owner ? [] : [`${route}: answered by ${by}, not the ${owner} router`]
        }),
      )
      expect(
        misrouted.flat(),
        '🚨 every route should be answered by its resource router from src/routes/, mounted in createApp with app.use; move these routes out of src/app.ts',
      ).toEqual([])
    } finally {
      for (const specifier of mocked) vi.doUnmock(specifier)
      vi.resetModules()
    }
  })

  test('GET /api/health answers 200 { status: "ok" }, and only under /api', async () => {
    const app = await getApp()
    const response = await request(app).get('/api/health')
    expect(response.status, '🚨 mount the health router under /api: GET /api/health should answer 200').toBe(200)
    expect(response.body, '🚨 GET /api/health should answer { "status": "ok" }').toEqual({ status: 'ok' })
    expect(
      (await request(app).get('/health')).status,
      '🚨 every router is mounted under /api: GET /health (without /api) should be 404',
    ).toBe(404)
  })

  test('the health check answers while the database is unreachable: it is liveness only', async () => {
    const nowhere = path.join(os.tmpdir(), `conduit-no-such-folder-${process.pid}`, 'gone.db')
    const broken = createPrismaClient(`file:${nowhere}`)
    try {
      const app = createApp({ prisma: broken, config: testConfig({ databaseUrl: `file:${nowhere}` }) })
      const response = await request(app).get('/api/health')
      expect(
        response.status,
        '🚨 GET /api/health should not query the database: a liveness check that fails with the database gets healthy processes restarted',
      ).toBe(200)
    } finally {
      await broken.$disconnect()
    }
  })
})

import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import request from 'supertest'
import { afterAll, describe, expect, test } from 'vitest'
import { createApp } from '../src/app.js'
import { createAuth } from '../src/auth.js'
import { createPrismaClient } from '../src/db.js'
import { getApp, testConfig } from './support/app.js'

const srcDir = path.resolve(import.meta.dirname, '../src')

/** What Express keeps for each registered route or middleware (Express 5's router). */
interface Layer {
  name: string
  route?: { path: string; methods: Record<string, boolean> }
}

/** "METHOD /path" for each route a router (or app) registered itself, in order. */
function routesOf(stack: unknown[]): string[] {
  return (stack as Layer[]).flatMap((layer) =>
    layer.route
      ? Object.keys(layer.route.methods)
          .filter((method) => method !== '_all')
          .map((method) => `${method.toUpperCase()} ${layer.route!.path}`)
      : [],
  )
}

// Each resource's router, and the routes it owns (paths as written in the router,
// which createApp mounts under /api).
const routers: [resource: string, factory: string, routes: string[]][] = [
  ['user', 'createUserRouter', ['POST /users', 'POST /users/login', 'GET /user', 'PUT /user']],
  [
    'profile',
    'createProfileRouter',
    ['GET /profiles/:username', 'POST /profiles/:username/follow', 'DELETE /profiles/:username/follow'],
  ],
  [
    'article',
    'createArticleRouter',
    [
      'GET /articles',
      'GET /articles/feed',
      'GET /articles/:slug',
      'POST /articles',
      'PUT /articles/:slug',
      'DELETE /articles/:slug',
      'POST /articles/:slug/favorite',
      'DELETE /articles/:slug/favorite',
    ],
  ],
  [
    'comment',
    'createCommentRouter',
    ['GET /articles/:slug/comments', 'POST /articles/:slug/comments', 'DELETE /articles/:slug/comments/:id'],
  ],
  ['tag', 'createTagRouter', ['GET /tags']],
  ['health', 'createHealthRouter', ['GET /health']],
]

const prisma = createPrismaClient(process.env.DATABASE_URL!)
const routeDeps = { prisma, auth: createAuth(testConfig().jwtSecret) }
afterAll(() => prisma.$disconnect())

/** The routes of the router that src/routes/<resource>.routes.ts builds, failing the test if it cannot. */
async function routerRoutes(resource: string, factory: string): Promise<string[]> {
  const file = `${resource}.routes.ts`
  // Built at run time, so it is resolved when the import runs (the .js name finds the .ts file).
  const specifier = `../src/routes/${resource}.routes.js`
  const mod = (await import(/* @vite-ignore */ specifier).catch(() => undefined)) as Record<string, unknown> | undefined
  expect(mod, `🚨 create src/routes/${file}`).toBeDefined()
  const create = mod![factory]
  expect(typeof create, `🚨 src/routes/${file} should export a function ${factory}(deps) that returns a Router`).toBe(
    'function',
  )
  const router = (create as (deps: unknown) => { stack?: unknown })(routeDeps)
  expect(
    Array.isArray(router?.stack),
    `🚨 ${factory}(deps) should return an express.Router(), with the routes registered on it`,
  ).toBe(true)
  return routesOf(router.stack as unknown[])
}

function withoutComments(code: string): string {
  return code.replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '')
}

describe('01.03 routers', () => {
  test.each(routers)(
    'src/routes/%s.routes.ts: %s(deps) returns a Router with its resource routes',
    async (resource, factory, routes) => {
      const found = await routerRoutes(resource, factory)
      expect(
        [...found].sort(),
        `🚨 ${factory} should register exactly these routes (paths without /api): ${routes.join(', ')}`,
      ).toEqual([...routes].sort())
    },
  )

  test('the article router registers /articles/feed before /articles/:slug', async () => {
    const found = await routerRoutes('article', 'createArticleRouter')
    expect(
      found.indexOf('GET /articles/feed'),
      '🚨 Express tries routes in order: register GET /articles/feed before GET /articles/:slug, or "feed" is taken for a slug',
    ).toBeLessThan(found.indexOf('GET /articles/:slug'))
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

  test('createApp registers no route itself: it mounts the routers', async () => {
    const app = await getApp()
    const stack = app.router.stack as unknown as Layer[]
    expect(
      routesOf(stack),
      '🚨 move every route into its router in src/routes/ and mount the routers with app.use("/api", …)',
    ).toEqual([])
    expect(
      stack.filter((layer) => layer.name === 'router').length,
      '🚨 createApp should mount the six routers (health, user, profile, article, comment, tag) with app.use',
    ).toBeGreaterThanOrEqual(routers.length)
  })

  test('src/app.ts has no app.get/post/put/delete calls left', () => {
    const code = withoutComments(fs.readFileSync(path.join(srcDir, 'app.ts'), 'utf8'))
    const calls = code.match(/\bapp\.(get|post|put|patch|delete|all|route)\s*\(/g) ?? []
    expect(
      calls,
      '🚨 src/app.ts should only build the app and mount routers: move these routes to src/routes/',
    ).toEqual([])
  })
})

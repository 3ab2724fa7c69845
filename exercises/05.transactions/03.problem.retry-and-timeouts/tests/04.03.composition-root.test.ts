/**
 * 04.03 composition root and `npm run dev:no-db`.
 *
 * - createApp builds the app on the repositories it is given: two apps on two sets of
 *   in-memory repositories share nothing, two apps on one set share everything, and no
 *   database is touched either way.
 * - `npm run dev:no-db` runs src/server.ts as its script says, with DATABASE_URL pointing
 *   into a folder that does not exist, and the whole API answers over HTTP: nothing
 *   opens SQLite, or it would fail. Without the switch the same server uses the database.
 * - The contract suite runs again on the in-memory app: tests/04.03.contract-in-memory.test.ts.
 */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import type { Express } from 'express'
import request from 'supertest'
import { afterAll, describe, expect, test } from 'vitest'
import { createApp } from '../src/app.js'
import { createPrismaClient } from '../src/db.js'
import { createMemoryRepositories } from '../src/repositories/memory/index.js'
import { testConfig } from './support/app.js'
import { auth, createArticle, createComment, favorite, follow, registerUser, unique } from './support/factories.js'
import { startServer } from './support/server.js'

const appDir = path.resolve(import.meta.dirname, '..')
const SECRET = 'composition-root-tests-signing-secret-0123456789'

/** A database URL in a folder that does not exist: any attempt to open it fails. */
function nowhere(): { url: string; folder: string } {
  const folder = path.join(os.tmpdir(), `conduit-no-db-${process.pid}-${unique()}`)
  return { url: `file:${path.join(folder, 'conduit.db')}`, folder }
}

/** An app made by createApp on the given repositories; the configuration names a database that cannot be opened. */
function appOn(repositories: unknown): Express {
  const build = createApp as unknown as (deps: { repositories: unknown; config: unknown }) => Express
  return build({ repositories, config: testConfig({ databaseUrl: nowhere().url }) })
}

async function canLogIn(app: Express, email: string, password: string): Promise<boolean> {
  const response = await request(app).post('/api/users/login').send({ user: { email, password } })
  return response.status === 200
}

describe('04.03 createApp wires what it is given', () => {
  test('two apps on their own in-memory repositories share nothing; two on one set share everything', async () => {
    const first = createMemoryRepositories()
    const a = appOn(first)
    const alsoA = appOn(first)
    const b = appOn(createMemoryRepositories())
    const { user, password } = await registerUser(a)
    expect(
      await canLogIn(a, user.email, password),
      '🚨 createApp({ config, repositories }) should serve the API on the repositories it is given, with no database',
    ).toBe(true)
    expect(
      await canLogIn(alsoA, user.email, password),
      '🚨 a second app on the same repositories should see the same users: build every service from deps.repositories, not from storage of its own',
    ).toBe(true)
    expect(
      await canLogIn(b, user.email, password),
      '🚨 an app on other repositories saw this user: something is shared at module level (a store, a service made at import time) instead of made per app',
    ).toBe(false)
    await registerUser(b, { username: user.username, email: user.email })
  })

  test('an app on in-memory repositories serves every resource without touching a database', async () => {
    const app = appOn(createMemoryRepositories())
    const alice = await registerUser(app)
    const bob = await registerUser(app)
    const tag = unique('tag')
    const article = await createArticle(app, alice.token, { tagList: [tag] })
    await createComment(app, bob.token, article.slug)
    await follow(app, bob.token, alice.user.username)
    expect((await favorite(app, bob.token, article.slug)).favoritesCount).toBe(1)
    const feed = await request(app).get('/api/articles/feed').set('Authorization', auth(bob.token))
    expect(feed.body.articles?.[0]).toMatchObject({ slug: article.slug, favorited: true, author: { following: true } })
    const tags = await request(app).get('/api/tags')
    expect(tags.body.tags).toContain(tag)
  })
})

// ---------- npm run dev:no-db ----------

interface Script {
  env: Record<string, string>
  args: string[]
}

/** What `npm run dev:no-db` runs: variables set in front of the command, and the arguments after src/server.ts. */
function devNoDbScript(): Script {
  const scripts = (JSON.parse(fs.readFileSync(path.join(appDir, 'package.json'), 'utf8')) as { scripts?: Record<string, string> })
    .scripts
  const script = scripts?.['dev:no-db']
  expect(script, '🚨 add a "dev:no-db" script to package.json: the API on in-memory repositories (tsx watch src/server.ts --no-db)').toBeTypeOf(
    'string',
  )
  expect(
    script,
    '🚨 "dev:no-db" runs no migration and needs no database: it should run src/server.ts and nothing before it',
  ).not.toMatch(/prisma|migrate|&&|;/)
  const words = script!.split(/\s+/).filter(Boolean)
  const server = words.findIndex((word) => /^(\.\/)?src\/server\.ts$/.test(word.replace(/^["']|["']$/g, '')))
  expect(server, `🚨 "dev:no-db" should run src/server.ts, as "dev" does (it is "${script}")`).toBeGreaterThanOrEqual(0)
  const env: Record<string, string> = {}
  for (const word of words.slice(0, server)) {
    const match = /^([A-Z_][A-Z0-9_]*)=(.*)$/.exec(word)
    if (match) env[match[1]!] = match[2]!
  }
  return { env, args: words.slice(server + 1) }
}

const prisma = createPrismaClient(process.env.DATABASE_URL!)
afterAll(() => prisma.$disconnect())

describe('04.03 npm run dev:no-db', () => {
  test(
    'serves the whole API from memory, with no database to open; without the switch the server uses the database',
    { timeout: 40_000 },
    async () => {
      const { env, args } = devNoDbScript()
      const database = nowhere()
      const server = await startServer({ ...env, PORT: '0', DATABASE_URL: database.url, JWT_SECRET: SECRET }, 20_000, args)
      try {
        expect(
          server.url,
          `🚨 the server should start and say where it listens, as "npm run dev" does.\nstderr: ${server.stderr.slice(0, 500)}`,
        ).toBeDefined()
        const url = server.url!
        const name = unique('nodb')
        const registered = await request(url)
          .post('/api/users')
          .send({ user: { username: name, email: `${name}@example.com`, password: 'pw-nodb' } })
        expect(
          [registered.status, registered.text.slice(0, 200)],
          '🚨 with the switch of "dev:no-db", registering should work with no database at all: build the app on createMemoryRepositories()',
        ).toEqual([201, expect.any(String)])
        const token = auth(registered.body.user.token as string)
        const created = await request(url)
          .post('/api/articles')
          .set('Authorization', token)
          .send({ article: { title: 'In memory', description: 'd', body: 'b', tagList: ['memory'] } })
        expect(created.status, created.text).toBe(201)
        const slug = created.body.article.slug as string
        const steps: Array<[string, request.Test, number]> = [
          ['GET /api/user', request(url).get('/api/user').set('Authorization', token), 200],
          ['GET /api/articles', request(url).get(`/api/articles?author=${name}`), 200],
          ['GET /api/articles/:slug', request(url).get(`/api/articles/${slug}`), 200],
          [
            'POST /api/articles/:slug/comments',
            request(url).post(`/api/articles/${slug}/comments`).set('Authorization', token).send({ comment: { body: 'c' } }),
            200,
          ],
          ['POST /api/articles/:slug/favorite', request(url).post(`/api/articles/${slug}/favorite`).set('Authorization', token), 200],
          ['GET /api/tags', request(url).get('/api/tags'), 200],
          ['GET /api/profiles/:username', request(url).get(`/api/profiles/${name}`), 200],
        ]
        const failed: string[] = []
        for (const [what, call, status] of steps) {
          const response = await call
          if (response.status !== status) failed.push(`${what} → ${response.status} ${response.text.slice(0, 120)}`)
        }
        expect(failed, '🚨 every resource should be served from memory').toEqual([])
        const listed = await request(url).get(`/api/articles?author=${name}`)
        expect(listed.body.articles?.[0]).toMatchObject({ slug, favoritesCount: 1, tagList: ['memory'] })
      } finally {
        await server.stop()
      }
      expect(
        fs.existsSync(database.folder),
        '🚨 the no-db server touched DATABASE_URL: with the switch, nothing should open SQLite',
      ).toBe(false)

      // The same server without the switch: the database it is pointed at.
      const withDb = await startServer({ PORT: '0', DATABASE_URL: process.env.DATABASE_URL, JWT_SECRET: SECRET }, 20_000)
      try {
        expect(withDb.url, `🚨 without the switch the server should start on DATABASE_URL.\nstderr: ${withDb.stderr.slice(0, 500)}`).toBeDefined()
        const name = unique('withdb')
        const registered = await request(withDb.url!)
          .post('/api/users')
          .send({ user: { username: name, email: `${name}@example.com`, password: 'pw-db' } })
        expect(registered.status, registered.text).toBe(201)
        expect(
          await prisma.user.count({ where: { username: name } }),
          '🚨 without the switch, the server should keep its data in the database of DATABASE_URL: memory is for dev:no-db only',
        ).toBe(1)
      } finally {
        await withDb.stop()
      }
    },
  )
})

/**
 * 04.02 services and thin controllers.
 *
 * - The business rules are unit-tested through the services alone, on the in-memory
 *   repositories of 04.01: no database, no HTTP, no token. Slugs, "only the author",
 *   follows, favorites and the feed answer the same there as through the API.
 * - The services know nothing of HTTP, and nothing above the repositories knows Prisma:
 *   read on the real import graph (type-only imports included) by the TypeScript compiler.
 * - "Who is asking" is settled once per request by middleware: a protected request
 *   verifies its token once (today: twice), and no route or controller answers 401 itself.
 * - The article of /articles/:slug/… is looked up in one place.
 */
import path from 'node:path'
import {
  allNodes,
  describeSite,
  findCalls,
  findImports,
  findObjectsWithKey,
  readSourceModules,
  resolveLocalImport,
  siteOf,
  ts,
  type SourceModule,
} from '@production-express/tools/testing/source-code'
import request from 'supertest'
import { afterAll, beforeAll, describe, expect, test, vi } from 'vitest'
import { ForbiddenError, NotFoundError, UnauthorizedError, ValidationError } from '../src/errors/app-error.js'
import { createMemoryRepositories } from '../src/repositories/memory/index.js'
import type { Repositories } from '../src/repositories/index.js'
import { getApp } from './support/app.js'
import { auth, createArticle, createComment, registerUser, unique } from './support/factories.js'
import { isPrisma, namedModules } from './support/prisma-imports.js'

const srcDir = path.resolve(import.meta.dirname, '../src')

/** Every jwt.verify the app makes: a protected request should verify its token once. */
const verified = vi.hoisted(() => {
  // Test files may share a worker (isolate: false), so the app may already be loaded
  // with the real jsonwebtoken: forget it, so the imports below load it counted.
  vi.resetModules()
  return { count: 0 }
})
// ...and forget the counted one, so the next file in this worker loads the real one.
afterAll(() => vi.resetModules())
vi.mock('jsonwebtoken', async (importOriginal) => {
  const real = await importOriginal<typeof import('jsonwebtoken')>()
  const jwt = (real as unknown as { default?: typeof real }).default ?? real
  const verify = ((...args: Parameters<typeof jwt.verify>) => {
    verified.count += 1
    return jwt.verify(...args)
  }) as typeof jwt.verify
  return { ...real, default: { ...jwt, verify }, verify }
})

// ---------- the services, on in-memory repositories ----------

type Loose = Record<string, (...args: unknown[]) => Promise<any>> // eslint-disable-line @typescript-eslint/no-explicit-any

/** A service factory the step asks for, from src/services/<name>.service.ts. */
async function serviceFactory(name: string, factory: string): Promise<(deps: Repositories) => Loose> {
  const specifier = `../src/services/${name}.service.js`
  const mod = (await import(/* @vite-ignore */ specifier).catch(() => undefined)) as Record<string, unknown> | undefined
  expect(
    typeof mod?.[factory],
    `🚨 src/services/${name}.service.ts should export ${factory}(repositories), a plain function that returns the service`,
  ).toBe('function')
  return mod![factory] as (deps: Repositories) => Loose
}

interface World {
  repositories: Repositories
  users: Loose
  profiles: Loose
  articles: Loose
  comments: Loose
}

/** Every service, on a fresh set of in-memory repositories: each test has a world of its own. */
async function world(): Promise<World> {
  const repositories = createMemoryRepositories()
  return {
    repositories,
    users: (await serviceFactory('user', 'createUserService'))(repositories),
    profiles: (await serviceFactory('profile', 'createProfileService'))(repositories),
    articles: (await serviceFactory('article', 'createArticleService'))(repositories),
    comments: (await serviceFactory('comment', 'createCommentService'))(repositories),
  }
}

async function person(w: World, name = unique('user')) {
  return w.users.register!({ username: name, email: `${name}@example.com`, password: `pw-${name}` })
}

async function refusal(work: Promise<unknown>): Promise<unknown> {
  return work.then(
    () => 'no error',
    (error: unknown) => error,
  )
}

const draft = (title = `Title ${unique()}`, tagList?: string[]) => ({ title, description: 'About', body: 'Body', tagList })

describe('04.02 the business rules, in the services alone', () => {
  test('users: register keeps no password, login checks it, update changes it', async () => {
    const w = await world()
    const name = unique('user')
    const created = await w.users.register!({ username: name, email: `${name}@example.com`, password: 'secret-1' })
    expect(created, '🚨 register(…) returns the new account: { id, email, username, bio, image }, never a hash or a token').toStrictEqual({
      id: expect.any(Number),
      email: `${name}@example.com`,
      username: name,
      bio: '',
      image: null,
    })
    expect(await w.users.login!(`${name}@example.com`, 'secret-1'), '🚨 login(email, password) returns the account').toStrictEqual(created)
    const wrong = await refusal(w.users.login!(`${name}@example.com`, 'secret-2'))
    const nobody = await refusal(w.users.login!(`${unique('nobody')}@example.com`, 'secret-1'))
    for (const error of [wrong, nobody]) {
      expect(error, '🚨 a wrong password or an unknown email: UnauthorizedError, the same for both').toBeInstanceOf(UnauthorizedError)
      expect((error as Error).message).toBe('email or password is invalid')
    }
    await w.users.update!(created.id, { password: 'secret-2', bio: 'new' })
    expect((await w.users.login!(`${name}@example.com`, 'secret-2')).bio, '🚨 update(userId, { password }) stores the new password, hashed').toBe('new')
    expect(await w.users.current!(created.id)).toMatchObject({ username: name, bio: 'new' })
    expect(await refusal(w.users.register!({ username: name, email: `${unique()}@x.io`, password: 'p' }))).toBeInstanceOf(ValidationError)
  })

  test('profiles: a missing user is "profile not found" (a 404), following is one way and idempotent', async () => {
    const w = await world()
    const fan = await person(w)
    const star = await person(w)
    const missing = await refusal(w.profiles.get!(unique('nobody'), null))
    expect(
      missing,
      '🚨 nobody by that name is NotFoundError("profile not found"): a 404, not the client sending a bad request',
    ).toBeInstanceOf(NotFoundError)
    expect((missing as Error).message).toBe('profile not found')
    expect(await w.profiles.get!(star.username, fan.id)).toStrictEqual({
      id: star.id,
      username: star.username,
      bio: '',
      image: null,
      following: false,
    })
    await w.profiles.follow!(fan.id, star.username)
    expect((await w.profiles.follow!(fan.id, star.username)).following).toBe(true)
    expect((await w.profiles.get!(star.username, fan.id)).following).toBe(true)
    expect((await w.profiles.get!(star.username, null)).following, '🚨 nobody asking follows nobody').toBe(false)
    expect((await w.profiles.get!(fan.username, star.id)).following, '🚨 following is one way').toBe(false)
    expect((await w.profiles.unfollow!(fan.id, star.username)).following).toBe(false)
    expect(await refusal(w.profiles.follow!(fan.id, unique('nobody')))).toBeInstanceOf(NotFoundError)
  })

  test('articles: the slug comes from the title, unique; tags sorted once; the view says who wrote it', async () => {
    const w = await world()
    const author = await person(w)
    const first = await w.articles.create!(author.id, draft('How to Train Your Dragon!', ['training', 'dragons', 'training']))
    const second = await w.articles.create!(author.id, draft('How to Train Your Dragon!'))
    expect(first.slug, '🚨 create makes the slug from the title: lowercase words joined by dashes').toMatch(
      /^how-to-train-your-dragon(-[a-z0-9]+)?$/,
    )
    expect(second.slug, '🚨 two articles with one title get different slugs').not.toBe(first.slug)
    expect(first).toMatchObject({
      title: 'How to Train Your Dragon!',
      tagList: ['dragons', 'training'],
      favorited: false,
      favoritesCount: 0,
      author: { id: author.id, username: author.username, following: false },
    })
    expect(first.author, '🚨 an article view’s author is a profile: no email').not.toHaveProperty('email')
  })

  test('articles: only the author updates or deletes; anyone may favorite, once', async () => {
    const w = await world()
    const author = await person(w)
    const other = await person(w)
    const created = await w.articles.create!(author.id, draft())
    const article = await w.repositories.articles.findBySlug(created.slug)
    const forbidden = await refusal(w.articles.update!(other.id, article, { body: 'mine now' }))
    expect(forbidden, '🚨 update by someone other than the author: ForbiddenError, decided in the service').toBeInstanceOf(ForbiddenError)
    expect(await refusal(w.articles.remove!(other.id, article)), '🚨 remove by someone other than the author: ForbiddenError').toBeInstanceOf(
      ForbiddenError,
    )
    expect((await w.repositories.articles.findBySlug(created.slug))?.body, '🚨 a refused update changes nothing').toBe('Body')
    expect((await w.articles.update!(author.id, article, { body: 'better' })).body).toBe('better')

    expect(await w.articles.favorite!(other.id, article)).toMatchObject({ favorited: true, favoritesCount: 1 })
    expect(await w.articles.favorite!(other.id, article)).toMatchObject({ favorited: true, favoritesCount: 1 })
    expect(await w.articles.favorite!(author.id, article)).toMatchObject({ favorited: true, favoritesCount: 2 })
    expect(await w.articles.unfavorite!(other.id, article)).toMatchObject({ favorited: false, favoritesCount: 1 })

    await w.articles.remove!(author.id, article)
    expect(await w.repositories.articles.findBySlug(created.slug)).toBeNull()
  })

  test('articles: the feed and the lists are seen through the reader’s eyes', async () => {
    const w = await world()
    const reader = await person(w)
    const followed = await person(w)
    const stranger = await person(w)
    await w.profiles.follow!(reader.id, followed.username)
    const theirs = await w.articles.create!(followed.id, draft())
    await w.articles.create!(stranger.id, draft())
    await w.articles.create!(reader.id, draft())
    const feed = await w.articles.feed!(reader.id, { limit: 20, offset: 0 })
    expect(
      { slugs: feed.articles.map((a: { slug: string }) => a.slug), count: feed.articlesCount },
      '🚨 feed(readerId, { limit, offset }) holds the articles of the authors the reader follows, not their own',
    ).toEqual({ slugs: [theirs.slug], count: 1 })
    expect(feed.articles[0].author.following).toBe(true)
    const loaded = await w.repositories.articles.findBySlug(theirs.slug)
    await w.articles.favorite!(reader.id, loaded)
    const listed = await w.articles.list!({ author: followed.username, limit: 20, offset: 0 }, reader.id)
    expect(listed.articles[0]).toMatchObject({ slug: theirs.slug, favorited: true, author: { following: true } })
    const anonymous = await w.articles.list!({ favorited: reader.username, limit: 20, offset: 0 }, null)
    expect(anonymous.articles[0]).toMatchObject({ slug: theirs.slug, favorited: false, author: { following: false } })
  })

  test('comments: only their author deletes them, and only through their own article', async () => {
    const w = await world()
    const author = await person(w)
    const other = await person(w)
    const created = await w.articles.create!(author.id, draft())
    const elsewhere = await w.articles.create!(author.id, draft())
    const article = await w.repositories.articles.findBySlug(created.slug)
    const otherArticle = await w.repositories.articles.findBySlug(elsewhere.slug)
    const comment = await w.comments.create!(other.id, article, 'first')
    expect(comment).toMatchObject({ body: 'first', author: { username: other.username, following: false } })
    expect((await w.comments.list!(article, author.id)).map((c: { id: number }) => c.id)).toEqual([comment.id])
    const wrongArticle = await refusal(w.comments.remove!(other.id, otherArticle, comment.id))
    expect(wrongArticle, '🚨 a comment of another article is not found through this one').toBeInstanceOf(NotFoundError)
    expect((wrongArticle as Error).message).toBe('comment not found')
    expect(await refusal(w.comments.remove!(author.id, article, comment.id)), '🚨 deleting someone else’s comment: ForbiddenError').toBeInstanceOf(
      ForbiddenError,
    )
    await w.comments.remove!(other.id, article, comment.id)
    expect(await w.comments.list!(article, null)).toEqual([])
  })
})

// ---------- the layers, on the real import graph ----------

const HTTP_PACKAGES = /^(express|express-serve-static-core|supertest|node:http|http|node:https|https|body-parser)(\/|$)|^@types\/express/

/** The import chain (types included) from `file` to the first module `forbidden` names, or undefined. */
function chainTo(
  modules: SourceModule[],
  file: string,
  forbidden: (specifierOrLocal: string) => boolean,
  seen = new Set<string>(),
): string[] | undefined {
  if (seen.has(file)) return undefined
  seen.add(file)
  const module = modules.find((candidate) => candidate.file === file)
  if (!module) return undefined
  for (const specifier of namedModules(module)) {
    if (specifier === '<dynamic>') return [`src/${file}`, 'import(<computed>)']
    const local = resolveLocalImport(modules, file, specifier)
    if (forbidden(local ?? specifier)) return [`src/${file}`, local ? `src/${local}` : specifier]
    if (local) {
      const rest = chainTo(modules, local, forbidden, seen)
      if (rest) return [`src/${file}`, ...rest]
    }
  }
  return undefined
}

const reachesPrisma = (target: string) =>
  isPrisma(target) || target === 'db.ts' || target.startsWith('repositories/prisma/')

describe('04.02 the layers', () => {
  const modules = readSourceModules(srcDir)
  const inFolder = (folder: string) => modules.filter((module) => module.file.startsWith(`${folder}/`))

  test('the services know nothing of HTTP: no express, no request or response, no status codes', () => {
    const services = inFolder('services')
    expect(
      services.filter((module) => module.file.endsWith('.service.ts')).length,
      '🚨 put the business rules in src/services/*.service.ts (createArticleService, createUserService, …)',
    ).toBeGreaterThanOrEqual(4)
    const http = services.flatMap((module) => {
      const chain = chainTo(
        modules,
        module.file,
        (target) =>
          HTTP_PACKAGES.test(target) ||
          /^(middleware|controllers|routes)\//.test(target) ||
          target === 'errors/send-error.ts' ||
          target === 'app.ts' ||
          target === 'server.ts',
      )
      return chain ? [chain.join(' → ')] : []
    })
    expect(
      http,
      `🚨 a service is called from a controller, a test or a job alike: it takes values and returns values, and throws the app's errors. Nothing of Express, the middleware or the controllers belongs in it:\n${http.slice(0, 4).join('\n')}`,
    ).toEqual([])
    const statuses = services.flatMap((module) =>
      ['status', 'statusCode'].flatMap((key) => findObjectsWithKey(module, key).map(describeSite)),
    )
    expect(
      statuses,
      `🚨 a service returns what it made (an article, a profile), not an HTTP answer: the controller picks the status, the error classes carry theirs:\n${statuses.slice(0, 3).join('\n')}`,
    ).toEqual([])
  })

  test('routes, controllers and services never reach Prisma, not even for a type', () => {
    const above = [...inFolder('routes'), ...inFolder('controllers'), ...inFolder('services')]
    expect(inFolder('controllers').length, '🚨 put the handlers in src/controllers/*.controller.ts').toBeGreaterThan(0)
    const reaching = above.flatMap((module) => {
      const chain = chainTo(modules, module.file, reachesPrisma)
      return chain ? [chain.join(' → ')] : []
    })
    expect(reaching, `🚨 only the Prisma repositories (and db.ts) know Prisma:\n${reaching.slice(0, 4).join('\n')}`).toEqual([])
  })

  test('the controllers and routes go through the services: no repository is called from them', () => {
    expect(inFolder('controllers').length, '🚨 put the handlers in src/controllers/*.controller.ts').toBeGreaterThan(0)
    const direct = [...inFolder('routes'), ...inFolder('controllers')].flatMap((module) =>
      findImports(module)
        .map((specifier) => resolveLocalImport(modules, module.file, specifier))
        .filter((local): local is string => local !== undefined && local.startsWith('repositories/'))
        .map((local) => `src/${module.file} → src/${local}`),
    )
    expect(direct, `🚨 a controller calls one service method; the service talks to the repositories:\n${direct.join('\n')}`).toEqual([])
  })

  test('no route or controller answers 401 itself: the current-user middleware is the one place', () => {
    const byHand = [...inFolder('routes'), ...inFolder('controllers')].flatMap((module) =>
      allNodes(module)
        .filter((node) => ts.isIdentifier(node) && node.text === 'UnauthorizedError')
        .map((node) => describeSite(siteOf(module, node))),
    )
    expect(
      byHand,
      `🚨 "find the current user or 401" belongs in requireUser, which runs first and hands the user id on; the handlers read it:\n${byHand.slice(0, 3).join('\n')}`,
    ).toEqual([])
  })

  test('the handlers never look the article up themselves: they get the one the loader found', () => {
    // However the loader is mounted (in each chain, or router.use('/articles/:slug', …)),
    // a controller or a route that calls the look-up itself has kept the old shortcut.
    const byHandlers = [...inFolder('controllers'), ...inFolder('routes')].flatMap((module) =>
      [...findCalls(module, 'getBySlug'), ...findCalls(module, 'findBySlug')].map(describeSite),
    )
    expect(
      byHandlers,
      `🚨 "load the article or 404" runs once, in the article loader in front of every /articles/:slug route; the handler reads what it found:\n${byHandlers.slice(0, 3).join('\n')}`,
    ).toEqual([])
  })

  test('the article of /articles/:slug is looked up in one place', () => {
    const lookups = modules
      .filter((module) => !module.file.startsWith('repositories/'))
      .flatMap((module) => findCalls(module, 'findBySlug').map(describeSite))
    expect(
      lookups.length,
      `🚨 "load the article or 404" is one middleware (an article loader) in front of every /articles/:slug route, not a look-up in each handler:\n${lookups.join('\n')}`,
    ).toBeLessThanOrEqual(1)
  })
})

// ---------- who is asking, once per request ----------

describe('04.02 who is asking is settled once per request', () => {
  let fx: { token: string; slug: string; commentId: number; username: string; other: string }
  beforeAll(async () => {
    const app = await getApp()
    const me = await registerUser(app)
    const them = await registerUser(app)
    const article = await createArticle(app, me.token)
    const comment = await createComment(app, me.token, article.slug)
    fx = { token: me.token, slug: article.slug, commentId: comment.id, username: them.user.username, other: me.user.username }
  })

  test('every protected route verifies the token once', async () => {
    const app = await getApp()
    const as = (test: request.Test) => test.set('Authorization', auth(fx.token))
    const calls: Array<[string, () => request.Test]> = [
      ['GET /api/user', () => as(request(app).get('/api/user'))],
      ['PUT /api/user', () => as(request(app).put('/api/user')).send({ user: { bio: unique() } })],
      ['POST /api/profiles/:username/follow', () => as(request(app).post(`/api/profiles/${fx.username}/follow`))],
      ['DELETE /api/profiles/:username/follow', () => as(request(app).delete(`/api/profiles/${fx.username}/follow`))],
      ['GET /api/articles/feed', () => as(request(app).get('/api/articles/feed'))],
      ['POST /api/articles', () => as(request(app).post('/api/articles')).send({ article: draft() })],
      ['PUT /api/articles/:slug', () => as(request(app).put(`/api/articles/${fx.slug}`)).send({ article: { body: 'b2' } })],
      ['POST /api/articles/:slug/favorite', () => as(request(app).post(`/api/articles/${fx.slug}/favorite`))],
      ['DELETE /api/articles/:slug/favorite', () => as(request(app).delete(`/api/articles/${fx.slug}/favorite`))],
      [
        'POST /api/articles/:slug/comments',
        () => as(request(app).post(`/api/articles/${fx.slug}/comments`)).send({ comment: { body: 'hi' } }),
      ],
      ['DELETE /api/articles/:slug/comments/:id', () => as(request(app).delete(`/api/articles/${fx.slug}/comments/${fx.commentId}`))],
      ['GET /api/articles (with a token)', () => as(request(app).get(`/api/articles?author=${fx.other}`))],
      ['GET /api/profiles/:username (with a token)', () => as(request(app).get(`/api/profiles/${fx.username}`))],
    ]
    const counts: string[] = []
    for (const [what, send] of calls) {
      verified.count = 0
      const response = await send()
      expect(response.status, `🚨 ${what} should still work: ${response.text}`).toBeLessThan(300)
      if (verified.count !== 1) counts.push(`${what}: ${verified.count} verifications`)
    }
    expect(
      counts,
      '🚨 requireUser (and optionalUser) verify the token and hand the user id to the handler (res.locals, or a typed accessor); the handler must not look the user up again',
    ).toEqual([])
  })
})

/**
 * 06.02 invalidation: no stale read after any write.
 *
 * One row per write route of the app. Each row builds a scene (an author, an article with
 * a tag of its own, a reader who has commented), warms the cached reads of one app, proves
 * they are served from its cache (an anonymous re-read makes no query: a fresh answer
 * from a cold cache proves nothing), does the write, and reads everything again. Fresh
 * means: what a second app on the same database, with a cold cache of its own, answers.
 *
 * The rows are checked against the app's own router: a write route added to the app
 * without a row here fails its own test, and so does a row for a route that is gone.
 */
import type { Express } from 'express'
import request from 'supertest'
import { describe, expect, test } from 'vitest'
import { buildApp, getApp, type QueryEvent } from './support/app.js'
import { auth, createArticle, createComment, favorite, follow, registerUser, unique, type RegisteredUser } from './support/factories.js'

interface Scene {
  author: RegisteredUser
  reader: RegisteredUser
  slug: string
  tag: string
  commentId: number
}

/** The reads a row compares before and after its write, as a client sees them. */
type ReadName = 'article' | 'list' | 'author list' | 'profile' | 'tags' | 'comments' | "reader's article" | "reader's profile"

interface Row {
  /** Set the scene up before the cache is warmed (a favorite to take back, say). */
  given?: (app: Express, scene: Scene) => Promise<void>
  /** The write, through the app whose cache is warm. */
  write: (app: Express, scene: Scene) => Promise<request.Response>
  /** The reads whose answer this write must change (the rest must not change). */
  changes: ReadName[]
}

const send = (app: Express, method: 'post' | 'put' | 'delete', path: string, token: string, body?: object) => {
  const call = request(app)[method](path).set('Authorization', auth(token))
  return body === undefined ? call : call.send(body)
}

const rows: Record<string, Row> = {
  'POST /users': {
    write: (app) => request(app).post('/api/users').send({ user: { username: unique('user'), email: `${unique('mail')}@example.com`, password: 'a long enough password' } }),
    changes: [],
  },
  'POST /users/login': {
    write: (app, { reader }) => request(app).post('/api/users/login').send({ user: { email: reader.user.email, password: reader.password } }),
    changes: [],
  },
  'PUT /user': {
    write: (app, { author }) => send(app, 'put', '/api/user', author.token, { user: { username: unique('renamed'), bio: `bio ${unique()}`, image: `https://example.com/${unique()}.png` } }),
    // The author's name, bio and image as an author and on the profile; the old username
    // is no longer anyone's, so its profile and `?author=` list answer differently too.
    changes: ['article', 'list', 'author list', 'profile', "reader's article", "reader's profile"],
  },
  'POST /profiles/:username/follow': {
    write: (app, { author, reader }) => send(app, 'post', `/api/profiles/${author.user.username}/follow`, reader.token),
    changes: ["reader's article", "reader's profile"],
  },
  'DELETE /profiles/:username/follow': {
    given: async (app, { author, reader }) => void (await follow(app, reader.token, author.user.username)),
    write: (app, { author, reader }) => send(app, 'delete', `/api/profiles/${author.user.username}/follow`, reader.token),
    changes: ["reader's article", "reader's profile"],
  },
  'POST /articles': {
    write: (app, { author, tag }) => send(app, 'post', '/api/articles', author.token, { article: { title: `New ${unique()}`, description: 'd', body: 'b', tagList: [tag, unique('newtag')] } }),
    // A second article by the author, with the scene's tag (no change) and one nobody used.
    changes: ['list', 'author list', 'tags'],
  },
  'PUT /articles/:slug': {
    write: (app, { author, slug }) => send(app, 'put', `/api/articles/${slug}`, author.token, { article: { body: `Edited ${unique()}`, description: 'edited' } }),
    changes: ['article', 'list', 'author list', "reader's article"],
  },
  'DELETE /articles/:slug': {
    // The only article with the scene's tag: the tag goes with it.
    write: (app, { author, slug }) => send(app, 'delete', `/api/articles/${slug}`, author.token),
    changes: ['article', 'list', 'author list', 'tags', 'comments', "reader's article"],
  },
  'POST /articles/:slug/favorite': {
    write: (app, { reader, slug }) => send(app, 'post', `/api/articles/${slug}/favorite`, reader.token),
    changes: ['article', 'list', 'author list', "reader's article"],
  },
  'DELETE /articles/:slug/favorite': {
    given: async (app, { reader, slug }) => void (await favorite(app, reader.token, slug)),
    write: (app, { reader, slug }) => send(app, 'delete', `/api/articles/${slug}/favorite`, reader.token),
    changes: ['article', 'list', 'author list', "reader's article"],
  },
  'POST /articles/:slug/comments': {
    write: (app, { reader, slug }) => send(app, 'post', `/api/articles/${slug}/comments`, reader.token, { comment: { body: `More ${unique()}` } }),
    changes: ['comments'],
  },
  'DELETE /articles/:slug/comments/:id': {
    write: (app, { reader, slug, commentId }) => send(app, 'delete', `/api/articles/${slug}/comments/${commentId}`, reader.token),
    changes: ['comments'],
  },
}

/** Every route of the app that is not a GET, as "METHOD /path" under /api, read from its routers. */
function writeRoutes(app: Express): string[] {
  interface Layer {
    route?: { path: string; methods: Record<string, boolean> }
    handle?: { stack?: Layer[] }
  }
  const found: string[] = []
  const walk = (stack: Layer[]) => {
    for (const layer of stack) {
      if (layer.route) {
        for (const method of Object.keys(layer.route.methods)) {
          if (method !== 'get' && method !== 'head' && method !== '_all') found.push(`${method.toUpperCase()} ${layer.route.path}`)
        }
      } else if (layer.handle?.stack) {
        walk(layer.handle.stack)
      }
    }
  }
  const router = (app as unknown as { router: { stack: Layer[] } }).router
  walk(router.stack)
  return found
}

const appRoutes = writeRoutes(await getApp())
const routesToCheck = [...new Set([...appRoutes, ...Object.keys(rows)])].sort()

interface Answer {
  status: number
  body: unknown
}

async function answer(app: Express, path: string, token?: string): Promise<Answer> {
  const call = request(app).get(path)
  const response = await (token === undefined ? call : call.set('Authorization', auth(token)))
  return { status: response.status, body: response.body }
}

/** The reads of a scene; the author's username is the one they had when it was set up. */
function reads(scene: Scene): Record<ReadName, (app: Express) => Promise<Answer>> {
  const article = `/api/articles/${scene.slug}`
  const profile = `/api/profiles/${scene.author.user.username}`
  return {
    article: (app) => answer(app, article),
    list: (app) => answer(app, `/api/articles?tag=${scene.tag}`),
    'author list': (app) => answer(app, `/api/articles?author=${scene.author.user.username}`),
    profile: (app) => answer(app, profile),
    tags: async (app) => {
      // Whether the scene's tags are in use: the whole list also has other tests' tags.
      const { status, body } = await answer(app, '/api/tags')
      const tags = (body as { tags?: string[] }).tags ?? []
      return { status, body: tags.filter((name) => name === scene.tag || name.startsWith('newtag')).sort() }
    },
    comments: (app) => answer(app, `${article}/comments`),
    "reader's article": (app) => answer(app, article, scene.reader.token),
    "reader's profile": (app) => answer(app, profile, scene.reader.token),
  }
}

/** The reads a warm cache must answer without a query: the anonymous ones it caches. */
const CACHED: ReadName[] = ['article', 'list', 'author list', 'profile', 'tags']

describe('06.02 no stale read after any write route', () => {
  test.each(routesToCheck)('%s', async (route) => {
    expect(
      appRoutes,
      `🚨 this test has a row for ${route}, but the app has no such route: remove the row, or put the route back`,
    ).toContain(route)
    const row = rows[route]
    expect(
      row,
      `🚨 the app has a write route ${route} with no row in this table: add one (what the write changes, and what a reader must then see)`,
    ).toBeDefined()

    const queries: QueryEvent[] = []
    const warm = await buildApp({ beforeQuery: (query) => void queries.push(query) })
    const author = await registerUser(warm)
    const reader = await registerUser(warm)
    const tag = unique('tag')
    const { slug } = await createArticle(warm, author.token, { tagList: [tag] })
    const { id: commentId } = await createComment(warm, reader.token, slug)
    const scene: Scene = { author, reader, slug, tag, commentId }
    await row!.given?.(warm, scene)
    const read = reads(scene)
    const names = Object.keys(read) as ReadName[]

    const before = new Map<ReadName, Answer>()
    for (const name of names) before.set(name, await read[name](warm))
    for (const name of CACHED) {
      const start = queries.length
      await read[name](warm)
      const made = queries.slice(start).map((query) => `${query.model ?? ''}.${query.operation}`)
      expect(made, `🚨 the anonymous ${name} read was not served from the cache the second time (${made.join(', ')}): cache it, so this row can prove the write clears it`).toEqual([])
    }

    const written = await row!.write(warm, scene)
    expect(written.status, `${route}: ${JSON.stringify(written.body)}`).toBeLessThan(300)

    // A second app on the same database, whose cache has never seen any of this.
    const cold = await buildApp()
    for (const name of names) {
      const served = await read[name](warm)
      expect(
        served,
        `🚨 after ${route}, the ${name} read served a stale answer from the cache: forget (or version) what this write changes`,
      ).toEqual(await read[name](cold))
      const changed = JSON.stringify(served) !== JSON.stringify(before.get(name))
      expect(changed, `${route} should ${row!.changes.includes(name) ? '' : 'not '}change the ${name} read`).toBe(row!.changes.includes(name))
    }
  })
})

describe('06.02 list pages are cached, under a version every write moves', () => {
  test('a second anonymous GET /api/articles makes no query, for any filter and page', async () => {
    const queries: QueryEvent[] = []
    const app = await buildApp({ beforeQuery: (query) => void queries.push(query) })
    const author = await registerUser(app)
    const tag = unique('tag')
    await createArticle(app, author.token, { tagList: [tag] })
    await createArticle(app, author.token, { tagList: [tag] })
    for (const path of ['/api/articles', `/api/articles?tag=${tag}&limit=1&offset=1`, `/api/articles?author=${author.user.username}`]) {
      const first = await answer(app, path)
      const start = queries.length
      expect(await answer(app, path)).toEqual(first)
      expect(queries.length - start, `🚨 the second anonymous GET ${path} queried the database: cache the page`).toBe(0)
    }
  })

  test('a signed-in reader gets the cached page with their own favorited and following', async () => {
    const queries: QueryEvent[] = []
    const app = await buildApp({ beforeQuery: (query) => void queries.push(query) })
    const author = await registerUser(app)
    const fan = await registerUser(app)
    const tag = unique('tag')
    const { slug } = await createArticle(app, author.token, { tagList: [tag] })
    await favorite(app, fan.token, slug)
    await follow(app, fan.token, author.user.username)
    const path = `/api/articles?tag=${tag}`
    const forAnyone = await answer(app, path)
    const start = queries.length
    const forFan = await answer(app, path, fan.token)
    const made = queries.slice(start)
    // One article on the page: whether the fan favorited it and follows its author.
    expect(made.length, `🚨 the fan’s read of a cached page made ${made.length} queries: read the page and its authors from the cache, and ask only about the fan`).toBeLessThanOrEqual(2)
    expect((forFan.body as { articles: object[] }).articles[0], '🚨 the fan’s own favorited/following are missing from the list').toMatchObject({ favorited: true, favoritesCount: 1, author: { following: true } })
    expect((forAnyone.body as { articles: object[] }).articles[0]).toMatchObject({ favorited: false, favoritesCount: 1, author: { following: false } })
    expect((await answer(app, path)).body, '🚨 the fan’s favorited/following were served to an anonymous reader').toEqual(forAnyone.body)
  })
})

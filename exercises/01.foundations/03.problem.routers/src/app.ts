// 👨‍💼 Every change to Conduit is a change to this one file: two people touching
// comments and favorites collide in review, and nobody can see at a glance which
// routes a resource has. Operations also want a health endpoint to point the load
// balancer at, and today there is none.

import express, { type Express } from 'express'
import { checkPassword, createAuth, hashPassword } from './auth.js'
import type { Config } from './config.js'
import type { Article, Prisma, PrismaClient, User } from './generated/prisma/client.js'

/** What the app needs from the outside world, handed in by whoever builds it. */
export interface AppDeps {
  prisma: PrismaClient
  config: Config
}

// ---------- helpers ----------

// 🐨 several routers need these helpers: move userResponse, profileResponse and
// articleResponse (with getTagList) into a module of their own and export them.
// 💰 the solution calls it src/responses.ts. slugify is only for articles: it can
// go to the article router.

function userResponse(user: User, token: string) {
  return {
    email: user.email,
    token,
    username: user.username,
    bio: user.bio,
    image: user.image,
  }
}

async function profileResponse(prisma: PrismaClient, user: User, currentUserId: number | null) {
  let following = false
  if (currentUserId) {
    const follow = await prisma.follow.findUnique({
      where: { followerId_followingId: { followerId: currentUserId, followingId: user.id } },
    })
    following = !!follow
  }
  return {
    username: user.username,
    bio: user.bio,
    image: user.image,
    following,
  }
}

async function getTagList(prisma: PrismaClient, articleId: number) {
  const rows = await prisma.articleTag.findMany({ where: { articleId }, include: { tag: true } })
  // Sorted: clients expect tags alphabetically, whatever order they were given in.
  return rows.map((row) => row.tag.name).sort()
}

async function articleResponse(prisma: PrismaClient, article: Article, currentUserId: number | null) {
  const author = await prisma.user.findUnique({ where: { id: article.authorId } })
  const tagList = await getTagList(prisma, article.id)
  let favorited = false
  if (currentUserId) {
    const fav = await prisma.favorite.findUnique({
      where: { userId_articleId: { userId: currentUserId, articleId: article.id } },
    })
    favorited = !!fav
  }
  return {
    slug: article.slug,
    title: article.title,
    description: article.description,
    body: article.body,
    tagList,
    createdAt: article.createdAt,
    updatedAt: article.updatedAt,
    favorited,
    favoritesCount: article.favoritesCount,
    author: await profileResponse(prisma, author!, currentUserId),
  }
}

function slugify(title: string) {
  const base = title
    .toLowerCase()
    .trim()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
  return `${base || 'article'}-${Math.random().toString(36).slice(2, 8)}`
}

/**
 * Builds the Conduit API around the dependencies it is given, and does nothing
 * else: no port, no connection of its own. Whoever calls it decides where the
 * app runs (src/server.ts) or how it is exercised (the tests, with their own
 * database).
 */
export function createApp({ prisma, config }: AppDeps): Express {
  // 🐨 the routers need the token helpers too: build them once here with createAuth,
  // and hand `{ prisma, auth }` to each router factory. Inside a router, taking
  // signToken and getUserId out of auth keeps the handlers as they are.
  const { signToken, getUserId } = createAuth(config.jwtSecret)
  const app = express()
  app.use(express.json())

  // ---------- users ----------

  // 🐨 one router per resource, in src/routes/. Each file exports a factory that takes
  // the deps and returns an express Router with the routes registered on it, their
  // paths without the /api prefix:
  //   user.routes.ts     createUserRouter     POST /users, POST /users/login, GET and PUT /user
  //   profile.routes.ts  createProfileRouter  /profiles/:username and its /follow
  //   article.routes.ts  createArticleRouter  /articles, /articles/feed, /articles/:slug, favorites
  //   comment.routes.ts  createCommentRouter  /articles/:slug/comments(/:id)
  //   tag.routes.ts      createTagRouter      GET /tags
  // 💰 a router factory is createApp one level down: it makes a Router (a named export
  // of express), registers its routes on that router instead of on app, and returns it.
  // The handlers move over as they are; only `app.` and the /api prefix change.

  app.post('/api/users', async (req, res) => {
    try {
      const user = req.body?.user
      if (!user || typeof user !== 'object') {
        return res.status(422).json({ errors: { body: ['user is required'] } })
      }
      if (!user.username || typeof user.username !== 'string') {
        return res.status(422).json({ errors: { body: ["username can't be blank"] } })
      }
      if (!user.email || typeof user.email !== 'string') {
        return res.status(422).json({ errors: { body: ["email can't be blank"] } })
      }
      if (!user.password || typeof user.password !== 'string') {
        return res.status(422).json({ errors: { body: ["password can't be blank"] } })
      }

      const emailTaken = await prisma.user.findUnique({ where: { email: user.email } })
      if (emailTaken) {
        return res.status(422).json({ errors: { body: ['email has already been taken'] } })
      }
      const usernameTaken = await prisma.user.findUnique({ where: { username: user.username } })
      if (usernameTaken) {
        return res.status(422).json({ errors: { body: ['username has already been taken'] } })
      }

      const created = await prisma.user.create({
        data: {
          email: user.email,
          username: user.username,
          password: hashPassword(user.password),
        },
      })
      console.log('registered user', created.username)
      res.status(201).json({ user: userResponse(created, signToken(created)) })
    } catch (err) {
      console.error(err)
      res.status(500).json({ errors: { body: ['something went wrong'] } })
    }
  })

  app.post('/api/users/login', async (req, res) => {
    try {
      const user = req.body?.user
      if (!user || typeof user !== 'object') {
        return res.status(422).json({ errors: { body: ['user is required'] } })
      }
      if (!user.email || typeof user.email !== 'string') {
        return res.status(422).json({ errors: { body: ["email can't be blank"] } })
      }
      if (!user.password || typeof user.password !== 'string') {
        return res.status(422).json({ errors: { body: ["password can't be blank"] } })
      }

      const found = await prisma.user.findUnique({ where: { email: user.email } })
      if (!found || !checkPassword(user.password, found.password)) {
        console.log('failed login for', user.email)
        return res.status(401).json({ errors: { body: ['email or password is invalid'] } })
      }
      res.json({ user: userResponse(found, signToken(found)) })
    } catch (err) {
      console.error(err)
      res.status(500).json({ errors: { body: ['something went wrong'] } })
    }
  })

  app.get('/api/user', async (req, res) => {
    try {
      const userId = getUserId(req)
      if (!userId) {
        return res.status(401).json({ errors: { body: ['unauthorized'] } })
      }
      const user = await prisma.user.findUnique({ where: { id: userId } })
      if (!user) {
        return res.status(401).json({ errors: { body: ['unauthorized'] } })
      }
      res.json({ user: userResponse(user, signToken(user)) })
    } catch (err) {
      console.error(err)
      res.status(500).json({ errors: { body: ['something went wrong'] } })
    }
  })

  app.put('/api/user', async (req, res) => {
    try {
      const userId = getUserId(req)
      if (!userId) {
        return res.status(401).json({ errors: { body: ['unauthorized'] } })
      }
      if (!req.body?.user || typeof req.body.user !== 'object') {
        return res.status(422).json({ errors: { body: ['user is required'] } })
      }
      const { email, username, password, bio, image } = req.body.user
      if (
        email === undefined &&
        username === undefined &&
        password === undefined &&
        bio === undefined &&
        image === undefined
      ) {
        return res.status(422).json({ errors: { body: ['nothing to update'] } })
      }
      if (email !== undefined && (!email || typeof email !== 'string')) {
        return res.status(422).json({ errors: { body: ["email can't be blank"] } })
      }
      if (username !== undefined && (!username || typeof username !== 'string')) {
        return res.status(422).json({ errors: { body: ["username can't be blank"] } })
      }
      if (password !== undefined && (!password || typeof password !== 'string')) {
        return res.status(422).json({ errors: { body: ["password can't be blank"] } })
      }
      if (bio !== undefined && typeof bio !== 'string') {
        return res.status(422).json({ errors: { body: ['bio must be a string'] } })
      }
      if (image !== undefined && image !== null && typeof image !== 'string') {
        return res.status(422).json({ errors: { body: ['image must be a string'] } })
      }

      if (email) {
        const existing = await prisma.user.findUnique({ where: { email } })
        if (existing && existing.id !== userId) {
          return res.status(422).json({ errors: { body: ['email has already been taken'] } })
        }
      }
      if (username) {
        const existing = await prisma.user.findUnique({ where: { username } })
        if (existing && existing.id !== userId) {
          return res.status(422).json({ errors: { body: ['username has already been taken'] } })
        }
      }

      const user = await prisma.user.update({
        where: { id: userId },
        data: {
          email,
          username,
          password: password ? hashPassword(password) : undefined,
          bio,
          image,
        },
      })
      res.json({ user: userResponse(user, signToken(user)) })
    } catch (err) {
      console.error(err)
      res.status(500).json({ errors: { body: ['something went wrong'] } })
    }
  })

  // ---------- profiles ----------

  app.get('/api/profiles/:username', async (req, res) => {
    try {
      const userId = getUserId(req)
      const user = await prisma.user.findUnique({ where: { username: req.params.username } })
      if (!user) {
        return res.status(404).json({ errors: { body: ['profile not found'] } })
      }
      res.json({ profile: await profileResponse(prisma, user, userId) })
    } catch (err) {
      console.error(err)
      res.status(500).json({ errors: { body: ['something went wrong'] } })
    }
  })

  app.post('/api/profiles/:username/follow', async (req, res) => {
    try {
      const userId = getUserId(req)
      if (!userId) {
        return res.status(401).json({ errors: { body: ['unauthorized'] } })
      }
      const user = await prisma.user.findUnique({ where: { username: req.params.username } })
      if (!user) {
        return res.status(404).json({ errors: { body: ['profile not found'] } })
      }
      const existing = await prisma.follow.findUnique({
        where: { followerId_followingId: { followerId: userId, followingId: user.id } },
      })
      if (!existing) {
        await prisma.follow.create({ data: { followerId: userId, followingId: user.id } })
      }
      res.json({ profile: await profileResponse(prisma, user, userId) })
    } catch (err) {
      console.error(err)
      res.status(500).json({ errors: { body: ['something went wrong'] } })
    }
  })

  app.delete('/api/profiles/:username/follow', async (req, res) => {
    try {
      const userId = getUserId(req)
      if (!userId) {
        return res.status(401).json({ errors: { body: ['unauthorized'] } })
      }
      const user = await prisma.user.findUnique({ where: { username: req.params.username } })
      if (!user) {
        return res.status(404).json({ errors: { body: ['profile not found'] } })
      }
      await prisma.follow.deleteMany({ where: { followerId: userId, followingId: user.id } })
      res.json({ profile: await profileResponse(prisma, user, userId) })
    } catch (err) {
      console.error(err)
      res.status(500).json({ errors: { body: ['something went wrong'] } })
    }
  })

  // ---------- articles ----------

  app.get('/api/articles', async (req, res) => {
    try {
      const userId = getUserId(req)
      const limit = parseInt(req.query.limit as string) || 20
      const offset = parseInt(req.query.offset as string) || 0

      const where: Prisma.ArticleWhereInput = {}
      if (req.query.tag) {
        where.tags = { some: { tag: { name: req.query.tag as string } } }
      }
      if (req.query.author) {
        const author = await prisma.user.findUnique({ where: { username: req.query.author as string } })
        if (!author) {
          return res.json({ articles: [], articlesCount: 0 })
        }
        where.authorId = author.id
      }
      if (req.query.favorited) {
        const favUser = await prisma.user.findUnique({ where: { username: req.query.favorited as string } })
        if (!favUser) {
          return res.json({ articles: [], articlesCount: 0 })
        }
        where.favorites = { some: { userId: favUser.id } }
      }

      const articles = await prisma.article.findMany({
        where,
        orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
        skip: offset,
        take: limit,
      })
      const articlesCount = await prisma.article.count({ where })

      const result = []
      for (const article of articles) {
        const { body: _body, ...rest } = await articleResponse(prisma, article, userId)
        result.push(rest)
      }
      res.json({ articles: result, articlesCount })
    } catch (err) {
      console.error(err)
      res.status(500).json({ errors: { body: ['something went wrong'] } })
    }
  })

  // 🦉 Express tries routes in the order they were registered. In the article router,
  // keep this one before GET /articles/:slug, or "feed" is taken for a slug.
  app.get('/api/articles/feed', async (req, res) => {
    try {
      const userId = getUserId(req)
      if (!userId) {
        return res.status(401).json({ errors: { body: ['unauthorized'] } })
      }
      const limit = parseInt(req.query.limit as string) || 20
      const offset = parseInt(req.query.offset as string) || 0

      const follows = await prisma.follow.findMany({ where: { followerId: userId } })
      const authorIds = follows.map((f) => f.followingId)

      const articles = await prisma.article.findMany({
        where: { authorId: { in: authorIds } },
        orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
        skip: offset,
        take: limit,
      })
      const articlesCount = await prisma.article.count({ where: { authorId: { in: authorIds } } })

      const result = []
      for (const article of articles) {
        const { body: _body, ...rest } = await articleResponse(prisma, article, userId)
        result.push(rest)
      }
      res.json({ articles: result, articlesCount })
    } catch (err) {
      console.error(err)
      res.status(500).json({ errors: { body: ['something went wrong'] } })
    }
  })

  app.get('/api/articles/:slug', async (req, res) => {
    try {
      const userId = getUserId(req)
      const article = await prisma.article.findUnique({ where: { slug: req.params.slug } })
      if (!article) {
        return res.status(404).json({ errors: { body: ['article not found'] } })
      }
      res.json({ article: await articleResponse(prisma, article, userId) })
    } catch (err) {
      console.error(err)
      res.status(500).json({ errors: { body: ['something went wrong'] } })
    }
  })

  app.post('/api/articles', async (req, res) => {
    try {
      const userId = getUserId(req)
      if (!userId) {
        return res.status(401).json({ errors: { body: ['unauthorized'] } })
      }
      const input = req.body?.article
      if (!input || typeof input !== 'object') {
        return res.status(422).json({ errors: { body: ['article is required'] } })
      }
      if (!input.title || typeof input.title !== 'string') {
        return res.status(422).json({ errors: { body: ["title can't be blank"] } })
      }
      if (!input.description || typeof input.description !== 'string') {
        return res.status(422).json({ errors: { body: ["description can't be blank"] } })
      }
      if (!input.body || typeof input.body !== 'string') {
        return res.status(422).json({ errors: { body: ["body can't be blank"] } })
      }
      if (
        input.tagList !== undefined &&
        (!Array.isArray(input.tagList) || input.tagList.some((tag: unknown) => typeof tag !== 'string'))
      ) {
        return res.status(422).json({ errors: { body: ['tagList must be an array of strings'] } })
      }

      const article = await prisma.article.create({
        data: {
          slug: slugify(input.title),
          title: input.title,
          description: input.description,
          body: input.body,
          authorId: userId,
        },
      })

      const tagList: string[] = [...new Set<string>(input.tagList ?? [])]
      for (const name of tagList) {
        const tag = await prisma.tag.upsert({ where: { name }, create: { name }, update: {} })
        await prisma.articleTag.create({ data: { articleId: article.id, tagId: tag.id } })
      }

      console.log('created article', article.slug)
      res.status(201).json({ article: await articleResponse(prisma, article, userId) })
    } catch (err) {
      console.error(err)
      res.status(500).json({ errors: { body: ['something went wrong'] } })
    }
  })

  app.put('/api/articles/:slug', async (req, res) => {
    try {
      const userId = getUserId(req)
      if (!userId) {
        return res.status(401).json({ errors: { body: ['unauthorized'] } })
      }
      const input = req.body?.article
      if (!input || typeof input !== 'object') {
        return res.status(422).json({ errors: { body: ['article is required'] } })
      }
      if (input.title !== undefined && (!input.title || typeof input.title !== 'string')) {
        return res.status(422).json({ errors: { body: ["title can't be blank"] } })
      }
      if (input.description !== undefined && (!input.description || typeof input.description !== 'string')) {
        return res.status(422).json({ errors: { body: ["description can't be blank"] } })
      }
      if (input.body !== undefined && (!input.body || typeof input.body !== 'string')) {
        return res.status(422).json({ errors: { body: ["body can't be blank"] } })
      }
      const article = await prisma.article.findUnique({ where: { slug: req.params.slug } })
      if (!article) {
        return res.status(404).json({ errors: { body: ['article not found'] } })
      }
      if (article.authorId !== userId) {
        return res.status(403).json({ errors: { body: ['you are not the author of this article'] } })
      }

      // TODO: regenerate the slug when the title changes?
      const updated = await prisma.article.update({
        where: { id: article.id },
        data: {
          title: input.title,
          description: input.description,
          body: input.body,
        },
      })
      res.json({ article: await articleResponse(prisma, updated, userId) })
    } catch (err) {
      console.error(err)
      res.status(500).json({ errors: { body: ['something went wrong'] } })
    }
  })

  app.delete('/api/articles/:slug', async (req, res) => {
    try {
      const userId = getUserId(req)
      if (!userId) {
        return res.status(401).json({ errors: { body: ['unauthorized'] } })
      }
      const article = await prisma.article.findUnique({ where: { slug: req.params.slug } })
      if (!article) {
        return res.status(404).json({ errors: { body: ['article not found'] } })
      }
      if (article.authorId !== userId) {
        return res.status(403).json({ errors: { body: ['you are not the author of this article'] } })
      }
      await prisma.article.delete({ where: { id: article.id } })
      console.log('deleted article', article.slug)
      res.status(204).end()
    } catch (err) {
      console.error(err)
      res.status(500).json({ errors: { body: ['something went wrong'] } })
    }
  })

  // ---------- favorites ----------

  app.post('/api/articles/:slug/favorite', async (req, res) => {
    try {
      const userId = getUserId(req)
      if (!userId) {
        return res.status(401).json({ errors: { body: ['unauthorized'] } })
      }
      const article = await prisma.article.findUnique({ where: { slug: req.params.slug } })
      if (!article) {
        return res.status(404).json({ errors: { body: ['article not found'] } })
      }

      const existing = await prisma.favorite.findUnique({
        where: { userId_articleId: { userId, articleId: article.id } },
      })
      if (!existing) {
        await prisma.favorite.create({ data: { userId, articleId: article.id } })
        const current = await prisma.article.findUnique({ where: { id: article.id } })
        await prisma.article.update({
          where: { id: article.id },
          data: { favoritesCount: current!.favoritesCount + 1 },
        })
      }

      const updated = await prisma.article.findUnique({ where: { id: article.id } })
      res.json({ article: await articleResponse(prisma, updated!, userId) })
    } catch (err) {
      console.error(err)
      res.status(500).json({ errors: { body: ['something went wrong'] } })
    }
  })

  app.delete('/api/articles/:slug/favorite', async (req, res) => {
    try {
      const userId = getUserId(req)
      if (!userId) {
        return res.status(401).json({ errors: { body: ['unauthorized'] } })
      }
      const article = await prisma.article.findUnique({ where: { slug: req.params.slug } })
      if (!article) {
        return res.status(404).json({ errors: { body: ['article not found'] } })
      }

      const existing = await prisma.favorite.findUnique({
        where: { userId_articleId: { userId, articleId: article.id } },
      })
      if (existing) {
        await prisma.favorite.delete({ where: { userId_articleId: { userId, articleId: article.id } } })
        const current = await prisma.article.findUnique({ where: { id: article.id } })
        await prisma.article.update({
          where: { id: article.id },
          data: { favoritesCount: current!.favoritesCount - 1 },
        })
      }

      const updated = await prisma.article.findUnique({ where: { id: article.id } })
      res.json({ article: await articleResponse(prisma, updated!, userId) })
    } catch (err) {
      console.error(err)
      res.status(500).json({ errors: { body: ['something went wrong'] } })
    }
  })

  // ---------- comments ----------

  app.get('/api/articles/:slug/comments', async (req, res) => {
    try {
      const userId = getUserId(req)
      const article = await prisma.article.findUnique({ where: { slug: req.params.slug } })
      if (!article) {
        return res.status(404).json({ errors: { body: ['article not found'] } })
      }
      const comments = await prisma.comment.findMany({
        where: { articleId: article.id },
        orderBy: { createdAt: 'desc' },
      })

      const result = []
      for (const comment of comments) {
        const author = await prisma.user.findUnique({ where: { id: comment.authorId } })
        result.push({
          id: comment.id,
          createdAt: comment.createdAt,
          updatedAt: comment.updatedAt,
          body: comment.body,
          author: await profileResponse(prisma, author!, userId),
        })
      }
      res.json({ comments: result })
    } catch (err) {
      console.error(err)
      res.status(500).json({ errors: { body: ['something went wrong'] } })
    }
  })

  app.post('/api/articles/:slug/comments', async (req, res) => {
    try {
      const userId = getUserId(req)
      if (!userId) {
        return res.status(401).json({ errors: { body: ['unauthorized'] } })
      }
      const input = req.body?.comment
      if (!input || typeof input !== 'object') {
        return res.status(422).json({ errors: { body: ['comment is required'] } })
      }
      if (!input.body || typeof input.body !== 'string') {
        return res.status(422).json({ errors: { body: ["body can't be blank"] } })
      }
      const article = await prisma.article.findUnique({ where: { slug: req.params.slug } })
      if (!article) {
        return res.status(404).json({ errors: { body: ['article not found'] } })
      }

      const comment = await prisma.comment.create({
        data: { body: input.body, articleId: article.id, authorId: userId },
      })
      const author = await prisma.user.findUnique({ where: { id: userId } })
      res.json({
        comment: {
          id: comment.id,
          createdAt: comment.createdAt,
          updatedAt: comment.updatedAt,
          body: comment.body,
          author: await profileResponse(prisma, author!, userId),
        },
      })
    } catch (err) {
      console.error(err)
      res.status(500).json({ errors: { body: ['something went wrong'] } })
    }
  })

  app.delete('/api/articles/:slug/comments/:id', async (req, res) => {
    try {
      const userId = getUserId(req)
      if (!userId) {
        return res.status(401).json({ errors: { body: ['unauthorized'] } })
      }
      const article = await prisma.article.findUnique({ where: { slug: req.params.slug } })
      if (!article) {
        return res.status(404).json({ errors: { body: ['article not found'] } })
      }
      const id = parseInt(req.params.id)
      if (isNaN(id)) {
        return res.status(404).json({ errors: { body: ['comment not found'] } })
      }
      const comment = await prisma.comment.findUnique({ where: { id } })
      if (!comment || comment.articleId !== article.id) {
        return res.status(404).json({ errors: { body: ['comment not found'] } })
      }
      if (comment.authorId !== userId) {
        return res.status(403).json({ errors: { body: ['you are not the author of this comment'] } })
      }
      await prisma.comment.delete({ where: { id } })
      res.status(204).end()
    } catch (err) {
      console.error(err)
      res.status(500).json({ errors: { body: ['something went wrong'] } })
    }
  })

  // ---------- tags ----------

  app.get('/api/tags', async (req, res) => {
    try {
      const tags = await prisma.tag.findMany({ where: { articles: { some: {} } } })
      res.json({ tags: tags.map((t) => t.name) })
    } catch (err) {
      console.error(err)
      res.status(500).json({ errors: { body: ['something went wrong'] } })
    }
  })

  // 🐨 add src/routes/health.routes.ts: createHealthRouter() with GET /health answering
  // 200 { "status": "ok" }. It must not touch the database (liveness, not readiness).
  // 🐨 then mount every router here, and register no route on app itself:
  // app.use('/api', createHealthRouter()), app.use('/api', createUserRouter(deps)), …
  return app
}

import { Router } from 'express'
import { ForbiddenError, NotFoundError, UnauthorizedError } from '../errors/app-error.js'
import { input, validate } from '../middleware/validate.js'
import { articleListItem, articleResponse } from '../responses.js'
import * as schemas from '../schemas/article.schemas.js'
import type { RouteDeps } from './route-deps.js'

// 🐨 the slug is a business rule: move slugify into the article service.
function slugify(title: string) {
  const base = title
    .toLowerCase()
    .trim()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
  return `${base || 'article'}-${Math.random().toString(36).slice(2, 8)}`
}

/**
 * Articles, the feed and favorites: /articles, /articles/feed, /articles/:slug and
 * /articles/:slug/favorite.
 */
// 🐨 each route becomes its chain: who may ask, what it accepts, what it works on, one handler:
// 💰 a route takes its handlers in the order they run: the user middleware, then
// validate() with the route's schemas, then the loader (routes with a slug only), then
// the one controller method.
// The handler (in src/controllers/article.controller.ts) reads the user id and the loaded
// article, calls one service method (articleService.update(userId, article, changes),
// which decides "only the author") and shapes the result with the mappers.
// 💣 the six `getUserId(req)` + `if (!userId) throw new UnauthorizedError()` copies and
// the five "findBySlug or 404" copies below go: requireUser and the loader do it once.
export function createArticleRouter({ users, articles, auth }: RouteDeps): Router {
  const { getUserId, requireUser } = auth
  const router = Router()

  router.get('/articles', validate(schemas.listArticles), async (req, res) => {
    const userId = getUserId(req)
    const query = input(res, schemas.listArticles).query
    const { limit, offset } = query

    const page = await articles.list({
      tag: query.tag,
      author: query.author,
      favoritedBy: query.favorited,
      limit,
      offset,
    })

    const result = []
    for (const article of page.articles) {
      result.push(await articleListItem({ users, articles }, article, userId))
    }
    res.json({ articles: result, articlesCount: page.articlesCount })
  })

  // Before /articles/:slug, which would otherwise take "feed" for a slug.
  router.get('/articles/feed', requireUser, validate(schemas.feed), async (req, res) => {
    const userId = getUserId(req)
    if (!userId) {
      throw new UnauthorizedError()
    }
    const { limit, offset } = input(res, schemas.feed).query

    const page = await articles.feed(userId, { limit, offset })

    const result = []
    for (const article of page.articles) {
      result.push(await articleListItem({ users, articles }, article, userId))
    }
    res.json({ articles: result, articlesCount: page.articlesCount })
  })

  router.get('/articles/:slug', validate(schemas.article), async (req, res) => {
    const userId = getUserId(req)
    const { slug } = input(res, schemas.article).params
    const article = await articles.findBySlug(slug)
    if (!article) {
      throw new NotFoundError('article not found')
    }
    res.json({ article: await articleResponse({ users, articles }, article, userId) })
  })

  router.post('/articles', requireUser, validate(schemas.createArticle), async (req, res) => {
    const userId = getUserId(req)
    if (!userId) {
      throw new UnauthorizedError()
    }
    const fields = input(res, schemas.createArticle).body.article

    const article = await articles.create({
      slug: slugify(fields.title),
      title: fields.title,
      description: fields.description,
      body: fields.body,
      authorId: userId,
      tagList: fields.tagList ?? [],
    })

    console.log('created article', article.slug)
    res.status(201).json({ article: await articleResponse({ users, articles }, article, userId) })
  })

  router.put('/articles/:slug', requireUser, validate(schemas.updateArticle), async (req, res) => {
    const userId = getUserId(req)
    if (!userId) {
      throw new UnauthorizedError()
    }
    const { params, body } = input(res, schemas.updateArticle)
    const changes = body.article
    const article = await articles.findBySlug(params.slug)
    if (!article) {
      throw new NotFoundError('article not found')
    }
    if (article.authorId !== userId) {
      throw new ForbiddenError('you are not the author of this article')
    }

    // TODO: regenerate the slug when the title changes?
    const updated = await articles.update(article.id, {
      title: changes.title,
      description: changes.description,
      body: changes.body,
    })
    res.json({ article: await articleResponse({ users, articles }, updated, userId) })
  })

  router.delete('/articles/:slug', requireUser, validate(schemas.article), async (req, res) => {
    const userId = getUserId(req)
    if (!userId) {
      throw new UnauthorizedError()
    }
    const { slug } = input(res, schemas.article).params
    const article = await articles.findBySlug(slug)
    if (!article) {
      throw new NotFoundError('article not found')
    }
    if (article.authorId !== userId) {
      throw new ForbiddenError('you are not the author of this article')
    }
    // The look-up above is for the author check. If another request deletes the article
    // in between, the repository finds nothing to delete and says "article not found".
    await articles.delete(article.id)
    console.log('deleted article', article.slug)
    res.status(204).end()
  })

  // ---------- favorites ----------

  router.post('/articles/:slug/favorite', requireUser, validate(schemas.article), async (req, res) => {
    const userId = getUserId(req)
    if (!userId) {
      throw new UnauthorizedError()
    }
    const { slug } = input(res, schemas.article).params
    const article = await articles.findBySlug(slug)
    if (!article) {
      throw new NotFoundError('article not found')
    }

    const updated = await articles.favorite(userId, article.id)
    res.json({ article: await articleResponse({ users, articles }, updated, userId) })
  })

  router.delete('/articles/:slug/favorite', requireUser, validate(schemas.article), async (req, res) => {
    const userId = getUserId(req)
    if (!userId) {
      throw new UnauthorizedError()
    }
    const { slug } = input(res, schemas.article).params
    const article = await articles.findBySlug(slug)
    if (!article) {
      throw new NotFoundError('article not found')
    }

    const updated = await articles.unfavorite(userId, article.id)
    res.json({ article: await articleResponse({ users, articles }, updated, userId) })
  })

  return router
}

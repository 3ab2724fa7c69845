import { Router, type RequestHandler } from 'express'
import type { ArticleController } from '../controllers/article.controller.js'
import type { CurrentUserMiddleware } from '../middleware/current-user.js'
import { validate } from '../middleware/validate.js'
import * as schemas from '../schemas/article.schemas.js'

export interface ArticleRouterDeps extends CurrentUserMiddleware {
  articles: ArticleController
  loadArticle: RequestHandler
}

/**
 * Articles, the feed and favorites: /articles, /articles/feed, /articles/:slug and
 * /articles/:slug/favorite. Each route reads as its chain: who may ask, what it
 * accepts, what it works on, and the one handler that does it.
 */
export function createArticleRouter({ articles, optionalUser, requireUser, loadArticle }: ArticleRouterDeps): Router {
  const router = Router()

  router.get('/articles', optionalUser, validate(schemas.listArticles), articles.list)
  // Before /articles/:slug, which would otherwise take "feed" for a slug.
  router.get('/articles/feed', requireUser, validate(schemas.feed), articles.feed)
  router.get('/articles/:slug', optionalUser, validate(schemas.article), loadArticle, articles.get)
  router.post('/articles', requireUser, validate(schemas.createArticle), articles.create)
  router.put('/articles/:slug', requireUser, validate(schemas.updateArticle), loadArticle, articles.update)
  router.delete('/articles/:slug', requireUser, validate(schemas.article), loadArticle, articles.remove)

  router.post('/articles/:slug/favorite', requireUser, validate(schemas.article), loadArticle, articles.favorite)
  router.delete('/articles/:slug/favorite', requireUser, validate(schemas.article), loadArticle, articles.unfavorite)

  return router
}

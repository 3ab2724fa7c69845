import type { RequestHandler, Response } from 'express'
import type { Article } from '../repositories/index.js'

const loaded = new WeakMap<Response, Article>()

/**
 * For every route under /articles/:slug: finds the article once, or answers 404, so no
 * handler repeats the look-up. Put it after validate(), which has checked the slug.
 */
export function createArticleLoader(articles: { getBySlug(slug: string): Promise<Article> }): RequestHandler {
  return async (req, res, next) => {
    loaded.set(res, await articles.getBySlug(String(req.params.slug)))
    next()
  }
}

/** The article the loader found for this request. */
export function loadedArticle(res: Response): Article {
  const article = loaded.get(res)
  if (!article) throw new Error('loadedArticle(res): the article loader did not run before this handler')
  return article
}

import { Router } from 'express'
import type { ArticleController } from '../controllers/article.controller.js'

/**
 * The tags in use: /tags.
 */
export function createTagRouter({ articles }: { articles: Pick<ArticleController, 'tags'> }): Router {
  const router = Router()

  router.get('/tags', articles.tags)

  return router
}

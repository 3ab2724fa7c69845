import { Router } from 'express'
import type { RouteDeps } from './route-deps.js'

/**
 * The tags in use: /tags.
 */
export function createTagRouter({ articles }: Pick<RouteDeps, 'articles'>): Router {
  const router = Router()

  router.get('/tags', async (req, res) => {
    res.json({ tags: await articles.tags() })
  })

  return router
}

import { Router } from 'express'
import type { RouteDeps } from './route-deps.js'

// 🐨 This router never refuses a request, but its catch still answers a 500 by hand:
// sendError(res, error) instead.

/**
 * The tags in use: /tags.
 */
export function createTagRouter({ prisma }: Pick<RouteDeps, 'prisma'>): Router {
  const router = Router()

  router.get('/tags', async (req, res) => {
    try {
      const tags = await prisma.tag.findMany({ where: { articles: { some: {} } } })
      res.json({ tags: tags.map((t) => t.name) })
    } catch (err) {
      console.error(err)
      res.status(500).json({ errors: { body: ['something went wrong'] } })
    }
  })

  return router
}

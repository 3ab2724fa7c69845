import { Router } from 'express'
import { sendError } from '../errors/send-error.js'
import type { RouteDeps } from './route-deps.js'

/**
 * The tags in use: /tags.
 */
export function createTagRouter({ prisma }: Pick<RouteDeps, 'prisma'>): Router {
  const router = Router()

  router.get('/tags', async (req, res) => {
    try {
      const tags = await prisma.tag.findMany({ where: { articles: { some: {} } } })
      res.json({ tags: tags.map((t) => t.name) })
    } catch (error) {
      sendError(res, error)
    }
  })

  return router
}

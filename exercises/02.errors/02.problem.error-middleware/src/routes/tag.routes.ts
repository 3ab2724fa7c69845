import { Router } from 'express'
import { sendError } from '../errors/send-error.js'
import type { RouteDeps } from './route-deps.js'

// 🐨 Delete every try/catch in this file: Express 5 hands a rejected handler to the
// error middleware by itself. The body of each handler stays as it is.

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

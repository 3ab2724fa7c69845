import { Router } from 'express'
import type { RouteDeps } from './route-deps.js'

/**
 * The tags in use: /tags.
 */
// 🐨 take { articles }: the tags in use are articles.tags().
export function createTagRouter({ prisma }: Pick<RouteDeps, 'prisma'>): Router {
  const router = Router()

  router.get('/tags', async (req, res) => {
    const tags = await prisma.tag.findMany({ where: { articles: { some: {} } } })
    res.json({ tags: tags.map((t) => t.name) })
  })

  return router
}

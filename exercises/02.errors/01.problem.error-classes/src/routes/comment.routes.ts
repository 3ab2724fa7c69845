import { Router } from 'express'
import { profileResponse } from '../responses.js'
import type { RouteDeps } from './route-deps.js'

// 🐨 Throw instead of answering by hand, and sendError(res, error) in each catch.

/**
 * An article's comments: /articles/:slug/comments and /articles/:slug/comments/:id.
 */
export function createCommentRouter({ prisma, auth }: RouteDeps): Router {
  const { getUserId } = auth
  const router = Router()

  router.get('/articles/:slug/comments', async (req, res) => {
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

  router.post('/articles/:slug/comments', async (req, res) => {
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

  router.delete('/articles/:slug/comments/:id', async (req, res) => {
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

  return router
}

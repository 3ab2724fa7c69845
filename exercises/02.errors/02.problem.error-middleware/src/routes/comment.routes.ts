import { Router } from 'express'
import { ForbiddenError, NotFoundError, UnauthorizedError, ValidationError } from '../errors/app-error.js'
import { sendError } from '../errors/send-error.js'
import { profileResponse } from '../responses.js'
import type { RouteDeps } from './route-deps.js'

// 🐨 Delete every try/catch in this file: Express 5 hands a rejected handler to the
// error middleware by itself. The body of each handler stays as it is.

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
        throw new NotFoundError('article not found')
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
    } catch (error) {
      sendError(res, error)
    }
  })

  router.post('/articles/:slug/comments', async (req, res) => {
    try {
      const userId = getUserId(req)
      if (!userId) {
        throw new UnauthorizedError()
      }
      const input = req.body?.comment
      if (!input || typeof input !== 'object') {
        throw new ValidationError('comment is required')
      }
      if (!input.body || typeof input.body !== 'string') {
        throw new ValidationError("body can't be blank")
      }
      const article = await prisma.article.findUnique({ where: { slug: req.params.slug } })
      if (!article) {
        throw new NotFoundError('article not found')
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
    } catch (error) {
      sendError(res, error)
    }
  })

  router.delete('/articles/:slug/comments/:id', async (req, res) => {
    try {
      const userId = getUserId(req)
      if (!userId) {
        throw new UnauthorizedError()
      }
      const article = await prisma.article.findUnique({ where: { slug: req.params.slug } })
      if (!article) {
        throw new NotFoundError('article not found')
      }
      const id = parseInt(req.params.id)
      if (isNaN(id)) {
        throw new NotFoundError('comment not found')
      }
      const comment = await prisma.comment.findUnique({ where: { id } })
      if (!comment || comment.articleId !== article.id) {
        throw new NotFoundError('comment not found')
      }
      if (comment.authorId !== userId) {
        throw new ForbiddenError('you are not the author of this comment')
      }
      await prisma.comment.delete({ where: { id } })
      res.status(204).end()
    } catch (error) {
      sendError(res, error)
    }
  })

  return router
}

import { Router } from 'express'
import { ForbiddenError, NotFoundError, UnauthorizedError, ValidationError } from '../errors/app-error.js'
import { profileResponse } from '../responses.js'
import type { RouteDeps } from './route-deps.js'

/**
 * An article's comments: /articles/:slug/comments and /articles/:slug/comments/:id.
 */
export function createCommentRouter({ prisma, auth }: RouteDeps): Router {
  const { getUserId } = auth
  const router = Router()

  // 🐨 Each route here takes a slug, and two take more: schemas for all of them, in front
  // of each handler, after requireUser where a user is needed.
  router.get('/articles/:slug/comments', async (req, res) => {
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
  })

  // 💣 The checks by hand below go once the schema has them.
  router.post('/articles/:slug/comments', async (req, res) => {
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
  })

  router.delete('/articles/:slug/comments/:id', async (req, res) => {
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
    // Deleted by a concurrent request since the look-up? Then this finds nothing (P2025),
    // which the error handler answers as a 404.
    await prisma.comment.delete({ where: { id } })
    res.status(204).end()
  })

  return router
}

import { Router } from 'express'
import { ForbiddenError, NotFoundError, UnauthorizedError } from '../errors/app-error.js'
import { input, validate } from '../middleware/validate.js'
import { commentResponse } from '../responses.js'
import * as schemas from '../schemas/comment.schemas.js'
import type { RouteDeps } from './route-deps.js'

/**
 * An article's comments: /articles/:slug/comments and /articles/:slug/comments/:id.
 */
// 🐨 take { users, articles, comments, auth }: articles.findBySlug(slug), comments.listByArticle,
// comments.create, comments.findById and comments.delete.
export function createCommentRouter({ prisma, auth }: RouteDeps): Router {
  const { getUserId, requireUser } = auth
  const router = Router()

  router.get('/articles/:slug/comments', validate(schemas.comments), async (req, res) => {
    const userId = getUserId(req)
    const { slug } = input(res, schemas.comments).params
    const article = await prisma.article.findUnique({ where: { slug } })
    if (!article) {
      throw new NotFoundError('article not found')
    }
    const comments = await prisma.comment.findMany({
      where: { articleId: article.id },
      orderBy: { createdAt: 'desc' },
    })

    const result = []
    for (const comment of comments) {
      result.push(await commentResponse(prisma, comment, userId))
    }
    res.json({ comments: result })
  })

  router.post('/articles/:slug/comments', requireUser, validate(schemas.createComment), async (req, res) => {
    const userId = getUserId(req)
    if (!userId) {
      throw new UnauthorizedError()
    }
    const { params, body } = input(res, schemas.createComment)
    const article = await prisma.article.findUnique({ where: { slug: params.slug } })
    if (!article) {
      throw new NotFoundError('article not found')
    }

    const comment = await prisma.comment.create({
      data: { body: body.comment.body, articleId: article.id, authorId: userId },
    })
    res.json({ comment: await commentResponse(prisma, comment, userId) })
  })

  router.delete('/articles/:slug/comments/:id', requireUser, validate(schemas.deleteComment), async (req, res) => {
    const userId = getUserId(req)
    if (!userId) {
      throw new UnauthorizedError()
    }
    const { params } = input(res, schemas.deleteComment)
    const article = await prisma.article.findUnique({ where: { slug: params.slug } })
    if (!article) {
      throw new NotFoundError('article not found')
    }
    const { id } = params
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

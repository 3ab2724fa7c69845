import { Router } from 'express'
import { ForbiddenError, NotFoundError, UnauthorizedError } from '../errors/app-error.js'
import { input, validate } from '../middleware/validate.js'
import { commentResponse } from '../responses.js'
import * as schemas from '../schemas/comment.schemas.js'
import type { RouteDeps } from './route-deps.js'

/**
 * An article's comments: /articles/:slug/comments and /articles/:slug/comments/:id.
 */
// 🐨 the same here: requireUser / optionalUser, validate, loadArticle, one controller
// handler each; "comment of another article" and "only its author" go into the comment service.
export function createCommentRouter({ users, articles, comments, auth }: RouteDeps): Router {
  const { getUserId, requireUser } = auth
  const router = Router()

  router.get('/articles/:slug/comments', validate(schemas.comments), async (req, res) => {
    const userId = getUserId(req)
    const { slug } = input(res, schemas.comments).params
    const article = await articles.findBySlug(slug)
    if (!article) {
      throw new NotFoundError('article not found')
    }
    const result = []
    for (const comment of await comments.listByArticle(article.id)) {
      result.push(await commentResponse(users, comment, userId))
    }
    res.json({ comments: result })
  })

  router.post('/articles/:slug/comments', requireUser, validate(schemas.createComment), async (req, res) => {
    const userId = getUserId(req)
    if (!userId) {
      throw new UnauthorizedError()
    }
    const { params, body } = input(res, schemas.createComment)
    const article = await articles.findBySlug(params.slug)
    if (!article) {
      throw new NotFoundError('article not found')
    }

    const comment = await comments.create({ body: body.comment.body, articleId: article.id, authorId: userId })
    res.json({ comment: await commentResponse(users, comment, userId) })
  })

  router.delete('/articles/:slug/comments/:id', requireUser, validate(schemas.deleteComment), async (req, res) => {
    const userId = getUserId(req)
    if (!userId) {
      throw new UnauthorizedError()
    }
    const { params } = input(res, schemas.deleteComment)
    const article = await articles.findBySlug(params.slug)
    if (!article) {
      throw new NotFoundError('article not found')
    }
    const { id } = params
    const comment = await comments.findById(id)
    if (!comment || comment.articleId !== article.id) {
      throw new NotFoundError('comment not found')
    }
    if (comment.authorId !== userId) {
      throw new ForbiddenError('you are not the author of this comment')
    }
    // Deleted by a concurrent request since the look-up? Then the repository finds
    // nothing to delete and says "comment not found".
    await comments.delete(id)
    res.status(204).end()
  })

  return router
}

import { Router, type RequestHandler } from 'express'
import type { CommentController } from '../controllers/comment.controller.js'
import type { CurrentUserMiddleware } from '../middleware/current-user.js'
import { validate } from '../middleware/validate.js'
import * as schemas from '../schemas/comment.schemas.js'

export interface CommentRouterDeps extends CurrentUserMiddleware {
  comments: CommentController
  loadArticle: RequestHandler
}

/**
 * An article's comments: /articles/:slug/comments and /articles/:slug/comments/:id.
 */
export function createCommentRouter({ comments, optionalUser, requireUser, loadArticle }: CommentRouterDeps): Router {
  const router = Router()

  router.get('/articles/:slug/comments', optionalUser, validate(schemas.comments), loadArticle, comments.list)
  router.post('/articles/:slug/comments', requireUser, validate(schemas.createComment), loadArticle, comments.create)
  router.delete(
    '/articles/:slug/comments/:id',
    requireUser,
    validate(schemas.deleteComment),
    loadArticle,
    comments.remove,
  )

  return router
}

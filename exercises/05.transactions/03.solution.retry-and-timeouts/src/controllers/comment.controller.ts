import type { RequestHandler } from 'express'
import { currentUserId, requiredUserId } from '../middleware/current-user.js'
import { loadedArticle } from '../middleware/load-article.js'
import { input } from '../middleware/validate.js'
import { commentResponse } from '../responses.js'
import * as schemas from '../schemas/comment.schemas.js'
import type { CommentService } from '../services/comment.service.js'

export function createCommentController({ comments }: { comments: CommentService }) {
  const list: RequestHandler = async (_req, res) => {
    const found = await comments.list(loadedArticle(res), currentUserId(res))
    res.json({ comments: found.map(commentResponse) })
  }

  const create: RequestHandler = async (_req, res) => {
    const { body } = input(res, schemas.createComment).body.comment
    res.json({ comment: commentResponse(await comments.create(requiredUserId(res), loadedArticle(res), body)) })
  }

  const remove: RequestHandler = async (_req, res) => {
    const { id } = input(res, schemas.deleteComment).params
    await comments.remove(requiredUserId(res), loadedArticle(res), id)
    res.status(204).end()
  }

  return { list, create, remove }
}

export type CommentController = ReturnType<typeof createCommentController>

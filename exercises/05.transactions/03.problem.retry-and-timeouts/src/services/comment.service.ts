import { ForbiddenError, NotFoundError } from '../errors/app-error.js'
import type { Article, Repositories } from '../repositories/index.js'
import { commentView, type CommentView } from './views.js'

/** An article's comments, and the rule that only their author deletes them. */
export function createCommentService({ comments, users }: Pick<Repositories, 'comments' | 'users'>) {
  return {
    async list(article: Article, viewerId: number | null): Promise<CommentView[]> {
      const result = []
      for (const comment of await comments.listByArticle(article.id)) {
        result.push(await commentView(users, comment, viewerId))
      }
      return result
    },

    async create(authorId: number, article: Article, body: string): Promise<CommentView> {
      const comment = await comments.create({ body, articleId: article.id, authorId })
      return commentView(users, comment, authorId)
    },

    async remove(userId: number, article: Article, commentId: number): Promise<void> {
      const comment = await comments.findById(commentId)
      // A comment of another article is not found here, whatever its id.
      if (!comment || comment.articleId !== article.id) throw new NotFoundError('comment not found')
      if (comment.authorId !== userId) throw new ForbiddenError('you are not the author of this comment')
      // Deleted by a concurrent request since the look-up? The repository says "comment not found".
      await comments.delete(commentId)
    },
  }
}

export type CommentService = ReturnType<typeof createCommentService>

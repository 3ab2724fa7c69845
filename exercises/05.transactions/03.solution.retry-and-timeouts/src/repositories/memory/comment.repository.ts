import { NotFoundError } from '../../errors/app-error.js'
import type { Comment, CommentRepository } from '../comment.repository.js'
import { newestFirst, type CommentRow, type Store } from './store.js'

const toComment = (row: CommentRow): Comment => ({
  ...row,
  createdAt: new Date(row.createdAt),
  updatedAt: new Date(row.updatedAt),
})

export function createMemoryCommentRepository(store: Store): CommentRepository {
  return {
    async listByArticle(articleId) {
      return [...store.comments.values()].filter((comment) => comment.articleId === articleId).sort(newestFirst).map(toComment)
    },

    async create({ body, articleId, authorId }) {
      // The foreign keys the database checks: a comment needs its article and its author.
      if (!store.articles.has(articleId)) throw new NotFoundError('article not found')
      if (!store.users.has(authorId)) throw new NotFoundError('user not found')
      store.lastId.comment += 1
      const now = new Date()
      const row: CommentRow = { id: store.lastId.comment, body, articleId, authorId, createdAt: now, updatedAt: now }
      store.comments.set(row.id, row)
      return toComment(row)
    },

    async findById(id) {
      const row = store.comments.get(id)
      return row ? toComment(row) : null
    },

    async delete(id) {
      if (!store.comments.delete(id)) throw new NotFoundError('comment not found')
    },
  }
}

import type { Comment as CommentRow, PrismaClient } from '../../generated/prisma/client.js'
import type { Comment, CommentRepository } from '../comment.repository.js'
import { translated } from './translate.js'

function toComment(row: CommentRow): Comment {
  return {
    id: row.id,
    body: row.body,
    articleId: row.articleId,
    authorId: row.authorId,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  }
}

export function createPrismaCommentRepository(prisma: PrismaClient): CommentRepository {
  return {
    async listByArticle(articleId) {
      const rows = await prisma.comment.findMany({ where: { articleId }, orderBy: [{ createdAt: 'desc' }, { id: 'desc' }] })
      return rows.map(toComment)
    },

    async create({ body, articleId, authorId }) {
      return toComment(await translated(() => prisma.comment.create({ data: { body, articleId, authorId } })))
    },

    async findById(id) {
      const row = await prisma.comment.findUnique({ where: { id } })
      return row && toComment(row)
    },

    async delete(id) {
      await translated(() => prisma.comment.delete({ where: { id } }))
    },
  }
}

import type { Prisma, PrismaClient } from '../../generated/prisma/client.js'
import type { Article, ArticlePage, ArticleRepository } from '../article.repository.js'
import type { RetryWrite } from './retry-write.js'
import { isPrismaError, translated } from './translate.js'

// An article row with the names of its tags, which is all the domain wants of them.
const withTags = { tags: { select: { tag: { select: { name: true } } } } } satisfies Prisma.ArticleInclude
type ArticleRow = Prisma.ArticleGetPayload<{ include: typeof withTags }>

const newestFirst = [{ createdAt: 'desc' }, { id: 'desc' }] satisfies Prisma.ArticleOrderByWithRelationInput[]

function toArticle(row: ArticleRow): Article {
  return {
    id: row.id,
    slug: row.slug,
    title: row.title,
    description: row.description,
    body: row.body,
    // Sorted here, once: clients expect tags alphabetically, whatever order they came in.
    tagList: row.tags.map(({ tag }) => tag.name).sort(),
    favoritesCount: row.favoritesCount,
    authorId: row.authorId,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  }
}

export function createPrismaArticleRepository(prisma: PrismaClient, retryWrite: RetryWrite): ArticleRepository {
  async function page(where: Prisma.ArticleWhereInput, { limit, offset }: { limit: number; offset: number }): Promise<ArticlePage> {
    const rows = await prisma.article.findMany({ where, include: withTags, orderBy: newestFirst, skip: offset, take: limit })
    const articlesCount = await prisma.article.count({ where })
    return { articles: rows.map(toArticle), articlesCount }
  }

  async function byId(id: number): Promise<Article> {
    const row = await translated(() => prisma.article.findUniqueOrThrow({ where: { id }, include: withTags }))
    return toArticle(row)
  }

  return {
    list({ tag, author, favoritedBy, ...range }) {
      const where: Prisma.ArticleWhereInput = {}
      if (tag !== undefined) where.tags = { some: { tag: { name: tag } } }
      if (author !== undefined) where.author = { username: author }
      if (favoritedBy !== undefined) where.favorites = { some: { user: { username: favoritedBy } } }
      return page(where, range)
    },

    feed(followerId, range) {
      return page({ author: { followers: { some: { followerId } } } }, range)
    },

    async findBySlug(slug) {
      const row = await prisma.article.findUnique({ where: { slug }, include: withTags })
      return row && toArticle(row)
    },

    // Retried: the writes Prisma runs as one transaction (create, favorite, unfavorite),
    // which roll back cleanly when they meet a busy database or lose a deadlock. Not the
    // single statements (update, delete): through @libsql/client 0.8, an autocommit
    // statement that met SQLITE_BUSY left its connection holding the lock in our tests.
    async create({ slug, title, description, body, authorId, tagList }) {
      // One nested write: Prisma sends the article, each tag (found or created) and each
      // link inside one transaction, so a failure anywhere leaves nothing behind.
      const tags = [...new Set(tagList)].map((name) => ({
        tag: { connectOrCreate: { where: { name }, create: { name } } },
      }))
      const row = await translated(() =>
        retryWrite(() => prisma.article.create({
          data: { slug, title, description, body, authorId, tags: { create: tags } },
          include: withTags,
        })),
      )
      return toArticle(row)
    },

    async update(id, { title, description, body }) {
      const row = await translated(() =>
        prisma.article.update({ where: { id }, data: { title, description, body }, include: withTags }),
      )
      return toArticle(row)
    },

    async delete(id) {
      // One statement: if a concurrent request deleted it first, this finds nothing
      // (P2025) and the caller hears "article not found".
      await translated(() => prisma.article.delete({ where: { id } }))
    },

    async isFavorited(userId, articleId) {
      const favorite = await prisma.favorite.findUnique({ where: { userId_articleId: { userId, articleId } } })
      return favorite !== null
    },

    async favorite(userId, articleId) {
      // One nested write, which Prisma runs in one transaction: the Favorite row and
      // SET favoritesCount = favoritesCount + 1 commit together or not at all. The
      // database does the arithmetic, so no count read earlier is ever written back.
      try {
        await retryWrite(() =>
          prisma.article.update({
            where: { id: articleId },
            data: { favoritesCount: { increment: 1 }, favorites: { create: { userId } } },
          }),
        )
      } catch (error) {
        // Already favorited (now, or by a request that won the race): the insert was
        // refused, the increment rolled back with it.
        if (!isPrismaError(error, 'P2002')) throw error
      }
      return byId(articleId)
    },

    async unfavorite(userId, articleId) {
      try {
        await retryWrite(() =>
          prisma.article.update({
            where: { id: articleId },
            data: { favoritesCount: { decrement: 1 }, favorites: { delete: { userId_articleId: { userId, articleId } } } },
          }),
        )
      } catch (error) {
        // Not favorited, or another request removed it first: there was no row to
        // delete (P2017 or P2025), so the decrement rolled back with it.
        if (!isPrismaError(error, 'P2017') && !isPrismaError(error, 'P2025')) throw error
      }
      return byId(articleId)
    },

    async tags() {
      const tags = await prisma.tag.findMany({ where: { articles: { some: {} } }, select: { name: true } })
      return tags.map((tag) => tag.name)
    },
  }
}

import type { Prisma, PrismaClient } from '../../generated/prisma/client.js'
import type { Article, ArticlePage, ArticleRepository } from '../article.repository.js'
import { translated } from './translate.js'

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

export function createPrismaArticleRepository(prisma: PrismaClient): ArticleRepository {
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

    async create({ slug, title, description, body, authorId, tagList }) {
      // One nested write: Prisma sends the article, each tag (found or created) and each
      // link inside one transaction, so a failure anywhere leaves nothing behind.
      const tags = [...new Set(tagList)].map((name) => ({
        tag: { connectOrCreate: { where: { name }, create: { name } } },
      }))
      const row = await translated(() =>
        prisma.article.create({
          data: { slug, title, description, body, authorId, tags: { create: tags } },
          include: withTags,
        }),
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
      // 👨‍💼 A post that went round the team chat showed 31 favorites with 50 people
      // having favorited it, and a quiet one showed -1. Readers notice both.
      // 🐨 Make the Favorite row and the count change together, only when the row
      // really changed, with the arithmetic done by the database.
      // 💰 One update of the article can do both: an atomic number operation on
      // favoritesCount (README, Docs) and a nested create of the Favorite row through the
      // favorites relation. That is one nested write, one transaction. A P2002 from it means
      // "already favorited": nothing was written, answer with the article as it is.
      // 🦉 A lock or queue inside the app only orders this process's requests; a
      // second instance of the API on the same database never sees it.
      // 💣 The read (findUnique), the count read (byId) and the update with count + 1.
      const existing = await prisma.favorite.findUnique({ where: { userId_articleId: { userId, articleId } } })
      if (!existing) {
        await translated(() => prisma.favorite.create({ data: { userId, articleId } }))
        // Read, then write, as the inherited code did: two requests at once can lose a
        // count. Module 05 makes it exact; this step only moves the code.
        const current = await byId(articleId)
        await prisma.article.update({ where: { id: articleId }, data: { favoritesCount: current.favoritesCount + 1 } })
      }
      return byId(articleId)
    },

    async unfavorite(userId, articleId) {
      // 🐨 The same for the way back: delete the row and decrement in one unit, and
      // take nothing off when there was no row to delete (another request was first).
      // 💰 The same kind of nested update can delete the Favorite row, named by its
      // compound unique key; it fails with P2017 or P2025 when the row is not there, and
      // the decrement rolls back with it.
      const existing = await prisma.favorite.findUnique({ where: { userId_articleId: { userId, articleId } } })
      if (existing) {
        await prisma.favorite.delete({ where: { userId_articleId: { userId, articleId } } })
        const current = await byId(articleId)
        await prisma.article.update({ where: { id: articleId }, data: { favoritesCount: current.favoritesCount - 1 } })
      }
      return byId(articleId)
    },

    async tags() {
      const tags = await prisma.tag.findMany({ where: { articles: { some: {} } }, select: { name: true } })
      return tags.map((tag) => tag.name)
    },
  }
}

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
      // 👨‍💼 A tag that fails to save leaves the article published without it, and the
      // author's retry is refused as a duplicate. All of it is kept, or none of it.
      // 🐨 Make the article, its tags and the links one unit that commits all or nothing.
      // The transaction stays in this repository: the service only asks for "an article".
      // 💰 A nested write is one call that Prisma runs in a transaction of its own: the
      // article's create can create its tag links too, and each link can find its tag or
      // make it (look up connectOrCreate in the README's docs). Ask for the tags back in
      // the same call, and nothing has to be read afterwards.
      // 💰 Or an interactive transaction: $transaction hands your function a client of its
      // own, and every write of the unit has to go through that one, not through prisma.
      // 🦉 Whatever you pick, let the database undo the work: a catch that deletes
      // the article by hand has nothing to run when the process dies halfway.
      const article = await translated(() =>
        prisma.article.create({ data: { slug, title, description, body, authorId } }),
      )
      for (const name of new Set(tagList)) {
        const tag = await prisma.tag.upsert({ where: { name }, create: { name }, update: {} })
        await prisma.articleTag.create({ data: { articleId: article.id, tagId: tag.id } })
      }
      return byId(article.id)
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

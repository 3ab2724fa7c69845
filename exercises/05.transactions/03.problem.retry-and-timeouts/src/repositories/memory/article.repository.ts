import { ConflictError, NotFoundError } from '../../errors/app-error.js'
import type { Article, ArticlePage, ArticleRepository, Page } from '../article.repository.js'
import { newestFirst, pair, type ArticleRow, type Store } from './store.js'

const toArticle = (row: ArticleRow): Article => ({
  ...row,
  tagList: [...row.tagList],
  createdAt: new Date(row.createdAt),
  updatedAt: new Date(row.updatedAt),
})

export function createMemoryArticleRepository(store: Store): ArticleRepository {
  function page(matches: (row: ArticleRow) => boolean, { limit, offset }: Page): ArticlePage {
    const all = [...store.articles.values()].filter(matches).sort(newestFirst)
    return { articles: all.slice(offset, offset + limit).map(toArticle), articlesCount: all.length }
  }

  const userIdOf = (username: string) => [...store.users.values()].find((user) => user.username === username)?.id

  function stored(id: number): ArticleRow {
    const row = store.articles.get(id)
    if (!row) throw new NotFoundError('article not found')
    return row
  }

  return {
    async list({ tag, author, favoritedBy, ...range }) {
      const authorId = author === undefined ? undefined : userIdOf(author)
      const favoriterId = favoritedBy === undefined ? undefined : userIdOf(favoritedBy)
      return page(
        (row) =>
          (tag === undefined || row.tagList.includes(tag)) &&
          (author === undefined || row.authorId === authorId) &&
          (favoritedBy === undefined || (favoriterId !== undefined && store.favorites.has(pair(favoriterId, row.id)))),
        range,
      )
    },

    async feed(followerId, range) {
      return page((row) => store.follows.has(pair(followerId, row.authorId)), range)
    },

    async findBySlug(slug) {
      const row = [...store.articles.values()].find((article) => article.slug === slug)
      return row ? toArticle(row) : null
    },

    async create({ slug, title, description, body, authorId, tagList }) {
      if ([...store.articles.values()].some((article) => article.slug === slug)) {
        throw new ConflictError('article already exists')
      }
      store.lastId.article += 1
      const now = new Date()
      const row: ArticleRow = {
        id: store.lastId.article,
        slug,
        title,
        description,
        body,
        tagList: [...new Set(tagList)].sort(),
        favoritesCount: 0,
        authorId,
        createdAt: now,
        updatedAt: now,
      }
      store.articles.set(row.id, row)
      return toArticle(row)
    },

    async update(id, { title, description, body }) {
      const row = stored(id)
      const next: ArticleRow = {
        ...row,
        title: title ?? row.title,
        description: description ?? row.description,
        body: body ?? row.body,
        updatedAt: new Date(),
      }
      store.articles.set(id, next)
      return toArticle(next)
    },

    async delete(id) {
      stored(id)
      store.articles.delete(id)
      // What the database's ON DELETE CASCADE does: its comments and favorites go too.
      for (const [commentId, comment] of store.comments) {
        if (comment.articleId === id) store.comments.delete(commentId)
      }
      for (const favorite of store.favorites) {
        if (favorite.endsWith(`:${id}`)) store.favorites.delete(favorite)
      }
    },

    async isFavorited(userId, articleId) {
      return store.favorites.has(pair(userId, articleId))
    },

    async favorite(userId, articleId) {
      const row = stored(articleId)
      if (!store.favorites.has(pair(userId, articleId))) {
        store.favorites.add(pair(userId, articleId))
        store.articles.set(articleId, { ...row, favoritesCount: row.favoritesCount + 1 })
      }
      return toArticle(stored(articleId))
    },

    async unfavorite(userId, articleId) {
      const row = stored(articleId)
      if (store.favorites.delete(pair(userId, articleId))) {
        store.articles.set(articleId, { ...row, favoritesCount: row.favoritesCount - 1 })
      }
      return toArticle(stored(articleId))
    },

    async tags() {
      return [...new Set([...store.articles.values()].flatMap((article) => article.tagList))]
    },
  }
}

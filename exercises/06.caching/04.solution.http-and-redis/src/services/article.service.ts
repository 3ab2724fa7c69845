import { readThrough, type CacheAside } from '../cache/cache-aside.js'
import { ForbiddenError, NotFoundError } from '../errors/app-error.js'
import type { Article, ArticlePage, Page, Repositories } from '../repositories/index.js'
import { ARTICLE_LISTS_VERSION, TAGS_KEY, articleKey, articleListKey } from './cache-keys.js'
import { articleView, cachedPeople, type ArticleView } from './views.js'

export interface ArticleDraft {
  title: string
  description: string
  body: string
  tagList?: string[] | undefined
}

export interface ArticleEdit {
  title?: string | undefined
  description?: string | undefined
  body?: string | undefined
}

export interface ArticleQuery extends Page {
  tag?: string | undefined
  author?: string | undefined
  favorited?: string | undefined
}

export interface ArticleViews {
  articles: ArticleView[]
  articlesCount: number
}

/** The title in lowercase words joined by dashes, and a random suffix so equal titles differ. */
export function slugify(title: string): string {
  const base = title
    .toLowerCase()
    .trim()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
  return `${base || 'article'}-${Math.random().toString(36).slice(2, 8)}`
}

// How long a cached value may be served. Short enough that an entry a write forgot to
// clear (a bug) heals by itself; long enough that a popular article is read from the
// database once a minute, not once a request.
const ARTICLE_TTL_MS = 60_000
const TAGS_TTL_MS = 60_000
const LIST_TTL_MS = 60_000

/** Articles, the feed and favorites, and the rule that only an author changes an article. */
export function createArticleService({
  articles,
  users,
  cache = readThrough,
}: Pick<Repositories, 'articles' | 'users'> & { cache?: CacheAside }) {
  const people = cachedPeople(users, cache)
  const view = (article: Article, viewerId: number | null) => articleView({ articles, people }, article, viewerId)

  async function views(page: ArticlePage, viewerId: number | null): Promise<ArticleViews> {
    const result = []
    for (const article of page.articles) result.push(await view(article, viewerId))
    return { articles: result, articlesCount: page.articlesCount }
  }

  /**
   * Every write that can change a list page (which articles match a filter, their order,
   * their favoritesCount) moves the lists to a new version.
   */
  const listsChanged = () => cache.forget(ARTICLE_LISTS_VERSION)

  function mustBeAuthor(userId: number, article: Article): void {
    if (article.authorId !== userId) throw new ForbiddenError('you are not the author of this article')
  }

  return {
    async getBySlug(slug: string): Promise<Article> {
      // The article as everyone sees it: no `favorited`, no `following` (those are the
      // reader's, and view() adds them per request).
      const article = await cache.getOrLoad(articleKey(slug), ARTICLE_TTL_MS, () => articles.findBySlug(slug))
      if (!article) throw new NotFoundError('article not found')
      return article
    },

    view,

    async list({ tag, author, favorited, limit, offset }: ArticleQuery, viewerId: number | null): Promise<ArticleViews> {
      const filter = { tag, author, favoritedBy: favorited, limit, offset }
      // The page is the same for every reader; views() adds each reader's own part.
      const key = articleListKey(await cache.version(ARTICLE_LISTS_VERSION), filter)
      return views(await cache.getOrLoad(key, LIST_TTL_MS, () => articles.list(filter)), viewerId)
    },

    /** Articles by the authors the reader follows (not the reader's own), newest first. */
    async feed(readerId: number, page: Page): Promise<ArticleViews> {
      return views(await articles.feed(readerId, page), readerId)
    },

    async create(authorId: number, draft: ArticleDraft): Promise<ArticleView> {
      const article = await articles.create({
        slug: slugify(draft.title),
        title: draft.title,
        description: draft.description,
        body: draft.body,
        authorId,
        tagList: draft.tagList ?? [],
      })
      // A new article may bring a tag nobody used before.
      if (article.tagList.length > 0) await cache.forget(TAGS_KEY)
      await listsChanged()
      console.log('created article', article.slug)
      return view(article, authorId)
    },

    async update(userId: number, article: Article, edit: ArticleEdit): Promise<ArticleView> {
      mustBeAuthor(userId, article)
      // TODO: regenerate the slug when the title changes?
      const updated = await articles.update(article.id, edit)
      // After the write, never before: a read between the two would cache the old article again.
      await cache.forget(articleKey(article.slug))
      await listsChanged()
      return view(updated, userId)
    },

    async remove(userId: number, article: Article): Promise<void> {
      mustBeAuthor(userId, article)
      await articles.delete(article.id)
      await cache.forget(articleKey(article.slug))
      // It may have been the last article with one of its tags.
      if (article.tagList.length > 0) await cache.forget(TAGS_KEY)
      await listsChanged()
      console.log('deleted article', article.slug)
    },

    // favoritesCount is part of the shared article: a favorite changes what everyone sees.
    async favorite(userId: number, article: Article): Promise<ArticleView> {
      const favorited = await articles.favorite(userId, article.id)
      await cache.forget(articleKey(article.slug))
      await listsChanged()
      return view(favorited, userId)
    },

    async unfavorite(userId: number, article: Article): Promise<ArticleView> {
      const unfavorited = await articles.unfavorite(userId, article.id)
      await cache.forget(articleKey(article.slug))
      await listsChanged()
      return view(unfavorited, userId)
    },

    tags(): Promise<string[]> {
      return cache.getOrLoad(TAGS_KEY, TAGS_TTL_MS, () => articles.tags())
    },
  }
}

export type ArticleService = ReturnType<typeof createArticleService>

import { ForbiddenError, NotFoundError } from '../errors/app-error.js'
import type { Article, ArticlePage, Page, Repositories } from '../repositories/index.js'
import { articleView, type ArticleView } from './views.js'

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

/** Articles, the feed and favorites, and the rule that only an author changes an article. */
// 🐨 Take `cache?: CacheAside` with the repositories (default: readThrough, so the unit
// tests that make a service without one still work), and read through it:
// - getBySlug: the article by its slug, as everyone sees it;
// - tags(): the tag list;
// - the author of an article (src/services/views.ts).
// 💰 each cached read is one getOrLoad: a key that says what it holds and which one
// (the slug, for an article), a TTL of about a minute, and the repository call as the
// loader. Name the keys once, so the writes below forget exactly the same ones.
// 🐨 A write that changes a cached value forgets it, after the write: update, remove,
// favorite and unfavorite change the article (favoritesCount too); a new article may bring
// a new tag and a deleted one may take the last use of one away.
// 🦉 Cache the article, never the view: `favorited` and `author.following` belong to the
// reader who asked, and must be looked up for each request.
export function createArticleService({ articles, users }: Pick<Repositories, 'articles' | 'users'>) {
  const view = (article: Article, viewerId: number | null) => articleView({ articles, users }, article, viewerId)

  async function views(page: ArticlePage, viewerId: number | null): Promise<ArticleViews> {
    const result = []
    for (const article of page.articles) result.push(await view(article, viewerId))
    return { articles: result, articlesCount: page.articlesCount }
  }

  function mustBeAuthor(userId: number, article: Article): void {
    if (article.authorId !== userId) throw new ForbiddenError('you are not the author of this article')
  }

  return {
    async getBySlug(slug: string): Promise<Article> {
      const article = await articles.findBySlug(slug)
      if (!article) throw new NotFoundError('article not found')
      return article
    },

    view,

    async list({ tag, author, favorited, limit, offset }: ArticleQuery, viewerId: number | null): Promise<ArticleViews> {
      return views(await articles.list({ tag, author, favoritedBy: favorited, limit, offset }), viewerId)
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
      console.log('created article', article.slug)
      return view(article, authorId)
    },

    async update(userId: number, article: Article, edit: ArticleEdit): Promise<ArticleView> {
      mustBeAuthor(userId, article)
      // TODO: regenerate the slug when the title changes?
      const updated = await articles.update(article.id, edit)
      return view(updated, userId)
    },

    async remove(userId: number, article: Article): Promise<void> {
      mustBeAuthor(userId, article)
      await articles.delete(article.id)
      console.log('deleted article', article.slug)
    },

    async favorite(userId: number, article: Article): Promise<ArticleView> {
      return view(await articles.favorite(userId, article.id), userId)
    },

    async unfavorite(userId: number, article: Article): Promise<ArticleView> {
      return view(await articles.unfavorite(userId, article.id), userId)
    },

    tags(): Promise<string[]> {
      return articles.tags()
    },
  }
}

export type ArticleService = ReturnType<typeof createArticleService>

// The article aggregate: an article with its tags and its favorites.

export interface Article {
  id: number
  slug: string
  title: string
  description: string
  body: string
  /** Alphabetical, each tag once. */
  tagList: string[]
  favoritesCount: number
  authorId: number
  createdAt: Date
  updatedAt: Date
}

export interface NewArticle {
  slug: string
  title: string
  description: string
  body: string
  authorId: number
  tagList: string[]
}

export interface ArticleChanges {
  title?: string | undefined
  description?: string | undefined
  body?: string | undefined
}

export interface Page {
  limit: number
  offset: number
}

/** A list filter; the people are named by username, as the API names them. */
export interface ArticleFilter extends Page {
  tag?: string | undefined
  author?: string | undefined
  favoritedBy?: string | undefined
}

/** One page of a list, newest first, and how many articles match in all. */
export interface ArticlePage {
  articles: Article[]
  articlesCount: number
}

export interface ArticleRepository {
  list(filter: ArticleFilter): Promise<ArticlePage>
  /** Articles by the authors `followerId` follows. */
  feed(followerId: number, page: Page): Promise<ArticlePage>
  findBySlug(slug: string): Promise<Article | null>
  /** ConflictError "article already exists" when the slug is taken. */
  create(article: NewArticle): Promise<Article>
  /** NotFoundError "article not found" when there is no such article. */
  update(id: number, changes: ArticleChanges): Promise<Article>
  /** Its comments, tags and favorites go with it. NotFoundError when it is already gone. */
  delete(id: number): Promise<void>
  isFavorited(userId: number, articleId: number): Promise<boolean>
  /** Favoriting twice counts once. Returns the article with its new count. */
  favorite(userId: number, articleId: number): Promise<Article>
  unfavorite(userId: number, articleId: number): Promise<Article>
  /** The tags at least one article carries, each once. */
  tags(): Promise<string[]>
}

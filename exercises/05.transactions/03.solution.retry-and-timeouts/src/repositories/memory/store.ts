// The tables of the in-memory repositories. One store per createMemoryRepositories()
// call, never one per module: two apps (or two tests) must not see each other's data.

export interface UserRow {
  id: number
  email: string
  username: string
  passwordHash: string
  bio: string
  image: string | null
}

export interface ArticleRow {
  id: number
  slug: string
  title: string
  description: string
  body: string
  tagList: string[]
  favoritesCount: number
  authorId: number
  createdAt: Date
  updatedAt: Date
}

export interface CommentRow {
  id: number
  body: string
  articleId: number
  authorId: number
  createdAt: Date
  updatedAt: Date
}

export interface Store {
  users: Map<number, UserRow>
  /** "followerId:followingId" */
  follows: Set<string>
  articles: Map<number, ArticleRow>
  /** "userId:articleId" */
  favorites: Set<string>
  comments: Map<number, CommentRow>
  /** The last id handed out per table, as an autoincrement column does. */
  lastId: { user: number; article: number; comment: number }
}

export function createStore(): Store {
  return {
    users: new Map(),
    follows: new Set(),
    articles: new Map(),
    favorites: new Set(),
    comments: new Map(),
    lastId: { user: 0, article: 0, comment: 0 },
  }
}

export const pair = (a: number, b: number): string => `${a}:${b}`

/** Newest first, and the later id first when two share a millisecond, as the database orders them. */
export function newestFirst(a: { createdAt: Date; id: number }, b: { createdAt: Date; id: number }): number {
  return b.createdAt.getTime() - a.createdAt.getTime() || b.id - a.id
}

import type { ArticleRepository } from './article.repository.js'
import type { CommentRepository } from './comment.repository.js'
import type { UserRepository } from './user.repository.js'

export type * from './article.repository.js'
export type * from './comment.repository.js'
export type * from './user.repository.js'

/**
 * Everything the app stores, one repository per aggregate. Two implementations keep
 * the same promises: prisma/ (the database) and memory/ (tests, and no database at
 * all); tests/repositories/ holds the contract both pass.
 */
export interface Repositories {
  users: UserRepository
  articles: ArticleRepository
  comments: CommentRepository
}

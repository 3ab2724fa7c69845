import type { Repositories } from '../index.js'
import { createMemoryArticleRepository } from './article.repository.js'
import { createMemoryCommentRepository } from './comment.repository.js'
import { createStore } from './store.js'
import { createMemoryUserRepository } from './user.repository.js'

/**
 * Repositories that keep everything in this process, empty at first. They keep the
 * same promises as the Prisma ones (tests/repositories/ checks both), so code above
 * them cannot tell which it got. Each call has a store of its own.
 */
export function createMemoryRepositories(): Repositories {
  const store = createStore()
  return {
    users: createMemoryUserRepository(store),
    articles: createMemoryArticleRepository(store),
    comments: createMemoryCommentRepository(store),
  }
}

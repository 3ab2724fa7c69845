import type { PrismaClient } from '../../generated/prisma/client.js'
import type { Repositories } from '../index.js'
import { createPrismaArticleRepository } from './article.repository.js'
import { createPrismaCommentRepository } from './comment.repository.js'
import { createPrismaUserRepository } from './user.repository.js'

/** The repositories on one database: the only code that talks to Prisma. */
export function createPrismaRepositories(prisma: PrismaClient): Repositories {
  // 🐨 Take { retryWrite } (default: `once`, from ./retry-write.js) and pass it to the
  // article repository.
  return {
    users: createPrismaUserRepository(prisma),
    articles: createPrismaArticleRepository(prisma),
    comments: createPrismaCommentRepository(prisma),
  }
}

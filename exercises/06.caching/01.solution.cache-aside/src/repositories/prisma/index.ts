import type { PrismaClient } from '../../generated/prisma/client.js'
import type { Repositories } from '../index.js'
import { createPrismaArticleRepository } from './article.repository.js'
import { createPrismaCommentRepository } from './comment.repository.js'
import { once, type RetryWrite } from './retry-write.js'
import { createPrismaUserRepository } from './user.repository.js'

export type { RetryWrite } from './retry-write.js'

/** The repositories on one database: the only code that talks to Prisma. */
export function createPrismaRepositories(prisma: PrismaClient, { retryWrite = once }: { retryWrite?: RetryWrite } = {}): Repositories {
  return {
    users: createPrismaUserRepository(prisma),
    articles: createPrismaArticleRepository(prisma, retryWrite),
    comments: createPrismaCommentRepository(prisma),
  }
}

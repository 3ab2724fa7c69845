import express, { type Express } from 'express'
import { createAuth } from './auth.js'
import type { Config } from './config.js'
import type { PrismaClient } from './generated/prisma/client.js'
import { createErrorHandler, type Logger } from './middleware/error-handler.js'
import { notFound } from './middleware/not-found.js'
import { createArticleRouter } from './routes/article.routes.js'
import { createCommentRouter } from './routes/comment.routes.js'
import { createHealthRouter } from './routes/health.routes.js'
import { createProfileRouter } from './routes/profile.routes.js'
import { createTagRouter } from './routes/tag.routes.js'
import { createUserRouter } from './routes/user.routes.js'

/** What the app needs from the outside world, handed in by whoever builds it. */
export interface AppDeps {
  prisma: PrismaClient
  config: Config
  /** Where unexpected errors are reported; the console unless a caller wants them. */
  logger?: Logger
}

/**
 * Builds the Conduit API around the dependencies it is given, and does nothing
 * else: no port, no connection of its own. Whoever calls it decides where the
 * app runs (src/server.ts) or how it is exercised (the tests, with their own
 * database).
 */
export function createApp({ prisma, config, logger = console }: AppDeps): Express {
  // 🐨 hand the routers repositories instead of the client: deps holds what
  // createPrismaRepositories(prisma) returns (users, articles, comments) next to auth.
  // createApp still takes the client: it is the one place that knows which storage the
  // routes get (src/repositories/prisma/index.ts builds them on it).
  const deps = { prisma, auth: createAuth(config.jwtSecret) }
  const app = express()
  app.use(express.json())

  // The app decides where each resource lives; the routes themselves live in
  // src/routes/, one router per resource.
  app.use('/api', createHealthRouter())
  app.use('/api', createUserRouter(deps))
  app.use('/api', createProfileRouter(deps))
  app.use('/api', createArticleRouter(deps))
  app.use('/api', createCommentRouter(deps))
  app.use('/api', createTagRouter(deps))

  // Last, in this order: a request no router answered becomes a 404, and every
  // error, from a route or from express.json(), ends in the one error handler.
  app.use(notFound)
  app.use(createErrorHandler(logger))

  return app
}

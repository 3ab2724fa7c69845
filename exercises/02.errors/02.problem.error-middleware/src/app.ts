import express, { type Express } from 'express'
import { createAuth } from './auth.js'
import type { Config } from './config.js'
import type { PrismaClient } from './generated/prisma/client.js'
import { createArticleRouter } from './routes/article.routes.js'
import { createCommentRouter } from './routes/comment.routes.js'
import { createHealthRouter } from './routes/health.routes.js'
import { createProfileRouter } from './routes/profile.routes.js'
import { createTagRouter } from './routes/tag.routes.js'
import { createUserRouter } from './routes/user.routes.js'

// 🐨 Create src/middleware/error-handler.ts (createErrorHandler(logger)) and
// src/middleware/not-found.ts (notFound), and import them here.

/** What the app needs from the outside world, handed in by whoever builds it. */
export interface AppDeps {
  prisma: PrismaClient
  config: Config
  // 🐨 logger?: Logger — where unexpected errors are reported; createApp uses console
  // when none is given.
}

/**
 * Builds the Conduit API around the dependencies it is given, and does nothing
 * else: no port, no connection of its own. Whoever calls it decides where the
 * app runs (src/server.ts) or how it is exercised (the tests, with their own
 * database).
 */
export function createApp({ prisma, config }: AppDeps): Express {
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

  // 🐨 Last, after every router and in this order: the not-found handler, then the
  // error handler. Express runs middleware in the order it was registered.
  // 💰 Both go in with app.use, with no path, like express.json() at the top. Express
  // tells an error handler apart by its four parameters, so the factory is called here
  // (with the logger) and what it returns is registered.

  return app
}

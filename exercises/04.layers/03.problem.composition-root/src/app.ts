import express, { type Express } from 'express'
import { createAuth } from './auth.js'
import type { Config } from './config.js'
import type { PrismaClient } from './generated/prisma/client.js'
import { createArticleController } from './controllers/article.controller.js'
import { createCommentController } from './controllers/comment.controller.js'
import { createProfileController } from './controllers/profile.controller.js'
import { createUserController } from './controllers/user.controller.js'
import { createCurrentUser } from './middleware/current-user.js'
import { createErrorHandler, type Logger } from './middleware/error-handler.js'
import { createArticleLoader } from './middleware/load-article.js'
import { notFound } from './middleware/not-found.js'
import { createPrismaRepositories } from './repositories/prisma/index.js'
import { createArticleRouter } from './routes/article.routes.js'
import { createCommentRouter } from './routes/comment.routes.js'
import { createHealthRouter } from './routes/health.routes.js'
import { createProfileRouter } from './routes/profile.routes.js'
import { createTagRouter } from './routes/tag.routes.js'
import { createUserRouter } from './routes/user.routes.js'
import { createArticleService } from './services/article.service.js'
import { createCommentService } from './services/comment.service.js'
import { createProfileService } from './services/profile.service.js'
import { createUserService } from './services/user.service.js'

/** What the app needs from the outside world, handed in by whoever builds it. */
// 🐨 let the caller choose the storage: createApp({ config, repositories }) builds the app
// on any Repositories (the in-memory ones, a test's own). Keep createApp({ config, prisma })
// working too (every test so far builds the app that way):
// 💰 Two kinds of deps, one function: TypeScript's function overloads (see the README's
// docs) give each call a precise signature, and two interfaces that share config and
// logger describe them. Inside, an `in` check on deps tells you which one you were given.
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
  // Storage, then rules, then HTTP: each layer is made from the one below it and
  // knows it only through its functions.
  const repositories = createPrismaRepositories(prisma)
  const auth = createAuth(config.jwtSecret)
  const articleService = createArticleService(repositories)
  const controllers = {
    users: createUserController({ users: createUserService(repositories), auth }),
    profiles: createProfileController({ profiles: createProfileService(repositories) }),
    articles: createArticleController({ articles: articleService }),
    comments: createCommentController({ comments: createCommentService(repositories) }),
  }
  const { optionalUser, requireUser } = createCurrentUser(auth)
  const loadArticle = createArticleLoader(articleService)

  const app = express()
  app.use(express.json())

  // The app decides where each resource lives; the routes themselves live in
  // src/routes/, one router per resource.
  app.use('/api', createHealthRouter())
  app.use('/api', createUserRouter({ users: controllers.users, requireUser }))
  app.use('/api', createProfileRouter({ profiles: controllers.profiles, optionalUser, requireUser }))
  app.use('/api', createArticleRouter({ articles: controllers.articles, optionalUser, requireUser, loadArticle }))
  app.use('/api', createCommentRouter({ comments: controllers.comments, optionalUser, requireUser, loadArticle }))
  app.use('/api', createTagRouter({ articles: controllers.articles }))

  // Last, in this order: a request no router answered becomes a 404, and every
  // error, from a route or from express.json(), ends in the one error handler.
  app.use(notFound)
  app.use(createErrorHandler(logger))

  return app
}

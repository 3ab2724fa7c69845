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
import type { Repositories } from './repositories/index.js'
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

interface CommonDeps {
  config: Config
  /** Where unexpected errors are reported; the console unless a caller wants them. */
  logger?: Logger
}

/** The app on any storage: Prisma's repositories, the in-memory ones, or a test's own. */
export interface AppDeps extends CommonDeps {
  repositories: Repositories
}

/** The app on the Prisma repositories of this client: how every caller built it before there was a choice. */
export interface PrismaAppDeps extends CommonDeps {
  prisma: PrismaClient
}

/**
 * Builds the Conduit API around the dependencies it is given, and does nothing
 * else: no port, no connection of its own. This is the composition root of the app:
 * every service, controller, middleware and router is made here, by a plain function,
 * from what the caller handed in, so two calls make two apps that share nothing but
 * what they were given. Whoever calls it decides where the app runs and on what
 * (src/server.ts) or how it is exercised (the tests).
 */
export function createApp(deps: AppDeps): Express
export function createApp(deps: PrismaAppDeps): Express
export function createApp(deps: AppDeps | PrismaAppDeps): Express {
  const { config, logger = console } = deps
  // Storage, then rules, then HTTP: each layer is made from the one below it and
  // knows it only through its functions.
  // 👨‍💼 With two instances of the API on one SQLite file, a favorite that meets the
  // other instance's write answers 500 "database is locked", and a retry a moment
  // later would have worked.
  // 🐨 Build a RetryWrite (src/repositories/prisma/retry-write.ts) here, from retry()
  // (src/utils/retry.ts), isTransientDatabaseError and a policy you export as
  // DATABASE_RETRY (the tests read its `attempts`), and hand it to
  // createPrismaRepositories(deps.prisma, { retryWrite }).
  // 🐨 Log each retry with its attempt number: onRetry → logger.warn (add `warn?` to
  // Logger in src/middleware/error-handler.ts; fall back to logger.error without it).
  // 💰 size the policy for a writer that holds the lock a few hundred milliseconds: a
  // handful of attempts, a first pause of some tens of milliseconds, a cap of a few hundred,
  // and a budget that gives up well within 2 s.
  const repositories = 'repositories' in deps ? deps.repositories : createPrismaRepositories(deps.prisma)
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

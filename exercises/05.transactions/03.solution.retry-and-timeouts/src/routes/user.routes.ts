import { Router } from 'express'
import type { UserController } from '../controllers/user.controller.js'
import type { CurrentUserMiddleware } from '../middleware/current-user.js'
import { validate } from '../middleware/validate.js'
import * as schemas from '../schemas/user.schemas.js'

export interface UserRouterDeps extends Pick<CurrentUserMiddleware, 'requireUser'> {
  users: UserController
}

/**
 * Registration, login and the current user: /users, /users/login and /user.
 */
export function createUserRouter({ users, requireUser }: UserRouterDeps): Router {
  const router = Router()

  router.post('/users', validate(schemas.register), users.register)
  router.post('/users/login', validate(schemas.login), users.login)
  router.get('/user', requireUser, users.current)
  router.put('/user', requireUser, validate(schemas.updateUser), users.update)

  return router
}

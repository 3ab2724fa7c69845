import { Router } from 'express'
import type { ProfileController } from '../controllers/profile.controller.js'
import type { CurrentUserMiddleware } from '../middleware/current-user.js'
import { validate } from '../middleware/validate.js'
import * as schemas from '../schemas/profile.schemas.js'

export interface ProfileRouterDeps extends CurrentUserMiddleware {
  profiles: ProfileController
}

/**
 * Profiles and following: /profiles/:username and /profiles/:username/follow.
 */
export function createProfileRouter({ profiles, optionalUser, requireUser }: ProfileRouterDeps): Router {
  const router = Router()

  router.get('/profiles/:username', optionalUser, validate(schemas.profile), profiles.get)
  router.post('/profiles/:username/follow', requireUser, validate(schemas.profile), profiles.follow)
  router.delete('/profiles/:username/follow', requireUser, validate(schemas.profile), profiles.unfollow)

  return router
}

import { Router } from 'express'
import { NotFoundError, UnauthorizedError } from '../errors/app-error.js'
import { input, validate } from '../middleware/validate.js'
import { profileResponse } from '../responses.js'
import * as schemas from '../schemas/profile.schemas.js'
import type { RouteDeps } from './route-deps.js'

/**
 * Profiles and following: /profiles/:username and /profiles/:username/follow.
 */
// 🐨 the profile service (given) answers "profile not found" (a NotFoundError, a 404) and
// does the following; the controller just maps the Profile it returns.
export function createProfileRouter({ users, auth }: RouteDeps): Router {
  const { getUserId, requireUser } = auth
  const router = Router()

  router.get('/profiles/:username', validate(schemas.profile), async (req, res) => {
    const userId = getUserId(req)
    const { username } = input(res, schemas.profile).params
    const user = await users.findByUsername(username)
    if (!user) {
      throw new NotFoundError('profile not found')
    }
    res.json({ profile: await profileResponse(users, user, userId) })
  })

  router.post('/profiles/:username/follow', requireUser, validate(schemas.profile), async (req, res) => {
    const userId = getUserId(req)
    if (!userId) {
      throw new UnauthorizedError()
    }
    const { username } = input(res, schemas.profile).params
    const user = await users.findByUsername(username)
    if (!user) {
      throw new NotFoundError('profile not found')
    }
    await users.follow(userId, user.id)
    res.json({ profile: await profileResponse(users, user, userId) })
  })

  router.delete('/profiles/:username/follow', requireUser, validate(schemas.profile), async (req, res) => {
    const userId = getUserId(req)
    if (!userId) {
      throw new UnauthorizedError()
    }
    const { username } = input(res, schemas.profile).params
    const user = await users.findByUsername(username)
    if (!user) {
      throw new NotFoundError('profile not found')
    }
    await users.unfollow(userId, user.id)
    res.json({ profile: await profileResponse(users, user, userId) })
  })

  return router
}

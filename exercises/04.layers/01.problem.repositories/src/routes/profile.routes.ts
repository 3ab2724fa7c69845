import { Router } from 'express'
import { NotFoundError, UnauthorizedError } from '../errors/app-error.js'
import { input, validate } from '../middleware/validate.js'
import { profileResponse, publicUserSelect } from '../responses.js'
import * as schemas from '../schemas/profile.schemas.js'
import type { RouteDeps } from './route-deps.js'

/**
 * Profiles and following: /profiles/:username and /profiles/:username/follow.
 */
// 🐨 take { users, auth }: users.findByUsername, users.follow and users.unfollow.
export function createProfileRouter({ prisma, auth }: RouteDeps): Router {
  const { getUserId, requireUser } = auth
  const router = Router()

  router.get('/profiles/:username', validate(schemas.profile), async (req, res) => {
    const userId = getUserId(req)
    const { username } = input(res, schemas.profile).params
    const user = await prisma.user.findUnique({ where: { username }, select: publicUserSelect })
    if (!user) {
      throw new NotFoundError('profile not found')
    }
    res.json({ profile: await profileResponse(prisma, user, userId) })
  })

  router.post('/profiles/:username/follow', requireUser, validate(schemas.profile), async (req, res) => {
    const userId = getUserId(req)
    if (!userId) {
      throw new UnauthorizedError()
    }
    const { username } = input(res, schemas.profile).params
    const user = await prisma.user.findUnique({ where: { username }, select: publicUserSelect })
    if (!user) {
      throw new NotFoundError('profile not found')
    }
    const existing = await prisma.follow.findUnique({
      where: { followerId_followingId: { followerId: userId, followingId: user.id } },
    })
    if (!existing) {
      await prisma.follow.create({ data: { followerId: userId, followingId: user.id } })
    }
    res.json({ profile: await profileResponse(prisma, user, userId) })
  })

  router.delete('/profiles/:username/follow', requireUser, validate(schemas.profile), async (req, res) => {
    const userId = getUserId(req)
    if (!userId) {
      throw new UnauthorizedError()
    }
    const { username } = input(res, schemas.profile).params
    const user = await prisma.user.findUnique({ where: { username }, select: publicUserSelect })
    if (!user) {
      throw new NotFoundError('profile not found')
    }
    await prisma.follow.deleteMany({ where: { followerId: userId, followingId: user.id } })
    res.json({ profile: await profileResponse(prisma, user, userId) })
  })

  return router
}

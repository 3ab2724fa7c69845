import { Router } from 'express'
import { NotFoundError, UnauthorizedError } from '../errors/app-error.js'
import { profileResponse } from '../responses.js'
import type { RouteDeps } from './route-deps.js'

/**
 * Profiles and following: /profiles/:username and /profiles/:username/follow.
 */
export function createProfileRouter({ prisma, auth }: RouteDeps): Router {
  const { getUserId } = auth
  const router = Router()

  // 🐨 The username in the path is input too: a params schema and validate() on each
  // route here (requireUser first on follow and unfollow).
  router.get('/profiles/:username', async (req, res) => {
    const userId = getUserId(req)
    const user = await prisma.user.findUnique({ where: { username: req.params.username } })
    if (!user) {
      throw new NotFoundError('profile not found')
    }
    res.json({ profile: await profileResponse(prisma, user, userId) })
  })

  router.post('/profiles/:username/follow', async (req, res) => {
    const userId = getUserId(req)
    if (!userId) {
      throw new UnauthorizedError()
    }
    const user = await prisma.user.findUnique({ where: { username: req.params.username } })
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

  router.delete('/profiles/:username/follow', async (req, res) => {
    const userId = getUserId(req)
    if (!userId) {
      throw new UnauthorizedError()
    }
    const user = await prisma.user.findUnique({ where: { username: req.params.username } })
    if (!user) {
      throw new NotFoundError('profile not found')
    }
    await prisma.follow.deleteMany({ where: { followerId: userId, followingId: user.id } })
    res.json({ profile: await profileResponse(prisma, user, userId) })
  })

  return router
}

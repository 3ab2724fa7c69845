import { Router } from 'express'
import { profileResponse } from '../responses.js'
import type { RouteDeps } from './route-deps.js'

// 🐨 Throw NotFoundError and UnauthorizedError here instead of answering by hand, and let
// each catch call sendError(res, error).

/**
 * Profiles and following: /profiles/:username and /profiles/:username/follow.
 */
export function createProfileRouter({ prisma, auth }: RouteDeps): Router {
  const { getUserId } = auth
  const router = Router()

  router.get('/profiles/:username', async (req, res) => {
    try {
      const userId = getUserId(req)
      const user = await prisma.user.findUnique({ where: { username: req.params.username } })
      if (!user) {
        return res.status(404).json({ errors: { body: ['profile not found'] } })
      }
      res.json({ profile: await profileResponse(prisma, user, userId) })
    } catch (err) {
      console.error(err)
      res.status(500).json({ errors: { body: ['something went wrong'] } })
    }
  })

  router.post('/profiles/:username/follow', async (req, res) => {
    try {
      const userId = getUserId(req)
      if (!userId) {
        return res.status(401).json({ errors: { body: ['unauthorized'] } })
      }
      const user = await prisma.user.findUnique({ where: { username: req.params.username } })
      if (!user) {
        return res.status(404).json({ errors: { body: ['profile not found'] } })
      }
      const existing = await prisma.follow.findUnique({
        where: { followerId_followingId: { followerId: userId, followingId: user.id } },
      })
      if (!existing) {
        await prisma.follow.create({ data: { followerId: userId, followingId: user.id } })
      }
      res.json({ profile: await profileResponse(prisma, user, userId) })
    } catch (err) {
      console.error(err)
      res.status(500).json({ errors: { body: ['something went wrong'] } })
    }
  })

  router.delete('/profiles/:username/follow', async (req, res) => {
    try {
      const userId = getUserId(req)
      if (!userId) {
        return res.status(401).json({ errors: { body: ['unauthorized'] } })
      }
      const user = await prisma.user.findUnique({ where: { username: req.params.username } })
      if (!user) {
        return res.status(404).json({ errors: { body: ['profile not found'] } })
      }
      await prisma.follow.deleteMany({ where: { followerId: userId, followingId: user.id } })
      res.json({ profile: await profileResponse(prisma, user, userId) })
    } catch (err) {
      console.error(err)
      res.status(500).json({ errors: { body: ['something went wrong'] } })
    }
  })

  return router
}

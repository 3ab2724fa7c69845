import { Router } from 'express'
import { checkPassword, hashPassword } from '../auth.js'
import { UnauthorizedError } from '../errors/app-error.js'
import { input, validate } from '../middleware/validate.js'
import { userResponse } from '../responses.js'
import * as schemas from '../schemas/user.schemas.js'
import type { RouteDeps } from './route-deps.js'

/**
 * Registration, login and the current user: /users, /users/login and /user.
 */
// 🐨 register, login (one message for a bad email or password), the current account and
// its update are src/services/user.service.ts's (given): a user controller calls it, and
// GET /user gets requireUser too.
export function createUserRouter({ users, auth }: RouteDeps): Router {
  const { signToken, getUserId, requireUser } = auth
  const router = Router()

  router.post('/users', validate(schemas.register), async (_req, res) => {
    const { user } = input(res, schemas.register).body

    // No "is this email taken?" look-up first: another request could take it between
    // the look-up and the insert. The unique index decides, atomically, and the
    // repository turns its refusal into the spec's 422.
    const created = await users.create({
      email: user.email,
      username: user.username,
      passwordHash: hashPassword(user.password),
    })
    console.log('registered user', created.username)
    res.status(201).json({ user: userResponse(created, signToken(created)) })
  })

  router.post('/users/login', validate(schemas.login), async (_req, res) => {
    const { user } = input(res, schemas.login).body

    // The one read of a password hash in the API: to compare it, never to return it.
    const found = await users.findCredentials(user.email)
    if (!found || !checkPassword(user.password, found.passwordHash)) {
      console.log('failed login for', user.email)
      throw new UnauthorizedError('email or password is invalid')
    }
    res.json({ user: userResponse(found.user, signToken(found.user)) })
  })

  router.get('/user', async (req, res) => {
    const userId = getUserId(req)
    if (!userId) {
      throw new UnauthorizedError()
    }
    const user = await users.findAccount(userId)
    if (!user) {
      throw new UnauthorizedError()
    }
    res.json({ user: userResponse(user, signToken(user)) })
  })

  router.put('/user', requireUser, validate(schemas.updateUser), async (req, res) => {
    const userId = getUserId(req)
    if (!userId) {
      throw new UnauthorizedError()
    }
    const { email, username, password, bio, image } = input(res, schemas.updateUser).body.user

    // A taken email or username is the storage's call (→ 422), not a look-up's:
    // keeping one's own is no violation, and a race cannot slip past it.
    const user = await users.update(userId, {
      email,
      username,
      passwordHash: password ? hashPassword(password) : undefined,
      bio,
      image,
    })
    res.json({ user: userResponse(user, signToken(user)) })
  })

  return router
}

import { Router } from 'express'
import { checkPassword, hashPassword } from '../auth.js'
import { UnauthorizedError } from '../errors/app-error.js'
import { input, validate } from '../middleware/validate.js'
import { currentUserSelect, userResponse } from '../responses.js'
import * as schemas from '../schemas/user.schemas.js'
import type { RouteDeps } from './route-deps.js'

/**
 * Registration, login and the current user: /users, /users/login and /user.
 */
// 🐨 take { users, auth }: users.create, users.findCredentials (login, the one read of a
// hash), users.findAccount and users.update.
export function createUserRouter({ prisma, auth }: RouteDeps): Router {
  const { signToken, getUserId, requireUser } = auth
  const router = Router()

  router.post('/users', validate(schemas.register), async (_req, res) => {
    const { user } = input(res, schemas.register).body

    // No "is this email taken?" look-up first: another request could take it between
    // the look-up and the insert. The unique index decides, atomically, and the error
    // handler turns its refusal (P2002) into the spec's 422.
    const created = await prisma.user.create({
      data: {
        email: user.email,
        username: user.username,
        password: hashPassword(user.password),
      },
      select: currentUserSelect,
    })
    console.log('registered user', created.username)
    res.status(201).json({ user: userResponse(created, signToken(created)) })
  })

  router.post('/users/login', validate(schemas.login), async (_req, res) => {
    const { user } = input(res, schemas.login).body

    // The one read of a password hash in the API: to compare it, never to return it.
    const found = await prisma.user.findUnique({
      where: { email: user.email },
      select: { ...currentUserSelect, password: true },
    })
    if (!found || !checkPassword(user.password, found.password)) {
      console.log('failed login for', user.email)
      throw new UnauthorizedError('email or password is invalid')
    }
    res.json({ user: userResponse(found, signToken(found)) })
  })

  router.get('/user', async (req, res) => {
    const userId = getUserId(req)
    if (!userId) {
      throw new UnauthorizedError()
    }
    const user = await prisma.user.findUnique({ where: { id: userId }, select: currentUserSelect })
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

    // A taken email or username is the unique index's call (P2002 → 422), not a
    // look-up's: keeping one's own is no violation, and a race cannot slip past it.
    const user = await prisma.user.update({
      where: { id: userId },
      data: {
        email,
        username,
        password: password ? hashPassword(password) : undefined,
        bio,
        image,
      },
      select: currentUserSelect,
    })
    res.json({ user: userResponse(user, signToken(user)) })
  })

  return router
}

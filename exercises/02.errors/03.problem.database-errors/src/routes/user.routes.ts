import { Router } from 'express'
import { checkPassword, hashPassword } from '../auth.js'
import { UnauthorizedError, ValidationError } from '../errors/app-error.js'
import { userResponse } from '../responses.js'
import type { RouteDeps } from './route-deps.js'

/**
 * Registration, login and the current user: /users, /users/login and /user.
 */
export function createUserRouter({ prisma, auth }: RouteDeps): Router {
  const { signToken, getUserId } = auth
  const router = Router()

  router.post('/users', async (req, res) => {
    const user = req.body?.user
    if (!user || typeof user !== 'object') {
      throw new ValidationError('user is required')
    }
    if (!user.username || typeof user.username !== 'string') {
      throw new ValidationError("username can't be blank")
    }
    if (!user.email || typeof user.email !== 'string') {
      throw new ValidationError("email can't be blank")
    }
    if (!user.password || typeof user.password !== 'string') {
      throw new ValidationError("password can't be blank")
    }

    // 💣 Both look-ups go: two requests can pass them at once, and then the unique index
    // refuses the second insert anyway. Let the insert decide, and translate its
    // refusal (P2002) in src/errors/prisma-errors.ts.
    const emailTaken = await prisma.user.findUnique({ where: { email: user.email } })
    if (emailTaken) {
      throw new ValidationError('email has already been taken')
    }
    const usernameTaken = await prisma.user.findUnique({ where: { username: user.username } })
    if (usernameTaken) {
      throw new ValidationError('username has already been taken')
    }

    const created = await prisma.user.create({
      data: {
        email: user.email,
        username: user.username,
        password: hashPassword(user.password),
      },
    })
    console.log('registered user', created.username)
    res.status(201).json({ user: userResponse(created, signToken(created)) })
  })

  router.post('/users/login', async (req, res) => {
    const user = req.body?.user
    if (!user || typeof user !== 'object') {
      throw new ValidationError('user is required')
    }
    if (!user.email || typeof user.email !== 'string') {
      throw new ValidationError("email can't be blank")
    }
    if (!user.password || typeof user.password !== 'string') {
      throw new ValidationError("password can't be blank")
    }

    const found = await prisma.user.findUnique({ where: { email: user.email } })
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
    const user = await prisma.user.findUnique({ where: { id: userId } })
    if (!user) {
      throw new UnauthorizedError()
    }
    res.json({ user: userResponse(user, signToken(user)) })
  })

  router.put('/user', async (req, res) => {
    const userId = getUserId(req)
    if (!userId) {
      throw new UnauthorizedError()
    }
    if (!req.body?.user || typeof req.body.user !== 'object') {
      throw new ValidationError('user is required')
    }
    const { email, username, password, bio, image } = req.body.user
    if (
      email === undefined &&
      username === undefined &&
      password === undefined &&
      bio === undefined &&
      image === undefined
    ) {
      throw new ValidationError('nothing to update')
    }
    if (email !== undefined && (!email || typeof email !== 'string')) {
      throw new ValidationError("email can't be blank")
    }
    if (username !== undefined && (!username || typeof username !== 'string')) {
      throw new ValidationError("username can't be blank")
    }
    if (password !== undefined && (!password || typeof password !== 'string')) {
      throw new ValidationError("password can't be blank")
    }
    if (bio !== undefined && typeof bio !== 'string') {
      throw new ValidationError('bio must be a string')
    }
    if (image !== undefined && image !== null && typeof image !== 'string') {
      throw new ValidationError('image must be a string')
    }

    // 💣 The same check-then-write race as on registration: delete both look-ups. A user
    // keeping their own email or username violates nothing, so no special case is needed.
    if (email) {
      const existing = await prisma.user.findUnique({ where: { email } })
      if (existing && existing.id !== userId) {
        throw new ValidationError('email has already been taken')
      }
    }
    if (username) {
      const existing = await prisma.user.findUnique({ where: { username } })
      if (existing && existing.id !== userId) {
        throw new ValidationError('username has already been taken')
      }
    }

    const user = await prisma.user.update({
      where: { id: userId },
      data: {
        email,
        username,
        password: password ? hashPassword(password) : undefined,
        bio,
        image,
      },
    })
    res.json({ user: userResponse(user, signToken(user)) })
  })

  return router
}

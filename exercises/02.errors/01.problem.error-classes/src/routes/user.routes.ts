import { Router } from 'express'
import { checkPassword, hashPassword } from '../auth.js'
import { userResponse } from '../responses.js'
import type { RouteDeps } from './route-deps.js'

// 🐨 Every `return res.status(4..).json({ errors: ... })` below becomes a `throw` of an
// error class from src/errors/app-error.ts (create it), with the same message word for
// word: `throw new ValidationError('email has already been taken')`.
// 🐨 Every catch hands the error to sendError(res, error) from src/errors/send-error.ts,
// the one function that writes an error response.

/**
 * Registration, login and the current user: /users, /users/login and /user.
 */
export function createUserRouter({ prisma, auth }: RouteDeps): Router {
  const { signToken, getUserId } = auth
  const router = Router()

  router.post('/users', async (req, res) => {
    try {
      const user = req.body?.user
      if (!user || typeof user !== 'object') {
        return res.status(422).json({ errors: { body: ['user is required'] } })
      }
      if (!user.username || typeof user.username !== 'string') {
        return res.status(422).json({ errors: { body: ["username can't be blank"] } })
      }
      if (!user.email || typeof user.email !== 'string') {
        return res.status(422).json({ errors: { body: ["email can't be blank"] } })
      }
      if (!user.password || typeof user.password !== 'string') {
        return res.status(422).json({ errors: { body: ["password can't be blank"] } })
      }

      const emailTaken = await prisma.user.findUnique({ where: { email: user.email } })
      if (emailTaken) {
        return res.status(422).json({ errors: { body: ['email has already been taken'] } })
      }
      const usernameTaken = await prisma.user.findUnique({ where: { username: user.username } })
      if (usernameTaken) {
        return res.status(422).json({ errors: { body: ['username has already been taken'] } })
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
    } catch (err) {
      // 🐨 sendError(res, error) replaces these two lines: an AppError keeps its status and
      // message, anything else becomes a 500 that gives nothing away.
      console.error(err)
      res.status(500).json({ errors: { body: ['something went wrong'] } })
    }
  })

  router.post('/users/login', async (req, res) => {
    try {
      const user = req.body?.user
      if (!user || typeof user !== 'object') {
        return res.status(422).json({ errors: { body: ['user is required'] } })
      }
      if (!user.email || typeof user.email !== 'string') {
        return res.status(422).json({ errors: { body: ["email can't be blank"] } })
      }
      if (!user.password || typeof user.password !== 'string') {
        return res.status(422).json({ errors: { body: ["password can't be blank"] } })
      }

      const found = await prisma.user.findUnique({ where: { email: user.email } })
      if (!found || !checkPassword(user.password, found.password)) {
        console.log('failed login for', user.email)
        return res.status(401).json({ errors: { body: ['email or password is invalid'] } })
      }
      res.json({ user: userResponse(found, signToken(found)) })
    } catch (err) {
      console.error(err)
      res.status(500).json({ errors: { body: ['something went wrong'] } })
    }
  })

  router.get('/user', async (req, res) => {
    try {
      const userId = getUserId(req)
      if (!userId) {
        return res.status(401).json({ errors: { body: ['unauthorized'] } })
      }
      const user = await prisma.user.findUnique({ where: { id: userId } })
      if (!user) {
        return res.status(401).json({ errors: { body: ['unauthorized'] } })
      }
      res.json({ user: userResponse(user, signToken(user)) })
    } catch (err) {
      console.error(err)
      res.status(500).json({ errors: { body: ['something went wrong'] } })
    }
  })

  router.put('/user', async (req, res) => {
    try {
      const userId = getUserId(req)
      if (!userId) {
        return res.status(401).json({ errors: { body: ['unauthorized'] } })
      }
      if (!req.body?.user || typeof req.body.user !== 'object') {
        return res.status(422).json({ errors: { body: ['user is required'] } })
      }
      const { email, username, password, bio, image } = req.body.user
      if (
        email === undefined &&
        username === undefined &&
        password === undefined &&
        bio === undefined &&
        image === undefined
      ) {
        return res.status(422).json({ errors: { body: ['nothing to update'] } })
      }
      if (email !== undefined && (!email || typeof email !== 'string')) {
        return res.status(422).json({ errors: { body: ["email can't be blank"] } })
      }
      if (username !== undefined && (!username || typeof username !== 'string')) {
        return res.status(422).json({ errors: { body: ["username can't be blank"] } })
      }
      if (password !== undefined && (!password || typeof password !== 'string')) {
        return res.status(422).json({ errors: { body: ["password can't be blank"] } })
      }
      if (bio !== undefined && typeof bio !== 'string') {
        return res.status(422).json({ errors: { body: ['bio must be a string'] } })
      }
      if (image !== undefined && image !== null && typeof image !== 'string') {
        return res.status(422).json({ errors: { body: ['image must be a string'] } })
      }

      if (email) {
        const existing = await prisma.user.findUnique({ where: { email } })
        if (existing && existing.id !== userId) {
          return res.status(422).json({ errors: { body: ['email has already been taken'] } })
        }
      }
      if (username) {
        const existing = await prisma.user.findUnique({ where: { username } })
        if (existing && existing.id !== userId) {
          return res.status(422).json({ errors: { body: ['username has already been taken'] } })
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
    } catch (err) {
      console.error(err)
      res.status(500).json({ errors: { body: ['something went wrong'] } })
    }
  })

  return router
}

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

  // 👨‍💼 A client that forgets two fields hears about one, fixes it, sends again, and only
  // then hears about the second. Support gets tickets saying "your API changes its mind".
  // And every route below spells the same rules again, slightly differently each time.
  // 🐨 Describe each body with a Zod schema (src/schemas/, one file per resource works
  // well), and put validate(schemas) from src/middleware/validate.ts in front of the
  // handler: router.post('/users', validate(schemas.register), async (req, res) => { … })
  // 💰 The handler should read what validate() parsed, typed by the same schema, not the
  // raw req.body. Keep it on the response (res.locals, or a WeakMap keyed by res) and
  // export a small typed helper from src/middleware/validate.ts that hands it back.
  // 💣 Then delete the checks by hand below: the schema says it once, for every route.
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

    // No "is this email taken?" look-up first: another request could take it between
    // the look-up and the insert. The unique index decides, atomically, and the error
    // handler turns its refusal (P2002) into the spec's 422.
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

  // 🐨 The same for login: a schema, validate() in front, the checks below deleted.
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

  // 🐨 A route that needs a user checks who is asking before what they sent: put
  // requireUser (🐨 add it to src/auth.ts) first, then validate(), then the handler.
  // 💰 A route takes any number of handlers, and Express runs them left to right, each
  // one calling next() to pass on: the order you list them in is the order of the checks.
  // 🦉 Every field is optional here, but not all of them missing: a schema can say that
  // too, with .refine() on the object.
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
    })
    res.json({ user: userResponse(user, signToken(user)) })
  })

  return router
}

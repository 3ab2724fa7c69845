import type { RequestHandler } from 'express'
import type { Auth } from '../auth.js'
import { requiredUserId } from '../middleware/current-user.js'
import { input } from '../middleware/validate.js'
import { userResponse } from '../responses.js'
import * as schemas from '../schemas/user.schemas.js'
import type { UserService } from '../services/user.service.js'

// Each handler takes what validate() and the middleware settled, calls one service
// method and shapes its result. No rules here, and no catch: a failure is the error
// middleware's to answer, whatever it is.

export function createUserController({ users, auth }: { users: UserService; auth: Pick<Auth, 'signToken'> }) {
  const withToken = (user: Parameters<typeof userResponse>[0]) => ({ user: userResponse(user, auth.signToken(user)) })

  const register: RequestHandler = async (_req, res) => {
    const created = await users.register(input(res, schemas.register).body.user)
    console.log('registered user', created.username)
    res.status(201).json(withToken(created))
  }

  const login: RequestHandler = async (_req, res) => {
    const { email, password } = input(res, schemas.login).body.user
    res.json(withToken(await users.login(email, password)))
  }

  const current: RequestHandler = async (_req, res) => {
    res.json(withToken(await users.current(requiredUserId(res))))
  }

  const update: RequestHandler = async (_req, res) => {
    const changes = input(res, schemas.updateUser).body.user
    res.json(withToken(await users.update(requiredUserId(res), changes)))
  }

  return { register, login, current, update }
}

export type UserController = ReturnType<typeof createUserController>

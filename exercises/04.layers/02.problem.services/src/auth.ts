import crypto from 'node:crypto'
import jwt from 'jsonwebtoken'
import type { Request, RequestHandler } from 'express'
import { UnauthorizedError } from './errors/app-error.js'

export function hashPassword(password: string) {
  return crypto.createHash('sha256').update(password).digest('hex')
}

export function checkPassword(password: string, hash: string) {
  return hashPassword(password) === hash
}

/**
 * The token helpers, bound to one signing secret. The secret is configuration:
 * each environment has its own, a leaked one is rotated without a code change,
 * and a test can build apps with different secrets side by side.
 */
export function createAuth(jwtSecret: string) {
  // Returns the id of the logged in user, or null when there is no (valid) token
  function getUserId(req: Request): number | null {
    const header = req.headers.authorization
    if (!header) return null
    const token = header.replace('Token ', '')
    try {
      const payload = jwt.verify(token, jwtSecret) as jwt.JwtPayload
      return payload.id
    } catch (err) {
      console.log('invalid token:', (err as Error).message)
      return null
    }
  }

  /**
   * First in the chain of a route that needs a user: who is asking is settled before
   * anything else about the request (a 401 before a 422 or a 404).
   */
  // 🐨 move the request side (reading the header, requireUser) into middleware
  // (src/middleware/current-user.ts): requireUser verifies the token once, answers 401
  // or keeps the user id for the handler (a WeakMap keyed by res, as validate() does, or
  // res.locals); an optionalUser does the same for routes anyone may call.
  // 🦉 then auth.ts no longer needs express, and a service may use hashPassword.
  const requireUser: RequestHandler = (req, _res, next) => {
    if (getUserId(req) === null) throw new UnauthorizedError()
    next()
  }

  return {
    getUserId,
    requireUser,

    signToken(user: { id: number; email: string; username: string }) {
      return jwt.sign({ id: user.id, email: user.email, username: user.username }, jwtSecret)
    },
  }
}

export type Auth = ReturnType<typeof createAuth>

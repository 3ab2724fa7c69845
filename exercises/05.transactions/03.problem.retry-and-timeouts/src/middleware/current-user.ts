import type { Request, RequestHandler, Response } from 'express'
import type { Auth } from '../auth.js'
import { UnauthorizedError } from '../errors/app-error.js'

/**
 * Who is asking, settled once per request by the middleware below. A WeakMap rather
 * than res.locals: nothing else can overwrite it, and reading it where no middleware
 * set it is a bug in the route, not an anonymous user.
 */
const askedBy = new WeakMap<Response, number | null>()

function tokenOf(req: Request): string | undefined {
  return req.headers.authorization?.replace('Token ', '')
}

/**
 * The two ways a route can ask who is calling. Each verifies the token once; the
 * handlers after it read the answer with currentUserId(res) or requiredUserId(res).
 */
export function createCurrentUser(auth: Pick<Auth, 'verifyToken'>) {
  /** For routes that answer everyone, a little differently for a user (`following`, `favorited`). */
  const optionalUser: RequestHandler = (req, res, next) => {
    const token = tokenOf(req)
    askedBy.set(res, token === undefined ? null : auth.verifyToken(token))
    next()
  }

  /**
   * First in the chain of a route that needs a user: who is asking is settled before
   * anything else about the request (a 401 before a 422 or a 404).
   */
  const requireUser: RequestHandler = (req, res, next) => {
    const token = tokenOf(req)
    const userId = token === undefined ? null : auth.verifyToken(token)
    if (userId === null) throw new UnauthorizedError()
    askedBy.set(res, userId)
    next()
  }

  return { optionalUser, requireUser }
}

export type CurrentUserMiddleware = ReturnType<typeof createCurrentUser>

function settled(res: Response): number | null {
  const userId = askedBy.get(res)
  if (userId === undefined) {
    throw new Error('currentUserId(res): neither optionalUser nor requireUser ran before this handler')
  }
  return userId
}

/** The id of the user asking, or null for an anonymous request (after optionalUser). */
export function currentUserId(res: Response): number | null {
  return settled(res)
}

/** The id of the user asking (after requireUser, which has answered 401 for anyone else). */
export function requiredUserId(res: Response): number {
  const userId = settled(res)
  if (userId === null) throw new Error('requiredUserId(res): requireUser did not run before this handler')
  return userId
}

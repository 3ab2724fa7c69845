import crypto from 'node:crypto'
import jwt from 'jsonwebtoken'

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
  return {
    /** The id of the user a token was signed for, or null when it is not a valid token of ours. */
    verifyToken(token: string): number | null {
      try {
        const payload = jwt.verify(token, jwtSecret) as jwt.JwtPayload
        return payload.id
      } catch (err) {
        console.log('invalid token:', (err as Error).message)
        return null
      }
    },

    signToken(user: { id: number; email: string; username: string }) {
      return jwt.sign({ id: user.id, email: user.email, username: user.username }, jwtSecret)
    },
  }
}

export type Auth = ReturnType<typeof createAuth>

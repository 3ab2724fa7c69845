import crypto from 'node:crypto'
import jwt from 'jsonwebtoken'
import type { Request } from 'express'

// 💣 a secret in the code is a secret in every clone, fork and backup of the repo:
// delete it. The secret is configuration now (config.jwtSecret).
const JWT_SECRET = 'conduit-secret-123'

export function hashPassword(password: string) {
  return crypto.createHash('sha256').update(password).digest('hex')
}

export function checkPassword(password: string, hash: string) {
  return hashPassword(password) === hash
}

// 🐨 wrap signToken and getUserId in a factory that receives the secret:
// `export function createAuth(jwtSecret: string)` returning `{ signToken, getUserId }`,
// both using jwtSecret where they use JWT_SECRET today.
// 💰 Other files will want a name for what createAuth returns. TypeScript's ReturnType
// utility type derives it from the function, so export it as a type (`Auth`) rather
// than writing the shape out by hand.
export function signToken(user: { id: number; email: string; username: string }) {
  return jwt.sign({ id: user.id, email: user.email, username: user.username }, JWT_SECRET)
}

// Returns the id of the logged in user, or null when there is no (valid) token
export function getUserId(req: Request): number | null {
  const header = req.headers.authorization
  if (!header) return null
  const token = header.replace('Token ', '')
  try {
    const payload = jwt.verify(token, JWT_SECRET) as jwt.JwtPayload
    return payload.id
  } catch (err) {
    console.log('invalid token:', (err as Error).message)
    return null
  }
}

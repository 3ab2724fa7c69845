import { checkPassword, hashPassword } from '../auth.js'
import { readThrough, type CacheAside } from '../cache/cache-aside.js'
import { UnauthorizedError } from '../errors/app-error.js'
import type { CurrentUser, UserRepository } from '../repositories/index.js'
import { ARTICLE_LISTS_VERSION, personKey, profileKey } from './cache-keys.js'

export interface Registration {
  username: string
  email: string
  password: string
}

export interface AccountChanges {
  email?: string | undefined
  username?: string | undefined
  password?: string | undefined
  bio?: string | undefined
  image?: string | null | undefined
}

/** Accounts: registration, login and the current user's own details. */
export function createUserService({ users, cache = readThrough }: { users: UserRepository; cache?: CacheAside }) {
  return {
    /** A taken email or username is the repository's call (ValidationError), never a look-up first. */
    register({ username, email, password }: Registration): Promise<CurrentUser> {
      return users.create({ username, email, passwordHash: hashPassword(password) })
    },

    /** One answer for an unknown email and a wrong password: which one it was is nobody's business. */
    async login(email: string, password: string): Promise<CurrentUser> {
      const found = await users.findCredentials(email)
      if (!found || !checkPassword(password, found.passwordHash)) {
        console.log('failed login for', email)
        throw new UnauthorizedError('email or password is invalid')
      }
      return found.user
    },

    /** The account a valid token names. Gone since the token was signed: the token is no good. */
    async current(userId: number): Promise<CurrentUser> {
      const user = await users.findAccount(userId)
      if (!user) throw new UnauthorizedError()
      return user
    },

    async update(userId: number, { password, ...changes }: AccountChanges): Promise<CurrentUser> {
      // The username before the change: its profile entry must go, and only the database
      // still knows it once the update has run.
      const before = await users.findById(userId)
      const updated = await users.update(userId, {
        ...changes,
        passwordHash: password === undefined ? undefined : hashPassword(password),
      })
      // Username, bio and image show in the profile and as the author of every article and
      // comment; the username also decides which lists `?author=` and `?favorited=` match.
      await cache.forget(personKey(userId))
      if (before) await cache.forget(profileKey(before.username))
      await cache.forget(profileKey(updated.username))
      await cache.forget(ARTICLE_LISTS_VERSION)
      return updated
    },
  }
}

export type UserService = ReturnType<typeof createUserService>

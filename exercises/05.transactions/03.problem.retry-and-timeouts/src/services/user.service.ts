import { checkPassword, hashPassword } from '../auth.js'
import { UnauthorizedError } from '../errors/app-error.js'
import type { CurrentUser, UserRepository } from '../repositories/index.js'

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
export function createUserService({ users }: { users: UserRepository }) {
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

    update(userId: number, { password, ...changes }: AccountChanges): Promise<CurrentUser> {
      return users.update(userId, { ...changes, passwordHash: password === undefined ? undefined : hashPassword(password) })
    },
  }
}

export type UserService = ReturnType<typeof createUserService>

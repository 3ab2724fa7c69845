import { NotFoundError, ValidationError } from '../../errors/app-error.js'
import type { CurrentUser, PublicUser, UserRepository } from '../user.repository.js'
import { pair, type Store, type UserRow } from './store.js'

// Copies, never the stored row: a caller that changes what it got changes nothing here,
// as with a database.
const toPublicUser = (row: UserRow): PublicUser => ({ id: row.id, username: row.username, bio: row.bio, image: row.image })
const toCurrentUser = (row: UserRow): CurrentUser => ({ ...toPublicUser(row), email: row.email })

export function createMemoryUserRepository(store: Store): UserRepository {
  const find = (matches: (row: UserRow) => boolean) => [...store.users.values()].find(matches)

  /** The unique indexes of the User table, as the database enforces them. */
  function refuseTaken(row: Pick<UserRow, 'email' | 'username'>, exceptId?: number): void {
    const others = [...store.users.values()].filter((other) => other.id !== exceptId)
    if (others.some((other) => other.email === row.email)) throw new ValidationError('email has already been taken')
    if (others.some((other) => other.username === row.username)) {
      throw new ValidationError('username has already been taken')
    }
  }

  return {
    async create({ email, username, passwordHash }) {
      refuseTaken({ email, username })
      store.lastId.user += 1
      const row: UserRow = { id: store.lastId.user, email, username, passwordHash, bio: '', image: null }
      store.users.set(row.id, row)
      return toCurrentUser(row)
    },

    async findAccount(id) {
      const row = store.users.get(id)
      return row ? toCurrentUser(row) : null
    },

    async findById(id) {
      const row = store.users.get(id)
      return row ? toPublicUser(row) : null
    },

    async findByUsername(username) {
      const row = find((user) => user.username === username)
      return row ? toPublicUser(row) : null
    },

    async findCredentials(email) {
      const row = find((user) => user.email === email)
      return row ? { user: toCurrentUser(row), passwordHash: row.passwordHash } : null
    },

    async update(id, changes) {
      const row = store.users.get(id)
      if (!row) throw new NotFoundError('user not found')
      const next: UserRow = {
        ...row,
        email: changes.email ?? row.email,
        username: changes.username ?? row.username,
        passwordHash: changes.passwordHash ?? row.passwordHash,
        bio: changes.bio ?? row.bio,
        image: changes.image === undefined ? row.image : changes.image,
      }
      refuseTaken(next, id)
      store.users.set(id, next)
      return toCurrentUser(next)
    },

    async isFollowing(followerId, followingId) {
      return store.follows.has(pair(followerId, followingId))
    },

    async follow(followerId, followingId) {
      store.follows.add(pair(followerId, followingId))
    },

    async unfollow(followerId, followingId) {
      store.follows.delete(pair(followerId, followingId))
    },
  }
}

import type { Prisma, PrismaClient } from '../../generated/prisma/client.js'
import type { CurrentUser, PublicUser, UserRepository } from '../user.repository.js'
import { translated } from './translate.js'

// What each read may take from the User table. A column that is not selected is not
// in memory, so no spread or log line further up can leak it.
export const publicUserSelect = { id: true, username: true, bio: true, image: true } satisfies Prisma.UserSelect
const currentUserSelect = { ...publicUserSelect, email: true } satisfies Prisma.UserSelect

// Built field by field, so the result is exactly the domain type whatever Prisma adds.
function toPublicUser(row: Prisma.UserGetPayload<{ select: typeof publicUserSelect }>): PublicUser {
  return { id: row.id, username: row.username, bio: row.bio, image: row.image }
}

function toCurrentUser(row: Prisma.UserGetPayload<{ select: typeof currentUserSelect }>): CurrentUser {
  return { ...toPublicUser(row), email: row.email }
}

export function createPrismaUserRepository(prisma: PrismaClient): UserRepository {
  return {
    async create({ email, username, passwordHash }) {
      // No "is this email taken?" first: the unique index decides, atomically.
      const row = await translated(() =>
        prisma.user.create({ data: { email, username, password: passwordHash }, select: currentUserSelect }),
      )
      return toCurrentUser(row)
    },

    async findAccount(id) {
      const row = await prisma.user.findUnique({ where: { id }, select: currentUserSelect })
      return row && toCurrentUser(row)
    },

    async findById(id) {
      const row = await prisma.user.findUnique({ where: { id }, select: publicUserSelect })
      return row && toPublicUser(row)
    },

    async findByUsername(username) {
      const row = await prisma.user.findUnique({ where: { username }, select: publicUserSelect })
      return row && toPublicUser(row)
    },

    async findCredentials(email) {
      const row = await prisma.user.findUnique({ where: { email }, select: { ...currentUserSelect, password: true } })
      return row && { user: toCurrentUser(row), passwordHash: row.password }
    },

    async update(id, { email, username, passwordHash, bio, image }) {
      const row = await translated(() =>
        prisma.user.update({
          where: { id },
          data: { email, username, password: passwordHash, bio, image },
          select: currentUserSelect,
        }),
      )
      return toCurrentUser(row)
    },

    async isFollowing(followerId, followingId) {
      const follow = await prisma.follow.findUnique({
        where: { followerId_followingId: { followerId, followingId } },
      })
      return follow !== null
    },

    async follow(followerId, followingId) {
      const existing = await prisma.follow.findUnique({
        where: { followerId_followingId: { followerId, followingId } },
      })
      if (!existing) await prisma.follow.create({ data: { followerId, followingId } })
    },

    async unfollow(followerId, followingId) {
      await prisma.follow.deleteMany({ where: { followerId, followingId } })
    },
  }
}

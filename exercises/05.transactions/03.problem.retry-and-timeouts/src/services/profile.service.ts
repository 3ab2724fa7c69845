import { NotFoundError } from '../errors/app-error.js'
import type { PublicUser, UserRepository } from '../repositories/index.js'
import { profileView, type Profile } from './views.js'

/** Profiles and following. */
export function createProfileService({ users }: { users: UserRepository }) {
  async function find(username: string): Promise<PublicUser> {
    const user = await users.findByUsername(username)
    // Nobody by that name is a 404 for the client to hear about; anything else that goes
    // wrong here is ours, and goes on as it is (a 500), not as "profile not found".
    if (!user) throw new NotFoundError('profile not found')
    return user
  }

  return {
    async get(username: string, viewerId: number | null): Promise<Profile> {
      return profileView(users, await find(username), viewerId)
    },

    async follow(followerId: number, username: string): Promise<Profile> {
      const user = await find(username)
      await users.follow(followerId, user.id)
      return profileView(users, user, followerId)
    },

    async unfollow(followerId: number, username: string): Promise<Profile> {
      const user = await find(username)
      await users.unfollow(followerId, user.id)
      return profileView(users, user, followerId)
    },
  }
}

export type ProfileService = ReturnType<typeof createProfileService>

import { readThrough, type CacheAside } from '../cache/cache-aside.js'
import { NotFoundError } from '../errors/app-error.js'
import type { PublicUser, UserRepository } from '../repositories/index.js'
import { cachedPeople, profileView, type Profile } from './views.js'

/** Profiles and following. */
export function createProfileService({ users, cache = readThrough }: { users: UserRepository; cache?: CacheAside }) {
  const people = cachedPeople(users, cache)

  async function find(username: string): Promise<PublicUser> {
    const user = await people.byUsername(username)
    // Nobody by that name is a 404 for the client to hear about; anything else that goes
    // wrong here is ours, and goes on as it is (a 500), not as "profile not found".
    if (!user) throw new NotFoundError('profile not found')
    return user
  }

  return {
    async get(username: string, viewerId: number | null): Promise<Profile> {
      return profileView(people, await find(username), viewerId)
    },

    async follow(followerId: number, username: string): Promise<Profile> {
      const user = await find(username)
      await users.follow(followerId, user.id)
      return profileView(people, user, followerId)
    },

    async unfollow(followerId: number, username: string): Promise<Profile> {
      const user = await find(username)
      await users.unfollow(followerId, user.id)
      return profileView(people, user, followerId)
    },
  }
}

export type ProfileService = ReturnType<typeof createProfileService>
